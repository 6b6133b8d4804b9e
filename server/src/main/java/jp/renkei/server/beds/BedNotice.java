package jp.renkei.server.beds;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A vacant-bed notice (空床情報) of one clinic with beds. Facility-level data only (SP-CON-03).
 *
 * @param withdrawn  withdrawn by the clinic (kept until purged so that subscribers learn of it)
 * @param version    1 on publish, +1 on every change (updates, confirmed holds): optimistic concurrency
 */
record BedNotice(String id, String clinicId, String clinicName, String area, String bedType, int available,
                 LocalDate availableFrom, LocalDate availableUntil, List<String> accepts, String sex,
                 String contact, String remarks, Instant expiresAt, Instant publishedAt, Instant updatedAt,
                 long version, boolean withdrawn) {

    /** open, stale (past its expiry) or withdrawn, as of {@code now}: staleness is computed at read time. */
    String status(Instant now) {
        if (withdrawn) {
            return "withdrawn";
        }
        return now.isBefore(expiresAt) ? "open" : "stale";
    }

    BedNotice withAvailable(int count, Instant at) {
        return new BedNotice(id, clinicId, clinicName, area, bedType, count, availableFrom, availableUntil, accepts,
                sex, contact, remarks, expiresAt, publishedAt, at, version + 1, withdrawn);
    }

    BedNotice withdrawnAt(Instant at) {
        return new BedNotice(id, clinicId, clinicName, area, bedType, available, availableFrom, availableUntil,
                accepts, sex, contact, remarks, expiresAt, publishedAt, at, version + 1, true);
    }
}
