package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The 当番表 on a phone (390×844, Japanese): the clinic's facility administrator opens it from the room
 * list, adds tonight's duty (18:00 until 8:30 the next morning, Japan time) for one of the clinic's
 * physicians, sees who is on call, and removes it; a physician of the clinic sees the rota without the
 * editor. Both pass axe-core.
 */
class RotaBrowserTest extends TwoBrowserTestBase {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static By css(String selector) {
        return By.cssSelector(selector);
    }

    /** Types a Japan-time value into a datetime-local input as the picker would (the value and an input event). */
    private static void setDateTime(org.openqa.selenium.chrome.ChromeDriver browser, WebElement input, LocalDateTime at) {
        browser.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input, at.format(LOCAL));
    }

    @Test
    void theAdministratorKeepsTheRotaAndAPhysicianSeesIt() throws Exception {
        String clinic = "o-tr" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(clinic, "テスト在宅クリニック", OrganizationKind.CLINIC, "北区"));
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, clinic);
        UserAccount doctor = newUserIn(Profession.PHYSICIAN, clinic);

        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        WebDriverWait wait = Browsers.logIn(nurseBrowser, port, admin.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=rota-link]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(css("[data-testid=rota-view]")));
        WebElement add = wait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=rota-add]")));
        assertThat(nurseBrowser.findElement(css("[data-testid=rota-list]")).getText()).contains("まだ登録されていません");

        LocalDateTime today = LocalDateTime.now(ZoneId.of("Asia/Tokyo")).withHour(18).withMinute(0).withSecond(0).withNano(0);
        LocalDateTime from = today.isAfter(LocalDateTime.now(ZoneId.of("Asia/Tokyo"))) ? today : today.plusDays(1);
        setDateTime(nurseBrowser, nurseBrowser.findElement(css("[data-testid=rota-from]")), from);
        setDateTime(nurseBrowser, nurseBrowser.findElement(css("[data-testid=rota-to]")), from.plusDays(1).withHour(8).withMinute(30));
        assertThat(nurseBrowser.findElement(css("[data-testid=rota-physician]")).getText()).contains(doctor.name());
        add.click();
        wait.until(d -> d.findElements(css("[data-testid=rota-entry]")).size() == 1);
        String entry = nurseBrowser.findElement(css("[data-testid=rota-entry]")).getText();
        assertThat(entry).contains(from.getMonthValue() + "/" + from.getDayOfMonth() + " 18:00", "8:30", doctor.name());
        Browsers.screenshot(nurseBrowser, "oncall-rota-admin");
        Axe.assertNoSeriousViolations(nurseBrowser, "the 当番表 editor");

        // A physician of the clinic sees it, without the editor.
        Browsers.phoneViewport(doctorBrowser, 390, 844);
        WebDriverWait doctorWait = Browsers.logIn(doctorBrowser, port, doctor.loginId(), PASSWORD);
        doctorWait.until(ExpectedConditions.elementToBeClickable(css("[data-testid=rota-link]"))).click();
        doctorWait.until(d -> d.findElements(css("[data-testid=rota-entry]")).size() == 1);
        assertThat(doctorBrowser.findElements(css("[data-testid=rota-add]"))).isEmpty();
        assertThat(doctorBrowser.findElements(css("[data-testid=rota-remove]"))).isEmpty();
        Axe.assertNoSeriousViolations(doctorBrowser, "the 当番表 for a physician");

        // The administrator removes it.
        nurseBrowser.findElement(css("[data-testid=rota-remove]")).click();
        wait.until(d -> d.findElements(css("[data-testid=rota-entry]")).isEmpty());
    }
}
