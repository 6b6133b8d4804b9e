package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 職員管理 on a phone-sized screen: the facility administrator issues a reset link (shown once), the
 * colleague opens it and sets a password and authenticator app, and the administrator offboards a
 * leaver whose hosted room passes to that colleague (SP-AUTH-05, SP-AUTHZ-05).
 */
class StaffAdminBrowserTest extends ServerTestBase {

    private ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void resetLinkEnrolmentAndOffboardingFromTheStaffPage() throws Exception {
        String org = "o-test-staffpage-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.saveOrganization(new jp.renkei.server.account.Organization(org, "テスト訪問看護",
                jp.renkei.policy.OrganizationKind.HOME_NURSING_STATION, "北区"));
        UserAccount admin = member(Profession.FACILITY_ADMIN, org);
        UserAccount leaver = member(Profession.NURSE, org);
        UserAccount colleague = member(Profession.NURSE, org);
        String roomId = newPatientRoom(leaver, colleague);

        browser = Browsers.open(412, 915);
        WebDriverWait wait = Browsers.waitFor(browser);
        browser.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")))
                .sendKeys(admin.loginId());
        browser.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-totp]")))
                .sendKeys(TestTotp.nextCode(admin.loginId(), TestTotp.SECRET));
        browser.findElement(By.cssSelector("[data-testid=login-totp-submit]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=staff-link]"))).click();

        // 再設定リンク発行 for the colleague: shown once, in full.
        staffButton(wait, colleague, "staff-reset-link").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=confirm-ok]"))).click();
        String link = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=reset-link-value]"))).getDomProperty("value");
        assertThat(link).startsWith("http://localhost:" + port + "/#/enrol/" + colleague.id() + ".");
        browser.findElement(By.cssSelector("[data-testid=sheet-close]")).click();

        // 退職処理 for the leaver, after the confirmation: their room passes to the colleague.
        staffButton(wait, leaver, "staff-offboard").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=confirm-ok]"))).click();
        WebElement outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=offboard-room][data-room-id='" + roomId + "']")));
        assertThat(outcome.getDomAttribute("data-outcome")).isEqualTo("host_changed");
        assertThat(outcome.getText()).as("the room by its patient, the new host by name")
                .contains("試験 花子 様").contains(colleague.name()).doesNotContain(roomId);
        Axe.assertNoSeriousViolations(browser, "the offboarding result");
        assertThat(accounts.findUser(leaver.id()).orElseThrow().active()).isFalse();
        browser.findElement(By.cssSelector("[data-testid=sheet-close]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "[data-testid=staff-item][data-user-id='" + leaver.id() + "'] [data-testid=staff-inactive]")));

        // The colleague opens the link: the token leaves the address bar, the app is set up, then the password.
        browser.get(link);
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=enrol-secret]"))).getText().replace(" ", "");
        assertThat(browser.getCurrentUrl()).doesNotContain("enrol");
        String newPassword = "Kawaii-momiji-2027";
        browser.findElement(By.cssSelector("[data-testid=enrol-password]")).sendKeys(newPassword);
        browser.findElement(By.cssSelector("[data-testid=enrol-password-again]")).sendKeys(newPassword);
        browser.findElement(By.cssSelector("[data-testid=enrol-code]")).sendKeys(TestTotp.nextCode(colleague.loginId(), secret));
        browser.findElement(By.cssSelector("[data-testid=enrol-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=enrol-done]")));
        assertThat(passwords.matches(newPassword, accounts.findUser(colleague.id()).orElseThrow().passwordHash())).isTrue();
        assertThat(credentials.totpSecret(colleague.id())).contains(secret);
    }

    private WebElement staffButton(WebDriverWait wait, UserAccount person, String testid) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "[data-testid=staff-item][data-user-id='" + person.id() + "'] [data-testid=" + testid + "]")));
    }

    private UserAccount member(Profession profession, String org) {
        String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount u = accounts.createUser(id, id, "テスト " + id, profession, org, passwords.encode(PASSWORD));
        credentials.setTotp(id, TestTotp.SECRET, 0);
        return u;
    }
}
