package jp.renkei.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Destinations;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.crypto.CryptoProperties;
import jp.renkei.server.crypto.MasterKeyLoader;
import jp.renkei.server.account.Organization;
import jp.renkei.server.store.EmbeddedMongoServer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Bed-board fan-out benchmark (issue 5): one clinic with beds publishes and updates vacant-bed notices
 * over HTTP at {@code --rate} per second; {@code --offices} discharge offices (地域連携室), each its own
 * hospital organisation with one MSW, are logged in over HTTP and subscribed over STOMP/WebSocket to
 * {@value Destinations#BED_BOARD} with filter headers that every published notice matches (none, area,
 * bed type, accepts, and all three), and {@code --decoys} more offices subscribe with filters that no
 * notice matches. Latency is measured per recipient, from the time the publish or update request was
 * <em>scheduled</em> (so a publisher that falls behind shows up as latency) to the arrival of the
 * MESSAGE at that office. Every notice must reach every matching office exactly once and no decoy.
 *
 * <p>Each request carries its step number in the notice's remarks ({@code 負荷試験 lg:<run>:<step>}),
 * which comes back in every MESSAGE. {@code --notices} notices are kept live: step {@code s} publishes
 * (POST) notice {@code s % notices} the first time and updates it (PUT with its version) afterwards; the
 * requests of one notice are chained (an update needs the previous version), those of different
 * notices run concurrently.
 *
 * <pre>
 * java -cp loadgen/target/loadgen.jar jp.renkei.loadgen.BedFanout seed --data-dir DIR --offices 500 [--decoys 20]
 * java -cp loadgen/target/loadgen.jar jp.renkei.loadgen.BedFanout run --url http://127.0.0.1:18080 --offices 500
 *      [--decoys 20] [--rate 10] [--warmup 5] [--duration 30] [--grace 10] [--notices 4] [--server-pid PID]
 *      [--out loadgen/results/DATE/bed-fanout-500.json]   (a .csv of the latency distribution is written next to it)
 * </pre>
 */
public final class BedFanout {

    static final String CLINIC_LOGIN = "lgbeds";
    private static final String CLINIC_ORG = "o-lg-beds";
    private static final String AREA = "北区";

    /** Filters of matching offices, in turn: every published notice (北区, respite, oxygen+suction+…) matches each. */
    private static final List<Map<String, String>> MATCHING_FILTERS = List.of(
            Map.of(),
            Map.of(Destinations.HEADER_BED_AREA, AREA),
            Map.of(Destinations.HEADER_BED_TYPE, "respite"),
            Map.of(Destinations.HEADER_BED_ACCEPTS, "oxygen"),
            Map.of(Destinations.HEADER_BED_AREA, AREA, Destinations.HEADER_BED_TYPE, "respite",
                    Destinations.HEADER_BED_ACCEPTS, "oxygen,suction"));
    /** Filters of decoy offices: no published notice matches them. */
    private static final List<Map<String, String>> DECOY_FILTERS = List.of(
            Map.of(Destinations.HEADER_BED_AREA, "南区"),
            Map.of(Destinations.HEADER_BED_TYPE, "palliative"),
            Map.of(Destinations.HEADER_BED_ACCEPTS, "dialysis"));

    /** Command-line options of {@code run}. */
    record Config(String url, int offices, int decoys, double rate, int warmup, int duration, int grace,
                  int notices, int connectThreads, int ioThreads, long serverPid, Path out) {

        static Config parse(String... args) {
            Map<String, String> o = options(args);
            Config c = new Config(o.getOrDefault("--url", "http://127.0.0.1:8080"),
                    Integer.parseInt(o.getOrDefault("--offices", "500")),
                    Integer.parseInt(o.getOrDefault("--decoys", "0")),
                    Double.parseDouble(o.getOrDefault("--rate", "10")),
                    Integer.parseInt(o.getOrDefault("--warmup", "5")),
                    Integer.parseInt(o.getOrDefault("--duration", "30")),
                    Integer.parseInt(o.getOrDefault("--grace", "10")),
                    Integer.parseInt(o.getOrDefault("--notices", "4")),
                    Integer.parseInt(o.getOrDefault("--connect-threads", "8")),
                    Integer.parseInt(o.getOrDefault("--io-threads", "2")),
                    Long.parseLong(o.getOrDefault("--server-pid", "0")),
                    o.containsKey("--out") ? Path.of(o.get("--out")) : null);
            if (c.offices < 1 || c.decoys < 0 || c.rate <= 0 || c.warmup < 0 || c.duration < 1 || c.grace < 0
                    || c.notices < 1 || c.connectThreads < 1 || c.ioThreads < 1) {
                throw new IllegalArgumentException("out of range option\n" + USAGE);
            }
            return c;
        }
    }

    static final String USAGE = """
            usage: BedFanout seed --data-dir DIR --offices N [--decoys D]      (server stopped)
                   BedFanout run [--url http://127.0.0.1:8080] [--offices 500] [--decoys 0] [--rate 10]
                                 [--warmup 5] [--duration 30] [--grace 10] [--notices 4] [--connect-threads 8]
                                 [--io-threads 2] [--server-pid PID] [--out FILE.json]
            """;

    private final Config config;
    private final String runId;
    private final ExecutorService io;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final HttpClient sockets;

    // Steps (publish or update requests), indexed by step number.
    private final int capacity;
    private final AtomicLongArray dueNanos;
    private final AtomicIntegerArray status;
    private final AtomicInteger steps = new AtomicInteger();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final ConcurrentHistogram requestMicros = new ConcurrentHistogram(3_600_000_000L, 3);

    // Deliveries.
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder misdelivered = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder errorFrames = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;
    private volatile boolean frozen;
    private volatile boolean closing;

    private Office[] officesAndDecoys;
    private String[] clinicSession;
    /** Per notice slot: its id and version after the last answered request. */
    private final List<CompletableFuture<String[]>> slots = new ArrayList<>();

    BedFanout(Config config) {
        this.config = config;
        // Letters only: the marker must not add digit runs the patient-data guard refuses.
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            id.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        this.runId = id.toString();
        this.io = Executors.newFixedThreadPool(config.ioThreads(), r -> {
            Thread t = new Thread(r, "bedfanout-io");
            t.setDaemon(true);
            return t;
        });
        // Publishing has its own threads: an update waits for the previous answer, and that answer must not
        // queue behind thousands of MESSAGE frames on the subscribers' threads (that would be the
        // generator's latency, not the server's).
        this.httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bedfanout-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(30)).build();
        this.sockets = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(30)).build();
        this.capacity = (int) Math.ceil(config.rate() * (config.warmup() + config.duration())) + 16;
        this.dueNanos = new AtomicLongArray(capacity);
        this.status = new AtomicIntegerArray(capacity);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("seed") || args[0].equals("run"))) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("seed")) {
            Map<String, String> o = options(rest);
            if (!o.containsKey("--data-dir") || !o.containsKey("--offices")) {
                System.err.println(USAGE);
                System.exit(2);
            }
            int offices = Integer.parseInt(o.get("--offices"));
            int decoys = Integer.parseInt(o.getOrDefault("--decoys", "0"));
            long t0 = System.nanoTime();
            int created = seed(Path.of(o.get("--data-dir")), offices + decoys);
            System.out.printf("seeded %d discharge offices (%d new) and clinic %s in %.1f s (password %s)%n",
                    offices + decoys, created, CLINIC_LOGIN, (System.nanoTime() - t0) / 1e9, Topology.PASSWORD);
            return;
        }
        Config config;
        try {
            config = Config.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> result = new BedFanout(config).run();
        System.out.println(summary(result));
        if (config.out() != null) {
            write(config.out(), result);
            System.out.println("result written to " + config.out());
        }
        System.exit(Boolean.TRUE.equals(result.get("clean")) ? 0 : 3);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("bad option " + args[i] + "\n" + USAGE);
            }
            o.put(args[i], args[i + 1]);
        }
        return o;
    }

    // ------------------------------------------------------------------ seeding

    static String officeLogin(int i) {
        return String.format("lgmsw%05d", i);
    }

    /**
     * Adds {@code offices} discharge offices (one {@code HOSPITAL} organisation with one MSW each) and the
     * publishing clinic with beds to an embedded database folder, with the server stopped; accounts that
     * exist already are kept, so a folder can be seeded again with more offices. Passwords are hashed
     * once with Argon2id at the deliberately cheap parameters of {@link Seeder} (load-test accounts
     * only). Returns the number of offices created.
     */
    public static int seed(Path dataDir, int offices) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, false);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            AccountRepository accounts = new AccountRepository(client.getDatabase("renkei"));
            // Every account gets the load test's known TOTP secret (SP-AUTH-02), encrypted under the folder's
            // master key as the server would.
            CredentialStore credentials = new CredentialStore(client.getDatabase("renkei"),
                    MasterKeyLoader.load(new CryptoProperties(null, null, null, null, null), dataDir));
            String hash = new Argon2PasswordEncoder(16, 32, 1, 1024, 1).encode(Topology.PASSWORD);
            if (accounts.findUser("u-lg-beds").isEmpty()) {
                accounts.saveOrganization(new Organization(CLINIC_ORG, "負荷試験有床診療所", OrganizationKind.CLINIC_WITH_BEDS, AREA));
                accounts.createUser("u-lg-beds", CLINIC_LOGIN, "試験 看護師長", Profession.NURSE, CLINIC_ORG, hash);
                credentials.setTotp("u-lg-beds", Topology.TOTP_SECRET, 0);
            }
            int created = 0;
            for (int i = 0; i < offices; i++) {
                String userId = String.format("u-lg-msw-%05d", i);
                if (accounts.findUser(userId).isPresent()) {
                    continue;
                }
                String orgId = String.format("o-lg-hosp-%05d", i);
                accounts.saveOrganization(new Organization(orgId, String.format("負荷試験病院 %05d 地域連携室", i),
                        OrganizationKind.HOSPITAL, AREA));
                accounts.createUser(userId, officeLogin(i), String.format("試験 相談員%05d", i),
                        Profession.SOCIAL_WORKER, orgId, hash);
                credentials.setTotp(userId, Topology.TOTP_SECRET, 0);
                created++;
            }
            return created;
        }
    }

    // ------------------------------------------------------------------ the run

    /** Connect, publish and measure, drain, withdraw, account, disconnect. */
    Map<String, Object> run() throws InterruptedException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "bed-fanout");
        r.put("url", config.url());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("offices", config.offices());
        options.put("decoys", config.decoys());
        options.put("rate", config.rate());
        options.put("notices", config.notices());
        options.put("warmupSeconds", config.warmup());
        options.put("durationSeconds", config.duration());
        options.put("graceSeconds", config.grace());
        r.put("options", options);
        r.put("machine", machine());
        ServerProbe server = new ServerProbe(config.serverPid());
        try {
            clinicSession = login(CLINIC_LOGIN).join();
            connectAll(r);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double serverCpu0 = server.available() ? server.cpuSeconds() : -1;
            double clientCpu0 = os.getProcessCpuTime() / 1e9;
            long[] jiffies0 = ServerProbe.machineJiffies();
            double lag = publish();
            drain(config.grace());
            double seconds = config.warmup() + config.duration();
            r.put("publishing", Map.of("maxSchedulerLagMillis", LoadGenerator.round(lag)));
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("serverPercent", server.available()
                    ? LoadGenerator.round((server.cpuSeconds() - serverCpu0) / seconds * 100) : -1);
            cpu.put("clientPercent", LoadGenerator.round((os.getProcessCpuTime() / 1e9 - clientCpu0) / seconds * 100));
            long[] jiffies1 = ServerProbe.machineJiffies();
            if (jiffies0 != null && jiffies1 != null && jiffies1[1] > jiffies0[1]) {
                cpu.put("machineBusyPercent", LoadGenerator.round(100.0 * (jiffies1[0] - jiffies0[0]) / (jiffies1[1] - jiffies0[1])));
            }
            cpu.put("loadAverageEnd", ServerProbe.loadAverage());
            r.put("cpu", cpu);
            account(r);
            withdrawAll();
        } catch (RuntimeException e) {
            r.put("aborted", LoadGenerator.rootMessage(e));
            r.put("clean", false);
        } finally {
            closing = true;
            disconnectAll();
            io.shutdownNow();
            httpThreads.shutdownNow();
        }
        return r;
    }

    private void connectAll(Map<String, Object> r) throws InterruptedException {
        int n = config.offices() + config.decoys();
        officesAndDecoys = new Office[n];
        Semaphore inFlight = new Semaphore(config.connectThreads());
        List<CompletableFuture<?>> all = new ArrayList<>();
        Histogram setup = new ConcurrentHistogram(3_600_000_000L, 3);
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            boolean decoy = i >= config.offices();
            Map<String, String> filter = decoy ? DECOY_FILTERS.get((i - config.offices()) % DECOY_FILTERS.size())
                    : MATCHING_FILTERS.get(i % MATCHING_FILTERS.size());
            Office o = new Office(i, decoy, filter);
            officesAndDecoys[i] = o;
            inFlight.acquire();
            long t0 = System.nanoTime();
            all.add(o.connect().orTimeout(60, TimeUnit.SECONDS).handle((x, e) -> {
                inFlight.release();
                if (e != null) {
                    errors.merge(LoadGenerator.rootMessage(e), 1, Integer::sum);
                } else {
                    setup.recordValue((System.nanoTime() - t0) / 1000);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("offices", n);
        c.put("failed", errors.values().stream().mapToInt(Integer::intValue).sum());
        if (!errors.isEmpty()) {
            c.put("errors", new LinkedHashMap<>(errors));
        }
        c.put("setupSeconds", LoadGenerator.round(seconds));
        c.put("setupMillis", percentiles(setup));
        r.put("connections", c);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("connections failed: " + errors);
        }
    }

    /** Sends the steps on schedule; returns the largest lag of the scheduler in ms. */
    private double publish() {
        long start = System.nanoTime() + 200_000_000L;
        measureStart = start + config.warmup() * 1_000_000_000L;
        measureEnd = measureStart + config.duration() * 1_000_000_000L;
        for (int k = 0; k < config.notices(); k++) {
            slots.add(CompletableFuture.completedFuture(null));
        }
        long interval = (long) (1e9 / config.rate());
        long lagMax = 0;
        for (int s = 0; s < capacity; s++) {
            long due = start + s * interval;
            if (due >= measureEnd) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                lagMax = Math.max(lagMax, -wait);
            }
            int step = steps.getAndIncrement();
            dueNanos.set(step, due);
            status.set(step, 1);
            int k = step % config.notices();
            slots.set(k, slots.get(k).thenCompose(state -> request(step, state)));
        }
        return lagMax / 1e6;
    }

    /** POST (no notice yet in this slot) or PUT with the last version; completes with {id, version}. */
    private CompletableFuture<String[]> request(int step, String[] state) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String body = """
                {"bedType":"respite","available":%d,"availableFrom":"%s","availableUntil":"%s",\
                "accepts":["oxygen","suction","dementia"],"sex":"any","contact":"2階病棟 看護師長 内線201",\
                "remarks":"負荷試験 lg:%s:%d","expiresAt":"%s"%s}"""
                .formatted(1 + step % 5, today, today.plusDays(14), runId, step,
                        Instant.now().plus(Duration.ofHours(20)), state == null ? "" : ",\"version\":" + state[1]);
        URI uri = URI.create(config.url()).resolve(state == null ? "/api/beds/notices" : "/api/beds/notices/" + state[0]);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Cookie", clinicSession[0])
                .header("X-CSRF-TOKEN", clinicSession[1]);
        HttpRequest req = (state == null ? b.POST(HttpRequest.BodyPublishers.ofString(body))
                : b.PUT(HttpRequest.BodyPublishers.ofString(body))).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((resp, e) -> {
            long due = dueNanos.get(step);
            long now = System.nanoTime();
            if (due >= measureStart && due < measureEnd && !frozen) {
                requestMicros.recordValue(Math.max(0, (now - due) / 1000));
            }
            if (e != null || (resp.statusCode() != 200 && resp.statusCode() != 201)) {
                status.set(step, 3);
                failed.increment();
                failures.computeIfAbsent(e != null ? LoadGenerator.rootMessage(e)
                        : "HTTP " + resp.statusCode() + " " + LoadGenerator.JSON.readTree(resp.body()).path("code").asString(""),
                        x -> new LongAdder()).increment();
                return state;
            }
            JsonNode n = LoadGenerator.JSON.readTree(resp.body());
            status.set(step, 2);
            acked.increment();
            return new String[] {n.path("id").asString(), Long.toString(n.path("version").asLong())};
        });
    }

    private void drain(int graceSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + graceSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (acked.sum() + failed.sum() >= steps.get() && deliveries.sum() >= acked.sum() * config.offices()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private void account(Map<String, Object> r) throws InterruptedException {
        frozen = true;
        Thread.sleep(50); // lets a recording in progress finish
        long expected = 0;
        long received = 0;
        long lost = 0;
        int officesMissingSome = 0;
        for (Office o : officesAndDecoys) {
            if (o.decoy) {
                continue;
            }
            long missing = 0;
            synchronized (o.received) {
                for (int s = 0; s < steps.get(); s++) {
                    if (status.get(s) != 2) {
                        continue;
                    }
                    expected++;
                    if (o.received.get(s)) {
                        received++;
                    } else {
                        missing++;
                    }
                }
            }
            lost += missing;
            officesMissingSome += missing > 0 ? 1 : 0;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sent", steps.get());
        p.put("acknowledged", acked.sum());
        p.put("failed", failed.sum());
        p.put("unanswered", steps.get() - acked.sum() - failed.sum());
        if (!failures.isEmpty()) {
            Map<String, Long> f = new LinkedHashMap<>();
            failures.forEach((k, v) -> f.put(k, v.sum()));
            p.put("failures", f);
        }
        p.put("responseMillis", percentiles(requestMicros));
        r.put("requests", p);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("expected", expected);
        d.put("received", received);
        d.put("lost", lost);
        d.put("officesMissingSome", officesMissingSome);
        d.put("duplicated", duplicates.sum());
        d.put("toDecoys", misdelivered.sum());
        d.put("unknown", unknown.sum());
        d.put("errorFrames", errorFrames.sum());
        d.put("connectionsLost", connectionsLost.sum());
        d.put("perSecond", LoadGenerator.round(received / (double) (config.warmup() + config.duration())));
        r.put("deliveries", d);
        r.put("latencyMillis", percentiles(latencyMicros));
        r.put("latencyHistogram", latencyMicros);
        boolean clean = lost == 0 && duplicates.sum() == 0 && misdelivered.sum() == 0 && failed.sum() == 0
                && acked.sum() == steps.get() && errorFrames.sum() == 0 && connectionsLost.sum() == 0;
        r.put("clean", clean);
    }

    /** Withdraws the notices of this run so that a rerun on the same server starts with an empty board. */
    private void withdrawAll() {
        for (CompletableFuture<String[]> slot : slots) {
            try {
                String[] state = slot.get(10, TimeUnit.SECONDS);
                if (state != null) {
                    http.send(HttpRequest.newBuilder(URI.create(config.url()).resolve("/api/beds/notices/" + state[0]))
                            .timeout(Duration.ofSeconds(30)).header("Cookie", clinicSession[0])
                            .header("X-CSRF-TOKEN", clinicSession[1]).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                }
            } catch (Exception e) {
                // Best effort: a notice left behind goes stale within a day.
            }
        }
    }

    private void disconnectAll() {
        if (officesAndDecoys == null) {
            return;
        }
        List<StompConnection> connections = new ArrayList<>();
        for (Office o : officesAndDecoys) {
            connections.add(o == null ? null : o.connection);
        }
        StompConnection.closeAll(connections);
    }

    /** Logs in over HTTP with both factors; completes with {cookie header, CSRF token}. */
    private CompletableFuture<String[]> login(String login) {
        return HttpLogin.logIn(http, URI.create(config.url()), login);
    }

    /** One discharge office's STOMP session with its board subscription. */
    final class Office implements StompConnection.Handler {
        final int index;
        final boolean decoy;
        final Map<String, String> filter;
        final BitSet received = new BitSet();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        volatile StompConnection connection;
        private String csrf;

        Office(int index, boolean decoy, Map<String, String> filter) {
            this.index = index;
            this.decoy = decoy;
            this.filter = filter;
        }

        CompletableFuture<Void> connect() {
            return login(officeLogin(index)).thenCompose(session -> {
                csrf = session[1];
                URI ws = URI.create(config.url().replaceFirst("^http", "ws") + "/ws");
                return StompConnection.open(sockets, ws, Map.of("Cookie", session[0]), List.of(), this);
            }).thenCompose(c -> {
                connection = c;
                Map<String, String> h = new LinkedHashMap<>();
                h.put("accept-version", "1.2");
                h.put("host", "127.0.0.1");
                h.put("heart-beat", "0,0");
                h.put("X-CSRF-TOKEN", csrf);
                c.send("CONNECT", h, "");
                return subscribed;
            });
        }

        @Override
        public void onFrame(StompConnection c, StompFrame f) {
            switch (f.command()) {
                case "CONNECTED" -> {
                    c.send("SUBSCRIBE", Map.of("destination", Destinations.ME_REPLIES, "id", "replies"), "");
                    Map<String, String> h = new LinkedHashMap<>(filter);
                    h.put("destination", Destinations.BED_BOARD);
                    h.put("id", "board");
                    h.put("request-id", "s" + index);
                    c.send("SUBSCRIBE", h, "");
                }
                case "MESSAGE" -> message(f);
                case "ERROR" -> {
                    errorFrames.increment();
                    subscribed.completeExceptionally(new IllegalStateException("ERROR frame: " + f.header("message")));
                }
                default -> unknown.increment();
            }
        }

        @Override
        public void onClosed(StompConnection c, int status, String reason) {
            if (!closing) {
                connectionsLost.increment();
            }
            subscribed.completeExceptionally(new IllegalStateException("closed " + status + " " + reason));
        }

        private void message(StompFrame f) {
            long now = System.nanoTime();
            if ("replies".equals(f.header("subscription"))) {
                JsonNode reply = LoadGenerator.JSON.readTree(f.body());
                if ("ok".equals(reply.path("type").asString(""))) {
                    subscribed.complete(null);
                } else {
                    subscribed.completeExceptionally(new IllegalStateException("subscribe refused: " + f.body()));
                }
                return;
            }
            if (!"board".equals(f.header("subscription"))) {
                unknown.increment();
                return;
            }
            int step = stepOf(f.body(), runId);
            if (step < 0 || step >= steps.get()) {
                unknown.increment();
                return;
            }
            if (decoy) {
                misdelivered.increment();
                return;
            }
            synchronized (received) {
                if (received.get(step)) {
                    duplicates.increment();
                    return;
                }
                received.set(step);
            }
            deliveries.increment();
            long due = dueNanos.get(step);
            if (due >= measureStart && due < measureEnd && !frozen) {
                latencyMicros.recordValue(Math.max(0, (now - due) / 1000));
            }
        }
    }

    /** The step number in a notice message's remarks ({@code lg:<run>:<step>}), or -1. */
    static int stepOf(String body, String runId) {
        String marker = "lg:" + runId + ":";
        int at = body.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        int i = at + marker.length();
        int v = 0;
        int digits = 0;
        while (i < body.length() && Character.isDigit(body.charAt(i)) && digits < 9) {
            v = v * 10 + (body.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    // ------------------------------------------------------------------ output

    private static Map<String, Object> percentiles(Histogram micros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", micros.getTotalCount());
        if (micros.getTotalCount() == 0) {
            return m;
        }
        m.put("p50", LoadGenerator.round(micros.getValueAtPercentile(50) / 1000.0));
        m.put("p90", LoadGenerator.round(micros.getValueAtPercentile(90) / 1000.0));
        m.put("p99", LoadGenerator.round(micros.getValueAtPercentile(99) / 1000.0));
        m.put("p99.9", LoadGenerator.round(micros.getValueAtPercentile(99.9) / 1000.0));
        m.put("max", LoadGenerator.round(micros.getMaxValue() / 1000.0));
        m.put("mean", LoadGenerator.round(micros.getMean() / 1000.0));
        return m;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadAverageStart", ServerProbe.loadAverage());
        return m;
    }

    /** Writes the result as JSON and the latency distribution as CSV (same name, {@code .csv}). */
    static void write(Path json, Map<String, Object> result) throws java.io.IOException {
        Map<String, Object> copy = new LinkedHashMap<>(result);
        Histogram h = (Histogram) copy.remove("latencyHistogram");
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, LoadGenerator.JSON.writeValueAsString(copy));
        if (h != null) {
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(csv, true, StandardCharsets.UTF_8)) {
                h.outputPercentileDistribution(ps, 5, 1000.0, true); // values in ms
            }
            String name = json.getFileName().toString().replaceFirst("\\.json$", "") + ".csv";
            Files.write(json.resolveSibling(name), csv.toByteArray());
        }
    }

    static String summary(Map<String, Object> r) {
        return "---- bed-board fan-out " + r.get("url") + "\n"
                + "options " + r.get("options") + "\n"
                + "connections " + r.get("connections") + "\n"
                + "requests " + r.get("requests") + "\n"
                + "deliveries " + r.get("deliveries") + "\n"
                + "latency publish→MESSAGE ms " + r.get("latencyMillis") + "\n"
                + "cpu " + r.get("cpu") + "\n"
                + (r.containsKey("aborted") ? "ABORTED: " + r.get("aborted") + "\n" : "")
                + (Boolean.TRUE.equals(r.get("clean")) ? "RESULT: clean (every notice reached every matching office once, no decoy)"
                        : "RESULT: NOT CLEAN");
    }
}
