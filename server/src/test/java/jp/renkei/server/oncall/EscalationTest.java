package jp.renkei.server.oncall;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.AckNote;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.note.NoteService;
import jp.renkei.server.note.NoteStateRepository;
import jp.renkei.server.notify.EscalationPush;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.room.StoredEvent;
import jp.renkei.server.room.TxnRepository;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.MovableClock;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every step of an urgent note's escalation, driven by the application's clock ({@link MovableClock})
 * and direct calls of the tick (the scheduled one waits an hour here, and posts do not wake it): at once its addressees (or the
 * 主治医 and the host), after N minutes again, after 2N whoever covers now (the 副主治医 in a cover period,
 * the physician on call), after 3N the sender's facility administrator (content-free); the first
 * acknowledgement by anyone it was meant for stops it; a fresh instance resumes from the store; racing
 * ticks record each step once. Each step is a room event and an audit entry.
 */
@Import(MovableClock.class)
@TestPropertySource(properties = {"renkei.auth.idle-timeout=1d", "renkei.escalation.tick-seconds=3600",
        "renkei.escalation.wake-on-events=false"})
class EscalationTest extends ServerTestBase {

    @Autowired
    Escalations escalations;
    @Autowired
    CareTeamService careTeams;
    @Autowired
    RotaService rotaService;
    @Autowired
    NoteService notes;
    @Autowired
    EventRepository events;
    @Autowired
    EscalationStore store;
    @Autowired
    MongoDatabase db;
    @Autowired
    JsonMapper json;
    @Autowired
    Alerts alerts;

    private String clinic;
    private String station;
    private UserAccount attending;
    private UserAccount deputy;
    private UserAccount nurse;
    private UserAccount host;
    private UserAccount stationAdmin;
    private UserAccount clinicAdmin;
    private UserAccount nightDoctor;
    private String room;

    @BeforeEach
    void region() {
        MovableClock.reset();
        clinic = org(OrganizationKind.CLINIC);
        station = org(OrganizationKind.HOME_NURSING_STATION);
        attending = newUserIn(Profession.PHYSICIAN, clinic);
        deputy = newUserIn(Profession.PHYSICIAN, org(OrganizationKind.CLINIC));
        nightDoctor = newUserIn(Profession.PHYSICIAN, clinic);
        clinicAdmin = newUserIn(Profession.FACILITY_ADMIN, clinic);
        nurse = newUserIn(Profession.NURSE, station);
        stationAdmin = newUserIn(Profession.FACILITY_ADMIN, station);
        host = newUser(Profession.CARE_MANAGER);
        room = newPatientRoom(host, attending, deputy, nurse);
        careTeams.setRoles(host, room, new CareTeamService.RolesInput(attending.id(), deputy.id()));
    }

    @AfterEach
    void resetClock() {
        MovableClock.reset();
    }

    private String org(OrganizationKind kind) {
        String id = "o-t" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, "テスト " + kind.wire(), kind, "北区"));
        return id;
    }

    private String postUrgent(UserAccount author, UserAccount... mentions) {
        List<String> m = java.util.Arrays.stream(mentions).map(UserAccount::id).toList();
        return notes.post(author, new PostNote(room, UUID.randomUUID().toString(),
                new NoteContent("free", "夕方から 38.9℃、呼吸が苦しそうです", true, m, null)), CommandAudit.none()).eventId();
    }

    /** The urgent.escalated events of a note, in order: step → the people told with their roles. */
    private List<JsonNode> steps(String noteId) {
        List<JsonNode> out = new ArrayList<>();
        for (StoredEvent e : events.range(room, 1, rooms.headOf(room))) {
            if (e.kind() == EventKind.URGENT_ESCALATED) {
                JsonNode body = json.readTree(e.body());
                if (body.path("noteId").asString().equals(noteId)) {
                    out.add(body);
                }
            }
        }
        return out;
    }

    private static List<String> told(JsonNode step) {
        List<String> out = new ArrayList<>();
        step.path("to").forEach(t -> out.add(t.path("person").path("userId").asString() + ":" + t.path("role").asString()));
        return out;
    }

    /** Audit entries of one note's escalation (other tests' escalations share the store and the ticks). */
    private long audited(String action, String reason, String noteId) {
        return db.getCollection(Collections.AUDIT).countDocuments(and(eq("action", action), eq("reason", reason),
                eq("resource", noteId)));
    }

    @Test
    void unacknowledgedItGoesToTheAttendingAndHostThenAgainThenTheDeputyThenTheSendersAdministrator() {
        // 6/1–6/3 は副主治医が対応: a cover period in force now.
        careTeams.addCover(attending, room, new CareTeamService.CoverInput(
                java.time.OffsetDateTime.now().minusHours(1).toString(), java.time.OffsetDateTime.now().plusDays(2).toString()));
        String noteId = postUrgent(nurse);

        escalations.tick();
        assertThat(steps(noteId)).hasSize(1);
        assertThat(steps(noteId).get(0).path("step").asString()).isEqualTo("notified");
        assertThat(told(steps(noteId).get(0))).containsExactly(attending.id() + ":attending", host.id() + ":host");

        // Nothing more before N minutes (default 10).
        MovableClock.advance(Duration.ofMinutes(9));
        escalations.tick();
        assertThat(steps(noteId)).hasSize(1);

        MovableClock.advance(Duration.ofMinutes(1));
        escalations.tick();
        assertThat(steps(noteId)).hasSize(2);
        assertThat(steps(noteId).get(1).path("step").asString()).isEqualTo("renotified");
        assertThat(told(steps(noteId).get(1))).containsExactly(attending.id() + ":attending", host.id() + ":host");

        MovableClock.advance(Duration.ofMinutes(10));
        escalations.tick();
        assertThat(steps(noteId).get(2).path("step").asString()).isEqualTo("covering");
        assertThat(told(steps(noteId).get(2))).containsExactly(deputy.id() + ":deputy");

        MovableClock.advance(Duration.ofMinutes(10));
        escalations.tick();
        JsonNode admin = steps(noteId).get(3);
        assertThat(admin.path("step").asString()).isEqualTo("administrator");
        // The sender's (the nurse's station's) administrator, not the clinic's.
        assertThat(told(admin)).containsExactly(stationAdmin.id() + ":facility_admin");
        for (String step : List.of("notified", "renotified", "covering", "administrator")) {
            assertThat(audited("urgent.escalate", step, noteId)).as(step).isEqualTo(1);
        }
        // Not a member: a content-free alert, no room id for someone who may not read the room.
        assertThat(alerts.of(stationAdmin.id())).singleElement().satisfies(a -> assertThat(a.noteId()).isEqualTo(noteId));
        JsonNode list = login(stationAdmin).get("/api/oncall/alerts").json().path("alerts");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("roomId").isTextual()).isFalse();
        assertThat(list.get(0).path("sender").path("userId").asString()).isEqualTo(nurse.id());
        assertThat(list.get(0).toString()).doesNotContain("38.9", "試験", room);
        assertThat(db.getCollection(Collections.AUDIT).countDocuments(and(eq("actor", stationAdmin.id()),
                eq("action", "urgent.alert"), eq("allowed", true)))).isEqualTo(1);
        assertThat(alerts.of(clinicAdmin.id())).isEmpty();
        assertThat(login(stationAdmin).get("/api/oncall/me").json().path("alerts").asInt()).isEqualTo(1);

        // No further steps.
        MovableClock.advance(Duration.ofMinutes(60));
        escalations.tick();
        assertThat(steps(noteId)).hasSize(4);
        assertThat(store.find(noteId).orElseThrow().step()).isEqualTo(4);

        // The sender sees where it stands.
        JsonNode status = login(nurse).get("/api/rooms/" + room + "/urgent/" + noteId).json();
        assertThat(status.path("status").asString()).isEqualTo("escalated");
        assertThat(status.path("step").asString()).isEqualTo("administrator");
    }

    @Test
    void theFirstAcknowledgementByAnAddresseeStopsIt() {
        String noteId = postUrgent(nurse, deputy);
        escalations.tick();
        assertThat(told(steps(noteId).get(0))).containsExactly(deputy.id() + ":addressee");

        // Someone it was not meant for acknowledges: it goes on.
        notes.acknowledge(host, new AckNote(room, noteId), CommandAudit.none());
        MovableClock.advance(Duration.ofMinutes(10));
        escalations.tick();
        assertThat(steps(noteId)).extracting(s -> s.path("step").asString()).containsExactly("notified", "renotified");

        notes.acknowledge(deputy, new AckNote(room, noteId), CommandAudit.none());
        escalations.tick();
        assertThat(steps(noteId)).extracting(s -> s.path("step").asString())
                .containsExactly("notified", "renotified", "acknowledged");
        assertThat(told(steps(noteId).get(2))).containsExactly(deputy.id() + ":acknowledger");

        MovableClock.advance(Duration.ofMinutes(60));
        escalations.tick();
        assertThat(steps(noteId)).hasSize(3);
        JsonNode status = login(nurse).get("/api/rooms/" + room + "/urgent/" + noteId).json();
        assertThat(status.path("status").asString()).isEqualTo("acknowledged");
        assertThat(status.path("acknowledgedBy").path("userId").asString()).isEqualTo(deputy.id());
        assertThat(audited("urgent.escalate", "acknowledged", noteId)).isEqualTo(1);
    }

    @Test
    void atNightTheCoveringStepGoesToTheOnCallPhysicianWhoIsNotAMemberWithoutContent() {
        rotaService.add(clinicAdmin, clinic, new RotaService.EntryInput(java.time.OffsetDateTime.now().minusHours(1).toString(),
                java.time.OffsetDateTime.now().plusHours(14).toString(), nightDoctor.id()));
        String noteId = postUrgent(nurse, attending);
        escalations.tick();
        MovableClock.advance(Duration.ofMinutes(20));
        escalations.tick(); // renotified
        escalations.tick(); // covering (both due now)
        assertThat(steps(noteId)).extracting(s -> s.path("step").asString()).containsExactly("notified", "renotified", "covering");
        assertThat(told(steps(noteId).get(2))).containsExactly(nightDoctor.id() + ":on_call");
        assertThat(alerts.of(nightDoctor.id())).singleElement().satisfies(a -> assertThat(a.step()).isEqualTo("covering"));
        // The on-call physician's acknowledgement is not possible (not a member); the attending's stops it.
        notes.acknowledge(attending, new AckNote(room, noteId), CommandAudit.none());
        escalations.tick();
        assertThat(steps(noteId).get(3).path("step").asString()).isEqualTo("acknowledged");
    }

    @Test
    void aFreshInstanceResumesFromTheStoreAndRacingTicksRecordEachStepOnce(
            @Autowired RoomLogs logs, @Autowired RoomCache cache, @Autowired RoomAccess access,
            @Autowired AccessPolicy policy, @Autowired NoteStateRepository noteState, @Autowired TxnRepository txns,
            @Autowired EscalationPush push, @Autowired AuditTrail audit, @Autowired java.time.Clock clock,
            @Autowired EscalationSettings settings) throws Exception {
        String noteId = postUrgent(nurse, deputy);
        escalations.tick();
        MovableClock.advance(Duration.ofMinutes(10));

        // A restart: nothing of the escalation is held in memory, a new instance goes on from the store.
        Escalations restarted = new Escalations(store, alerts, logs, cache, access, policy, accounts, careTeams,
                noteState, txns, push, audit, clock, settings);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> racers = List.of(
                    () -> restarted.advance(noteId, clock.instant()),
                    () -> escalations.advance(noteId, clock.instant()),
                    () -> restarted.advance(noteId, clock.instant()),
                    () -> escalations.advance(noteId, clock.instant()));
            int taken = 0;
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                taken += f.get() ? 1 : 0;
            }
            assertThat(taken).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(steps(noteId)).extracting(s -> s.path("step").asString()).containsExactly("notified", "renotified");
        // Ticking again at the same time records nothing more.
        assertThat(restarted.tick()).isZero();
        assertThat(steps(noteId)).hasSize(2);
        restarted.destroy();
    }

    @Test
    void inTheDaytimeTheCoveringStepWidensToTheDeputyWhenTheAttendingWasToldAlready() {
        String noteId = postUrgent(nurse);
        escalations.tick();
        MovableClock.advance(Duration.ofMinutes(10));
        escalations.tick();
        MovableClock.advance(Duration.ofMinutes(10));
        escalations.tick();
        assertThat(told(steps(noteId).get(0))).contains(attending.id() + ":attending");
        assertThat(steps(noteId).get(2).path("step").asString()).isEqualTo("covering");
        assertThat(told(steps(noteId).get(2))).containsExactly(deputy.id() + ":deputy");
    }

    @Test
    void theSendersOrganisationSetsTheMinutesBetweenSteps() {
        rotaService.settings(stationAdmin, station, new RotaService.SettingsInput(5));
        String noteId = postUrgent(nurse, deputy);
        escalations.tick();
        assertThat(store.find(noteId).orElseThrow().minutes()).isEqualTo(5);
        MovableClock.advance(Duration.ofMinutes(4));
        escalations.tick();
        assertThat(steps(noteId)).hasSize(1);
        MovableClock.advance(Duration.ofMinutes(1));
        escalations.tick();
        assertThat(steps(noteId)).extracting(s -> s.path("step").asString()).containsExactly("notified", "renotified");
        assertThat(steps(noteId).get(1).path("minutes").asInt()).isEqualTo(5);
    }

    @Test
    void demoAndBackDatedUrgentNotesStartNoEscalationAndOrdinaryNotesNone() {
        String ordinary = notes.post(nurse, new PostNote(room, UUID.randomUUID().toString(),
                new NoteContent("free", "様子観察", false, List.of(), null)), CommandAudit.none()).eventId();
        String old = notes.post(nurse, new PostNote(room, UUID.randomUUID().toString(),
                new NoteContent("free", "過去", true, List.of(), null)), CommandAudit.none(),
                Instant.now().minus(Duration.ofHours(2))).eventId();
        escalations.tick();
        assertThat(store.find(ordinary)).isEmpty();
        assertThat(store.find(old)).isEmpty();
    }
}
