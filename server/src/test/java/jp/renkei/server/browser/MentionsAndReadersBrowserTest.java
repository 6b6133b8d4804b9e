package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * 宛先 and 既読 in two browsers on phone-sized screens: a visiting nurse picks the doctor as 宛先 and
 * posts; the doctor, who has the room open, sees the note marked あなた宛 and reads it; the nurse opens
 * the 既読 sheet of the note and finds the doctor among those who have read it, and the pharmacist
 * (who has not opened the room) among those who have not.
 */
class MentionsAndReadersBrowserTest extends TwoBrowserTestBase {

    @Test
    void aNoteForTheDoctorIsMarkedForThemAndTheNurseSeesThatTheyReadIt() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        String room = newPatientRoom(nurse, doctor, pharmacist);
        openBrowsers();

        openRoom(nurseBrowser, nurse, room);
        openRoom(doctorBrowser, doctor, room);

        // The nurse chooses the doctor as 宛先 from the room's members.
        nurseBrowser.findElement(By.cssSelector("[data-testid=mention-button]")).click();
        WebElement sheet = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=mention-sheet]")));
        assertThat(sheet.findElements(By.cssSelector("[data-testid=mention-option]")))
                .extracting(o -> o.getAttribute("data-user-id"))
                .as("the other members can be chosen, not the nurse herself")
                .containsExactlyInAnyOrder(doctor.id(), pharmacist.id());
        sheet.findElement(By.cssSelector("[data-testid=mention-option][data-user-id='" + doctor.id() + "']")).click();
        sheet.findElement(By.cssSelector("[data-testid=mention-done]")).click();
        waitFor(nurseBrowser).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("[data-testid=mention-sheet]")));
        WebElement chip = nurseBrowser.findElement(By.cssSelector("[data-testid=mention-chip]"));
        assertThat(chip.getAttribute("data-user-id")).isEqualTo(doctor.id());
        assertThat(chip.getText()).contains(doctor.name());

        String text = "佐藤先生：下肢のむくみが増えています。利尿剤の調整をご検討ください。";
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys(text);
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=mention-chip]")).isEmpty());

        // The doctor sees it live, marked あなた宛, with the 宛先 listed.
        long seq = waitFor(doctorBrowser).until(d -> {
            WebElement n = noteWith(d, text);
            if (n == null || n.findElements(By.cssSelector("[data-testid=note-for-me]")).isEmpty()) {
                return null;
            }
            assertThat(n.findElement(By.cssSelector("[data-testid=note-mentions]")).getText()).contains(doctor.name());
            return Long.parseLong(n.getAttribute("data-seq"));
        });
        waitFor(nurseBrowser).until(d -> {
            WebElement n = noteWith(d, text);
            if (n == null) {
                return false;
            }
            assertThat(n.findElements(By.cssSelector("[data-testid=note-for-me]")))
                    .as("the author's own note is not marked for her").isEmpty();
            assertThat(n.findElement(By.cssSelector("[data-testid=note-mentions]")).getText()).contains(doctor.name());
            return true;
        });

        // The doctor's browser moves the read marker past the note (the newest event is on screen).
        ApiClient doctorApi = login(doctor);
        waitFor(doctorBrowser).until(d -> readSeq(doctorApi, room, doctor) >= seq);

        // The nurse opens the 既読 sheet: the doctor has read it, the pharmacist has not yet.
        waitFor(nurseBrowser).ignoring(ElementClickInterceptedException.class).until(d -> {
            noteWith(d, text).findElement(By.cssSelector("[data-testid=read-count]")).click();
            return true;
        });
        WebElement readSheet = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=read-sheet]")));
        // The sheet is redrawn on every receipt: look again until the doctor is listed, then check it all.
        waitFor(nurseBrowser).until(d -> {
            List<WebElement> read = readSheet.findElements(By.cssSelector("[data-testid=read-by]"));
            if (read.stream().noneMatch(r -> doctor.id().equals(r.getAttribute("data-user-id")))) {
                return false;
            }
            assertThat(read).extracting(WebElement::getText).anyMatch(line -> line.contains(doctor.name()));
            assertThat(readSheet.findElements(By.cssSelector("[data-testid=unread-by]")))
                    .extracting(u -> u.getAttribute("data-user-id"))
                    .as("the pharmacist has not opened the room").containsExactly(pharmacist.id());
            assertThat(readSheet.findElements(By.cssSelector("[data-testid=read-by], [data-testid=unread-by]")))
                    .extracting(u -> u.getAttribute("data-user-id"))
                    .as("the author is in neither list").doesNotContain(nurse.id());
            return true;
        });
        waitFor(nurseBrowser).until(d -> "1".equals(noteWith(d, text)
                .findElement(By.cssSelector("[data-testid=read-count]")).getAttribute("data-count")));

        // The doctor answers that note (返信): the answer shows which note it answers, in both browsers.
        readSheet.findElement(By.cssSelector("[data-testid=sheet-close]")).click();
        noteWith(doctorBrowser, text).findElement(By.cssSelector("[data-testid=reply-button]")).click();
        WebElement banner = waitFor(doctorBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=reply-banner]")));
        assertThat(banner.getText()).contains(nurse.name(), "佐藤先生");
        String answer = "承知しました。明日の往診で利尿剤を調整します。";
        doctorBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys(answer);
        doctorBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=reply-banner]")));
        for (WebDriver b : List.of(nurseBrowser, doctorBrowser)) {
            waitFor(b).until(d -> {
                WebElement n = noteWith(d, answer);
                return n != null && !n.findElements(By.cssSelector("[data-testid=note-reply-to]")).isEmpty()
                        && n.findElement(By.cssSelector("[data-testid=note-reply-to]")).getText().contains(nurse.name());
            });
        }
        Axe.assertNoSeriousViolations(nurseBrowser, "a reply in the timeline");
    }

    /**
     * A family member invited under the consent never sees the staff timeline (FAMILY_STAFF_CHANNEL), so
     * the 既読 sheet does not list them as 未読 and the count does not wait for them.
     */
    @Test
    void aFamilyMemberIsNotListedAsUnreadForAStaffNote() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount pharmacist = newUser(Profession.PHARMACIST);
        UserAccount family = newUser(Profession.FAMILY);
        String room = newPatientRoom(nurse, pharmacist);
        inviteFamily(nurse, room, family);
        nurseBrowser = Browsers.open(390, 844);
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        openRoom(nurseBrowser, nurse, room);

        String text = "本日の訪問：血圧 132/80、むくみなし。";
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys(text);
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).ignoring(ElementClickInterceptedException.class).until(d -> {
            WebElement n = noteWith(d, text);
            if (n == null) {
                return false;
            }
            n.findElement(By.cssSelector("[data-testid=read-count]")).click();
            return true;
        });
        WebElement readSheet = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=read-sheet]")));
        assertThat(readSheet.findElements(By.cssSelector("[data-testid=read-by], [data-testid=unread-by]")))
                .extracting(u -> u.getAttribute("data-user-id"))
                .as("only the staff who can see the note").containsExactly(pharmacist.id());
        Axe.assertNoSeriousViolations(nurseBrowser, "the 既読 sheet");
    }

    private static WebElement noteWith(WebDriver browser, String text) {
        return browser.findElements(By.cssSelector("[data-testid=note]")).stream()
                .filter(n -> n.getText().contains(text)).findFirst().orElse(null);
    }

    private static long readSeq(ApiClient api, String roomId, UserAccount user) {
        ApiClient.Response r = api.get("/api/rooms/" + roomId);
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode m : r.json().path("members")) {
            if (user.id().equals(m.path("person").path("userId").asString())) {
                return m.path("readSeq").asLong();
            }
        }
        return 0;
    }
}
