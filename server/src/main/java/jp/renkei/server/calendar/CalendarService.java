package jp.renkei.server.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Action;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.Limits;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.calendar.CalendarCommands.AddItem;
import jp.renkei.server.calendar.CalendarCommands.CancelItem;
import jp.renkei.server.calendar.CalendarCommands.CancelOccurrence;
import jp.renkei.server.calendar.CalendarCommands.ChangeItem;
import jp.renkei.server.calendar.CalendarCommands.MoveOccurrence;
import jp.renkei.server.calendar.CalendarViews.CalendarStored;
import jp.renkei.server.calendar.CalendarViews.FamilyCalendarView;
import jp.renkei.server.calendar.CalendarViews.FamilyOccurrence;
import jp.renkei.server.calendar.CalendarViews.FamilyRoom;
import jp.renkei.server.calendar.CalendarViews.ItemView;
import jp.renkei.server.calendar.CalendarViews.Occurrence;
import jp.renkei.server.calendar.CalendarViews.RoomCalendarView;
import jp.renkei.server.calendar.RoomCalendar.OccurrenceException;
import jp.renkei.server.calendar.RoomCalendar.StoredItem;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.room.TxnRepository;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.room.StoredEvent;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Service;

/**
 * The visit calendar of patient rooms. Every change is an event in the room's log (so it is in the
 * timeline and delivered live, once and in order); the calendar document derived from the log
 * serves reads. Commands are checked and appended under the room's write lock and are idempotent
 * by {@code txnId}, like notes.
 */
@Service
public class CalendarService {

    private final RoomLogs logs;
    private final RoomAccess access;
    private final RoomCache cache;
    private final RoomRepository rooms;
    private final TxnRepository txns;
    private final CalendarRepository calendars;
    private final AuditTrail audit;
    private final CalendarRules rules;

    CalendarService(RoomLogs logs, RoomAccess access, RoomCache cache, RoomRepository rooms,
                    TxnRepository txns, CalendarRepository calendars, AuditTrail audit) {
        this.logs = logs;
        this.access = access;
        this.cache = cache;
        this.rooms = rooms;
        this.txns = txns;
        this.calendars = calendars;
        this.audit = audit;
        this.rules = new CalendarRules(Clock.systemUTC());
    }

    CalendarRules rules() {
        return rules;
    }

    // ------------------------------------------------------------------ commands

    public CalendarStored add(UserAccount user, String roomId, AddItem cmd) {
        requireRoomId(roomId);
        String txnId = requireTxn(cmd == null ? null : cmd.txnId());
        CalendarItem item = rules.validate(cmd.item(), "item");
        return command(user, roomId, txnId, "calendar.add", null, cal -> {
            if (cal.activeItems() >= Limits.MAX_CALENDAR_ITEMS) {
                throw new DomainException(ErrorCode.INVALID_FIELD, "The calendar has the most items allowed.", null,
                        List.of(new Violation("item", "too_many")));
            }
            return new Append(EventKind.CALENDAR_ITEM_ADDED, new CalendarCommands.Added(1, item));
        });
    }

    public CalendarStored change(UserAccount user, String roomId, String itemId, ChangeItem cmd) {
        requireRoomId(roomId);
        String txnId = requireTxn(cmd == null ? null : cmd.txnId());
        if (cmd.baseVersion() == null || cmd.baseVersion() < 1) {
            throw DomainException.invalid("baseVersion", cmd.baseVersion() == null ? "required" : "out_of_range");
        }
        CalendarItem item = rules.validate(cmd.item(), "item");
        return command(user, roomId, txnId, "calendar.change", itemId, cal -> {
            StoredItem current = liveItem(cal, itemId);
            if (current.version() != cmd.baseVersion()) {
                throw new DomainException(ErrorCode.STALE_VERSION,
                        "The item is at version " + current.version() + "; reload it and change it again.");
            }
            return new Append(EventKind.CALENDAR_ITEM_CHANGED,
                    new CalendarCommands.Changed(itemId, current.version() + 1, item));
        });
    }

    public CalendarStored cancel(UserAccount user, String roomId, String itemId, CancelItem cmd) {
        requireRoomId(roomId);
        String txnId = requireTxn(cmd == null ? null : cmd.txnId());
        return command(user, roomId, txnId, "calendar.cancel", itemId, cal -> {
            StoredItem current = liveItem(cal, itemId);
            return new Append(EventKind.CALENDAR_ITEM_CANCELLED,
                    new CalendarCommands.Cancelled(itemId, current.version() + 1));
        });
    }

    public CalendarStored cancelOccurrence(UserAccount user, String roomId, String itemId, CancelOccurrence cmd) {
        requireRoomId(roomId);
        String txnId = requireTxn(cmd == null ? null : cmd.txnId());
        LocalDateTime occurrence = occurrenceOf(cmd.occurrence());
        return command(user, roomId, txnId, "calendar.occurrence.cancel", itemId, cal -> {
            StoredItem current = liveItem(cal, itemId);
            requireOccurrence(current, occurrence);
            return new Append(EventKind.CALENDAR_OCCURRENCE_CANCELLED, new CalendarCommands.OccurrenceCancelled(
                    itemId, current.version() + 1, CalendarRules.format(occurrence)));
        });
    }

    public CalendarStored moveOccurrence(UserAccount user, String roomId, String itemId, MoveOccurrence cmd) {
        requireRoomId(roomId);
        String txnId = requireTxn(cmd == null ? null : cmd.txnId());
        LocalDateTime occurrence = occurrenceOf(cmd.occurrence());
        List<Violation> v = new ArrayList<>();
        LocalDateTime start = CalendarRules.time(cmd.start(), "start", v);
        LocalDateTime end = CalendarRules.time(cmd.end(), "end", v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        rules.checkRange(start, end, "$");
        return command(user, roomId, txnId, "calendar.occurrence.move", itemId, cal -> {
            StoredItem current = liveItem(cal, itemId);
            requireOccurrence(current, occurrence);
            OccurrenceException earlier = current.exception(CalendarRules.format(occurrence));
            if (earlier == null && current.exceptions().size() >= Limits.MAX_CALENDAR_EXCEPTIONS) {
                throw new DomainException(ErrorCode.INVALID_FIELD, "The item has the most changed occurrences allowed.",
                        null, List.of(new Violation("occurrence", "too_many")));
            }
            return new Append(EventKind.CALENDAR_OCCURRENCE_MOVED, new CalendarCommands.OccurrenceMoved(itemId,
                    current.version() + 1, CalendarRules.format(occurrence), CalendarRules.format(start),
                    CalendarRules.format(end)));
        });
    }

    private record Append(EventKind kind, Object body) {
    }

    private CalendarStored command(UserAccount user, String roomId, String txnId, String auditAction,
                                   String itemId, java.util.function.Function<RoomCalendar, Append> decide) {
        if (itemId != null && Ids.seqOf(roomId, itemId) < 1) {
            throw new DomainException(ErrorCode.CALENDAR_ITEM_NOT_FOUND);
        }
        String txnKey = roomId + "|" + user.id() + "|" + txnId;
        return logs.exclusive(roomId, () -> {
            access.require(user, roomId, Action.EDIT_CALENDAR);
            long earlier = txns.findTxn(txnKey);
            if (earlier > 0) {
                String id = itemId != null ? itemId : Ids.eventId(roomId, earlier);
                return new CalendarStored(roomId, earlier, Ids.eventId(roomId, earlier), id, true);
            }
            RoomCalendar cal = calendars.find(roomId).orElse(RoomCalendar.empty(roomId));
            Append append = decide.apply(cal);
            // The entry rides on the event's durable insert (one journaled write), naming the item: a new
            // item is known by the id of the event that adds it.
            CommandAudit command = CommandAudit.ofEvent(eventId -> new AuditEntry(user.id(), auditAction,
                    "calendar-item", itemId != null ? itemId : eventId, roomId, true, "member", null));
            StoredEvent e = logs.append(roomId, append.kind(), user.person(), append.body(), txnKey, command);
            return new CalendarStored(roomId, e.seq(), e.eventId(), itemId != null ? itemId : e.eventId(), false);
        });
    }

    private static StoredItem liveItem(RoomCalendar cal, String itemId) {
        StoredItem item = cal.item(itemId);
        if (item == null || item.cancelled()) {
            throw new DomainException(ErrorCode.CALENDAR_ITEM_NOT_FOUND);
        }
        return item;
    }

    private void requireOccurrence(StoredItem item, LocalDateTime occurrence) {
        if (!rules.isOccurrence(item.item(), occurrence)) {
            throw new DomainException(ErrorCode.OCCURRENCE_NOT_FOUND);
        }
    }

    private static LocalDateTime occurrenceOf(String value) {
        List<Violation> v = new ArrayList<>();
        LocalDateTime t = CalendarRules.time(value, "occurrence", v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        return t;
    }

    // ------------------------------------------------------------------ queries

    /** A room's calendar with staff-only fields. */
    public RoomCalendarView staffView(UserAccount user, String roomId, String from, String to) {
        LocalDate[] range = rules.range(from, to);
        Room room = access.require(user, roomId, Action.VIEW_CALENDAR);
        audit.record(new AuditEntry(user.id(), "calendar.read", "calendar", roomId, roomId, true, "member", null));
        RoomCalendar cal = calendars.find(roomId).orElse(RoomCalendar.empty(roomId));
        List<ItemView> items = cal.items().stream().filter(i -> !i.cancelled())
                .map(i -> new ItemView(i.itemId(), i.version(), i.item(), i.createdBy())).toList();
        return new RoomCalendarView(roomId, from, to, room.head().seq(), items, expand(room, cal, range, false));
    }

    /** A room's family view: who comes when, never notes for the visitor. */
    public FamilyCalendarView familyView(UserAccount user, String roomId, String from, String to) {
        LocalDate[] range = rules.range(from, to);
        Room room = access.require(user, roomId, Action.VIEW_FAMILY_CALENDAR);
        audit.record(new AuditEntry(user.id(), "calendar.family.read", "calendar", roomId, roomId, true,
                user.profession() == jp.renkei.policy.Profession.FAMILY ? "family_view" : "member", null));
        RoomCalendar cal = calendars.find(roomId).orElse(RoomCalendar.empty(roomId));
        return new FamilyCalendarView(roomId, room.title(), from, to, room.head().seq(),
                expand(room, cal, range, true).stream().map(FamilyOccurrence::of).toList());
    }

    /** Rooms whose family view the user may open (one lookup of the user's rooms). */
    public List<FamilyRoom> familyRooms(UserAccount user) {
        List<FamilyRoom> out = new ArrayList<>();
        for (Room room : roomsWhere(user, Action.VIEW_FAMILY_CALENDAR)) {
            out.add(new FamilyRoom(room.id(), room.title()));
        }
        out.sort(Comparator.comparing(FamilyRoom::title));
        audit.record(new AuditEntry(user.id(), "calendar.family.rooms", "user", user.id(), null, true, "self", null));
        return out;
    }

    /**
     * The user's occurrences across their rooms: staff get the staff view of rooms whose calendar
     * they may see; family members the family view. One lookup for the rooms, one for the calendars.
     */
    public CalendarViews.Agenda agenda(UserAccount user, String from, String to) {
        LocalDate[] range = rules.range(from, to);
        boolean family = user.profession() == jp.renkei.policy.Profession.FAMILY;
        List<Room> visible = roomsWhere(user, family ? Action.VIEW_FAMILY_CALENDAR : Action.VIEW_CALENDAR);
        Map<String, RoomCalendar> cals = calendars.findAll(visible.stream().map(Room::id).toList());
        List<Occurrence> all = new ArrayList<>();
        for (Room room : visible) {
            RoomCalendar cal = cals.get(room.id());
            if (cal != null) {
                all.addAll(expand(room, cal, range, true));
            }
        }
        all.sort(Comparator.comparing(Occurrence::start).thenComparing(Occurrence::roomId));
        audit.record(new AuditEntry(user.id(), "calendar.agenda", "user", user.id(), null, true,
                family ? "family_view" : "member", null));
        List<Object> out = new ArrayList<>(family ? all.stream().map(FamilyOccurrence::of).toList() : all);
        return new CalendarViews.Agenda(from, to, out);
    }

    /** Rooms of the user where the policy allows {@code action}. */
    List<Room> roomsWhere(UserAccount user, Action action) {
        List<Room> out = new ArrayList<>();
        for (String roomId : rooms.roomIdsOf(user.id())) {
            Room room = cache.get(roomId).orElse(null);
            if (room != null && access.allows(user, room, action)) {
                out.add(room);
            }
        }
        return out;
    }

    Map<String, RoomCalendar> calendarsOf(List<Room> rooms) {
        return calendars.findAll(rooms.stream().map(Room::id).toList());
    }

    /** The occurrences of a calendar over whole days {@code range[0]..range[1]}, sorted, overlaps marked. */
    List<Occurrence> expand(Room room, RoomCalendar cal, LocalDate[] range, boolean withTitle) {
        LocalDateTime from = range[0].atStartOfDay();
        LocalDateTime to = range[1].plusDays(1).atStartOfDay();
        List<Occurrence> out = new ArrayList<>();
        String title = withTitle ? room.title() : null;
        for (StoredItem si : cal.items()) {
            if (si.cancelled()) {
                continue;
            }
            CalendarItem it = si.item();
            Duration length = Duration.between(CalendarRules.parseLocal(it.start()), CalendarRules.parseLocal(it.end()));
            for (LocalDateTime o : rules.occurrences(it, from, to)) {
                String key = CalendarRules.format(o);
                OccurrenceException ex = si.exception(key);
                if (ex != null && !ex.cancelled()) {
                    continue; // shown at its new time below
                }
                out.add(occurrence(room, title, si, key, key, CalendarRules.format(o.plus(length)),
                        ex == null ? "scheduled" : "cancelled"));
            }
            for (OccurrenceException ex : si.exceptions()) {
                if (ex.cancelled()) {
                    continue;
                }
                LocalDateTime s = CalendarRules.parseLocal(ex.start());
                LocalDateTime e = CalendarRules.parseLocal(ex.end());
                if (s.isBefore(to) && e.isAfter(from)) {
                    out.add(occurrence(room, title, si, ex.occurrence(), ex.start(), ex.end(), "moved"));
                }
            }
        }
        out.sort(Comparator.comparing(Occurrence::start).thenComparing(Occurrence::itemId));
        return markOverlaps(out);
    }

    private static Occurrence occurrence(Room room, String title, StoredItem si, String occurrence, String start,
                                         String end, String status) {
        CalendarItem it = si.item();
        return new Occurrence(room.id(), title, si.itemId(), si.version(), occurrence, start, end, it.category(),
                it.profession(), it.organization(), status, it.rrule() != null, false, it.visitorNote(), it.visitor(),
                it.showsVisitorToFamily());
    }

    /** Marks occurrences (not cancelled) whose times overlap another's. Input sorted by start. */
    private static List<Occurrence> markOverlaps(List<Occurrence> sorted) {
        boolean[] overlap = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Occurrence a = sorted.get(i);
            if (a.status().equals("cancelled")) {
                continue;
            }
            for (int j = i + 1; j < sorted.size(); j++) {
                Occurrence b = sorted.get(j);
                if (b.start().compareTo(a.end()) >= 0) {
                    break;
                }
                if (!b.status().equals("cancelled")) {
                    overlap[i] = true;
                    overlap[j] = true;
                }
            }
        }
        List<Occurrence> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Occurrence o = sorted.get(i);
            out.add(overlap[i] ? new Occurrence(o.roomId(), o.roomTitle(), o.itemId(), o.version(), o.occurrence(),
                    o.start(), o.end(), o.category(), o.profession(), o.organization(), o.status(), o.recurring(),
                    true, o.visitorNote(), o.visitor(), o.visitorForFamily()) : o);
        }
        return out;
    }

    private static void requireRoomId(String roomId) {
        if (!Ids.isValidRoomId(roomId)) {
            throw new DomainException(ErrorCode.ROOM_NOT_FOUND);
        }
    }

    private static String requireTxn(String txnId) {
        if (txnId == null) {
            throw DomainException.invalid("txnId", "required");
        }
        if (!Ids.isValidClientId(txnId)) {
            throw DomainException.invalid("txnId", "bad_format");
        }
        return txnId;
    }
}
