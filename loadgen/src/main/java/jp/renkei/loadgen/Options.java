package jp.renkei.loadgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link LoadGenerator}. Every option is {@code --name value}.
 *
 * @param mode          {@code renkei} (the real protocol against a Renkei server), {@code rabbitmq}
 *                      (the same topology over RabbitMQ Web-STOMP, no login, no persistence) or
 *                      {@code rabbitmq-persistent} (durable queues, persistent messages, publisher confirms,
 *                      client acks: see {@link RabbitFrames})
 * @param url           Renkei: the server's base URL ({@code http://127.0.0.1:8080}); RabbitMQ: the Web-STOMP
 *                      endpoint ({@code ws://127.0.0.1:15674/ws}). With {@code receiveUrl}: the posters' node
 * @param receiveUrl    Renkei only: another node's base URL for the members that only receive (cross-node
 *                      delivery), or {@code null} when everyone connects to {@code url}
 * @param postersPerRoom with {@code receiveUrl}: how many members of each room (the first ones) connect to
 *                      {@code url} and post; the others connect to {@code receiveUrl}
 * @param users         connected users (seeded with the same {@code --users} and {@code --room-size})
 * @param roomSize      members per room, every one of them subscribed
 * @param rate          posts per second over all rooms (0: connect and stay idle)
 * @param warmup        seconds of posting before measuring
 * @param duration      seconds of posting that are measured
 * @param grace         seconds to wait after the last post for outstanding replies and deliveries
 * @param noteBytes     approximate size of a post command in UTF-8 bytes
 * @param catchUp       events a reconnecting client misses before resubscribing with {@code since-seq} (0: skip)
 * @param catchUpRepeat how many catch-up measurements
 * @param connectThreads connections set up concurrently
 * @param ioThreads     threads that handle received frames
 * @param inbox         subscribe every connection to {@code /me/inbox} as the web client does (Renkei only)
 * @param serverPids    the server processes (one per node), for their CPU; the first also for its resident
 *                      memory and (Java) heap; empty if unknown
 * @param out           where to write the JSON result, or {@code null}
 */
record Options(String mode, String url, String receiveUrl, int postersPerRoom, int users, int roomSize, double rate,
               int warmup, int duration, int grace, int noteBytes, int catchUp, int catchUpRepeat, int connectThreads,
               int ioThreads, boolean inbox, List<Long> serverPids, Path out) {

    static final String RENKEI = "renkei";
    static final String RABBITMQ = "rabbitmq";
    static final String RABBITMQ_PERSISTENT = "rabbitmq-persistent";

    static final String USAGE = """
            usage: java -jar loadgen/target/loadgen.jar [options]
              --mode renkei|rabbitmq|rabbitmq-persistent
                                       target (default renkei); rabbitmq-persistent: durable queue per member,
                                       persistent messages, receipts after publisher confirms, client acks
              --url URL                renkei: http://127.0.0.1:8080   rabbitmq*: ws://127.0.0.1:15674/ws
              --receive-url URL        renkei: a second node for the members that only receive (cross-node)
              --posters-per-room N     with --receive-url: members per room on --url, who post (default half)
              --users N                connected users, seeded beforehand for renkei (default 80)
              --room-size N            members per room (default 8)
              --rate R                 posts per second over all rooms; 0 = idle sessions (default 50)
              --warmup S               seconds of posting before measuring (default 30: the JIT compiler is still busy after 5)
              --duration S             measured seconds (default 30)
              --grace S                wait for late replies and deliveries (default 10)
              --note-bytes B           post size in bytes (default 1000)
              --catchup N              events missed before a resubscribe with since-seq (default 1000, 0 = skip)
              --catchup-repeat K       catch-up measurements (default 3)
              --connect-threads N      concurrent connection set-ups (default 8)
              --io-threads N           threads handling received frames (default 2)
              --inbox true|false       subscribe /me/inbox like the web client (default true)
              --server-pid PID[,PID]   sample the server's CPU, RSS and heap (jcmd) from /proc; several
                                       (one per node): CPU of each and their sum, RSS and heap of the first
              --out FILE               write the result as JSON
            """;

    /** Either RabbitMQ mode. */
    boolean rabbit() {
        return mode.equals(RABBITMQ) || mode.equals(RABBITMQ_PERSISTENT);
    }

    boolean rabbitPersistent() {
        return mode.equals(RABBITMQ_PERSISTENT);
    }

    /** Members connect to two nodes: posters to {@link #url}, the others to {@link #receiveUrl}. */
    boolean crossNode() {
        return receiveUrl != null;
    }

    /** The first server process, or 0. */
    long serverPid() {
        return serverPids.isEmpty() ? 0 : serverPids.get(0);
    }

    static Options parse(String... args) {
        String mode = RENKEI;
        String url = null;
        String receiveUrl = null;
        int postersPerRoom = -1;
        int users = 80;
        int roomSize = 8;
        double rate = 50;
        int warmup = 30;
        int duration = 30;
        int grace = 10;
        int noteBytes = 1000;
        int catchUp = 1000;
        int catchUpRepeat = 3;
        int connectThreads = 8;
        int ioThreads = 2;
        boolean inbox = true;
        List<Long> pids = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String v = args[++i];
            switch (name) {
                case "--mode" -> mode = v;
                case "--url" -> url = v;
                case "--receive-url" -> receiveUrl = v;
                case "--posters-per-room" -> postersPerRoom = Integer.parseInt(v);
                case "--users" -> users = Integer.parseInt(v);
                case "--room-size" -> roomSize = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--grace" -> grace = Integer.parseInt(v);
                case "--note-bytes" -> noteBytes = Integer.parseInt(v);
                case "--catchup" -> catchUp = Integer.parseInt(v);
                case "--catchup-repeat" -> catchUpRepeat = Integer.parseInt(v);
                case "--connect-threads" -> connectThreads = Integer.parseInt(v);
                case "--io-threads" -> ioThreads = Integer.parseInt(v);
                case "--inbox" -> inbox = Boolean.parseBoolean(v);
                case "--server-pid" -> {
                    for (String p : v.split(",")) {
                        if (!p.isBlank()) {
                            pids.add(Long.parseLong(p.trim()));
                        }
                    }
                }
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (!mode.equals(RENKEI) && !mode.equals(RABBITMQ) && !mode.equals(RABBITMQ_PERSISTENT)) {
            throw new IllegalArgumentException("--mode must be renkei, rabbitmq or rabbitmq-persistent");
        }
        if (url == null) {
            url = mode.equals(RENKEI) ? "http://127.0.0.1:8080" : "ws://127.0.0.1:15674/ws";
        }
        if (receiveUrl != null && !mode.equals(RENKEI)) {
            throw new IllegalArgumentException("--receive-url is for --mode renkei (two Renkei nodes)");
        }
        if (receiveUrl == null && postersPerRoom >= 0) {
            throw new IllegalArgumentException("--posters-per-room needs --receive-url");
        }
        if (receiveUrl != null) {
            if (postersPerRoom < 0) {
                postersPerRoom = roomSize / 2;
            }
            if (postersPerRoom < 1 || postersPerRoom >= roomSize) {
                throw new IllegalArgumentException("--posters-per-room must be at least 1 and less than --room-size,"
                        + " so that every room has members on both nodes");
            }
        } else {
            postersPerRoom = roomSize;
        }
        if (rate < 0 || duration < 0 || warmup < 0 || grace < 0 || catchUp < 0 || connectThreads < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("negative or zero values where positive are needed\n" + USAGE);
        }
        return new Options(mode, url, receiveUrl, postersPerRoom, users, roomSize, rate, warmup, duration, grace,
                noteBytes, catchUp, catchUpRepeat, connectThreads, ioThreads, inbox, List.copyOf(pids), out);
    }
}
