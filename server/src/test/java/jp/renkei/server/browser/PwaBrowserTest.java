package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The installable app on a phone-sized browser in Japanese: the app shell opens without signal after
 * one visit (service worker, with nothing but the shell in its cache), and a half-written 訪問記録 is
 * kept as a draft across a reload, asked about when leaving, and deleted once sent.
 */
class PwaBrowserTest extends ServerTestBase {

    private ChromeDriver browser;
    private TcpProxy proxy;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theAppShellOpensWithoutSignalButShowsNothingKeptWithoutAPasskey() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        browser = Browsers.open(390, 844);
        proxy = new TcpProxy(port).start();
        Browsers.openRoom(browser, proxy.port(), nurse.loginId(), PASSWORD, room);
        assertThat(OfflineScripts.waitForServiceWorker(browser)).as("shell files cached").isGreaterThan(30);
        List<String> cached = OfflineScripts.cachedUrls(browser);
        assertThat(cached).as("no API answer or patient data in the service worker's cache")
                .noneMatch(u -> u.contains("/api/") || u.contains("/ws"))
                .anyMatch(u -> u.endsWith("/js/app.js"));

        // Signed in with ID, password and code (no passkey: a shared PC's way): without signal the shell
        // opens, but nothing kept is shown, since no one can be verified (the room list, the room).
        proxy.stop();
        browser.navigate().refresh();
        WebDriverWait wait = Browsers.waitFor(browser);
        WebElement noSignal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=boot-offline]")));
        assertThat(noSignal.getText()).contains("電波が届かない");
        assertThat(browser.getTitle()).isEqualTo("Renkei 連携");
        assertThat(browser.findElements(By.cssSelector("[data-testid=room-item], [data-testid=composer-text]"))).isEmpty();
    }

    @Test
    void withNothingKeptTheShellStillOpensAndSaysThereIsNoSignal() throws Exception {
        browser = Browsers.open(390, 844);
        proxy = new TcpProxy(port).start();
        browser.get("http://localhost:" + proxy.port() + "/");
        WebDriverWait wait = Browsers.waitFor(browser);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
        assertThat(OfflineScripts.waitForServiceWorker(browser)).isGreaterThan(30);
        proxy.stop();
        browser.navigate().refresh();
        WebElement offline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=boot-offline]")));
        assertThat(offline.getText()).contains("電波が届かない");
        proxy.start();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
    }

    @Test
    void aHalfWrittenVisitNoteSurvivesAReloadAndIsDeletedWhenSent() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        browser = Browsers.open(390, 844);
        Browsers.openRoom(browser, port, nurse.loginId(), PASSWORD, room);
        WebDriverWait wait = Browsers.waitFor(browser);

        browser.findElement(By.cssSelector("[data-testid=visit-toggle]")).click();
        browser.findElement(By.cssSelector("[data-testid=visit-temperature]")).sendKeys("37.2");
        browser.findElement(By.cssSelector("[data-testid=visit-skin]")).sendKeys("仙骨部に発赤あり");
        browser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys("下書き：午後の訪問分");
        Thread.sleep(1000); // the draft is written 0.4 s after the last keystroke
        assertThat((String) OfflineScripts.storedOutbox(browser).get("plain")).as("the draft is encrypted")
                .doesNotContain("仙骨部").doesNotContain("午後");

        // Leaving the room asks first; staying keeps everything.
        browser.findElement(By.cssSelector("[data-testid=back-button]")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-dialog]")));
        assertThat(dialog.getText()).contains("書きかけ");
        dialog.findElement(By.cssSelector("[data-testid=confirm-cancel]")).click();
        assertThat(browser.findElement(By.cssSelector("[data-testid=composer-text]")).getDomProperty("value")).isEqualTo("下書き：午後の訪問分");

        // Leaving the page asks too: the beforeunload handler cancels the event (the browser then asks;
        // WebDriver accepts that prompt by itself on navigation). The draft is back after the reload.
        String beforeUnload = "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
                + " return e.defaultPrevented;";
        assertThat(((JavascriptExecutor) browser).executeScript(beforeUnload)).as("beforeunload asks").isEqualTo(true);
        browser.navigate().refresh();
        wait.until(d -> "下書き：午後の訪問分".equals(
                d.findElement(By.cssSelector("[data-testid=composer-text]")).getDomProperty("value")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=visit-temperature]")).getDomProperty("value")).isEqualTo("37.2");
        assertThat(browser.findElement(By.cssSelector("[data-testid=visit-skin]")).getDomProperty("value")).isEqualTo("仙骨部に発赤あり");
        assertThat(browser.findElement(By.cssSelector("[data-testid=visit-form]")).isDisplayed()).isTrue();

        // Sent: the draft is gone, and leaving no longer asks.
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection-state]"), "data-state", "connected"));
        browser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=note]")).stream().anyMatch(n -> n.getText().contains("仙骨部に発赤あり")));
        wait.until(d -> ((Number) OfflineScripts.storedOutbox(browser).get("drafts")).intValue() == 0);
        assertThat(((JavascriptExecutor) browser).executeScript(beforeUnload)).as("nothing unsent: no question").isEqualTo(false);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=composer-text]")));
        Thread.sleep(500);
        assertThat(browser.findElement(By.cssSelector("[data-testid=composer-text]")).getDomProperty("value")).isEmpty();
        browser.findElement(By.cssSelector("[data-testid=back-button]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=room-list]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=confirm-dialog]"))).isEmpty();
    }

    /**
     * Bytes over the network as Chromium counts them (Resource Timing transferSize: headers and compressed
     * body; 0 for answers from a cache): the login page on a first visit, then the same page reloaded once
     * the service worker holds the shell. Printed for docs/benchmarks.md.
     */
    @Test
    void measureTransferredBytesInChromium() throws Exception {
        browser = Browsers.open(390, 844);
        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = Browsers.waitFor(browser);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
        String sum = "const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];"
                + " return [all.length, all.reduce((n, e) => n + e.transferSize, 0),"
                + " all.filter((e) => e.transferSize > 0).length];";
        List<?> first = (List<?>) ((JavascriptExecutor) browser).executeScript(sum);
        assertThat(OfflineScripts.waitForServiceWorker(browser)).isGreaterThan(30);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
        Thread.sleep(500);
        List<?> repeat = (List<?>) ((JavascriptExecutor) browser).executeScript(sum);
        System.out.printf("CHROMIUM BYTES first visit: %s entries, %s bytes over the network (%s requests);"
                + " repeat: %s entries, %s bytes (%s requests)%n",
                first.get(0), first.get(1), first.get(2), repeat.get(0), repeat.get(1), repeat.get(2));
        assertThat(((Number) repeat.get(1)).longValue()).as("repeat visit bytes").isLessThanOrEqualTo(20 * 1024);
    }
}
