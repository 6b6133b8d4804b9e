package jp.renkei.server.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET /api/admin/audit: facility administrators review their own staff, nobody else reviews anyone. */
class AuditReviewApiTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;
    @Autowired
    MongoDatabase db;

    private UserAccount staffOf(UserAccount admin, Profession profession) {
        return newUserIn(profession, admin.organizationId());
    }

    @Test
    void anAdministratorReviewsTheirOwnStaffIncludingEmergencyAccess() {
        UserAccount admin = newUser(Profession.FACILITY_ADMIN);
        UserAccount nurse = staffOf(admin, Profession.NURSE);
        UserAccount outsider = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        login(nurse).get("/api/rooms/" + room);
        login(outsider).get("/api/rooms");
        audit.record(new AuditEntry(nurse.id(), "emergency.open", "room", room, room, true, "break_glass", null));
        audit.sync();

        ApiClient api = login(admin);
        JsonNode entries = api.get("/api/admin/audit?view=entries&size=200").json();
        assertThat(entries.path("entries").valueStream().map(e -> e.path("actorId").asString()))
                .contains(nurse.id()).doesNotContain(outsider.id());
        assertThat(entries.path("entries").valueStream())
                .anySatisfy(e -> {
                    assertThat(e.path("action").asString()).isEqualTo("room.view");
                    assertThat(e.path("roomId").asString()).isEqualTo(room);
                    assertThat(e.path("actorName").asString()).isEqualTo(nurse.name());
                    assertThat(e.path("origin").asString()).isEqualTo("127.0.0.1");
                });
        JsonNode emergency = api.get("/api/admin/audit?view=emergency&actor=" + nurse.id()).json();
        assertThat(emergency.path("entries").valueStream().map(e -> e.path("action").asString()))
                .containsExactly("emergency.open");

        // Reviewing is itself recorded.
        audit.sync();
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(and(eq("actor", admin.id()),
                eq("action", "audit.view"), eq("allowed", true)))).isEqualTo(2);
    }

    /** Technical records (connections, raw HTTP requests) are left out when the screen asks so. */
    @Test
    void technicalRecordsCanBeLeftOut() {
        UserAccount admin = newUser(Profession.FACILITY_ADMIN);
        UserAccount nurse = staffOf(admin, Profession.NURSE);
        audit.record(new AuditEntry(nurse.id(), "http.post", "http", "/api/x", null, true, "ok", null));
        audit.record(new AuditEntry(nurse.id(), "live.connect", "session", "s", null, true, "ok", null));
        audit.record(new AuditEntry(nurse.id(), "note.post", "room", "r-x", "r-x", true, "member", null));
        audit.sync();
        ApiClient api = login(admin);
        JsonNode all = api.get("/api/admin/audit?view=entries&size=200&actor=" + nurse.id()).json();
        assertThat(all.path("entries").valueStream().map(e -> e.path("action").asString()))
                .contains("http.post", "live.connect", "note.post");
        JsonNode plain = api.get("/api/admin/audit?view=entries&size=200&technical=false&actor=" + nurse.id()).json();
        assertThat(plain.path("entries").valueStream().map(e -> e.path("action").asString()))
                .contains("note.post").doesNotContain("http.post", "live.connect");
    }

    @Test
    void staffAndOtherFacilitiesAreRefusedAndTheRefusalIsRecorded() {
        UserAccount nurse = newUser(Profession.NURSE);
        JsonNode refused = login(nurse).get("/api/admin/audit").json();
        assertThat(refused.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refused.path("reason").asString()).isEqualTo("not_facility_admin");
        audit.sync();
        assertThat(db.getCollection(Collections.AUDIT).find(and(eq("actor", nurse.id()), eq("action", "audit.view"),
                eq("allowed", false))).first()).isNotNull();
    }

    @Test
    void reviewsAreBounded() {
        ApiClient api = login(newUser(Profession.FACILITY_ADMIN));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        assertThat(api.get("/api/admin/audit?from=" + today.minusDays(31) + "&to=" + today).json()
                .path("violations").get(0).path("problem").asString()).isEqualTo("range_too_long");
        assertThat(api.get("/api/admin/audit?from=" + today.minusDays(30) + "&to=" + today).status()).isEqualTo(200);
        assertThat(api.get("/api/admin/audit?size=201").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/audit?view=everything").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/audit?from=yesterday").status()).isEqualTo(400);
    }
}
