package jp.renkei.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.MemberRole;
import jp.renkei.policy.Profession;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.protocol.ServerMessages.ConsentRecorded;
import jp.renkei.protocol.ServerMessages.MemberJoined;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.protocol.ServerMessages.RoomCreated;
import jp.renkei.server.crypto.ContentCipher;
import jp.renkei.server.crypto.CryptoProperties;
import jp.renkei.server.crypto.MasterKeyLoader;
import jp.renkei.server.crypto.RoomKeys;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.account.Organization;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.store.EmbeddedMongoServer;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.StoredEvent;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates load-test accounts and patient rooms in an embedded database folder, with the server
 * stopped (the server has no sign-up API). Writes through the server's public repositories, producing
 * the same documents as {@code RoomService.create} + {@code invite} would: for each room a
 * {@code room.created} event (seq 1), the host's {@code member.invited} (seq 2) and one
 * {@code member.invited} per other member, each followed by what {@code Projections} derives from it
 * (member added, the user's room list, the log head). {@code RoomService} and {@code RoomLogs} cannot
 * be built outside Spring (package-private constructors), hence the repositories.
 *
 * <p>Passwords are hashed with Argon2id at deliberately cheap parameters (1 MiB, 1 pass), once for
 * all accounts: Argon2 hashes carry their parameters, so the server verifies them at that cost and a
 * login storm measures the server, not the password hash. Never use such accounts outside a load test.
 *
 * <pre>java -cp loadgen/target/loadgen.jar jp.renkei.loadgen.Seeder --data-dir DIR --users 10000 --room-size 8</pre>
 */
public final class Seeder {

    /** Profession of each member slot in a room; slot 0 hosts and must be allowed to open patient rooms. */
    private static final Profession[] SLOTS = {Profession.NURSE, Profession.PHYSICIAN, Profession.PHARMACIST,
            Profession.CARE_MANAGER, Profession.CARE_WORKER, Profession.THERAPIST, Profession.NURSE,
            Profession.DIETITIAN};

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What was created. */
    public record Summary(int users, int rooms, long millis) {
    }

    private Seeder() {
    }

    public static void main(String[] args) {
        Path dir = null;
        int users = 0;
        int roomSize = 8;
        int threads = 4;
        long events = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data-dir" -> dir = Path.of(args[i + 1]);
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--room-size" -> roomSize = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--events" -> events = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null || users <= 0) {
            System.err.println("usage: Seeder --data-dir DIR --users N [--room-size 8] [--threads 4] [--events N]");
            System.exit(2);
        }
        Topology topology = new Topology(users, roomSize);
        Summary s = seed(dir, topology, threads);
        System.out.printf("seeded %s: %d users, %d rooms of %d in %.1f s (password %s)%n", dir, s.users(), s.rooms(),
                roomSize, s.millis() / 1000.0, Topology.PASSWORD);
        if (events > 0) {
            long millis = seedHistory(dir, topology, events);
            System.out.printf("stored %d more note events over the %d rooms in %.1f s%n", events, topology.rooms(),
                    millis / 1000.0);
        }
    }

    /** Seeds an empty data folder. The server must not be running on it (the file is locked anyway). */
    public static Summary seed(Path dataDir, int users, int roomSize) {
        return seed(dataDir, new Topology(users, roomSize), 2);
    }

    static Summary seed(Path dataDir, Topology topology, int threads) {
        long start = System.nanoTime();
        // fsync off while loading; closing the store commits everything to the file.
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, false);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoDatabase db = client.getDatabase("renkei").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            AccountRepository accounts = new AccountRepository(db);
            // The key the server will use on this folder: generated here once, as the server would.
            var master = MasterKeyLoader.load(new CryptoProperties(null, null, null, null, null), dataDir);
            ContentCipher cipher = new ContentCipher(new RoomKeys(db, master));
            RoomRepository rooms = new RoomRepository(db, cipher);
            EventRepository events = new EventRepository(db, cipher);
            CredentialStore credentials = new CredentialStore(db, master);
            if (accounts.findUser(Topology.userId(0)).isPresent()) {
                throw new IllegalStateException("already seeded: " + dataDir + " holds " + Topology.userId(0));
            }
            organizations(accounts);
            String hash = new Argon2PasswordEncoder(16, 32, 1, 1024, 1).encode(Topology.PASSWORD);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger done = new AtomicInteger();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int r = 0; r < topology.rooms(); r++) {
                    int room = r;
                    futures.add(pool.submit(() -> {
                        seedRoom(topology, room, hash, accounts, credentials, rooms, events);
                        int n = done.incrementAndGet();
                        if (n % 250 == 0) {
                            System.out.printf("  %d/%d rooms%n", n, topology.rooms());
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("seeding failed", e);
            } finally {
                pool.shutdownNow();
            }
        }
        return new Summary(topology.usedUsers(), topology.rooms(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Adds {@code count} stored notes (about 1 KB of body each) to the seeded rooms, spread evenly,
     * with {@code insertMany} in batches of 1,000, each encrypted under its room's key exactly as the
     * server stores it ({@link EventRepository#toDocument}), then moves each room's head to its last
     * event: the store then looks like a deployment that has been in use, for measuring how the cost
     * of a post grows with the stored events (issue 6). Server stopped, like {@link #seed}.
     */
    static long seedHistory(Path dataDir, Topology topology, long count) {
        long start = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, false);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoDatabase db = client.getDatabase("renkei");
            RoomRepository rooms = new RoomRepository(db);
            EventRepository events = new EventRepository(db, new ContentCipher(new RoomKeys(db,
                    MasterKeyLoader.load(new CryptoProperties(null, null, null, null, null), dataDir))));
            var collection = db.getCollection(jp.renkei.server.store.Collections.EVENTS);
            int roomCount = topology.rooms();
            long[] seq = new long[roomCount];
            long[] notes = new long[roomCount];
            Person[] senders = new Person[roomCount];
            for (int r = 0; r < roomCount; r++) {
                var room = rooms.find(Topology.roomId(r)).orElseThrow();
                seq[r] = room.head().seq();
                notes[r] = room.head().notes();
            }
            String body = JSON.writeValueAsString(java.util.Map.of("note", java.util.Map.of("kind", "free",
                    "text", "負荷試験の記録。血圧、脈拍、体温は安定。食事摂取良好、排便あり。".repeat(10))));
            Instant at = Instant.now();
            List<org.bson.Document> batch = new ArrayList<>(1000);
            for (long i = 0; i < count; i++) {
                int r = (int) (i % roomCount);
                String roomId = Topology.roomId(r);
                if (senders[r] == null) {
                    senders[r] = new Person(Topology.userId(topology.member(r, 0)), "試験 太郎", "nurse", "o-lg-vns",
                            "負荷試験訪問看護ステーション");
                }
                batch.add(events.toDocument(new StoredEvent(roomId, ++seq[r], EventKind.NOTE_POSTED, senders[r], at,
                        ++notes[r], null, body)));
                if (batch.size() == 1000) {
                    collection.insertMany(batch);
                    batch.clear();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  %d/%d events%n", i + 1, count);
                }
            }
            if (!batch.isEmpty()) {
                collection.insertMany(batch);
            }
            for (int r = 0; r < roomCount; r++) {
                rooms.advanceHead(Topology.roomId(r), seq[r], notes[r], at);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void organizations(AccountRepository accounts) {
        accounts.saveOrganization(new Organization("o-lg-vns", "負荷試験訪問看護ステーション", OrganizationKind.HOME_NURSING_STATION, "北区"));
        accounts.saveOrganization(new Organization("o-lg-clinic", "負荷試験在宅クリニック", OrganizationKind.CLINIC, "北区"));
        accounts.saveOrganization(new Organization("o-lg-pharmacy", "負荷試験薬局", OrganizationKind.PHARMACY, "北区"));
        accounts.saveOrganization(new Organization("o-lg-kyotaku", "負荷試験居宅介護支援事業所", OrganizationKind.CARE_MANAGEMENT_OFFICE, "北区"));
        accounts.saveOrganization(new Organization("o-lg-helper", "負荷試験訪問介護事業所", OrganizationKind.HOME_CARE_PROVIDER, "北区"));
    }

    private static String organizationOf(Profession p) {
        return switch (p) {
            case NURSE -> "o-lg-vns";
            case PHARMACIST -> "o-lg-pharmacy";
            case CARE_MANAGER -> "o-lg-kyotaku";
            case CARE_WORKER -> "o-lg-helper";
            default -> "o-lg-clinic";
        };
    }

    private static void seedRoom(Topology topology, int r, String hash, AccountRepository accounts,
                                 CredentialStore credentials, RoomRepository rooms, EventRepository events) {
        List<UserAccount> members = new ArrayList<>();
        for (int slot = 0; slot < topology.roomSize(); slot++) {
            int i = topology.member(r, slot);
            Profession p = SLOTS[slot % SLOTS.length];
            members.add(accounts.createUser(Topology.userId(i), Topology.login(i),
                    String.format("試験 %s%06d", p == Profession.PHYSICIAN ? "医師" : "太郎", i),
                    p, organizationOf(p), hash));
            credentials.setTotp(Topology.userId(i), Topology.TOTP_SECRET, 0);
        }
        String roomId = Topology.roomId(r);
        UserAccount host = members.get(0);
        Person hostPerson = host.person();
        String title = String.format("負荷試験 %06d 様", r);
        Instant at = Instant.now();
        rooms.insert(roomId, RoomKind.PATIENT, title,
                new PatientProfile(String.format("負荷試験 %06d", r), "フカシケン", "1940-04-01", "female", "要介護2", "北区"),
                host.id(), at);
        long seq = 0;
        // seq 1: room.created. Projections derive nothing but the head from it.
        append(events, new StoredEvent(roomId, ++seq, EventKind.ROOM_CREATED, hostPerson, at, 0, null,
                JSON.writeValueAsString(new RoomCreated(title, RoomKind.PATIENT.wire()))));
        rooms.advanceHead(roomId, seq, 0, at);
        // seq 2…: the host, then each member. Projections: member, the user's rooms, the head.
        for (UserAccount m : members) {
            MemberRole role = m == host ? MemberRole.HOST : MemberRole.MEMBER;
            append(events, new StoredEvent(roomId, ++seq, EventKind.MEMBER_INVITED, hostPerson, at, 0, null,
                    JSON.writeValueAsString(new MemberJoined(m.person(), role.wire()))));
            rooms.addMember(roomId, m.id(), role, at);
            rooms.addRoomOfUser(m.id(), roomId);
            rooms.advanceHead(roomId, seq, 0, at);
        }
        // Then the patient's consent (SP-CON-01): without it the room takes no notes.
        append(events, new StoredEvent(roomId, ++seq, EventKind.CONSENT_RECORDED, hostPerson, at, 0, null,
                JSON.writeValueAsString(new ConsentRecorded("patient", null, "written", "2026-04-01", List.of(),
                        List.of()))));
        rooms.setConsent(roomId, List.of(), List.of());
        rooms.advanceHead(roomId, seq, 0, at);
    }

    private static void append(EventRepository events, StoredEvent e) {
        if (!events.insert(e)) {
            throw new IllegalStateException("event already stored: " + e.eventId());
        }
    }
}
