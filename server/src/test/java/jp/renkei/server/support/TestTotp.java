package jp.renkei.server.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jp.renkei.server.auth.Totp;

/**
 * TOTP codes for test logins, like an authenticator app holding {@link #SECRET}. The server refuses a
 * code of a time step it has already accepted for the user (replay), so repeated logins of one user
 * take the next unused step of the accepted window (now − 1 … now + 1), and wait for the next
 * 30-second step when all are used.
 */
public final class TestTotp {

    /**
     * The known second factor of test users and of the demo users (documented in the README; demo
     * data only). Base32.
     */
    public static final String SECRET = "RENKEIDEMOTOTPSECRETFORDEMOUSERS";

    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();
    private static final Totp CODES = new Totp();

    private TestTotp() {
    }

    /** The code for {@code secret} at time step {@code step}. */
    public static String code(String secret, long step) {
        return CODES.code(secret, step);
    }

    /** A code for {@code login}'s next login that the server has not seen yet. */
    public static synchronized String nextCode(String login, String secret) {
        String key = login.trim().toLowerCase(java.util.Locale.ROOT);
        while (true) {
            long millis = System.currentTimeMillis();
            long now = millis / 30_000;
            long msLeft = 30_000 - millis % 30_000;
            long last = LAST_STEP.getOrDefault(key, Long.MIN_VALUE);
            // now − 1 only while the server is sure to be in the same step when it checks.
            long candidate = Math.max(msLeft > 5_000 ? now - 1 : now, last == Long.MIN_VALUE ? now - 1 : last + 1);
            if (candidate <= now + 1) {
                LAST_STEP.put(key, candidate);
                return code(secret, candidate);
            }
            try {
                Thread.sleep(msLeft + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
