package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 監査ログ on a phone (390×844, Japanese): the administrator picks a staff member by name (not an
 * internal id), reads actions in words (no raw codes such as http.post), technical records are hidden
 * unless asked for, each entry is a card that fits the screen, and axe-core finds no serious violation.
 */
class AuditBrowserTest extends ServerTestBase {

    @Autowired
    AuditTrail audit;

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private UserAccount person(String name, Profession profession, String org) {
        String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount u = accounts.createUser(id, id, name, profession, org, passwords.encode(PASSWORD));
        credentials.setTotp(id, TestTotp.SECRET, 0);
        return u;
    }

    @Test
    void anAdministratorReviewsAStaffMemberByNameInWordsOnAPhone() throws Exception {
        String org = "o-audit-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.saveOrganization(new Organization(org, "監査テスト訪問看護ステーション", OrganizationKind.HOME_NURSING_STATION, "北区"));
        UserAccount admin = person("前田 聡", Profession.FACILITY_ADMIN, org);
        UserAccount nurse = person("小林 恵", Profession.NURSE, org);
        UserAccount other = person("林 拓也", Profession.THERAPIST, org);
        String room = newPatientRoom(nurse);
        login(nurse).get("/api/rooms/" + room);
        login(other).get("/api/rooms");
        audit.record(new AuditEntry(nurse.id(), "http.post", "http", "/api/x", null, true, "ok", null));
        audit.record(new AuditEntry(nurse.id(), "live.connect", "session", "s", null, true, "ok", null));
        audit.sync();

        browser = Browsers.open(390, 844);
        Browsers.phoneViewport(browser, 390, 844);
        WebDriverWait wait = Browsers.logIn(browser, port, admin.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=audit-link]"))).click();
        WebElement actor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=audit-actor]")));
        assertThat(actor.getTagName()).isEqualTo("select");
        wait.until(d -> new Select(actor).getOptions().stream().anyMatch(o -> o.getText().equals("小林 恵")));
        new Select(actor).selectByVisibleText("小林 恵");
        browser.findElement(By.cssSelector("[data-testid=audit-apply]")).click();
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("[data-testid=audit-row]"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> r.getText().contains("小林 恵"));
        });

        List<WebElement> actions = browser.findElements(By.cssSelector("[data-testid=audit-action]"));
        assertThat(actions).extracting(a -> a.getAttribute("data-action"))
                .as("technical records hidden by default").doesNotContain("http.post", "live.connect")
                .contains("room.view");
        assertThat(actions).extracting(WebElement::getText)
                .as("actions in words").noneMatch(text -> text.matches(".*[a-z]+\\.[a-z]+.*"))
                .contains("患者グループを開いた");
        String screen = browser.findElement(By.cssSelector("[data-testid=audit-screen]")).getText();
        assertThat(screen).doesNotContain(nurse.id()).doesNotContain("u-…").doesNotContain("職員ID");

        @SuppressWarnings("unchecked")
        Map<String, Object> fit = (Map<String, Object>) browser.executeScript(
                "const w = document.querySelector('[data-testid=audit-table]');"
                        + "return {scroll: w.scrollWidth, client: w.clientWidth, page: document.documentElement.scrollWidth,"
                        + " vw: window.innerWidth};");
        assertThat(((Number) fit.get("scroll")).intValue()).as("no sideways scrolling: %s", fit)
                .isLessThanOrEqualTo(((Number) fit.get("client")).intValue());
        assertThat(((Number) fit.get("page")).intValue()).isLessThanOrEqualTo(((Number) fit.get("vw")).intValue());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.querySelector('[data-testid=audit-table]').scrollIntoView()");
        Browsers.screenshot(browser, "audit-390");
        Axe.assertNoSeriousViolations(browser, "監査ログ");

        // Technical records on request.
        browser.executeScript("window.scrollTo(0, 0)");
        browser.findElement(By.cssSelector("[data-testid=audit-technical]")).click();
        browser.findElement(By.cssSelector("[data-testid=audit-apply]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=audit-action]")).stream()
                .anyMatch(a -> "http.post".equals(a.getAttribute("data-action"))));
        assertThat(browser.findElements(By.cssSelector("[data-testid=audit-action][data-action='http.post']")).get(0).getText())
                .isEqualTo("画面・データの読み込み（技術的な記録）");
    }
}
