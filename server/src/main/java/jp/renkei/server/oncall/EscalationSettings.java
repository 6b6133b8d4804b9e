package jp.renkei.server.oncall;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code renkei.escalation.*}: whether urgent notes escalate ({@code enabled}, true), the minutes between
 * steps when the sender's organisation set none ({@code default-minutes}, 10), and how often the tick
 * looks for due steps ({@code tick-seconds}, 15), and whether a post or an acknowledgement wakes the tick at
 * once ({@code wake-on-events}, true; tests that drive every tick themselves switch it off).
 */
@Component
class EscalationSettings {

    private final boolean enabled;
    private final int defaultMinutes;
    private final int tickSeconds;
    private final boolean wakeOnEvents;

    EscalationSettings(@Value("${renkei.escalation.enabled:true}") boolean enabled,
                       @Value("${renkei.escalation.default-minutes:10}") int defaultMinutes,
                       @Value("${renkei.escalation.tick-seconds:15}") int tickSeconds,
                       @Value("${renkei.escalation.wake-on-events:true}") boolean wakeOnEvents) {
        this.wakeOnEvents = wakeOnEvents;
        if (defaultMinutes < RotaService.MIN_MINUTES || defaultMinutes > RotaService.MAX_MINUTES) {
            throw new IllegalArgumentException("renkei.escalation.default-minutes must be between "
                    + RotaService.MIN_MINUTES + " and " + RotaService.MAX_MINUTES);
        }
        this.enabled = enabled;
        this.defaultMinutes = defaultMinutes;
        this.tickSeconds = Math.max(1, tickSeconds);
    }

    boolean enabled() {
        return enabled;
    }

    int defaultMinutes() {
        return defaultMinutes;
    }

    boolean wakeOnEvents() {
        return wakeOnEvents;
    }

    int tickSeconds() {
        return tickSeconds;
    }
}
