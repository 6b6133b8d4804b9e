package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Consent and 緊急閲覧 in the browser (SP-CON-01/02, SP-AUTHZ-04): a host creates a patient room whose
 * consent is to be recorded later, cannot write until it is, records it in the 同意の記録 sheet (naming a
 * family member) and posts; and a physician breaks the glass from {@code #/emergency} while the host has
 * the room open and sees the 緊急閲覧 alert arrive live.
 */
class ConsentAndEmergencyBrowserTest extends TwoBrowserTestBase {

    private static By css(String selector) {
        return By.cssSelector(selector);
    }

    private void login(ChromeDriver browser, UserAccount user) {
        WebDriverWait wait = Browsers.logIn(browser, port, user.loginId(), PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=room-list]")));
    }

    private static WebElement systemEvent(WebDriver d, String kind) {
        List<WebElement> found = d.findElements(css("[data-testid=system-event][data-kind='" + kind + "']"));
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    @Test
    void aHostRecordsConsentInTheRoomBeforeWriting() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount daughter = newUser(Profession.FAMILY);
        UserAccount stranger = newUser(Profession.FAMILY);
        nurseBrowser = Browsers.open(390, 844);
        login(nurseBrowser, host);
        WebDriverWait wait = waitFor(nurseBrowser);

        // Create a patient room, the consent to be recorded later.
        nurseBrowser.findElement(css("[data-testid=create-room-button]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=create-patient-name]"))).sendKeys("同意 未記録");
        nurseBrowser.findElement(css("[data-testid=create-consent-later]")).click();
        nurseBrowser.findElement(css("[data-testid=create-submit]")).click();

        // The room says consent is missing, and the composer is blocked with that explanation.
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=consent-banner]")));
        assertThat(banner.getText()).contains("同意が未記録です");
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=composer-readonly]")));
        assertThat(nurseBrowser.findElement(css("[data-testid=composer-readonly]")).getText()).contains("同意");
        assertThat(nurseBrowser.findElement(css("[data-testid=composer-text]")).isEnabled()).isFalse();

        // 同意を記録: ご本人・書面・today, naming the daughter found by name.
        nurseBrowser.findElement(css("[data-testid=consent-record-open]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=consent-family-search]"))).sendKeys(daughter.id());
        wait.until(ExpectedConditions.elementToBeClickable(
                css("[data-testid=consent-family-add][data-user-id='" + daughter.id() + "']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                css("[data-testid=consent-family-named][data-user-id='" + daughter.id() + "']")));
        nurseBrowser.findElement(css("[data-testid=consent-submit]")).click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(css("[data-testid=consent-banner]")));
        WebElement recorded = wait.until(d -> systemEvent(d, "consent.recorded"));
        assertThat(recorded.getText()).contains("同意が記録されました（ご本人・書面・", daughter.name());
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=composer-text]")));

        String text = "初回訪問。同意書を受け取りました。";
        nurseBrowser.findElement(css("[data-testid=composer-text]")).sendKeys(text);
        nurseBrowser.findElement(css("[data-testid=composer-send]")).click();
        wait.until(d -> d.findElements(css("[data-testid=note]")).stream().anyMatch(n -> n.getText().contains(text)));

        // A family member the consent does not name cannot be invited; the message leads to 同意の記録.
        nurseBrowser.findElement(css("[data-testid=members-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=invite-button]"))).click();
        nurseBrowser.findElement(css("[data-testid=invite-search]")).sendKeys(stranger.id());
        wait.until(ExpectedConditions.elementToBeClickable(
                css("[data-testid=invite-user][data-user-id='" + stranger.id() + "']"))).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=members-error]")));
        wait.until(d -> error.getText().contains("同意書に記載のないご家族"));
        error.findElement(css("[data-testid=members-consent-shortcut]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=consent-panel]")));
        assertThat(nurseBrowser.findElement(css("[data-testid=consent-current]")).getText()).contains("ご本人・書面");
    }

    @Test
    void aPhysicianBreaksTheGlassAndTheHostSeesItLive() throws Exception {
        UserAccount host = newUser(Profession.NURSE);
        UserAccount onCall = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(host);
        String note = "夕方から発熱 38.2℃。";
        try (TestStompClient h = connect(host)) {
            h.call("/app/notes.post", Notes.post(room, "t-btg-1", note));
        }
        openBrowsers();
        openRoom(nurseBrowser, host, room);
        login(doctorBrowser, onCall);
        WebDriverWait wait = waitFor(doctorBrowser);

        doctorBrowser.findElement(css("[data-testid=emergency-link]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=emergency-warning]")));
        doctorBrowser.findElement(css("[data-testid=emergency-room-id]")).sendKeys(room);
        // The reason is mandatory: nothing is asked of the server without it.
        doctorBrowser.findElement(css("[data-testid=emergency-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=emergency-error]")));
        String reason = "夜間の急変で往診。当番医として経過を確認";
        doctorBrowser.findElement(css("[data-testid=emergency-reason]")).sendKeys(reason);
        doctorBrowser.findElement(css("[data-testid=emergency-submit]")).click();

        // The physician reads the timeline, read-only, with the end time shown.
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=emergency-banner]")));
        wait.until(d -> banner.getText().contains("まで閲覧できます"));
        wait.until(d -> d.findElements(css("[data-testid=note]")).stream().anyMatch(n -> n.getText().contains(note)));
        assertThat(doctorBrowser.findElements(css("[data-testid=composer-text]")))
                .allSatisfy(c -> assertThat(c.isDisplayed()).isFalse());
        assertThat(doctorBrowser.findElements(css("[data-testid=ack-button]"))).isEmpty();

        // The host's open room shows the 緊急閲覧 alert without a reload.
        WebElement alert = waitFor(nurseBrowser).until(d -> systemEvent(d, "emergency.opened"));
        assertThat(alert.getText()).contains("緊急閲覧: " + onCall.name() + "（医師）が閲覧を開始しました", "理由: " + reason, "まで");
        assertThat(alert.getAttribute("class")).contains("sys-alert");

        // The physician's facility administrator finds the grant in 緊急閲覧の確認 and reviews it.
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, onCall.organizationId());
        nurseBrowser.manage().deleteAllCookies();
        login(nurseBrowser, admin);
        WebDriverWait adminWait = waitFor(nurseBrowser);
        nurseBrowser.findElement(css("[data-testid=grants-link]")).click();
        WebElement grant = adminWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=grant][data-state=open]")));
        assertThat(grant.getText()).contains(reason, room, onCall.id());
        grant.findElement(css("[data-testid=grant-comment]")).sendKeys("当番表と一致。妥当");
        grant.findElement(css("[data-testid=grant-review-submit]")).click();
        adminWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=grant][data-state=reviewed] [data-testid=grant-review-done]")));
    }
}
