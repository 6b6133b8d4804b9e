package jp.renkei.server.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.VerifyAuditTrail;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.crypto.RoomKeys;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ApiClient.Response;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static com.mongodb.client.model.Filters.eq;
import static jp.renkei.server.live.LiveDeliveryTestAccess.roomEvent;
import static jp.renkei.server.live.LiveDeliveryTestAccess.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The end of the retention period (SP-RET-01, SP-RET-03): what is due is decided by the application's clock, only
 * a facility administrator of the host's organisation (or the operator) purges, only after confirming the ids; the
 * purge crypto-shreds the room (its key destroyed, its sealed records unreadable), members see a tombstone, and
 * the decision stays in a verifiable audit trail. Family access ends at once here (the default of 0 days).
 */
@Import(MovableClock.class)
@TestPropertySource(properties = {"renkei.auth.idle-timeout=30d", "renkei.auth.absolute-lifetime=30d"})
class RetentionPurgeTest extends ServerTestBase {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @Autowired
    private AuditTrail audit;
    @Autowired
    private MongoDatabase db;
    @Autowired
    private RoomKeys keys;
    @Autowired
    private ContentCipher cipher;

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    /** A room opened six years ago whose care ended {@code endedDaysAgo} days short of five years ago. */
    private String oldRoom(UserAccount host, UserAccount... members) {
        String room = rooms.create(host, new CreateRoom("patient", null,
                new PatientProfile("保存 期限子", null, null, null, null, null), CONSENT),
                Instant.now().minus(Duration.ofDays(6 * 366)));
        for (UserAccount m : members) {
            rooms.invite(host, room, m.id());
        }
        return room;
    }

    private static String closeBody(LocalDate date) {
        return "{\"reason\":\"home_death\",\"date\":\"" + date + "\"}";
    }

    private static List<String> ids(JsonNode due) {
        List<String> out = new ArrayList<>();
        due.forEach(d -> out.add(d.path("roomId").asString()));
        return out;
    }

    private List<Document> auditOf(String actor) {
        audit.sync();
        return db.getCollection(Collections.AUDIT).find(eq("actor", actor)).into(new ArrayList<>());
    }

    @Test
    void theFamilysAccessEndsAtOnceByDefault() {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host);
        inviteFamily(host, room, relative);
        ApiClient fam = login(relative);
        assertThat(fam.get("/api/family/rooms").body()).contains(room);
        try (TestStompClient f = connect(relative)) {
            f.subscribe("/family/" + room, "f", Map.of("request-id", "sub-f"));
            assertThat(f.reply("sub-f").path("type").asString()).isEqualTo("ok");
            assertThat(login(host).post("/api/rooms/" + room + "/closure",
                    closeBody(LocalDate.now(JAPAN))).status()).isEqualTo(200);
            // The family's live view is revoked at the closure's delivery.
            var revoked = f.await(frame -> frame.body().contains("\"revoked\""));
            assertThat(revoked.body()).contains(room);
        }
        assertThat(fam.get("/api/family/rooms").body()).doesNotContain(room);
        assertThat(fam.get("/api/rooms/" + room + "/family-calendar?from=" + LocalDate.now(JAPAN) + "&to="
                + LocalDate.now(JAPAN)).json().path("reason").asString()).isEqualTo("family_access_ended");
    }

    @Test
    void aConfirmedPurgeShredsTheRoomAndLeavesATombstoneAndAVerifiableTrail() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, host.organizationId());
        UserAccount otherAdmin = newUser(Profession.FACILITY_ADMIN);
        UserAccount operator = newUser(Profession.OPERATOR);
        String room = oldRoom(host, nurse);
        String keep = oldRoom(host, nurse);
        try (TestStompClient n = connect(nurse)) {
            assertThat(n.call("/app/notes.post", Notes.post(room, "t1", "看取りの記録")).path("type").asString())
                    .isEqualTo("ok");
        }
        ApiClient hostApi = login(host);
        LocalDate ended = LocalDate.now(JAPAN).minusYears(5).plusDays(3);
        assertThat(hostApi.post("/api/rooms/" + room + "/closure", closeBody(ended)).status()).isEqualTo(200);
        assertThat(hostApi.post("/api/rooms/" + keep + "/closure", closeBody(LocalDate.now(JAPAN))).status())
                .isEqualTo(200);
        ApiClient adminApi = login(admin);
        ApiClient otherApi = login(otherAdmin);
        ApiClient operatorApi = login(operator);
        ApiClient nurseApi = login(nurse);

        // Not due yet: the period ends in three days.
        assertThat(ids(adminApi.get("/api/admin/retention/due").json())).doesNotContain(room);
        Response early = adminApi.post("/api/admin/retention/purge", "{\"roomIds\":[\"" + room + "\"]}");
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().path("violations").toString()).contains("not_due");

        MovableClock.set(Duration.ofDays(4));
        JsonNode due = adminApi.get("/api/admin/retention/due").json();
        assertThat(ids(due)).contains(room).doesNotContain(keep);
        JsonNode row = null;
        for (JsonNode d : due) {
            if (d.path("roomId").asString().equals(room)) {
                row = d;
            }
        }
        assertThat(row.path("hostUserId").asString()).isEqualTo(host.id());
        assertThat(row.path("reason").asString()).isEqualTo("home_death");
        assertThat(row.path("closedOn").asString()).isEqualTo(ended.toString());
        assertThat(row.toString()).doesNotContain("保存").doesNotContain("期限子");
        assertThat(ids(operatorApi.get("/api/admin/retention/due").json())).contains(room);

        // Policy denials: another organisation's administrator, a nurse; nothing is purged.
        assertThat(ids(otherApi.get("/api/admin/retention/due").json())).doesNotContain(room);
        Response other = otherApi.post("/api/admin/retention/purge", "{\"roomIds\":[\"" + room + "\"]}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().path("reason").asString()).isEqualTo("other_organization");
        Response byNurse = nurseApi.get("/api/admin/retention/due");
        assertThat(byNurse.status()).isEqualTo(403);
        assertThat(byNurse.json().path("reason").asString()).isEqualTo("profession_not_allowed");
        assertThat(nurseApi.post("/api/admin/retention/purge", "{\"roomIds\":[\"" + room + "\"]}").status())
                .isEqualTo(403);
        // Bad input: one id not due spoils the whole confirmation; an empty or missing list is refused.
        Response mixed = adminApi.post("/api/admin/retention/purge",
                "{\"roomIds\":[\"" + room + "\",\"" + keep + "\"]}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().path("violations").toString()).contains("roomIds[1]", "not_due");
        assertThat(adminApi.post("/api/admin/retention/purge", "{\"roomIds\":[]}").status()).isEqualTo(400);
        assertThat(adminApi.post("/api/admin/retention/purge", "{}").status()).isEqualTo(400);
        assertThat(keys.isDestroyed(room)).isFalse();
        assertThat(nurseApi.get("/api/rooms/" + room + "/events").body()).contains("看取りの記録");

        // The confirmed purge.
        try (TestStompClient n = connect(nurse)) {
            subscribe(n, room, "s", null);
            Response purged = adminApi.post("/api/admin/retention/purge", "{\"roomIds\":[\"" + room + "\"]}");
            assertThat(purged.status()).as(purged.body()).isEqualTo(200);
            assertThat(purged.json().path("purged").get(0).path("roomId").asString()).isEqualTo(room);
            JsonNode event = n.await(roomEvent(room)).json();
            assertThat(event.path("kind").asString()).isEqualTo("room.purged");
            assertThat(event.path("sender").path("userId").asString()).isEqualTo(admin.id());
        }
        assertThat(keys.isDestroyed(room)).isTrue();
        assertThat(keys.isDestroyed(keep)).isFalse();
        // The content cannot be decrypted any more: every sealed event of the room fails.
        List<Document> stored = db.getCollection(Collections.EVENTS).find(eq("roomId", room)).into(new ArrayList<>());
        assertThat(stored).isNotEmpty();
        for (Document d : stored) {
            assertThatThrownBy(() -> cipher.openText(room, d.getString("_id"), ((Binary) d.get("sealed")).getData()))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_DESTROYED));
        }
        // A tombstone: 410 with the reason, the room leaves lists and the due list; other rooms are untouched.
        Response gone = nurseApi.get("/api/rooms/" + room + "/events");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().path("code").asString()).isEqualTo("CONTENT_DESTROYED");
        assertThat(gone.json().path("reason").asString()).isEqualTo("room_purged");
        assertThat(nurseApi.get("/api/rooms/" + room).status()).isEqualTo(410);
        Response list = nurseApi.get("/api/rooms");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(room).contains(keep);
        assertThat(hostApi.post("/api/rooms/" + room + "/closure/reopen", "{}").status()).isEqualTo(410);
        try (TestStompClient n = connect(nurse)) {
            n.subscribe("/room/" + room, "x", Map.of("request-id", "sub-x"));
            assertThat(n.reply("sub-x").path("code").asString()).isEqualTo("CONTENT_DESTROYED");
        }
        assertThat(ids(adminApi.get("/api/admin/retention/due").json())).doesNotContain(room);
        assertThat(nurseApi.get("/api/rooms/" + keep + "/events").status()).isEqualTo(200);

        // The decision is in the audit trail, which still verifies; the administrator can review it.
        assertThat(auditOf(admin.id())).anySatisfy(d -> {
            assertThat(d.getString("action")).isEqualTo("room.purge");
            assertThat(d.getString("room")).isEqualTo(room);
            assertThat(d.getBoolean("allowed")).isTrue();
        });
        assertThat(auditOf(otherAdmin.id())).anySatisfy(d -> {
            assertThat(d.getString("action")).isEqualTo("room.purge");
            assertThat(d.getBoolean("allowed")).isFalse();
        });
        assertThat(auditOf(host.id()).stream().map(d -> d.getString("action"))).contains("room.close");
        var key = new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(
                java.util.Base64.getDecoder().decode(audit.publicKeyBase64()), 0);
        VerifyAuditTrail.Report report = VerifyAuditTrail.verify(db, key);
        assertThat(report.problems()).isEmpty();
        assertThat(adminApi.get("/api/admin/audit").status()).isEqualTo(200);

        // Offboarding the host still works with a purged room among her rooms.
        Response off = adminApi.post("/api/admin/users/" + host.id() + "/offboard", "{}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
    }
}
