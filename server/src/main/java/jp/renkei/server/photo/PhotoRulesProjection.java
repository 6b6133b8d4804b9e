package jp.renkei.server.photo;

import jp.renkei.protocol.EventKind;
import jp.renkei.server.room.EventProjection;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link PhotoRules} in step with the room's {@code photo_rules.changed} events (the photo consent,
 * SP-CON-04). Registered with the room log as an {@link EventProjection}, so the log stays unaware of photos.
 */
@Component
class PhotoRulesProjection implements EventProjection {

    private final PhotoRules rules;
    private final JsonMapper json;

    PhotoRulesProjection(PhotoRules rules, JsonMapper json) {
        this.rules = rules;
        this.json = json;
    }

    @Override
    public void apply(StoredEvent e) {
        if (e.kind() != EventKind.PHOTO_RULES_CHANGED) {
            return;
        }
        JsonNode body = json.readTree(e.body());
        rules.apply(e.roomId(), e.seq(), body.path("photos").asBoolean(), body.path("faces").asBoolean());
    }
}
