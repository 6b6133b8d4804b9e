package jp.renkei.server.browser;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}). Where they are
 * not installed the browser tests are skipped, unless {@code RENKEI_REQUIRE_BROWSER=1} (as in CI),
 * where a missing browser fails the build instead of silently skipping.
 */
final class Browsers {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    private Browsers() {
    }

    static ChromeDriver open(int width, int height) throws Exception {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present) {
            if ("1".equals(System.getenv("RENKEI_REQUIRE_BROWSER"))) {
                Assertions.fail("Chromium and chromedriver are required (RENKEI_REQUIRE_BROWSER=1) but missing");
            }
            Assumptions.abort("Chromium/chromedriver not installed: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--lang=ja", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("renkei-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }
}
