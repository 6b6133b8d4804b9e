package jp.renkei.server.room;

import java.time.LocalDate;
import java.util.Map;

import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a closed room's content is kept (SP-RET-01): {@code renkei.retention.years} after the day care
 * ended (5 by default, as for 診療録 under 医師法24条), or {@code renkei.retention.region-years.<area>} for
 * rooms whose host's organisation is in that area. One place computes it, so the room's banner, the
 * administrator's due list and the purge agree.
 *
 * @param years       the default period in years (1 to 30)
 * @param regionYears periods per organisation area, e.g. {@code kita=7}
 */
@ConfigurationProperties("renkei.retention")
public record RetentionPeriod(@DefaultValue("5") int years, Map<String, Integer> regionYears) {

    public RetentionPeriod {
        regionYears = regionYears == null ? Map.of() : Map.copyOf(regionYears);
        if (years < 1 || years > 30 || regionYears.values().stream().anyMatch(y -> y == null || y < 1 || y > 30)) {
            throw new IllegalArgumentException("renkei.retention.years and region-years must be 1 to 30");
        }
    }

    /** The last day of the retention period of a room closed on {@code date} by a host of {@code organizationId}. */
    public LocalDate until(LocalDate date, String organizationId, AccountRepository accounts) {
        String area = organizationId == null ? null
                : accounts.findOrganization(organizationId).map(Organization::area).orElse(null);
        return untilInArea(date, area);
    }

    /** The last day of the retention period of a room closed on {@code date} in {@code area} (or none). */
    public LocalDate untilInArea(LocalDate date, String area) {
        Integer regional = area == null ? null : regionYears.get(area);
        return date.plusYears(regional != null ? regional : years);
    }
}
