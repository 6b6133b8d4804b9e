package jp.renkei.server.browser;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;

import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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

    /**
     * Logs {@code loginId} in on the server at {@code port}, opens the room and waits until the live
     * connection is up, as a person would before working in the room.
     */
    static void openRoom(ChromeDriver browser, int port, String loginId, String password, String roomId) {
        WebDriverWait wait = logIn(browser, port, loginId, password);
        openRoomFromList(wait, roomId);
    }

    /**
     * Taps the room in the room list and waits until the room is open and its live connection is up.
     * The list may be redrawn (unread counts) between finding the item and clicking it: found again.
     */
    static void openRoomFromList(WebDriverWait wait, String roomId) {
        By item = By.cssSelector("[data-testid=room-item][data-room-id='" + roomId + "']");
        wait.until(d -> {
            WebElement e = ExpectedConditions.elementToBeClickable(item).apply(d);
            if (e == null) {
                return false;
            }
            e.click();
            return true;
        });
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=composer-text]")));
        wait.until(d -> {
            List<WebElement> state = d.findElements(By.cssSelector("[data-testid=connection-state]"));
            return state.isEmpty() || "connected".equals(state.get(0).getAttribute("data-state"));
        });
    }

    /** A phone's built-in authenticator (Chromium's virtual one): a passkey with fingerprint or face, verified. */
    static org.openqa.selenium.virtualauthenticator.VirtualAuthenticator phoneAuthenticator(ChromeDriver browser) {
        return browser.addVirtualAuthenticator(new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    /**
     * Opens the app and logs in with both factors: the password, then a TOTP code of the test users'
     * known secret (SP-AUTH-02). Returns the browser's wait.
     */
    static WebDriverWait logIn(WebDriver browser, int port, String loginId, String password) {
        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = waitFor(browser);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")))
                .sendKeys(loginId);
        browser.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(password);
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-totp]")))
                .sendKeys(jp.renkei.server.support.TestTotp.nextCode(loginId, jp.renkei.server.support.TestTotp.SECRET));
        browser.findElement(By.cssSelector("[data-testid=login-totp-submit]")).click();
        return wait;
    }

    /** A 15-second wait that tolerates re-rendering: a note is redrawn when its acks, reads or 宛先 change. */
    static WebDriverWait waitFor(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Makes the page's viewport exactly {@code width}×{@code height} CSS pixels, as on a phone (a headless
     * window may be wider than asked for).
     */
    static void phoneViewport(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Saves what the browser shows to target/screenshots/{name}.png, for looking at layouts. */
    static void screenshot(ChromeDriver browser, String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
