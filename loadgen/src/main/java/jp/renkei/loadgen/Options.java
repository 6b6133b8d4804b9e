package jp.renkei.loadgen;

import java.nio.file.Path;

/**
 * Command-line options of {@link LoadGenerator}. Every option is {@code --name value}.
 *
 * @param mode          {@code renkei} (the real protocol against a Renkei server) or {@code rabbitmq}
 *                      (the same topology over RabbitMQ Web-STOMP, no login, no persistence)
 * @param url           Renkei: the server's base URL ({@code http://127.0.0.1:8080}); RabbitMQ: the Web-STOMP
 *                      endpoint ({@code ws://127.0.0.1:15674/ws})
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
 * @param serverPid     the server process, for its CPU, resident memory and (Java) heap; 0 if unknown
 * @param out           where to write the JSON result, or {@code null}
 */
record Options(String mode, String url, int users, int roomSize, double rate, int warmup, int duration, int grace,
               int noteBytes, int catchUp, int catchUpRepeat, int connectThreads, int ioThreads, boolean inbox,
               long serverPid, Path out) {

    static final String USAGE = """
            usage: java -jar loadgen/target/loadgen.jar [options]
              --mode renkei|rabbitmq   target (default renkei)
              --url URL                renkei: http://127.0.0.1:8080   rabbitmq: ws://127.0.0.1:15674/ws
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
              --server-pid PID         sample the server's CPU, RSS and heap (jcmd) from /proc
              --out FILE               write the result as JSON
            """;

    boolean rabbit() {
        return mode.equals("rabbitmq");
    }

    static Options parse(String... args) {
        String mode = "renkei";
        String url = null;
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
        long pid = 0;
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
                case "--server-pid" -> pid = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (!mode.equals("renkei") && !mode.equals("rabbitmq")) {
            throw new IllegalArgumentException("--mode must be renkei or rabbitmq");
        }
        if (url == null) {
            url = mode.equals("renkei") ? "http://127.0.0.1:8080" : "ws://127.0.0.1:15674/ws";
        }
        if (rate < 0 || duration < 0 || warmup < 0 || grace < 0 || catchUp < 0 || connectThreads < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("negative or zero values where positive are needed\n" + USAGE);
        }
        return new Options(mode, url, users, roomSize, rate, warmup, duration, grace, noteBytes, catchUp,
                catchUpRepeat, connectThreads, ioThreads, inbox, pid, out);
    }
}
