package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The outbox (SP-MOB-01) on a nurse's phone-sized browser in Japanese, with "no signal" made by cutting
 * the TCP relay between the browser and the server: notes written offline wait encrypted in IndexedDB,
 * survive a reload, and arrive once each and in order when the connection returns; sign-out asks first
 * and leaves nothing behind.
 */
class OfflineOutboxBrowserTest extends RelayedBrowserTestBase {

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

    private WebDriverWait openRoomOffline(UserAccount nurse, String room) throws Exception {
        browser = Browsers.open(390, 844);
        // Her own phone (a passkey): the app may reopen without signal after the phone verifies her.
        Browsers.phoneAuthenticator(browser);
        proxy = new TcpProxy(port, RELAY).start();
        signInOnOwnPhone(browser, nurse, PASSWORD, room);
        assertThat(OfflineScripts.waitForServiceWorker(browser)).as("service worker controls the page").isPositive();
        proxy.stop();
        WebDriverWait wait = Browsers.waitFor(browser);
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeToBe(
                By.cssSelector("[data-testid=connection-state]"), "data-state", "connected")));
        return wait;
    }

    private void write(WebDriverWait wait, String text, int expectedItems) {
        WebElement composer = browser.findElement(By.cssSelector("[data-testid=composer-text]"));
        composer.sendKeys(text);
        browser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=outbox-item]")).size() == expectedItems);
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=composer-text]")).getDomProperty("value").isEmpty());
    }

    @Test
    void threeNotesWrittenWithoutSignalArriveOnceEachAndInOrderWhenTheConnectionReturns() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        ApiClient doctorApi = login(doctor);
        WebDriverWait wait = openRoomOffline(nurse, room);

        List<String> texts = List.of("オフライン1: 14時訪問。体温36.8℃、血圧128/76。",
                "オフライン2: 仙骨部の発赤は消退傾向。", "オフライン3: 次回、排便状況を確認してください。");
        write(wait, texts.get(0), 1);
        write(wait, texts.get(1), 2);
        // The third is a 訪問記録 (the structured form), written without signal too.
        browser.findElement(By.cssSelector("[data-testid=visit-toggle]")).click();
        browser.findElement(By.cssSelector("[data-testid=visit-temperature]")).sendKeys("36.9");
        browser.findElement(By.cssSelector("[data-testid=visit-nextCheck]")).sendKeys("排便状況");
        write(wait, texts.get(2), 3);
        List<WebElement> items = browser.findElements(By.cssSelector("[data-testid=outbox-item]"));
        assertThat(items).extracting(e -> e.getDomAttribute("data-state")).containsExactly("waiting", "waiting", "waiting");
        assertThat(items).extracting(e -> e.findElement(By.cssSelector("[data-testid=outbox-state]")).getText())
                .containsOnly("送信待ち");
        assertThat(items).extracting(e -> e.findElement(By.cssSelector("[data-testid=outbox-text]")).getText())
                .containsExactly(texts.get(0), texts.get(1), "訪問記録: " + texts.get(2));

        // Kept encrypted under a non-extractable AES-GCM key: no note text in what IndexedDB holds.
        Map<String, Object> stored = OfflineScripts.storedOutbox(browser);
        assertThat(stored.get("count")).isEqualTo(3L);
        assertThat(stored.get("keyType")).isEqualTo("[object CryptoKey]");
        assertThat(stored.get("extractable")).isEqualTo(false);
        assertThat(stored.get("alg")).isEqualTo("AES-GCM");
        for (String t : texts) {
            assertThat((String) stored.get("plain")).doesNotContain(t.substring(0, 6)).doesNotContain("仙骨部");
        }
        assertThat(OfflineScripts.noteTexts(doctorApi, room)).isEmpty();

        // Closing or reloading loses nothing: the page comes from the service worker, the room's details and
        // the waiting notes from IndexedDB.
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=offline-banner]")));
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=outbox-item][data-state=waiting]")).size() == 3);

        proxy.start();
        WebDriverWait arrival = new WebDriverWait(browser, Duration.ofSeconds(45));
        arrival.until(d -> OfflineScripts.noteTexts(doctorApi, room).size() >= 3);
        Thread.sleep(2000); // a duplicate would have arrived by now
        assertThat(OfflineScripts.noteTexts(doctorApi, room)).containsExactlyElementsOf(texts);
        JsonNode visit = null;
        for (JsonNode e : doctorApi.get("/api/rooms/" + room + "/events?limit=100").json().path("events")) {
            if ("note.posted".equals(e.path("kind").asString())) {
                visit = e.path("content").path("note");
            }
        }
        assertThat(visit.path("kind").asString()).isEqualTo("visit");
        assertThat(visit.path("visit").path("vitals").path("temperature").asDouble()).isEqualTo(36.9);
        assertThat(visit.path("visit").path("nextCheck").asString()).isEqualTo("排便状況");

        // The nurse's room shows them as sent, then only in the timeline; nothing is left in the outbox.
        arrival.until(d -> d.findElements(By.cssSelector("[data-testid=note]")).size() == 3);
        arrival.until(d -> d.findElements(By.cssSelector("[data-testid=outbox-item]")).isEmpty());
        assertThat(OfflineScripts.storedOutbox(browser).get("count")).isEqualTo(0L);
        assertThat(OfflineScripts.noteTexts(doctorApi, room)).containsExactlyElementsOf(texts);
    }

    @Test
    void signOutWithAWaitingNoteAsksFirstAndThenLeavesTheOutboxEmpty() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        WebDriverWait wait = openRoomOffline(nurse, room);
        String text = "送信前にログアウトする記録";
        write(wait, text, 1);
        assertThat(OfflineScripts.storedOutbox(browser).get("count")).isEqualTo(1L);

        browser.findElement(By.cssSelector("[data-testid=back-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=logout-button]"))).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-dialog]")));
        assertThat(dialog.getText()).contains("送信されていない記録が1件").contains("削除");
        dialog.findElement(By.cssSelector("[data-testid=confirm-cancel]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=confirm-dialog]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=logout-button]"))).hasSize(1);
        assertThat(OfflineScripts.storedOutbox(browser).get("count")).as("cancel keeps it").isEqualTo(1L);

        browser.findElement(By.cssSelector("[data-testid=logout-button]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-ok]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
        Map<String, Object> stored = OfflineScripts.storedOutbox(browser);
        assertThat(stored.get("count")).isEqualTo(0L);
        assertThat(stored.get("exists")).as("the encrypted store and its key are deleted").isEqualTo(false);

        // Back online, the deleted note is never sent.
        proxy.start();
        Thread.sleep(3000);
        assertThat(OfflineScripts.noteTexts(login(doctor), room)).doesNotContain(text);
    }

    @Test
    void aPhotoTakenWithoutSignalWaitsEncryptedAndGoesWithItsNote() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        ApiClient nurseApi = login(nurse);
        assertThat(nurseApi.put("/api/rooms/" + room + "/photo-rules", "{\"photos\":true,\"faces\":false}").status()).isEqualTo(200);
        Path jpeg = Files.createTempFile("wound", ".jpg");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(180, 60, 60));
        g.fillOval(10, 8, 40, 30);
        g.dispose();
        ImageIO.write(image, "jpg", jpeg.toFile());
        WebDriverWait wait = openRoomOffline(nurse, room);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=photo-input]"))).sendKeys(jpeg.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=photo-item]")));
        String text = "オフラインで撮影：仙骨部の発赤";
        write(wait, text, 1);
        WebElement item = browser.findElement(By.cssSelector("[data-testid=outbox-item]"));
        assertThat(item.getDomAttribute("data-state")).isEqualTo("waiting");
        assertThat(item.findElement(By.cssSelector("[data-testid=outbox-photos]")).getText()).contains("写真 1枚");
        assertThat(browser.findElements(By.cssSelector("[data-testid=photo-item]"))).as("the composer is empty again").isEmpty();
        assertThat((String) OfflineScripts.storedOutbox(browser).get("plain")).doesNotContain("仙骨部").doesNotContain("JFIF");

        proxy.start();
        new WebDriverWait(browser, Duration.ofSeconds(45)).until(d -> OfflineScripts.noteTexts(login(doctor), room).contains(text));
        JsonNode note = null;
        for (JsonNode e : login(doctor).get("/api/rooms/" + room + "/events?limit=100").json().path("events")) {
            if ("note.posted".equals(e.path("kind").asString())) {
                note = e.path("content").path("note");
            }
        }
        assertThat(note.path("photos").size()).as("the photo went with the note").isEqualTo(1);
        assertThat(OfflineScripts.noteTexts(login(doctor), room)).containsExactly(text);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("[data-testid=note-photos]")).size() == 1);
    }

    @Test
    void aNoteTheServerRefusesIsMarkedNotSentAndCanBeResentOrDeleted() throws Exception {
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(doctor, nurse); // the doctor hosts
        WebDriverWait wait = openRoomOffline(nurse, room);
        String text = "同意撤回の前に書いた記録";
        write(wait, text, 1);
        // Meanwhile the consent is withdrawn: the room becomes read-only and refuses new notes.
        assertThat(login(doctor).post("/api/rooms/" + room + "/consent/withdraw", "{\"date\":\"2026-12-07\"}").status())
                .isBetween(200, 204);

        proxy.start();
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(45));
        WebElement item = slow.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=outbox-item][data-state=failed]")));
        assertThat(item.getText()).contains("送れませんでした").contains("閲覧のみ");
        item.findElement(By.cssSelector("[data-testid=outbox-retry]")).click();
        // Resent with the same txnId and refused again.
        slow.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=outbox-item][data-state=failed]")));
        assertThat(OfflineScripts.storedOutbox(browser).get("count")).isEqualTo(1L);

        browser.findElement(By.cssSelector("[data-testid=outbox-delete]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-ok]"))).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=outbox-item]")).isEmpty());
        assertThat(OfflineScripts.storedOutbox(browser).get("count")).isEqualTo(0L);
        assertThat(OfflineScripts.noteTexts(login(doctor), room)).doesNotContain(text);
    }
}
