package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.oncall.OncallSetup;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who covers, on two phones (390×844, Japanese): the team sees the 主治医 and 副主治医 and 「いま対応」 under
 * the room's header (the 副主治医 during a cover period); the 主治医 opens the sheet of roles and cover
 * periods; an urgent note shows its sender where it stands (未確認: …に通知しました) and then 確認済み once the
 * 主治医 acknowledges it. Both screens pass axe-core.
 */
class OncallBrowserTest extends TwoBrowserTestBase {

    @Autowired
    OncallSetup oncall;

    private static By css(String selector) {
        return By.cssSelector(selector);
    }

    @Test
    void theTeamSeesWhoCoversAndTheSenderSeesWhereTheUrgentNoteStands() throws Exception {
        String clinic = "o-tb" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(clinic, "テスト在宅クリニック", OrganizationKind.CLINIC, "北区"));
        UserAccount sato = newUserIn(Profession.PHYSICIAN, clinic);
        UserAccount tanaka = newUserIn(Profession.PHYSICIAN, clinic);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount host = newUser(Profession.CARE_MANAGER);
        String room = newPatientRoom(host, sato, tanaka, nurse);
        oncall.setRoles(host, room, sato.id(), tanaka.id());
        oncall.addCover(sato, room, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(2)));

        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        Browsers.phoneViewport(doctorBrowser, 390, 844);
        openRoom(nurseBrowser, nurse, room);
        WebDriverWait nurseWait = waitFor(nurseBrowser);
        WebElement now = nurseWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=oncall-now]")));
        nurseWait.until(d -> now.getText().contains("いま対応"));
        assertThat(now.getText()).contains("いま対応", tanaka.name(), "副主治医", "まで");
        assertThat(nurseBrowser.findElement(css("[data-testid=oncall-roles]")).getText())
                .contains("主治医", sato.name(), "副主治医", tanaka.name());
        Axe.assertNoSeriousViolations(nurseBrowser, "the room with いま対応");

        // The 主治医 sees the roles and the cover period and may change them.
        openRoom(doctorBrowser, sato, room);
        WebDriverWait doctorWait = waitFor(doctorBrowser);
        doctorWait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=care-team-button]"))).click();
        WebElement sheet = doctorWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=care-team-sheet]")));
        assertThat(sheet.findElements(css("[data-testid=cover]"))).hasSize(1);
        assertThat(sheet.findElement(css("[data-testid=cover]")).getText()).contains("対応中");
        assertThat(sheet.findElement(css("[data-testid=roles-save]")).isDisplayed()).isTrue();
        Browsers.screenshot(doctorBrowser, "oncall-care-team-sheet");
        Axe.assertNoSeriousViolations(doctorBrowser, "the care-team sheet");
        sheet.findElement(css("[data-testid=care-team-close]")).click();

        // The nurse posts an urgent note to no one in particular: the 主治医 and the host are told at once,
        // and her note says so; the emergency hint stays next to the toggle.
        nurseBrowser.findElement(css("[data-testid=composer-urgent]")).click();
        assertThat(nurseBrowser.findElement(css(".urgent-hint")).isDisplayed()).isTrue();
        nurseBrowser.findElement(css("[data-testid=composer-text]")).sendKeys("夕方から 38.9℃、呼吸が苦しそうです");
        nurseBrowser.findElement(css("[data-testid=composer-send]")).click();
        WebElement status = nurseWait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=escalation-status]")));
        nurseWait.until(d -> d.findElement(css("[data-testid=escalation-status]")).getText().startsWith("未確認"));
        assertThat(nurseBrowser.findElement(css("[data-testid=escalation-status]")).getText()).contains("主治医に通知しました");
        assertThat(status.getAttribute("data-step")).isEqualTo("notified");
        // The team sees the step in the timeline.
        doctorWait.until(d -> d.findElements(css("[data-kind='urgent.escalated']")).stream()
                .anyMatch(e -> e.getText().contains(sato.name())));
        Browsers.screenshot(nurseBrowser, "oncall-urgent-pending");
        Axe.assertNoSeriousViolations(nurseBrowser, "the urgent note waiting for acknowledgement");

        // The 主治医 acknowledges: the sender sees 確認済み.
        doctorWait.until(d -> {
            for (WebElement b : d.findElements(css("[data-testid=ack-button]"))) {
                if (b.isDisplayed() && b.isEnabled()) {
                    b.click();
                    return true;
                }
            }
            return false;
        });
        nurseWait.until(d -> {
            var found = d.findElements(css("[data-testid=escalation-status]"));
            return !found.isEmpty() && found.get(0).getText().startsWith("確認済み");
        });
        assertThat(nurseBrowser.findElement(css("[data-testid=escalation-status]")).getText()).contains(sato.name());
        Browsers.screenshot(nurseBrowser, "oncall-urgent-acknowledged");
    }
}
