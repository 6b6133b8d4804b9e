package jp.renkei.server.calendar;

/**
 * A visit or event as sent by clients and stored in events: local times in Asia/Tokyo
 * ({@code yyyy-MM-ddTHH:mm}), an optional RRULE, a note for the visitor that only staff see, and who
 * comes (a name the team may choose to show to the family).
 *
 * @param category     a {@link CalendarCategory} wire value
 * @param profession   the visitor's profession (wire value); required for visits
 * @param organization the visitor's organisation name, or {@code null}
 * @param start        first start, local time in Asia/Tokyo
 * @param end          first end, local time in Asia/Tokyo
 * @param rrule        an RFC 5545 RRULE value (without {@code RRULE:}), or {@code null} for a one-off
 * @param visitorNote  staff-only note for the visitor (may be clinical), or {@code null}
 * @param visitor      the name of who comes (担当者), or {@code null} when not yet decided
 * @param visitorForFamily whether the family view shows who comes (the name, or 担当者未定); {@code null}
 *                     or false (the default) shows only the kind of visit and the office
 */
public record CalendarItem(String category, String profession, String organization, String start, String end,
                           String rrule, String visitorNote, String visitor, Boolean visitorForFamily) {

    /** An item without a named visitor, not shown to the family. */
    public CalendarItem(String category, String profession, String organization, String start, String end,
                        String rrule, String visitorNote) {
        this(category, profession, organization, start, end, rrule, visitorNote, null, null);
    }

    /** Whether the family view may show who comes (only when the team said so). */
    public boolean showsVisitorToFamily() {
        return Boolean.TRUE.equals(visitorForFamily);
    }
}
