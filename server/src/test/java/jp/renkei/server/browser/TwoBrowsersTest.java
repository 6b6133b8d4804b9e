package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;


import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Two people in two browsers on phone-sized screens: a visiting nurse posts in a patient's room and
 * the doctor, who has the room open, sees the note appear without reloading, then acknowledges it and
 * the nurse sees 確認しました with the doctor's name.
 */
class TwoBrowsersTest extends TwoBrowserTestBase {

    @Test
    void aNoteAppearsLiveInTheOtherBrowserAndItsAcknowledgementComesBack() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        openBrowsers();

        openRoom(nurseBrowser, nurse, room);
        openRoom(doctorBrowser, doctor, room);
        ((JavascriptExecutor) doctorBrowser).executeScript("window.__sameDocument = 'yes';");

        String text = "夕方から息苦しさあり。SpO2 91%。往診をお願いします。";
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys(text);
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();

        waitFor(doctorBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=note]")).stream()
                .filter(n -> n.getText().contains(text)).findFirst().orElse(null));
        assertThat(((JavascriptExecutor) doctorBrowser).executeScript("return window.__sameDocument;"))
                .as("the page was not reloaded").isEqualTo("yes");

        waitFor(doctorBrowser).until(d -> {
            d.findElements(By.cssSelector("[data-testid=note]")).stream().filter(n -> n.getText().contains(text))
                    .findFirst().orElseThrow().findElement(By.cssSelector("[data-testid=ack-button]")).click();
            return true;
        });
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=note]")).stream()
                .filter(n -> n.getText().contains(text))
                .anyMatch(n -> n.findElements(By.cssSelector("[data-testid=ack-list]")).stream()
                        .anyMatch(a -> a.getText().contains(doctor.name()))));
    }
}
