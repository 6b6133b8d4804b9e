package jp.renkei.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.notify.FakePushService.Browser;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Web Push in the web client, in headless Chromium on a phone-sized screen: a tapped notification's
 * {@code #/n/<id>} opens the right room after login; 通知の設定 saves the user's choices; and
 * {@code /sw-push.js} turns a push message into a notification with a fixed phrase and opens
 * {@code /#/n/<id>} when tapped (its handlers run here against stand-ins for the worker's globals).
 * Same server configuration as {@link WebPushTest}, so the two share one application context.
 */
@TestPropertySource(properties = "renkei.notify.allow-insecure-endpoints=true")
class WebPushBrowserTest extends ServerTestBase {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    @Autowired
    Notifications notifications;

    private ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private ChromeDriver open() throws Exception {
        if (!CHROMIUM.canExecute() || !DRIVER.canExecute()) {
            if ("1".equals(System.getenv("RENKEI_REQUIRE_BROWSER"))) {
                Assertions.fail("Chromium and chromedriver are required (RENKEI_REQUIRE_BROWSER=1) but missing");
            }
            Assumptions.abort("Chromium/chromedriver not installed: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--lang=ja", "--window-size=412,915",
                "--user-data-dir=" + Files.createTempDirectory("renkei-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }

    private WebDriverWait logIn(UserAccount user) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")))
                .sendKeys(user.loginId());
        browser.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-totp]")))
                .sendKeys(TestTotp.nextCode(user.loginId(), TestTotp.SECRET));
        browser.findElement(By.cssSelector("[data-testid=login-totp-submit]")).click();
        return wait;
    }

    @Test
    void aTappedNotificationOpensItsRoomAfterLoginAndTheSettingsAreSaved() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host, doctor);
        ApiClient doctorApi = login(doctor);
        byte[] serverKey = Base64.getUrlDecoder().decode(doctorApi.get("/api/notify/vapid-key").json().path("publicKey").asString());
        String id;
        try (FakePushService push = new FakePushService()) {
            Browser phone = push.newBrowser();
            assertThat(doctorApi.put("/api/notify/subscription", phone.subscriptionJson()).status()).isEqualTo(200);
            try (TestStompClient h = connect(host)) {
                h.call("/app/notes.post", "{\"roomId\":\"" + room + "\",\"txnId\":\"" + UUID.randomUUID()
                        + "\",\"note\":{\"kind\":\"free\",\"text\":\"先生、ご確認ください\",\"mentions\":[\"" + doctor.id() + "\"]}}");
            }
            assertThat(notifications.awaitIdle(10_000)).isTrue();
            List<JsonNode> got = phone.messages(serverKey);
            assertThat(got).hasSize(1);
            id = got.get(0).path("id").asString();
        }

        browser = open();
        // The service worker opens /#/n/<id>; the app asks for a login first and keeps the address.
        browser.get("http://localhost:" + port + "/#/n/" + id);
        WebDriverWait wait = logIn(doctor);
        wait.until(ExpectedConditions.urlContains("#/room/" + room));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=composer-text]")));

        // An id that is not (or no longer) the user's: a warning and the room list.
        browser.get("http://localhost:" + port + "/#/n/AAAAAAAAAAAAAAAAAAAAAA");
        wait.until(d -> !d.getCurrentUrl().contains("#/n/"));
        assertThat(browser.getCurrentUrl()).doesNotContain(room);

        // 通知の設定 in 設定: this device is not subscribed (no permission asked without a tap); save a choice.
        browser.get("http://localhost:" + port + "/#/settings");
        WebElement section = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=settings-notify]")));
        assertThat(section.getText()).contains("通知の設定", "患者さんのお名前");
        wait.until(d -> !d.findElement(By.cssSelector("[data-testid=notify-device-status]")).getText().isBlank());
        WebElement mention = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=notify-kind-mention]")));
        wait.until(d -> mention.isSelected());
        mention.click();
        browser.findElement(By.cssSelector("[data-testid=notify-quiet]")).click();
        browser.findElement(By.cssSelector("[data-testid=notify-save]")).click();
        wait.until(d -> !doctorApi.get("/api/notify/settings").json().path("kinds").path("mention").asBoolean());
        JsonNode saved = doctorApi.get("/api/notify/settings").json();
        assertThat(saved.path("quietHours").path("enabled").asBoolean()).isTrue();
        assertThat(saved.path("kinds").path("urgent").asBoolean()).isTrue();
    }

    @Test
    void theServiceWorkerShowsAFixedPhraseAndOpensTheOpaqueAddress() throws Exception {
        browser = open();
        browser.get("http://localhost:" + port + "/");
        // The worker registers (the script is served and parses).
        Object registered = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.serviceWorker.register('/sw-push.js', {scope: '/'})
                  .then(() => navigator.serviceWorker.ready).then(() => done('ok'), (e) => done('error: ' + e));""");
        assertThat(registered).isEqualTo("ok");
        // Its handlers, run in the page with stand-ins for the worker's globals.
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const shown = [];
                const opened = [];
                window.registration = { showNotification: (title, options) => { shown.push({title, options}); return Promise.resolve(); } };
                window.clients = { matchAll: () => Promise.resolve([]), openWindow: (url) => { opened.push(url); return Promise.resolve(); } };
                const s = document.createElement('script');
                s.src = '/sw-push.js';
                s.onload = async () => {
                  const waits = [];
                  const push = new Event('push');
                  push.data = { json: () => ({v: 1, kind: 'mention', title: 'x', body: '試験 花子さん', id: 'AbCdEfGhIjKlMnOpQrStUv'}) };
                  push.waitUntil = (p) => waits.push(p);
                  window.dispatchEvent(push);
                  const odd = new Event('push');
                  odd.data = { json: () => ({kind: '<img>', id: '../../evil'}) };
                  odd.waitUntil = (p) => waits.push(p);
                  window.dispatchEvent(odd);
                  await Promise.all(waits);
                  const click = new Event('notificationclick');
                  click.notification = { data: shown[0].options.data, close: () => {} };
                  click.waitUntil = (p) => waits.push(p);
                  window.dispatchEvent(click);
                  await Promise.all(waits);
                  done({shown: shown.map((n) => n.title + '|' + n.options.body + '|' + JSON.stringify(n.options.data)),
                        opened, lang: navigator.language});
                };
                document.head.append(s);""");
        // Not the message's own text: the phrase of its kind in the device's language (headless Chromium
        // may report en-US whatever --lang says); an unknown kind and a bad id fall back.
        boolean ja = String.valueOf(result.get("lang")).toLowerCase().startsWith("ja");
        assertThat((List<String>) result.get("shown")).containsExactly(
                "Renkei|" + (ja ? "あなた宛ての連絡があります" : "You have a new message addressed to you")
                        + "|{\"id\":\"AbCdEfGhIjKlMnOpQrStUv\"}",
                "Renkei|" + (ja ? "新しい連絡があります" : "You have a new message") + "|{\"id\":null}");
        assertThat((List<String>) result.get("opened")).containsExactly("/#/n/AbCdEfGhIjKlMnOpQrStUv");
    }
}
