package jp.renkei.server.desk;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retention of consultation cases (SP-RET-01): a case whose last change is more than
 * {@code renkei.desk.retention-years} (default 5) years ago, counted in Japan time, is deleted with all
 * its versions. Runs every night ({@code renkei.desk.purge-cron}, 03:30 Japan time; {@code -} switches it
 * off) and when an operator or the city's administrator asks ({@code POST /api/desk/purge}). The
 * embedded database has no TTL, hence a job.
 */
@Component
class DeskRetention {

    private static final Logger log = LoggerFactory.getLogger(DeskRetention.class);

    private final DeskService service;
    private final AuditTrail audit;
    private final int years;

    DeskRetention(DeskService service, AuditTrail audit, @Value("${renkei.desk.retention-years:5}") int years) {
        if (years < 1) {
            throw new IllegalArgumentException("renkei.desk.retention-years must be at least 1");
        }
        this.service = service;
        this.audit = audit;
        this.years = years;
    }

    int years() {
        return years;
    }

    /** The moment before which a last change puts a case past retention. */
    Instant cutoff(Instant now) {
        return ZonedDateTime.ofInstant(now, service.zone()).minusYears(years).toInstant();
    }

    /** The purge an administrator asks for; the policy decides who may. */
    int purge(UserAccount user) {
        service.require(user, Action.PURGE_DESK_CASES, null, "desk.purge", null);
        return purgeExpired(user.id(), service.now());
    }

    @Scheduled(cron = "${renkei.desk.purge-cron:0 30 3 * * *}", zone = "${renkei.zone:Asia/Tokyo}")
    void nightly() {
        purgeExpired("system", service.now());
    }

    /** Deletes every case past retention; returns how many. Ids only in the audit trail and the log. */
    int purgeExpired(String actor, Instant now) {
        Instant cutoff = cutoff(now);
        List<DeskCase> expired = service.plainCases().stream().filter(c -> c.updatedAt().isBefore(cutoff)).toList();
        for (DeskCase c : expired) {
            service.forget(c);
            audit.record(new AuditEntry(actor, "desk.case.purge", "desk-case", c.id(), null, true, "retention", null));
        }
        if (!expired.isEmpty()) {
            log.info("Purged {} consultation cases past {} years of retention", expired.size(), years);
        }
        return expired.size();
    }
}
