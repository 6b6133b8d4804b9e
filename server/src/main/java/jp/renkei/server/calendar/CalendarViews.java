package jp.renkei.server.calendar;

import java.util.List;

/** What the calendar API returns. Staff views carry the note for the visitor; family views never do. */
public final class CalendarViews {

    private CalendarViews() {
    }

    /**
     * One occurrence for staff.
     *
     * @param occurrence the original start (the occurrence's id)
     * @param status     {@code scheduled}, {@code moved} or {@code cancelled}
     * @param overlap    whether it overlaps another (not cancelled) occurrence of the same room
     * @param visitor    who comes, or {@code null}
     * @param visitorForFamily whether the family view shows who comes
     */
    public record Occurrence(String roomId, String roomTitle, String itemId, int version, String occurrence,
                             String start, String end, String category, String profession, String organization,
                             String status, boolean recurring, boolean overlap, String visitorNote, String visitor,
                             boolean visitorForFamily) {
    }

    /**
     * One occurrence for the family: who comes when; no note for the visitor, no rule. The visitor's name
     * only where the team allows it ({@code visitorShown}; {@code visitor} null there means 担当者未定).
     */
    public record FamilyOccurrence(String roomId, String roomTitle, String itemId, String occurrence, String start,
                                   String end, String category, String profession, String organization,
                                   String status, boolean overlap, boolean visitorShown, String visitor) {

        static FamilyOccurrence of(Occurrence o) {
            return new FamilyOccurrence(o.roomId(), o.roomTitle(), o.itemId(), o.occurrence(), o.start(), o.end(),
                    o.category(), o.profession(), o.organization(), o.status(), o.overlap(), o.visitorForFamily(),
                    o.visitorForFamily() ? o.visitor() : null);
        }
    }

    /** An item's definition, for editing (staff only). */
    public record ItemView(String itemId, int version, CalendarItem item, String createdBy) {
    }

    /**
     * A room's calendar for a range of days (staff).
     *
     * @param seq the room's latest event when read: subscribe with {@code since-seq} = seq to miss nothing
     */
    public record RoomCalendarView(String roomId, String from, String to, long seq, List<ItemView> items,
                                   List<Occurrence> occurrences) {
    }

    /** A room's family view for a range of days. */
    public record FamilyCalendarView(String roomId, String title, String from, String to, long seq,
                                     List<FamilyOccurrence> occurrences) {
    }

    /** A user's occurrences across their rooms. */
    public record Agenda(String from, String to, List<Object> occurrences) {
    }

    /** A room the family view is open to. */
    public record FamilyRoom(String roomId, String title) {
    }

    /** The result of a calendar command. */
    public record CalendarStored(String roomId, long seq, String eventId, String itemId, boolean duplicate) {
    }
}
