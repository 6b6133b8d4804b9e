package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Japanese wording a first-time user stumbled over (docs: the December 2026 wording review): the
 * connection badge says オンライン when connected (接続中 reads as "connecting"), and a temperature typed
 * without its decimal point (369) is read as 36.9, while a temperature that cannot be read says how to
 * type it.
 */
class WordingBrowserTest extends TwoBrowserTestBase {

    @Test
    void theBadgeSaysOnlineAndATemperatureTypedAs369IsReadAs36point9() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        openRoom(nurseBrowser, nurse, room);

        WebElement badge = nurseBrowser.findElement(By.cssSelector("[data-testid=connection-state]"));
        assertThat(badge.getAttribute("data-state")).isEqualTo("connected");
        assertThat(badge.getAttribute("textContent")).isEqualTo("オンライン");

        nurseBrowser.findElement(By.cssSelector("[data-testid=visit-toggle]")).click();
        WebElement temperature = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=visit-temperature]")));
        // Unreadable first: the message says how to type it.
        temperature.sendKeys("3.69");
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> d.findElement(By.cssSelector("[data-testid=visit-form]")).getText()
                .contains("「36.9」のように小数点まで入力してください"));

        temperature.clear();
        temperature.sendKeys("369");
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=note]")).stream()
                .anyMatch(n -> n.getText().contains("36.9")));
    }
}
