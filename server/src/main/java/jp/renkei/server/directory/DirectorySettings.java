package jp.renkei.server.directory;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the provider directory ({@code renkei.directory.*}).
 *
 * @param staleAfterDays          an entry whose acceptance status was not confirmed for more than this many
 *                                days (Japan calendar days) is shown as stale and its administrator reminded
 * @param zone                    the zone of every date and contact window (Japan time)
 * @param publicRequestsPerMinute requests to the public directory per client address and minute; beyond it
 *                                {@code 429 RATE_LIMITED} with {@code Retry-After}
 * @param publicMaxAgeSeconds     how long browsers and caches in front of the server may keep a public answer
 */
@ConfigurationProperties("renkei.directory")
public record DirectorySettings(@DefaultValue("30") int staleAfterDays,
                                @DefaultValue("Asia/Tokyo") ZoneId zone,
                                @DefaultValue("60") int publicRequestsPerMinute,
                                @DefaultValue("60") int publicMaxAgeSeconds) {

    public DirectorySettings {
        if (staleAfterDays < 1 || staleAfterDays > 365) {
            throw new IllegalArgumentException("renkei.directory.stale-after-days must be 1..365");
        }
    }
}
