package jp.renkei.server.demo;

import static com.mongodb.client.model.Filters.eq;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.store.Collections;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives midori-admin (みどり訪問看護ステーション's facility administrator) something to review in
 * 監査ログ: logins, room reads, a bulk read, a refused access and an emergency access by the
 * station's staff. Synthetic entries carry documentation addresses (192.0.2.0/24) as their origin.
 * They are recorded now, like every entry (server time only, SP-AUD-03), so off-hours entries appear
 * only when the demo runs at night.
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
@Order(Ordered.LOWEST_PRECEDENCE) // after DemoData
class DemoAuditActivity implements ApplicationRunner {

    private final AuditTrail audit;
    private final RoomRepository rooms;
    private final MongoDatabase db;

    DemoAuditActivity(AuditTrail audit, RoomRepository rooms, MongoDatabase db) {
        this.audit = audit;
        this.rooms = rooms;
        this.db = db;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Once per demo database (a scan, but of the demo's small trail, at start only).
        if (db.getCollection(Collections.AUDIT).find(eq("from", "192.0.2.10")).first() != null) {
            return;
        }
        List<String> yamamotoRooms = rooms.roomIdsOf("u-yamamoto");
        if (yamamotoRooms.isEmpty()) {
            return;
        }
        String room = yamamotoRooms.get(0);
        entry("u-yamamoto", "login", "account", "u-yamamoto", null, true, "totp", "192.0.2.10");
        entry("u-yamamoto", "room.list", "collection", null, null, true, "ok", "192.0.2.10");
        entry("u-yamamoto", "room.view", "room", room, room, true, "ok", "192.0.2.10");
        // A bulk read: 35 history pages in a few seconds.
        for (int page = 35; page >= 1; page--) {
            entry("u-yamamoto", "history.page", "history", room + ":" + (page * 50 + 1), room, true, "ok", "192.0.2.10");
        }
        entry("u-kobayashi", "login", "account", "u-kobayashi", null, true, "totp", "192.0.2.11");
        entry("u-kobayashi", "room.view", "room", "r-notmyroom01", "r-notmyroom01", false, "not_a_member", "192.0.2.11");
        entry("u-kobayashi", "emergency.open", "room", room, room, true, "emergency_granted", "192.0.2.11");
        entry("u-hayashi", "login.password", "account", "u-hayashi", null, false, "bad_credentials", "192.0.2.12");
        entry("u-hayashi", "login", "account", "u-hayashi", null, true, "totp", "192.0.2.12");
    }

    private void entry(String actor, String action, String type, String resource, String roomId, boolean allowed,
                       String reason, String origin) {
        audit.record(new AuditEntry(actor, action, type, resource, roomId, allowed, reason, origin));
    }
}
