package jp.renkei.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another process's CPU time and resident memory from {@code /proc/<pid>}, and a Java process's
 * heap with {@code jcmd}. Linux only; every reading is best effort (-1 when unavailable).
 */
final class ServerProbe {

    /** Clock ticks per second of /proc/&lt;pid&gt;/stat times ({@code getconf CLK_TCK}; 100 on Linux). */
    static final long CLK_TCK = 100;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

    private final long pid;

    ServerProbe(long pid) {
        this.pid = pid;
    }

    boolean available() {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** User + system CPU time of the process in seconds, or -1. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may contain spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in MiB, or -1. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** Used Java heap in MiB after a full GC (live data), or -1 if the process is not a JVM jcmd can reach. */
    double liveHeapMiB() {
        if (jcmd("GC.run") == null) {
            return -1;
        }
        return heapUsedMiB();
    }

    /** Used Java heap in MiB as it is now (including garbage), or -1. */
    double heapUsedMiB() {
        String out = jcmd("GC.heap_info");
        if (out == null) {
            return -1;
        }
        Matcher m = HEAP_USED.matcher(out);
        return m.find() ? Long.parseLong(m.group(2)) / 1024.0 : -1;
    }

    /** Committed Java heap in MiB, or -1. */
    double heapCommittedMiB() {
        String out = jcmd("GC.heap_info");
        if (out == null) {
            return -1;
        }
        Matcher m = HEAP_USED.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }

    private String jcmd(String command) {
        if (!available()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Busy and total jiffies of the whole machine from /proc/stat, for its CPU use over an interval. */
    static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
