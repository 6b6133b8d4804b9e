package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * A nurse's own phone (a passkey with fingerprint or face) reopens the app without signal, after the
 * device verifies her, with the rooms she had open, and she can write; the same phone in someone else's
 * hand (the device does not verify them) shows nothing kept (SP-AUTH-06, SP-MOB-01).
 */
class OfflineStartBrowserTest extends RelayedBrowserTestBase {

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
    void herOwnPhoneReopensWithoutSignalAfterItVerifiesHerAndNobodyElses() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        browser = Browsers.open(390, 844);
        VirtualAuthenticator phone = Browsers.phoneAuthenticator(browser);
        proxy = new TcpProxy(port, RELAY).start();
        WebDriverWait wait = signInOnOwnPhone(browser, nurse, PASSWORD, room);
        assertThat(phone.getCredentials()).hasSize(1);
        assertThat(OfflineScripts.waitForServiceWorker(browser)).as("shell files cached").isGreaterThan(30);

        // No signal, and the device does not verify whoever holds it: nothing kept is shown.
        proxy.stop();
        phone.setUserVerified(false);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=boot-offline]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=room-item], [data-testid=composer-text]"))).isEmpty();

        // Her fingerprint: the app opens into the room from what is kept, and she can write.
        phone.setUserVerified(true);
        browser.navigate().refresh();
        WebElement offline = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=offline-banner]")));
        assertThat(offline.getText()).contains("オフライン");
        String text = "電波なしで開いて書いた記録";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=composer-text]")))
                .sendKeys(text);
        browser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=outbox-item][data-state=waiting]")));

        // The signal returns: the note goes out by itself.
        proxy.start();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("[data-testid=note]"))
                .stream().anyMatch(n -> n.getText().contains(text)));
        assertThat(OfflineScripts.noteTexts(login(nurse), room)).containsExactly(text);
    }
}
