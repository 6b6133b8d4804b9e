package jp.renkei.server.room;

import java.security.Principal;

import jp.renkei.policy.Action;
import jp.renkei.protocol.Resources.CloseRoom;
import jp.renkei.protocol.Resources.RoomDetail;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Closing and reopening a patient room over HTTP (protocol §18x); thin: {@link ClosureService} decides. */
@RestController
@RequestMapping("/api/rooms/{roomId}/closure")
class ClosureController {

    private final CurrentUser currentUser;
    private final ClosureService service;
    private final RoomAccess access;
    private final RoomViews views;

    ClosureController(CurrentUser currentUser, ClosureService service, RoomAccess access, RoomViews views) {
        this.currentUser = currentUser;
        this.service = service;
        this.access = access;
        this.views = views;
    }

    @PostMapping
    RoomDetail close(@PathVariable String roomId, @RequestBody CloseRoom body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.close(user, roomId, body);
        return views.detail(access.require(user, roomId, Action.VIEW_MEMBERS));
    }

    @PostMapping("/reopen")
    RoomDetail reopen(@PathVariable String roomId, Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.reopen(user, roomId);
        return views.detail(access.require(user, roomId, Action.VIEW_MEMBERS));
    }
}
