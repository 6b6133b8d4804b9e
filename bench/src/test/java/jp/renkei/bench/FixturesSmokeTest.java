package jp.renkei.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import jp.renkei.policy.Reason;
import jp.renkei.server.room.EventRepository;
import org.junit.jupiter.api.Test;

/**
 * Checks, in seconds, that the benchmark fixtures measure what they claim. Runs no benchmark.
 */
class FixturesSmokeTest {

    @Test
    void policyBenchmarkAsksTheIntendedQuestions() {
        PolicyDecisionBenchmark b = new PolicyDecisionBenchmark();
        assertThat(b.memberPostsNote().reason()).isEqualTo(Reason.MEMBER);
        assertThat(b.memberPostsNote().allowed()).isTrue();
        assertThat(b.nonMemberReadsTimeline().reason()).isEqualTo(Reason.NOT_A_MEMBER);
        assertThat(b.nonMemberReadsTimeline().allowed()).isFalse();
        assertThat(b.hostInvitesNurse().reason()).isEqualTo(Reason.ROOM_HOST);
        assertThat(b.hostInvitesNurse().allowed()).isTrue();
        assertThat(b.emergencyGrantReceivesEvent().reason()).isEqualTo(Reason.EMERGENCY_ACCESS);
    }

    @Test
    void visitNoteIsAboutOneKilobyte() {
        int bytes = EventFixtures.VISIT_BODY_1KB.getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isBetween(1000, 1024);
    }

    @Test
    void bulkLoadedEventsReadBackThroughTheRepositoryUnchanged() {
        try (BenchDatabase db = BenchDatabase.start("smoke", false)) {
            EventFixtures.load(db, 120, 2_345);
            EventRepository repository = db.events();

            assertThat(repository.find(EventFixtures.TARGET_ROOM, 7)).contains(EventFixtures.event(EventFixtures.TARGET_ROOM, 7));
            assertThat(repository.find(EventFixtures.TARGET_ROOM, 121)).isEmpty();
            assertThat(repository.range(EventFixtures.TARGET_ROOM, 71, 120))
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(71, 120)
                            .mapToObj(seq -> EventFixtures.event(EventFixtures.TARGET_ROOM, seq)).toList());
            // The other rooms share the collection: 2,345 events over 20 rooms, 117 or 118 each.
            assertThat(repository.find(EventFixtures.otherRoom(4), 117)).isPresent();
            assertThat(EventFixtures.eventsCollection(db).countDocuments()).isEqualTo(120 + 2_345);
        }
    }
}
