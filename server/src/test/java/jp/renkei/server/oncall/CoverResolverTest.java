package jp.renkei.server.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Who covers now: a cover period wins over everything, a rota entry of the 主治医's organisation covers
 * nights and holidays, in the daytime the 主治医, and the boundaries hold in Japan time across midnight.
 */
class CoverResolverTest {

    private static final String ATTENDING = "u-attending";
    private static final String DEPUTY = "u-deputy";
    private static final String NIGHT = "u-night";

    private static Instant jst(String local) {
        return OffsetDateTime.parse(local + "+09:00").toInstant();
    }

    /** Tonight's duty: 6/1 18:00 until 6/2 08:30, Japan time. */
    private static final Rotas.Entry TONIGHT = new Rotas.Entry("e-night", jst("2026-06-01T18:00:00"),
            jst("2026-06-02T08:30:00"), NIGHT, "u-admin");

    private static final CareTeam TEAM = new CareTeam("r-1", ATTENDING, DEPUTY, List.of());

    @Test
    void inTheDaytimeTheAttendingCovers() {
        CoverResolver.Covering c = CoverResolver.resolve(TEAM, List.of(TONIGHT), jst("2026-06-01T14:00:00"));
        assertThat(c.userId()).isEqualTo(ATTENDING);
        assertThat(c.basis()).isEqualTo(CoverResolver.Basis.ATTENDING);
        assertThat(c.until()).isNull();
    }

    @Test
    void atNightTheRotaPhysicianCoversAcrossMidnightInJapanTime() {
        for (String at : List.of("2026-06-01T18:00:00", "2026-06-01T23:59:00", "2026-06-02T00:30:00",
                "2026-06-02T08:29:59")) {
            CoverResolver.Covering c = CoverResolver.resolve(TEAM, List.of(TONIGHT), jst(at));
            assertThat(c.userId()).as(at).isEqualTo(NIGHT);
            assertThat(c.basis()).as(at).isEqualTo(CoverResolver.Basis.ON_CALL);
            assertThat(c.until()).isEqualTo(jst("2026-06-02T08:30:00"));
            assertThat(c.ref()).isEqualTo("e-night");
        }
        // The end is exclusive; before the start the 主治医 covers. 17:59 JST is 08:59 UTC on the same day.
        assertThat(CoverResolver.resolve(TEAM, List.of(TONIGHT), jst("2026-06-02T08:30:00")).userId()).isEqualTo(ATTENDING);
        assertThat(CoverResolver.resolve(TEAM, List.of(TONIGHT), jst("2026-06-01T17:59:59")).userId()).isEqualTo(ATTENDING);
        // 00:30 JST on 6/2 is 15:30 UTC on 6/1: a rule in UTC dates would get this wrong.
        assertThat(jst("2026-06-02T00:30:00")).isEqualTo(Instant.parse("2026-06-01T15:30:00Z"));
    }

    @Test
    void aCoverPeriodWinsOverTheRotaAndTheAttending() {
        CareTeam covered = new CareTeam("r-1", ATTENDING, DEPUTY, List.of(new CareTeam.Cover("c-1",
                jst("2026-06-01T00:00:00"), jst("2026-06-04T00:00:00"))));
        for (String at : List.of("2026-06-01T00:00:00", "2026-06-01T14:00:00", "2026-06-02T00:30:00", "2026-06-03T23:59:59")) {
            CoverResolver.Covering c = CoverResolver.resolve(covered, List.of(TONIGHT), jst(at));
            assertThat(c.userId()).as(at).isEqualTo(DEPUTY);
            assertThat(c.basis()).isEqualTo(CoverResolver.Basis.COVER);
            assertThat(c.until()).isEqualTo(jst("2026-06-04T00:00:00"));
        }
        assertThat(CoverResolver.resolve(covered, List.of(), jst("2026-06-04T00:00:00")).basis())
                .isEqualTo(CoverResolver.Basis.ATTENDING);
    }

    @Test
    void aCoverPeriodNeedsADeputyAndNoAttendingMeansNoOne() {
        CareTeam noDeputy = new CareTeam("r-1", ATTENDING, null, List.of(new CareTeam.Cover("c-1",
                jst("2026-06-01T00:00:00"), jst("2026-06-04T00:00:00"))));
        assertThat(CoverResolver.resolve(noDeputy, List.of(), jst("2026-06-02T12:00:00")).userId()).isEqualTo(ATTENDING);
        CoverResolver.Covering none = CoverResolver.resolve(CareTeam.empty("r-1"), List.of(TONIGHT), jst("2026-06-01T20:00:00"));
        assertThat(none.userId()).isNull();
        assertThat(none.basis()).isEqualTo(CoverResolver.Basis.NONE);
    }
}
