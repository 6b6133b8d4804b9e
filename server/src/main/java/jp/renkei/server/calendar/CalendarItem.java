package jp.renkei.server.calendar;

/**
 * A visit or event as sent by clients and stored in events: local times in Asia/Tokyo
 * ({@code yyyy-MM-ddTHH:mm}), an optional RRULE, and a note for the visitor that only staff see.
 *
 * @param category     a {@link CalendarCategory} wire value
 * @param profession   the visitor's profession (wire value); required for visits
 * @param organization the visitor's organisation name, or {@code null}
 * @param start        first start, local time in Asia/Tokyo
 * @param end          first end, local time in Asia/Tokyo
 * @param rrule        an RFC 5545 RRULE value (without {@code RRULE:}), or {@code null} for a one-off
 * @param visitorNote  staff-only note for the visitor (may be clinical), or {@code null}
 */
public record CalendarItem(String category, String profession, String organization, String start, String end,
                           String rrule, String visitorNote) {
}
