package jp.renkei.server.calendar;

import java.security.Principal;
import java.util.List;

import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.calendar.CalendarCommands.AddItem;
import jp.renkei.server.calendar.CalendarCommands.CancelItem;
import jp.renkei.server.calendar.CalendarCommands.CancelOccurrence;
import jp.renkei.server.calendar.CalendarCommands.ChangeItem;
import jp.renkei.server.calendar.CalendarCommands.MoveOccurrence;
import jp.renkei.server.calendar.CalendarViews.Agenda;
import jp.renkei.server.calendar.CalendarViews.CalendarStored;
import jp.renkei.server.calendar.CalendarViews.FamilyCalendarView;
import jp.renkei.server.calendar.CalendarViews.FamilyRoom;
import jp.renkei.server.calendar.CalendarViews.RoomCalendarView;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.error.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The visit calendar over HTTP: thin; the service checks, stores and audits. */
@RestController
class CalendarController {

    private final CurrentUser currentUser;
    private final CalendarService service;

    CalendarController(CurrentUser currentUser, CalendarService service) {
        this.currentUser = currentUser;
        this.service = service;
    }

    @GetMapping("/api/rooms/{roomId}/calendar")
    RoomCalendarView calendar(@PathVariable String roomId, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to, Principal principal) {
        return service.staffView(currentUser.of(principal), roomId, from, to);
    }

    @GetMapping("/api/rooms/{roomId}/family-calendar")
    FamilyCalendarView familyCalendar(@PathVariable String roomId, @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to, Principal principal) {
        return service.familyView(currentUser.of(principal), roomId, from, to);
    }

    @GetMapping("/api/family/rooms")
    List<FamilyRoom> familyRooms(Principal principal) {
        return service.familyRooms(currentUser.of(principal));
    }

    @GetMapping("/api/agenda")
    Agenda agenda(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  Principal principal) {
        return service.agenda(currentUser.of(principal), from, to);
    }

    @PostMapping("/api/rooms/{roomId}/calendar/items")
    ResponseEntity<CalendarStored> add(@PathVariable String roomId, @RequestBody AddItem body, Principal principal) {
        CalendarStored stored = service.add(currentUser.of(principal), roomId, required(body));
        return ResponseEntity.status(stored.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(stored);
    }

    @PutMapping("/api/rooms/{roomId}/calendar/items/{itemId}")
    CalendarStored change(@PathVariable String roomId, @PathVariable String itemId, @RequestBody ChangeItem body,
                          Principal principal) {
        return service.change(currentUser.of(principal), roomId, itemId, required(body));
    }

    @PostMapping("/api/rooms/{roomId}/calendar/items/{itemId}/cancel")
    CalendarStored cancel(@PathVariable String roomId, @PathVariable String itemId, @RequestBody CancelItem body,
                          Principal principal) {
        return service.cancel(currentUser.of(principal), roomId, itemId, required(body));
    }

    @PostMapping("/api/rooms/{roomId}/calendar/items/{itemId}/occurrences/cancel")
    CalendarStored cancelOccurrence(@PathVariable String roomId, @PathVariable String itemId,
                                    @RequestBody CancelOccurrence body, Principal principal) {
        return service.cancelOccurrence(currentUser.of(principal), roomId, itemId, required(body));
    }

    @PostMapping("/api/rooms/{roomId}/calendar/items/{itemId}/occurrences/move")
    CalendarStored moveOccurrence(@PathVariable String roomId, @PathVariable String itemId,
                                  @RequestBody MoveOccurrence body, Principal principal) {
        return service.moveOccurrence(currentUser.of(principal), roomId, itemId, required(body));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new DomainException(ErrorCode.MALFORMED_JSON);
        }
        return body;
    }
}
