package jp.renkei.loadgen;

/**
 * The load-test population, named deterministically so that the seeder and the generator agree
 * without exchanging a file: user {@code i} is {@code u-lg-00000i} with login {@code lg00000i}; room
 * {@code r} is {@code r-lg-00000r} and holds users {@code r*roomSize … r*roomSize+roomSize-1}, the
 * first of them its host. Users beyond the last full room are not used.
 */
record Topology(int users, int roomSize) {

    /** The password of every load-test account. These accounts exist only in load-test databases. */
    static final String PASSWORD = "Loadgen-pass-2026";
    /** Every seeded user's TOTP secret (base32): the generator computes its second factor (SP-AUTH-02). */
    static final String TOTP_SECRET = "RENKEILOADGENTOTPSECRETFORUSERSA";
    private static final java.util.Map<String, Long> LAST_TOTP_STEP = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A TOTP code for {@code user}'s next login that the server has not accepted before (it refuses a
     * replayed step): now, then now + 1; a third login within one 30-second step waits for the next.
     */
    static String nextTotpCode(int user) {
        return nextTotpCode(login(user));
    }

    /** As {@link #nextTotpCode(int)}, for any seeded login (the bed-board fan-out's accounts too). */
    static String nextTotpCode(String login) {
        String user = login;
        long step;
        while (true) {
            long now = System.currentTimeMillis() / 30_000;
            Long last = LAST_TOTP_STEP.get(user);
            step = last == null ? now : Math.max(now, last + 1);
            if (step <= now + 1 && (last == null ? LAST_TOTP_STEP.putIfAbsent(user, step) == null
                    : LAST_TOTP_STEP.replace(user, last, step))) {
                break;
            }
            if (step > now + 1) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return new jp.renkei.server.auth.Totp().code(TOTP_SECRET, step);
    }

    Topology {
        if (roomSize < 2) {
            throw new IllegalArgumentException("--room-size must be at least 2");
        }
        if (users < roomSize) {
            throw new IllegalArgumentException("--users must be at least --room-size");
        }
    }

    int rooms() {
        return users / roomSize;
    }

    /** Users that are members of a room (the rest of {@code users} is left out). */
    int usedUsers() {
        return rooms() * roomSize;
    }

    static String userId(int i) {
        return String.format("u-lg-%06d", i);
    }

    static String login(int i) {
        return String.format("lg%06d", i);
    }

    static String roomId(int r) {
        return String.format("r-lg-%06d", r);
    }

    int roomOf(int user) {
        return user / roomSize;
    }

    int member(int room, int slot) {
        return room * roomSize + slot;
    }

    /** A user's place in its room: 0 for the host, up to {@code roomSize - 1}. */
    int slotOf(int user) {
        return user % roomSize;
    }

    /**
     * The member of {@code room} who sends the post with sequence number {@code postIndex} (posts go
     * round-robin over rooms, then over each room's posting members): one of the first {@code posters}
     * slots, which are all of them unless the members are split over two nodes.
     */
    int poster(int room, long postIndex, int posters) {
        return member(room, (int) ((postIndex / rooms()) % posters));
    }

    /** With a two-node split, whether {@code user} connects to the receiving node (not one of the posters). */
    boolean onReceiveNode(int user, int posters) {
        return slotOf(user) >= posters;
    }
}
