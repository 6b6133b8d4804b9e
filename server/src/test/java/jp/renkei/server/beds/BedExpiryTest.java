package jp.renkei.server.beds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.beds.BedInputs.AnswerInput;
import jp.renkei.server.beds.BedInputs.InquiryInput;
import jp.renkei.server.beds.BedInputs.NoticeInput;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.error.DomainException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staleness, purge and hold expiry, driven by an injected clock (no waiting, no timing assertions). */
class BedExpiryTest extends ServerTestBase {

    static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-11-20T00:00:00Z"));

    private static Clock testClock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return NOW.get();
                }
            };
    }

    @Autowired
    BedService service;

    private UserAccount staff(OrganizationKind kind, Profession p) {
        String orgId = "o-x" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(orgId, "テスト", kind, "北区"));
        return newUserIn(p, orgId);
    }

    private void advance(Duration d) {
        NOW.updateAndGet(t -> t.plus(d));
    }

    @Test
    void aNoticeGoesStaleThenDropsOffAndAnExpiredHoldReleasesItself() {
        Clock previous = service.useClock(testClock());
        try {
            run();
        } finally {
            service.useClock(previous);
        }
    }

    private void run() {
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE);
        UserAccount office = staff(OrganizationKind.HOSPITAL, Profession.NURSE);
        BedNotice n = service.publish(clinic, new NoticeInput("general", 1, "2026-11-20", null, List.of(), "any",
                "内線201", null, NOW.get().plus(Duration.ofHours(10)).toString(), null));
        BedInquiry q = service.inquire(office, n.id(), new InquiryInput("70s", "male", List.of(), "2026-11-21", null));
        service.answer(clinic, q.id(), new AnswerInput("accept", null));
        assertThat(service.hold(office, q.id()).state()).isEqualTo("held");

        advance(Duration.ofMinutes(119));
        service.maintain();
        assertThat(service.inquiries(office).stream().filter(x -> x.id().equals(q.id())).findFirst().orElseThrow().state())
                .isEqualTo("held");
        advance(Duration.ofMinutes(2));
        service.maintain();
        BedInquiry expired = service.inquiries(office).stream().filter(x -> x.id().equals(q.id())).findFirst().orElseThrow();
        assertThat(expired.state()).isEqualTo("expired");
        assertThat(expired.steps().get(expired.steps().size() - 1).by()).isEqualTo("system");
        assertThatThrownBy(() -> service.confirm(office, q.id()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BED_INQUIRY_STATE));
        assertThat(service.existing(n.id()).available()).isEqualTo(1);

        advance(Duration.ofHours(8));
        assertThat(service.existing(n.id()).status(service.now())).isEqualTo("stale");
        assertThat(service.board(office, BoardFilter.ANY)).anyMatch(x -> x.id().equals(n.id()));
        advance(Duration.ofHours(24));
        service.maintain();
        assertThat(service.board(office, BoardFilter.ANY)).noneMatch(x -> x.id().equals(n.id()));
    }
}
