package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.Passkeys;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A real passkey ceremony in Chromium with Selenium's virtual authenticator (a platform authenticator
 * with user verification): register on 設定 after a password + TOTP login, log out, log in with
 * password + passkey and reach the room list.
 */
class PasskeyBrowserTest extends ServerTestBase {

    @Autowired
    Passkeys passkeys;
    private ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void registerAPasskeyThenLogInWithPasswordAndPasskey() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        browser = Browsers.open(412, 915);
        VirtualAuthenticator authenticator = Browsers.phoneAuthenticator(browser);
        WebDriverWait wait = Browsers.waitFor(browser);

        browser.get("http://localhost:" + port + "/");
        password(wait, nurse);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-totp]")))
                .sendKeys(TestTotp.nextCode(nurse.loginId(), TestTotp.SECRET));
        browser.findElement(By.cssSelector("[data-testid=login-totp-submit]")).click();
        // This device has a platform authenticator, so the app offers to register one now; this test
        // registers on 設定 instead (BedsideSignInBrowserTest takes the offer).
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=passkey-offer-later]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=settings-link]"))).click();

        var label = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=passkey-label]")));
        label.clear();
        label.sendKeys("テスト端末");
        browser.findElement(By.cssSelector("[data-testid=passkey-add]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=passkey-item-label]"), "テスト端末"));
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(passkeys.of(nurse.id())).hasSize(1);

        browser.findElement(By.cssSelector("[data-testid=back-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=logout-button]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=confirm-ok]"))).click(); // sign-out asks first

        password(wait, nurse);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=login-passkey]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=room-item][data-room-id='" + roomId + "']")));
        List<?> used = passkeys.of(nurse.id());
        assertThat(used).hasSize(1);
        assertThat(passkeys.of(nurse.id()).get(0).getLastUsed()).isAfter(passkeys.of(nurse.id()).get(0).getCreated());
    }

    private void password(WebDriverWait wait, UserAccount user) {
        var name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-username]")));
        name.clear();
        name.sendKeys(user.loginId());
        browser.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
    }
}
