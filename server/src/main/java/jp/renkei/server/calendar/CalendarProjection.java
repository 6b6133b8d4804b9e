package jp.renkei.server.calendar;

import java.util.List;

import jp.renkei.protocol.EventKind;
import jp.renkei.server.calendar.RoomCalendar.OccurrenceException;
import jp.renkei.server.calendar.RoomCalendar.StoredItem;
import jp.renkei.server.room.EventProjection;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each room's calendar document up to date with its log. Runs under the room's write lock;
 * an event at or below the document's {@code appliedSeq} was applied already and is skipped, so the
 * log can replay events after a crash.
 */
@Component
class CalendarProjection implements EventProjection {

    private final CalendarRepository calendars;
    private final JsonMapper json;

    CalendarProjection(CalendarRepository calendars, JsonMapper json) {
        this.calendars = calendars;
        this.json = json;
    }

    static boolean isCalendarKind(EventKind kind) {
        return kind.wire().startsWith("calendar.");
    }

    @Override
    public void apply(StoredEvent e) {
        if (!isCalendarKind(e.kind())) {
            return;
        }
        RoomCalendar cal = calendars.find(e.roomId()).orElse(RoomCalendar.empty(e.roomId()));
        if (e.seq() <= cal.appliedSeq()) {
            return;
        }
        JsonNode body = json.readTree(e.body());
        List<StoredItem> items = cal.items();
        String itemId = e.kind() == EventKind.CALENDAR_ITEM_ADDED ? e.eventId() : body.path("itemId").asString();
        int version = body.path("version").asInt();
        StoredItem current = cal.item(itemId);
        switch (e.kind()) {
            case CALENDAR_ITEM_ADDED -> {
                if (current == null) {
                    items.add(new StoredItem(itemId, 1, item(body), false, e.sender().userId(), List.of()));
                }
            }
            case CALENDAR_ITEM_CHANGED -> replace(items, current,
                    // A changed rule or start makes the old exceptions meaningless: they are dropped.
                    new StoredItem(itemId, version, item(body), false, current.createdBy(), List.of()));
            case CALENDAR_ITEM_CANCELLED -> replace(items, current,
                    new StoredItem(itemId, version, current.item(), true, current.createdBy(), current.exceptions()));
            case CALENDAR_OCCURRENCE_CANCELLED, CALENDAR_OCCURRENCE_MOVED -> {
                String occurrence = body.path("occurrence").asString();
                List<OccurrenceException> exceptions = current.exceptions();
                exceptions.removeIf(x -> x.occurrence().equals(occurrence));
                exceptions.add(e.kind() == EventKind.CALENDAR_OCCURRENCE_CANCELLED
                        ? new OccurrenceException(occurrence, true, null, null)
                        : new OccurrenceException(occurrence, false, body.path("start").asString(),
                                body.path("end").asString()));
                replace(items, current, new StoredItem(itemId, version, current.item(), current.cancelled(),
                        current.createdBy(), exceptions));
            }
            default -> throw new IllegalStateException("unhandled calendar kind " + e.kind());
        }
        calendars.save(new RoomCalendar(e.roomId(), e.seq(), items));
    }

    private CalendarItem item(JsonNode body) {
        return json.treeToValue(body.path("item"), CalendarItem.class);
    }

    private static void replace(List<StoredItem> items, StoredItem current, StoredItem next) {
        items.set(items.indexOf(current), next);
    }
}
