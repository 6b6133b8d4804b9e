package jp.renkei.server.note;

import java.security.Principal;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Resources.EventPage;
import jp.renkei.protocol.ServerMessages.RoomEvent;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.error.DomainException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.EventViews;

/** Pages of a room's history, newest first by page, oldest first within a page. */
@RestController
@RequestMapping("/api/rooms/{roomId}/events")
class TimelineController {

    private final CurrentUser currentUser;
    private final RoomAccess access;
    private final EventRepository events;
    private final EventViews views;

    TimelineController(CurrentUser currentUser, RoomAccess access, EventRepository events, EventViews views) {
        this.currentUser = currentUser;
        this.access = access;
        this.events = events;
        this.views = views;
    }

    @GetMapping
    EventPage page(@PathVariable String roomId, @RequestParam(required = false) Long before,
                   @RequestParam(defaultValue = "50") int limit, Principal principal) {
        UserAccount user = currentUser.of(principal);
        Room room = access.require(user, roomId, Action.READ_TIMELINE);
        if (limit < 1 || limit > Limits.MAX_PAGE) {
            throw DomainException.invalid("limit", "out_of_range");
        }
        if (before != null && before < 1) {
            throw DomainException.invalid("before", "out_of_range");
        }
        long head = room.head().seq();
        long to = before == null ? head : Math.min(before - 1, head);
        long from = Math.max(1, to - limit + 1);
        List<RoomEvent> page = to < 1 ? List.of() : events.range(roomId, from, to).stream().map(views::toWire).toList();
        return new EventPage(roomId, head, page, from > 1);
    }
}
