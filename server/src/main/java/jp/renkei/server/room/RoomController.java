package jp.renkei.server.room;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.InviteMember;
import jp.renkei.protocol.Resources.MemberView;
import jp.renkei.protocol.Resources.RoomDetail;
import jp.renkei.protocol.Resources.RoomSummary;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rooms over HTTP: the user's room list, room detail, creation and membership. */
@RestController
@RequestMapping("/api/rooms")
class RoomController {

    private final CurrentUser currentUser;
    private final RoomService service;
    private final RoomAccess access;
    private final RoomViews views;
    private final RoomRepository rooms;
    private final RoomCache cache;

    RoomController(CurrentUser currentUser, RoomService service, RoomAccess access, RoomViews views,
                   RoomRepository rooms, RoomCache cache) {
        this.currentUser = currentUser;
        this.service = service;
        this.access = access;
        this.views = views;
        this.rooms = rooms;
        this.cache = cache;
    }

    @GetMapping
    List<RoomSummary> list(Principal principal) {
        UserAccount user = currentUser.of(principal);
        // Through the cache: a room first seen on this node is caught up with its log before it is shown.
        return rooms.roomIdsOf(user.id()).stream()
                .map(cache::get)
                .flatMap(java.util.Optional::stream)
                // The user's room list can lag a membership change by a crash; membership decides.
                .filter(room -> access.mayReceive(user, room))
                .map(room -> views.summary(room, user.id()))
                .sorted(Comparator.comparing(RoomSummary::lastActivity, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    @PostMapping
    ResponseEntity<RoomDetail> create(@RequestBody CreateRoom body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        String roomId = service.create(user, body);
        Room room = access.require(user, roomId, Action.VIEW_MEMBERS);
        return ResponseEntity.status(HttpStatus.CREATED).body(views.detail(room));
    }

    @GetMapping("/{roomId}")
    RoomDetail detail(@PathVariable String roomId, Principal principal) {
        Room room = access.require(currentUser.of(principal), roomId, Action.VIEW_MEMBERS);
        return views.detail(room);
    }

    @PostMapping("/{roomId}/members")
    ResponseEntity<MemberView> invite(@PathVariable String roomId, @RequestBody InviteMember body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        String inviteeId = body == null ? null : body.userId();
        service.invite(user, roomId, inviteeId);
        Room room = access.require(user, roomId, Action.VIEW_MEMBERS);
        return ResponseEntity.status(HttpStatus.CREATED).body(views.member(room.member(inviteeId)));
    }

    @DeleteMapping("/{roomId}/members/{userId}")
    ResponseEntity<Void> remove(@PathVariable String roomId, @PathVariable String userId, Principal principal) {
        service.removeOrLeave(currentUser.of(principal), roomId, userId);
        return ResponseEntity.noContent().build();
    }
}
