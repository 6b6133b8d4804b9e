package jp.renkei.server.calendar;

import java.util.ArrayList;
import java.util.List;

/**
 * The calendar document of one room, derived from its log ({@code _id} = room id): every item with its
 * exceptions, and the seq of the last calendar event applied (which makes re-applying idempotent).
 */
record RoomCalendar(String roomId, long appliedSeq, List<StoredItem> items) {

    RoomCalendar {
        items = items == null ? new ArrayList<>() : new ArrayList<>(items);
    }

    static RoomCalendar empty(String roomId) {
        return new RoomCalendar(roomId, 0, List.of());
    }

    StoredItem item(String itemId) {
        for (StoredItem i : items) {
            if (i.itemId().equals(itemId)) {
                return i;
            }
        }
        return null;
    }

    long activeItems() {
        return items.stream().filter(i -> !i.cancelled()).count();
    }

    /**
     * One item as it is now.
     *
     * @param itemId     the id of the event that added it ({@code roomId:seq})
     * @param version    1 when added, +1 on every change
     * @param item       the item's definition
     * @param cancelled  whether the whole item was cancelled (kept as a tombstone, SP-REC-01)
     * @param createdBy  who added it
     * @param exceptions changed or cancelled single occurrences
     */
    record StoredItem(String itemId, int version, CalendarItem item, boolean cancelled, String createdBy,
                      List<OccurrenceException> exceptions) {
        StoredItem {
            exceptions = exceptions == null ? new ArrayList<>() : new ArrayList<>(exceptions);
        }

        OccurrenceException exception(String occurrence) {
            for (OccurrenceException e : exceptions) {
                if (e.occurrence().equals(occurrence)) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * One occurrence changed from what the rule says.
     *
     * @param occurrence the occurrence's original start (its id), local time
     * @param cancelled  cancelled, or else moved to {@code start}..{@code end}
     */
    record OccurrenceException(String occurrence, boolean cancelled, String start, String end) {
    }
}
