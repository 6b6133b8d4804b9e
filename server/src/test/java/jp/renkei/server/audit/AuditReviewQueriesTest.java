package jp.renkei.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The off-hours and bulk-read reviews at their edges, with entries written at chosen times. */
class AuditReviewQueriesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @TempDir
    Path dir;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private AuditReview review;
    private AuditSigner signer;
    private final UserAccount nurse = new UserAccount("u-n", "n", "看護 一郎", Profession.NURSE, "o-x", "x",
            OrganizationKind.HOME_NURSING_STATION, null, true);
    private final UserAccount other = new UserAccount("u-o", "o", "他 次郎", Profession.NURSE, "o-y", "y",
            OrganizationKind.CLINIC, null, true);

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(dir, false);
        client = MongoClients.create(server.connectionString());
        db = client.getDatabase("renkei");
        signer = AuditSigner.loadOrCreate(dir.resolve("k"));
        review = new AuditReview(db, new AccountRepository(db), AuditSettings.defaults("n1"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Records {@code entry} by {@code who} at {@code hh:mm} Tokyo time on DAY. */
    private void at(String hhmm, UserAccount who, String action, String room, String resource) {
        Instant t = ZonedDateTime.of(DAY.atTime(java.time.LocalTime.parse(hhmm)), TOKYO).toInstant();
        try (AuditTrail trail = new AuditTrail(db, AuditSettings.defaults("n1"), signer, id -> id.equals(nurse.id())
                ? nurse : other, Clock.fixed(t, ZoneOffset.UTC))) {
            trail.record(new AuditEntry(who.id(), action, "room", resource, room, true, "member", null));
        }
    }

    @Test
    void offHoursAreTenAtNightToSixInTheMorningTokyoTime() {
        at("21:59", nurse, "room.view", "r-1", "r-1");
        at("22:00", nurse, "room.view", "r-2", "r-2");
        at("05:59", nurse, "room.view", "r-3", "r-3");
        at("06:00", nurse, "room.view", "r-4", "r-4");
        at("23:00", other, "room.view", "r-5", "r-5");
        AuditReview.Page page = review.review("o-x", AuditReview.View.OFF_HOURS, null, DAY, DAY, 0, 50);
        assertThat(page.entries()).extracting(AuditReview.Row::roomId).containsExactly("r-2", "r-3");
    }

    @Test
    void moreThanThirtyDistinctRoomsOrPagesInAnHourIsABulkRead() {
        for (int i = 0; i < 31; i++) {
            at("10:" + String.format("%02d", i), nurse, "history.page", "r-" + i, "r-" + i + ":head");
        }
        for (int i = 0; i < 30; i++) {
            at("11:" + String.format("%02d", i), nurse, "room.view", "r-" + i, "r-" + i);
        }
        AuditReview.Page page = review.review("o-x", AuditReview.View.BULK, null, DAY, DAY, 0, 50);
        assertThat(page.findings()).singleElement().satisfies(f -> {
            assertThat(f.distinct()).isEqualTo(31);
            assertThat(f.hour()).startsWith("2026-11-20T10:00");
            assertThat(f.actorName()).isNull(); // not in this test's account store
        });
    }
}
