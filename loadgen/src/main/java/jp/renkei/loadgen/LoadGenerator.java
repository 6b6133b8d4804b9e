package jp.renkei.loadgen;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator: connects {@code --users} real clients (HTTP login, then STOMP over WebSocket,
 * each subscribed to its room), posts visit notes at {@code --rate} posts/s spread over all rooms, and
 * measures from the client side: post → delivery latency for every recipient, deliveries per second,
 * acknowledged posts, lost and duplicated deliveries, connection set-up rate, the server's CPU and
 * memory, and how long a reconnecting client takes to catch up on {@code --catchup} missed events.
 *
 * <p>Every post carries its id in the note text ({@code [lg:<id>]}); its send time is the time it was
 * <em>scheduled</em>, so a generator that falls behind shows up as latency instead of hiding it. A
 * delivery counts once per (subscription, post): a second one is a duplicate. A post acknowledged by
 * the server (Renkei: {@code ok} reply; RabbitMQ: STOMP RECEIPT) is expected at every member's
 * subscription; what has not arrived when the grace period ends is lost.
 *
 * <p>In {@code rabbitmq} mode the same users, rooms and bodies go over RabbitMQ Web-STOMP:
 * one connection per user, {@code SUBSCRIBE /topic/room.<roomId>}, {@code SEND} with a receipt. In
 * {@code rabbitmq-persistent} mode each member has a durable queue, posts are persistent, a post counts
 * as acknowledged on its publisher-confirm receipt and every delivery is acknowledged by the client
 * ({@link RabbitFrames}).
 *
 * <p>With {@code --receive-url} (two Renkei nodes of one cluster) the first {@code --posters-per-room}
 * members of every room connect to {@code --url} and post, the others connect to {@code --receive-url}
 * and only receive; latency is also reported apart for the members on each node.
 */
public final class LoadGenerator {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final int STATUS_SENT = 1;
    private static final int STATUS_ACKED = 2;
    private static final int STATUS_FAILED = 3;

    private final Options options;
    private final Topology topology;
    private final NoteFactory notes;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final ExecutorService io;
    private final HttpClient[] socketClients;
    private final HttpClient http;

    // Posts, indexed by post id.
    private final int capacity;
    private final AtomicLongArray sendNanos;
    private final int[] postRoom;
    private final int[] postLocal;
    private final AtomicIntegerArray status;
    private final AtomicLongArray ackSeq;
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicInteger[] roomPosts;
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    // Deliveries.
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    /** With members on two nodes: deliveries to members on the posters' node, and on the other node. */
    private final ConcurrentHistogram latencySameNodeMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final ConcurrentHistogram latencyCrossNodeMicros = new ConcurrentHistogram(3_600_000_000L, 3);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder deliveriesInWindow = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder seqGaps = new LongAdder();
    private final LongAdder unknownMessages = new LongAdder();
    private final LongAdder inboxMessages = new LongAdder();
    private final LongAdder errorFrames = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;
    private volatile boolean closing;
    /** Set before the histogram is read: HdrHistogram cannot be iterated while recording. */
    private volatile boolean frozen;

    private Client[] clients;
    private final RabbitFrames rabbitFrames;
    private final AtomicInteger unsubscribed = new AtomicInteger();

    public LoadGenerator(Options options) {
        this.options = options;
        this.topology = new Topology(options.users(), options.roomSize());
        this.rabbitFrames = new RabbitFrames(options.rabbitPersistent(), runId);
        this.notes = new NoteFactory(options.noteBytes());
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "loadgen-io");
            t.setDaemon(true);
            return t;
        };
        this.io = Executors.newFixedThreadPool(options.ioThreads(), daemons);
        int selectors = Math.max(1, Math.min(4, options.ioThreads()));
        this.socketClients = new HttpClient[selectors];
        for (int i = 0; i < selectors; i++) {
            socketClients[i] = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(30)).build();
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(io)
                .connectTimeout(Duration.ofSeconds(30)).build();
        long planned = (long) Math.ceil(options.rate() * (options.warmup() + options.duration())) + 16;
        long extra = (long) options.catchUp() * Math.max(1, options.catchUpRepeat());
        this.capacity = (int) Math.min(Integer.MAX_VALUE - 8, planned + extra);
        this.sendNanos = new AtomicLongArray(capacity);
        this.postRoom = new int[capacity];
        this.postLocal = new int[capacity];
        this.status = new AtomicIntegerArray(capacity);
        this.ackSeq = new AtomicLongArray(capacity);
        this.roomPosts = new AtomicInteger[topology.rooms()];
        for (int r = 0; r < roomPosts.length; r++) {
            roomPosts[r] = new AtomicInteger();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = new LoadGenerator(options).run();
        result.print(System.out);
        if (options.out() != null) {
            Files.writeString(options.out(), JSON.writeValueAsString(result.json()));
            System.out.println("result written to " + options.out());
        }
        System.exit(result.clean() ? 0 : 3);
    }

    /** Runs the whole sequence: connect, post, drain, catch-up, account, disconnect. */
    public Result run() throws InterruptedException {
        Result result = new Result(options, topology, notes.bytes());
        ServerProbe server = new ServerProbe(options.serverPid());
        List<ServerProbe> nodes = options.serverPids().stream().map(ServerProbe::new).toList();
        result.put("machine", machine());
        try {
            if (server.available()) {
                result.put("server.heapLiveBeforeConnectMiB", round(server.liveHeapMiB()));
                result.put("server.rssBeforeConnectMiB", round(server.rssMiB()));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double serverCpu0 = server.available() ? server.cpuSeconds() : -1;
            double clientCpu0 = os.getProcessCpuTime() / 1e9;
            try {
                connectAll(result);
            } catch (RuntimeException e) {
                result.put("aborted", rootMessage(e));
                if (server.available()) {
                    result.put("server.rssAtAbortMiB", round(server.rssMiB()));
                }
                return result;
            }
            double setup = result.number("connections.setupSeconds");
            if (setup > 0) {
                result.put("connections.clientCpuPercent", round((os.getProcessCpuTime() / 1e9 - clientCpu0) / setup * 100));
                if (server.available()) {
                    result.put("connections.serverCpuPercent", round((server.cpuSeconds() - serverCpu0) / setup * 100));
                }
            }
            if (server.available()) {
                result.put("server.heapLiveAfterConnectMiB", round(server.liveHeapMiB()));
                result.put("server.rssAfterConnectMiB", round(server.rssMiB()));
                double before = result.number("server.heapLiveBeforeConnectMiB");
                double after = result.number("server.heapLiveAfterConnectMiB");
                if (before >= 0 && after >= 0) {
                    result.put("server.heapPerSessionKiB", round((after - before) * 1024 / clients.length));
                }
            }
            try {
                postAndMeasure(result, server, nodes);
            } catch (RuntimeException e) {
                result.put("aborted", rootMessage(e));
                throw e;
            }
            drain(options.grace());
            if (options.catchUp() > 0 && !options.rabbit()) {
                try {
                    catchUp(result);
                } catch (IllegalStateException e) {
                    result.put("catchUp.error", rootMessage(e)); // the load phase's result still counts
                }
                drain(options.grace());
            }
            account(result);
        } finally {
            closing = true;
            disconnectAll();
            io.shutdownNow();
        }
        return result;
    }

    // ---------------------------------------------------------------- connections

    private void connectAll(Result result) throws InterruptedException {
        int n = topology.usedUsers();
        clients = new Client[n];
        Histogram setupMicros = new ConcurrentHistogram(3_600_000_000L, 3);
        Semaphore inFlight = new Semaphore(options.connectThreads());
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        AtomicInteger failedSetups = new AtomicInteger();
        AtomicLong lastError = new AtomicLong();
        Map<String, Integer> setupErrors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int u = 0; u < n; u++) {
            Client c = new Client(u, topology.roomOf(u), false);
            clients[u] = c;
            inFlight.acquire();
            if (failedSetups.get() > 0) {
                // Fail fast: a server that refuses or drops connections will not take the rest.
                inFlight.release();
                break;
            }
            long t0 = System.nanoTime();
            CompletableFuture<Void> f = c.connect()
                    .thenCompose(x -> c.subscribed)
                    .orTimeout(60, TimeUnit.SECONDS)
                    .handle((head, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failedSetups.incrementAndGet();
                            lastError.set(System.nanoTime());
                            setupErrors.merge(rootMessage(error), 1, Integer::sum);
                        } else {
                            setupMicros.recordValue((System.nanoTime() - t0) / 1000);
                        }
                        return null;
                    });
            all.add(f);
            if (u > 0 && u % 1000 == 0) {
                System.out.printf("  connecting: %d/%d%n", u, n);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        int connected = (int) java.util.Arrays.stream(clients).filter(c -> c != null && c.subscribed.isDone()
                && !c.subscribed.isCompletedExceptionally()).count();
        result.put("connections.users", n);
        result.put("connections.established", connected);
        result.put("connections.rooms", topology.rooms());
        result.put("connections.failed", failedSetups.get());
        if (!setupErrors.isEmpty()) {
            result.put("connections.errors", new LinkedHashMap<>(setupErrors));
        }
        result.put("connections.setupSeconds", round(seconds));
        result.put("connections.perSecond", round(n / seconds));
        result.put("connections.setupMillis", percentiles(setupMicros));
        if (failedSetups.get() > 0) {
            throw new IllegalStateException(failedSetups.get() + " of " + n + " connections failed: " + setupErrors);
        }
    }

    private void disconnectAll() {
        if (clients == null) {
            return;
        }
        if (options.rabbitPersistent()) {
            deleteDurableQueues();
        }
        List<StompConnection> connections = new ArrayList<>();
        for (Client c : clients) {
            connections.add(c == null ? null : c.connection);
        }
        StompConnection.closeAll(connections);
    }

    /**
     * Persistent RabbitMQ: each member unsubscribes with {@code durable:true}, which deletes its durable
     * queue (they would otherwise stay bound and take every later run's messages); waits up to 30 s for
     * the receipts.
     */
    private void deleteDurableQueues() {
        int asked = 0;
        for (Client c : clients) {
            if (c != null && c.connection != null && !c.connection.isClosed() && c.subscribed.isDone()
                    && !c.subscribed.isCompletedExceptionally()) {
                c.connection.send("UNSUBSCRIBE", rabbitFrames.unsubscribe(c.user, "u" + c.user), "");
                asked++;
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (unsubscribed.get() < asked && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        if (unsubscribed.get() < asked) {
            System.err.printf("%d of %d durable queues not confirmed deleted (reset the broker: "
                    + "scripts/rabbitmq-webstomp.sh reset)%n", asked - unsubscribed.get(), asked);
        }
    }

    // ---------------------------------------------------------------- posting

    private void postAndMeasure(Result result, ServerProbe server, List<ServerProbe> nodes) {
        double rate = options.rate();
        long now = System.nanoTime();
        long start = now + 200_000_000L;
        long windowStart = start + options.warmup() * 1_000_000_000L;
        long windowEnd = windowStart + options.duration() * 1_000_000_000L;
        measureStart = windowStart;
        measureEnd = windowEnd;
        double[] cpu = new double[2];
        double[] clientCpu = new double[2];
        long[][] machine = new long[2][];
        double[] rssMax = {-1};
        double[][] nodeCpu = new double[nodes.size()][2];
        Thread sampler = new Thread(() -> sample(server, nodes, windowStart, windowEnd, cpu, nodeCpu, clientCpu,
                machine, rssMax), "loadgen-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long lateMax = 0;
        if (rate > 0) {
            long interval = (long) (1e9 / rate);
            int rooms = topology.rooms();
            for (long i = 0; ; i++) {
                long due = start + i * interval;
                if (due >= windowEnd || i >= capacity - (long) options.catchUp() * Math.max(1, options.catchUpRepeat())) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    lateMax = Math.max(lateMax, -wait);
                }
                int room = (int) (i % rooms);
                post(clients[topology.poster(room, i, options.postersPerRoom())], room, due);
            }
        } else {
            LockSupport.parkNanos(Math.max(0, windowEnd - System.nanoTime()));
        }
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.put("posting.maxSchedulerLagMillis", round(lateMax / 1e6));
        double window = options.duration();
        if (nodes.size() > 1) {
            // One server process per node: each node's CPU, and their sum as the server's.
            Map<String, Object> perNode = new LinkedHashMap<>();
            double sum = 0;
            boolean all = true;
            for (int n = 0; n < nodes.size(); n++) {
                boolean known = nodeCpu[n][0] >= 0 && nodeCpu[n][1] >= 0;
                double percent = known ? round((nodeCpu[n][1] - nodeCpu[n][0]) / window * 100) : -1;
                perNode.put(Long.toString(options.serverPids().get(n)), percent);
                sum += percent;
                all &= known;
            }
            result.put("server.cpuPercentByPid", perNode);
            result.put("server.cpuPercent", all ? round(sum) : -1);
        } else {
            result.put("server.cpuPercent", cpu[1] >= 0 && cpu[0] >= 0 ? round((cpu[1] - cpu[0]) / window * 100) : -1);
        }
        result.put("server.rssMaxMiB", round(rssMax[0]));
        if (server.available()) {
            result.put("server.heapUsedEndMiB", round(server.heapUsedMiB()));
            result.put("server.heapCommittedEndMiB", round(server.heapCommittedMiB()));
        }
        result.put("client.cpuPercent", round((clientCpu[1] - clientCpu[0]) / window * 100));
        if (machine[0] != null && machine[1] != null && machine[1][1] > machine[0][1]) {
            result.put("machine.cpuBusyPercent", round(100.0 * (machine[1][0] - machine[0][0]) / (machine[1][1] - machine[0][1])));
        }
        result.put("machine.loadAverageEnd", ServerProbe.loadAverage());
    }

    private void sample(ServerProbe server, List<ServerProbe> nodes, long windowStart, long windowEnd, double[] cpu,
                        double[][] nodeCpu, double[] clientCpu, long[][] machine, double[] rssMax) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LockSupport.parkNanos(Math.max(0, windowStart - System.nanoTime()));
        cpu[0] = server.available() ? server.cpuSeconds() : -1;
        for (int n = 0; n < nodes.size(); n++) {
            nodeCpu[n][0] = nodes.get(n).available() ? nodes.get(n).cpuSeconds() : -1;
        }
        clientCpu[0] = os.getProcessCpuTime() / 1e9;
        machine[0] = ServerProbe.machineJiffies();
        while (System.nanoTime() < windowEnd) {
            if (server.available()) {
                rssMax[0] = Math.max(rssMax[0], server.rssMiB());
            }
            LockSupport.parkNanos(Math.min(1_000_000_000L, Math.max(1, windowEnd - System.nanoTime())));
        }
        cpu[1] = server.available() ? server.cpuSeconds() : -1;
        for (int n = 0; n < nodes.size(); n++) {
            nodeCpu[n][1] = nodes.get(n).available() ? nodes.get(n).cpuSeconds() : -1;
        }
        clientCpu[1] = os.getProcessCpuTime() / 1e9;
        machine[1] = ServerProbe.machineJiffies();
    }

    /** Sends one post from {@code sender} to its room; returns the post id. */
    private int post(Client sender, int room, long due) {
        int id = posted.getAndIncrement();
        postRoom[id] = room;
        postLocal[id] = roomPosts[room].getAndIncrement();
        status.set(id, STATUS_SENT);
        sendNanos.set(id, due);
        String roomId = Topology.roomId(room);
        String body = notes.postNote(roomId, "lg-" + runId + "-" + id, id);
        if (options.rabbit()) {
            sender.connection.send("SEND", rabbitFrames.send(roomId, "p" + id), body);
        } else {
            sender.connection.send("SEND", Map.of("destination", "/app/notes.post", "request-id", "p" + id,
                    "content-type", "application/json"), body);
        }
        return id;
    }

    /** Waits until every post is answered and every acknowledged post delivered, or the grace period ends. */
    private void drain(int graceSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + graceSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long answered = acked.sum() + failed.sum();
            long expected = acked.sum() * topology.roomSize();
            if (answered >= posted.get() && deliveries.sum() >= expected) {
                return;
            }
            Thread.sleep(20);
        }
    }

    // ---------------------------------------------------------------- catch-up

    /**
     * A member of room 0 reconnects after missing {@code --catchup} events and resubscribes with
     * {@code since-seq}; measured from sending SUBSCRIBE to receiving the last missed event.
     */
    private void catchUp(Result result) throws InterruptedException {
        List<Map<String, Object>> runs = new ArrayList<>();
        Histogram millis = new Histogram(3_600_000_000L, 3);
        Client poster = clients[topology.member(0, 0)];
        int window = 64;
        for (int rep = 0; rep < Math.max(1, options.catchUpRepeat()); rep++) {
            int first = posted.get();
            for (int i = 0; i < options.catchUp(); i++) {
                while (posted.get() - (acked.sum() + failed.sum()) >= window) {
                    Thread.sleep(0, 200_000);
                }
                post(poster, 0, System.nanoTime());
            }
            // Wait for these posts' own answers: late answers to the load phase must not count.
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int id = first; id < first + options.catchUp() && System.nanoTime() < deadline; ) {
                if (status.get(id) == STATUS_SENT) {
                    Thread.sleep(5);
                } else {
                    id++;
                }
            }
            long since = Long.MAX_VALUE;
            long head = 0;
            for (int id = first; id < first + options.catchUp(); id++) {
                if (status.get(id) != STATUS_ACKED) {
                    throw new IllegalStateException("catch-up post " + id + " not acknowledged");
                }
                since = Math.min(since, ackSeq.get(id) - 1);
                head = Math.max(head, ackSeq.get(id));
            }
            Client reader = new Client(topology.member(0, 1), 0, true);
            try {
                reader.connect().thenCompose(x -> reader.subscribed).get(30, TimeUnit.SECONDS);
                CatchUp run = reader.catchUp(since, head, "c" + rep);
                run.done.get(60, TimeUnit.SECONDS);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("missed", head - since);
                r.put("received", run.received);
                r.put("duplicates", run.duplicates);
                r.put("outOfOrder", run.outOfOrder);
                r.put("replyMillis", round((run.replyAt - run.subscribeAt) / 1e6));
                r.put("lastEventMillis", round((run.lastAt - run.subscribeAt) / 1e6));
                runs.add(r);
                millis.recordValue((run.lastAt - run.subscribeAt) / 1000);
            } catch (Exception e) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("missed", head - since);
                r.put("error", rootMessage(e));
                r.put("received", reader.catchUp == null ? 0 : reader.catchUp.received);
                runs.add(r);
            } finally {
                if (reader.connection != null) {
                    reader.connection.close();
                }
            }
        }
        result.put("catchUp.events", options.catchUp());
        result.put("catchUp.runs", runs);
        if (millis.getTotalCount() > 0) {
            result.put("catchUp.bestMillis", round(millis.getMinValue() / 1000.0));
            result.put("catchUp.medianMillis", round(millis.getValueAtPercentile(50) / 1000.0));
            result.put("catchUp.worstMillis", round(millis.getMaxValue() / 1000.0));
        }
    }

    // ---------------------------------------------------------------- accounting

    private void account(Result result) throws InterruptedException {
        frozen = true;
        Thread.sleep(50); // lets a recording in progress finish
        int sent = posted.get();
        long lost = 0;
        long expected = 0;
        long unanswered = 0;
        for (int id = 0; id < sent; id++) {
            int s = status.get(id);
            if (s == STATUS_SENT) {
                unanswered++;
            }
            if (s != STATUS_ACKED) {
                continue;
            }
            int room = postRoom[id];
            for (int slot = 0; slot < topology.roomSize(); slot++) {
                Client c = clients[topology.member(room, slot)];
                expected++;
                synchronized (c.received) {
                    if (!c.received.get(postLocal[id])) {
                        lost++;
                    }
                }
            }
        }
        long measuredPosts = 0;
        for (int id = 0; id < sent; id++) {
            long t = sendNanos.get(id);
            if (t >= measureStart && t < measureEnd) {
                measuredPosts++;
            }
        }
        double window = options.duration();
        result.put("posts.sent", sent);
        result.put("posts.acknowledged", acked.sum());
        result.put("posts.failed", failed.sum());
        result.put("posts.unanswered", unanswered);
        if (!failures.isEmpty()) {
            Map<String, Long> f = new LinkedHashMap<>();
            failures.forEach((k, v) -> f.put(k, v.sum()));
            result.put("posts.failures", f);
        }
        result.put("posts.measured", measuredPosts);
        result.put("posts.offeredPerSecond", round(options.rate()));
        result.put("deliveries.expected", expected);
        result.put("deliveries.received", deliveries.sum());
        result.put("deliveries.lost", lost);
        result.put("deliveries.duplicated", duplicates.sum());
        result.put("deliveries.seqGaps", seqGaps.sum());
        result.put("deliveries.unknown", unknownMessages.sum());
        result.put("deliveries.inWindow", deliveriesInWindow.sum());
        result.put("deliveries.perSecond", window > 0 ? round(deliveriesInWindow.sum() / window) : 0);
        result.put("deliveries.offeredPerSecond", round(options.rate() * topology.roomSize()));
        result.put("latencyMillis", percentiles(latencyMicros));
        if (options.crossNode()) {
            result.put("latencySameNodeMillis", percentiles(latencySameNodeMicros));
            result.put("latencyCrossNodeMillis", percentiles(latencyCrossNodeMicros));
        }
        result.put("inbox.messages", inboxMessages.sum());
        result.put("errors.errorFrames", errorFrames.sum());
        result.put("errors.connectionsLost", connectionsLost.sum());
    }

    // ---------------------------------------------------------------- one client

    /** What a reconnecting client saw while catching up. Fields guarded by the client's frame order. */
    static final class CatchUp {
        final long since;
        final long head;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile long subscribeAt;
        volatile long replyAt;
        volatile long lastAt;
        volatile long received;
        volatile long duplicates;
        volatile long outOfOrder;
        long next;

        CatchUp(long since, long head) {
            this.since = since;
            this.head = head;
            this.next = since + 1;
        }
    }

    /** One user's connection. Frames arrive one at a time per connection. */
    final class Client implements StompConnection.Handler {
        final int user;
        final int room;
        final String roomId;
        final boolean catchUpOnly;
        final BitSet received = new BitSet();
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<Long> subscribed = new CompletableFuture<>();
        volatile StompConnection connection;
        volatile CatchUp catchUp;
        private long lastSeq = -1;

        Client(int user, int room, boolean catchUpOnly) {
            this.user = user;
            this.room = room;
            this.roomId = Topology.roomId(room);
            this.catchUpOnly = catchUpOnly;
        }

        /** The node this member connects to: the receiving node for non-posting members of a split run. */
        String baseUrl() {
            return options.crossNode() && topology.onReceiveNode(user, options.postersPerRoom())
                    ? options.receiveUrl() : options.url();
        }

        CompletableFuture<Void> connect() {
            HttpClient sockets = socketClients[user % socketClients.length];
            if (options.rabbit()) {
                URI ws = URI.create(options.url());
                return StompConnection.open(sockets, ws, Map.of(), List.of("v12.stomp"), this)
                        .thenCompose(c -> {
                            connection = c;
                            Map<String, String> h = new LinkedHashMap<>();
                            h.put("accept-version", "1.2");
                            h.put("host", "/");
                            h.put("login", "guest");
                            h.put("passcode", "guest");
                            h.put("heart-beat", "0,0");
                            c.send("CONNECT", h, "");
                            return connected;
                        });
            }
            return login().thenCompose(session -> {
                URI ws = URI.create(baseUrl().replaceFirst("^http", "ws") + "/ws");
                return StompConnection.open(sockets, ws, Map.of("Cookie", session[0]), List.of(), this)
                        .thenCompose(c -> {
                            connection = c;
                            Map<String, String> h = new LinkedHashMap<>();
                            h.put("accept-version", "1.2");
                            h.put("host", "127.0.0.1");
                            h.put("heart-beat", "0,0");
                            h.put("X-CSRF-TOKEN", session[1]);
                            c.send("CONNECT", h, "");
                            return connected;
                        });
            });
        }

        /** Logs in over HTTP with both factors; returns {cookie header, CSRF token}. */
        private CompletableFuture<String[]> login() {
            return HttpLogin.logIn(http, URI.create(baseUrl()), Topology.login(user));
        }

        @Override
        public void onFrame(StompConnection c, StompFrame f) {
            switch (f.command()) {
                case "MESSAGE" -> message(f);
                case "CONNECTED" -> connected();
                case "RECEIPT" -> receipt(f.header("receipt-id"));
                case "ERROR" -> {
                    errorFrames.increment();
                    IllegalStateException e = new IllegalStateException("ERROR frame: " + f.header("message")
                            + " " + f.header("code") + " " + f.body());
                    connected.completeExceptionally(e);
                    subscribed.completeExceptionally(e);
                }
                default -> unknownMessages.increment();
            }
        }

        @Override
        public void onClosed(StompConnection c, int status, String reason) {
            if (!closing && !catchUpOnly) {
                connectionsLost.increment();
            }
            IllegalStateException e = new IllegalStateException("closed " + status + " " + reason);
            connected.completeExceptionally(e);
            subscribed.completeExceptionally(e);
        }

        private void connected() {
            connected.complete(null);
            if (options.rabbit()) {
                connection.send("SUBSCRIBE", rabbitFrames.subscribe(roomId, user, "s" + user), "");
                return;
            }
            connection.send("SUBSCRIBE", Map.of("destination", "/me/replies", "id", "replies"), "");
            if (catchUpOnly) {
                subscribed.complete(0L);
                return;
            }
            if (options.inbox()) {
                connection.send("SUBSCRIBE", Map.of("destination", "/me/inbox", "id", "inbox"), "");
            }
            connection.send("SUBSCRIBE", Map.of("destination", "/room/" + roomId, "id", "room",
                    "request-id", "s" + user), "");
        }

        CatchUp catchUp(long since, long head, String requestId) {
            CatchUp run = new CatchUp(since, head);
            catchUp = run;
            run.subscribeAt = System.nanoTime();
            connection.send("SUBSCRIBE", Map.of("destination", "/room/" + roomId, "id", "catchup",
                    "request-id", requestId, "since-seq", Long.toString(since)), "");
            return run;
        }

        private void message(StompFrame f) {
            String sub = f.header("subscription");
            if (sub == null) {
                unknownMessages.increment();
                return;
            }
            switch (sub) {
                case "room" -> {
                    delivery(f);
                    String ack = rabbitFrames.ackFor(f);
                    if (ack != null) {
                        connection.sendRaw(ack);
                    }
                }
                case "replies" -> reply(f.body());
                case "inbox" -> inboxMessages.increment();
                case "catchup" -> catchUpEvent(f);
                default -> unknownMessages.increment();
            }
        }

        private void delivery(StompFrame f) {
            long now = System.nanoTime();
            String seqHeader = f.header("seq");
            if (seqHeader != null) {
                long seq = Long.parseLong(seqHeader);
                if (lastSeq >= 0 && seq != lastSeq + 1) {
                    seqGaps.increment();
                }
                lastSeq = Math.max(lastSeq, seq);
            }
            long id = NoteFactory.postIdOf(f.body());
            if (id < 0 || id >= posted.get()) {
                if (!options.rabbit() && f.body().contains("\"type\":\"receipt\"")) {
                    return; // read markers of other members: not deliveries
                }
                unknownMessages.increment();
                return;
            }
            int post = (int) id;
            if (postRoom[post] != room) {
                unknownMessages.increment();
                return;
            }
            synchronized (received) {
                if (received.get(postLocal[post])) {
                    duplicates.increment();
                    return;
                }
                received.set(postLocal[post]);
            }
            deliveries.increment();
            long sent = sendNanos.get(post);
            if (sent >= measureStart && sent < measureEnd && !frozen) {
                long micros = Math.max(0, (now - sent) / 1000);
                latencyMicros.recordValue(micros);
                if (options.crossNode()) {
                    (topology.onReceiveNode(user, options.postersPerRoom()) ? latencyCrossNodeMicros
                            : latencySameNodeMicros).recordValue(micros);
                }
            }
            if (now >= measureStart && now < measureEnd) {
                deliveriesInWindow.increment();
            }
        }

        private void reply(String body) {
            JsonNode reply = JSON.readTree(body);
            String requestId = reply.path("requestId").asString("");
            boolean ok = "ok".equals(reply.path("type").asString(""));
            if (requestId.startsWith("p")) {
                int id = Integer.parseInt(requestId.substring(1));
                if (ok) {
                    ackSeq.set(id, reply.path("result").path("seq").asLong());
                    if (status.compareAndSet(id, STATUS_SENT, STATUS_ACKED)) {
                        acked.increment();
                    }
                } else {
                    if (status.compareAndSet(id, STATUS_SENT, STATUS_FAILED)) {
                        failed.increment();
                        failures.computeIfAbsent(reply.path("code").asString("?"), k -> new LongAdder()).increment();
                    }
                }
            } else if (requestId.startsWith("s")) {
                if (ok) {
                    lastSeq = reply.path("result").path("headSeq").asLong();
                    subscribed.complete(lastSeq);
                } else {
                    subscribed.completeExceptionally(new IllegalStateException("subscribe " + roomId + " refused: " + body));
                }
            } else if (requestId.startsWith("c")) {
                CatchUp run = catchUp;
                if (ok) {
                    run.replyAt = System.nanoTime();
                } else {
                    run.done.completeExceptionally(new IllegalStateException("catch-up subscribe refused: " + body));
                }
            } else {
                unknownMessages.increment();
            }
        }

        private void receipt(String receiptId) {
            if (receiptId == null) {
                unknownMessages.increment();
            } else if (receiptId.startsWith("p")) {
                int id = Integer.parseInt(receiptId.substring(1));
                if (status.compareAndSet(id, STATUS_SENT, STATUS_ACKED)) {
                    acked.increment();
                }
            } else if (receiptId.startsWith("s")) {
                subscribed.complete(0L);
            } else if (receiptId.startsWith("u")) {
                unsubscribed.incrementAndGet();
            }
        }

        private void catchUpEvent(StompFrame f) {
            CatchUp run = catchUp;
            String seqHeader = f.header("seq");
            if (run == null || seqHeader == null) {
                return; // receipts of read markers
            }
            long seq = Long.parseLong(seqHeader);
            if (seq < run.next) {
                run.duplicates++;
                return;
            }
            if (seq > run.next) {
                run.outOfOrder++;
            }
            run.next = seq + 1;
            run.received++;
            if (seq >= run.head) {
                run.lastAt = System.nanoTime();
                run.done.complete(null);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> percentiles(Histogram micros) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", micros.getTotalCount());
        if (micros.getTotalCount() == 0) {
            return m;
        }
        m.put("p50", round(micros.getValueAtPercentile(50) / 1000.0));
        m.put("p90", round(micros.getValueAtPercentile(90) / 1000.0));
        m.put("p99", round(micros.getValueAtPercentile(99) / 1000.0));
        m.put("p99.9", round(micros.getValueAtPercentile(99.9) / 1000.0));
        m.put("max", round(micros.getMaxValue() / 1000.0));
        m.put("mean", round(micros.getMean() / 1000.0));
        return m;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("clientMaxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("loadAverageStart", ServerProbe.loadAverage());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return msg.length() > 200 ? msg.substring(0, 200) : msg;
    }

    /** The result: a flat map of dotted names, printed as a summary and written as nested JSON. */
    public static final class Result {
        private final Map<String, Object> values = new LinkedHashMap<>();

        Result(Options o, Topology t, int noteBytes) {
            values.put("mode", o.mode());
            values.put("url", o.url());
            if (o.crossNode()) {
                values.put("receiveUrl", o.receiveUrl());
                values.put("options.postersPerRoom", o.postersPerRoom());
            }
            values.put("options.users", o.users());
            values.put("options.roomSize", o.roomSize());
            values.put("options.rate", o.rate());
            values.put("options.warmupSeconds", o.warmup());
            values.put("options.durationSeconds", o.duration());
            values.put("options.graceSeconds", o.grace());
            values.put("options.noteBytes", noteBytes);
            values.put("options.inbox", !o.rabbit() && o.inbox());
        }

        void put(String name, Object value) {
            values.put(name, value);
        }

        public Object get(String name) {
            return values.get(name);
        }

        public double number(String name) {
            Object v = values.get(name);
            return v instanceof Number n ? n.doubleValue() : -1;
        }

        /** Nothing lost, duplicated, out of order, unanswered or refused. */
        public boolean clean() {
            return !values.containsKey("aborted") && number("deliveries.lost") == 0 && number("deliveries.duplicated") == 0
                    && number("deliveries.seqGaps") == 0 && number("posts.unanswered") == 0
                    && number("posts.failed") == 0 && number("errors.connectionsLost") == 0;
        }

        /** The values nested by their dotted names. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            Map<String, Object> root = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                String[] parts = k.split("\\.");
                Map<String, Object> m = root;
                for (int i = 0; i < parts.length - 1; i++) {
                    m = (Map<String, Object>) m.computeIfAbsent(parts[i], x -> new LinkedHashMap<String, Object>());
                }
                m.put(parts[parts.length - 1], v);
            });
            root.put("clean", clean());
            return root;
        }

        public void print(PrintStream out) {
            out.println("---- Renkei load generator: " + values.get("mode") + " " + values.get("url"));
            out.printf("users %s in %s rooms of %s; %s posts/s of %s bytes; warm-up %s s, measured %s s%n",
                    values.get("connections.users"), values.get("connections.rooms"), values.get("options.roomSize"),
                    values.get("options.rate"), values.get("options.noteBytes"), values.get("options.warmupSeconds"),
                    values.get("options.durationSeconds"));
            out.printf("connections: %s/s (%s s for all), set-up ms %s; cpu during set-up: server %s%%, client %s%%%n",
                    values.get("connections.perSecond"), values.get("connections.setupSeconds"),
                    values.get("connections.setupMillis"), values.get("connections.serverCpuPercent"),
                    values.get("connections.clientCpuPercent"));
            out.printf("posts: sent %s, acknowledged %s, failed %s, unanswered %s%n", values.get("posts.sent"),
                    values.get("posts.acknowledged"), values.get("posts.failed"), values.get("posts.unanswered"));
            out.printf("deliveries: %s/s sustained (offered %s/s); expected %s, received %s, LOST %s, DUPLICATED %s, seq gaps %s%n",
                    values.get("deliveries.perSecond"), values.get("deliveries.offeredPerSecond"),
                    values.get("deliveries.expected"), values.get("deliveries.received"), values.get("deliveries.lost"),
                    values.get("deliveries.duplicated"), values.get("deliveries.seqGaps"));
            out.printf("latency post→delivery ms: %s%n", values.get("latencyMillis"));
            if (values.containsKey("latencyCrossNodeMillis")) {
                out.printf("  to members on the posters' node %s: %s%n", values.get("url"),
                        values.get("latencySameNodeMillis"));
                out.printf("  to members on the other node %s: %s%n", values.get("receiveUrl"),
                        values.get("latencyCrossNodeMillis"));
            }
            if (values.containsKey("catchUp.runs")) {
                out.printf("catch-up of %s events: best %s ms, median %s ms, worst %s ms %s%n", values.get("catchUp.events"),
                        values.get("catchUp.bestMillis"), values.get("catchUp.medianMillis"),
                        values.get("catchUp.worstMillis"), values.get("catchUp.runs"));
            }
            if (values.containsKey("catchUp.error")) {
                out.println("catch-up not measured: " + values.get("catchUp.error"));
            }
            if (values.containsKey("server.cpuPercentByPid")) {
                out.printf("server cpu by process (%% of one core): %s%n", values.get("server.cpuPercentByPid"));
            }
            out.printf("server: cpu %s%% of one core, rss max %s MiB, heap used at end %s MiB, live heap %s → %s MiB (%s KiB/session)%n",
                    values.get("server.cpuPercent"), values.get("server.rssMaxMiB"), values.get("server.heapUsedEndMiB"),
                    values.get("server.heapLiveBeforeConnectMiB"), values.get("server.heapLiveAfterConnectMiB"),
                    values.get("server.heapPerSessionKiB"));
            out.printf("client: cpu %s%%; machine busy %s%%, load %s; inbox messages %s, unknown %s, ERROR frames %s, connections lost %s%n",
                    values.get("client.cpuPercent"), values.get("machine.cpuBusyPercent"),
                    values.get("machine.loadAverageEnd"), values.get("inbox.messages"), values.get("deliveries.unknown"),
                    values.get("errors.errorFrames"), values.get("errors.connectionsLost"));
            if (values.containsKey("aborted")) {
                out.println("ABORTED: " + values.get("aborted") + " " + values.getOrDefault("connections.errors", ""));
            }
            out.println(clean() ? "RESULT: clean (nothing lost, duplicated or unanswered)" : "RESULT: NOT CLEAN");
        }
    }
}
