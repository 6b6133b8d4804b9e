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
}
