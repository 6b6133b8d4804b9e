package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * When care ends, on a phone (390×844): the host ends care from the room's panel (reason and date, then a
 * confirmation), sees the closed-room banner and the read-only composer, the timeline line and the tag in
 * the room list; the family member's home no longer lists the room; the host reopens it. Every screen passes
 * axe-core (WCAG 2.2 AA, no serious or critical violation), the administrator's 保存期間を過ぎた部屋 too.
 */
class RoomClosureBrowserTest extends TwoBrowserTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    private jp.renkei.server.room.ClosureService closures;
    @org.springframework.beans.factory.annotation.Autowired
    private jp.renkei.server.crypto.RoomKeys keys;

    private static By css(String selector) {
        return By.cssSelector(selector);
    }

    @Test
    void theHostEndsCareTheFamilyNoLongerSeesTheRoomAndTheHostReopens() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, host.organizationId());
        String room = newPatientRoom(host);
        inviteFamily(host, room, relative);
        try (TestStompClient h = connect(host)) {
            h.call("/app/notes.post", Notes.post(room, "t-close-1", "ご自宅で穏やかに最期を迎えられました。"));
        }
        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        Browsers.phoneViewport(doctorBrowser, 390, 844);

        // The family member sees the room on her home screen before the closure.
        WebDriverWait famWait = Browsers.logIn(doctorBrowser, port, relative.loginId(), PASSWORD);
        famWait.until(ExpectedConditions.visibilityOfElementLocated(
                css("[data-testid=family-room-item][data-room-id='" + room + "']")));

        openRoom(nurseBrowser, host, room);
        WebDriverWait wait = waitFor(nurseBrowser);
        nurseBrowser.findElement(css("[data-testid=members-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=closure-open]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=closure-sheet]")));
        Axe.assertNoSeriousViolations(nurseBrowser, "ケアを終了する sheet");
        Browsers.screenshot(nurseBrowser, "closure-sheet-390");

        // Nothing is asked of the server without a reason.
        nurseBrowser.findElement(css("[data-testid=closure-submit]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=closure-error]")));
        assertThat(error.getText()).contains("終了の理由");
        new Select(nurseBrowser.findElement(css("[data-testid=closure-reason]"))).selectByValue("home_death");
        String date = nurseBrowser.findElement(css("[data-testid=closure-date]")).getAttribute("value");
        nurseBrowser.findElement(css("[data-testid=closure-submit]")).click();
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=confirm-dialog]")));
        assertThat(confirm.getText()).contains("終了: 在宅看取り " + date);
        Browsers.screenshot(nurseBrowser, "closure-confirm-390");
        confirm.findElement(css("[data-testid=confirm-ok]")).click();

        // The banner, the read-only composer and the timeline line.
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=closure-banner]")));
        wait.until(d -> banner.getText().contains("終了: 在宅看取り " + date));
        assertThat(banner.getText()).contains("閲覧のみ", "ご家族の閲覧とカレンダー配信は停止");
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=composer-readonly]")));
        assertThat(nurseBrowser.findElement(css("[data-testid=composer-readonly]")).getText()).contains("ケアが終了");
        wait.until(d -> {
            List<WebElement> lines = d.findElements(css("[data-testid=system-event][data-kind='room.closed']"));
            return !lines.isEmpty() && lines.get(0).getText().contains("ケアを終了しました");
        });
        assertThat(nurseBrowser.findElement(css(".topbar")).getText()).contains("終了: 在宅看取り");
        Axe.assertNoSeriousViolations(nurseBrowser, "closed room");
        Browsers.screenshot(nurseBrowser, "closure-room-390");

        // The family member's home no longer lists the room (access ends at once by default).
        doctorBrowser.navigate().refresh();
        famWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=family-rooms] .empty")));
        assertThat(doctorBrowser.findElements(css("[data-testid=family-room-item][data-room-id='" + room + "']")))
                .isEmpty();
        Axe.assertNoSeriousViolations(doctorBrowser, "family home after closure");

        // The room list shows the closure.
        nurseBrowser.findElement(css("[data-testid=back-button]")).click();
        WebElement tag = wait.until(ExpectedConditions.visibilityOfElementLocated(
                css("[data-room-id='" + room + "'] [data-testid=room-closed-tag]")));
        assertThat(tag.getText()).isEqualTo("終了: 在宅看取り " + date);
        Axe.assertNoSeriousViolations(nurseBrowser, "room list with a closed room");
        Browsers.screenshot(nurseBrowser, "closure-room-list-390");

        // 再開する: asks, then the room takes notes again.
        tag.click();
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=closure-reopen]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=confirm-dialog]")))
                .findElement(css("[data-testid=confirm-ok]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(css("[data-testid=closure-banner]")));
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=composer-text]")));

        // The administrator's 保存期間を過ぎた部屋 (nothing due yet).
        doctorBrowser.quit();
        doctorBrowser = Browsers.open(390, 844);
        WebDriverWait adminWait = Browsers.logIn(doctorBrowser, port, admin.loginId(), PASSWORD);
        adminWait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=retention-link]"))).click();
        adminWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=retention-empty]")));
        Axe.assertNoSeriousViolations(doctorBrowser, "保存期間を過ぎた部屋");
    }

    @Test
    void anAdministratorConfirmsThePurgeOfARoomPastItsRetention() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, host.organizationId());
        String room = rooms.create(host, new jp.renkei.protocol.Resources.CreateRoom("patient", null,
                new jp.renkei.protocol.Resources.PatientProfile("保存 期限子", null, null, null, null, null), CONSENT),
                java.time.Instant.now().minus(java.time.Duration.ofDays(6 * 366)));
        java.time.LocalDate ended = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusYears(5).minusDays(10);
        closures.close(host, room, new jp.renkei.protocol.Resources.CloseRoom("moved", null, ended.toString()));

        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        WebDriverWait wait = Browsers.logIn(nurseBrowser, port, admin.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=retention-link]"))).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                css("[data-testid=retention-row][data-room-id='" + room + "']")));
        assertThat(row.getText()).contains(room, "転居", ended.toString(), host.name()).doesNotContain("期限子");
        WebElement purge = nurseBrowser.findElement(css("[data-testid=retention-purge]"));
        assertThat(purge.isEnabled()).isFalse();
        row.findElement(css("[data-testid=retention-check]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(purge));
        Axe.assertNoSeriousViolations(nurseBrowser, "保存期間を過ぎた部屋 with a due room");
        Browsers.screenshot(nurseBrowser, "retention-due-390");
        purge.click();
        // The confirmation: cancelling purges nothing.
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=confirm-dialog]")))
                .findElement(css("[data-testid=confirm-cancel]")).click();
        assertThat(keys.isDestroyed(room)).isFalse();
        purge.click();
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=confirm-dialog]")));
        assertThat(confirm.getText()).contains("元に戻せません");
        confirm.findElement(css("[data-testid=confirm-ok]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                css("[data-testid=retention-row][data-room-id='" + room + "']")));
        assertThat(keys.isDestroyed(room)).isTrue();
        assertThat(login(host).get("/api/rooms/" + room).status()).isEqualTo(410);
    }
}
