package jp.renkei.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system for tests of a full disk: a tmpfs mounted on a temporary folder. Needs
 * root (CI runs as root); elsewhere the tests that use it are skipped, saying why.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mount;

    private SmallDisk(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB, or skips the calling test if this machine cannot. */
    static SmallDisk mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("renkei-small-disk");
        int rc = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        Assumptions.assumeTrue(rc == 0, "cannot mount a small tmpfs here (needs root); the full-disk test is skipped");
        return new SmallDisk(dir);
    }

    Path path() {
        return mount;
    }

    long free() throws IOException {
        return Files.getFileStore(mount).getUsableSpace();
    }

    /** Writes real bytes (tmpfs does not count sparse files) until at most {@code leaveBytes} are free. */
    Path fill(long leaveBytes) throws IOException {
        Path filler = mount.resolve("filler-" + System.nanoTime());
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (free() > leaveBytes + chunk.length) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // Full already: what we wanted.
        }
        return filler;
    }

    /** Writes {@code bytes} real bytes to {@code ballast}: space to free later. */
    Path ballast(long bytes) throws IOException {
        Path ballast = mount.resolve("ballast");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
        return ballast;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mount.toString());
        Files.deleteIfExists(mount);
    }
}
