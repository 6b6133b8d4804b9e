package jp.renkei.server.browser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 相談窓口 on a phone (390×844, Japanese): a desk worker of the city records a consultation with the quick
 * form (channel, consulter, two category chips, question, answer, follow-up), finds it in the list, keeps
 * a half-typed form as a draft and is asked before leaving it, and opens the monthly report (the city's
 * total, chart drawn by Chart.js, CSV link); axe-core finds no serious violation on any of these screens,
 * and every control is a 44-px tap target. A nurse of a clinic sees no 相談窓口 button.
 */
class DeskBrowserTest extends ServerTestBase {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Taps a control the way a thumb does: scrolled into view first (the top bar stays on top of the page). */
    private void tap(String testid) {
        WebElement e = browser.findElement(By.cssSelector("[data-testid=" + testid + "]"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    @SuppressWarnings("unchecked")
    private static void assertTapTargets(ChromeDriver browser, String where) {
        List<Map<String, Object>> small = (List<Map<String, Object>>) browser.executeScript("""
                const out = [];
                for (const e of document.querySelectorAll('main button, main a[href], main input, main select, main textarea, main summary')) {
                  if (e.type === 'hidden' || !e.getClientRects().length) continue;
                  const target = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
                  const r = target.getBoundingClientRect();
                  if (r.width < 44 || r.height < 44) out.push({what: e.outerHTML.slice(0, 90), w: r.width, h: r.height});
                }
                return out;""");
        assertThat(small).as("tap targets under 44 px on " + where).isEmpty();
    }

    @Test
    void aDeskWorkerRecordsACaseFindsItAndOpensTheReportOnAPhone() throws Exception {
        String deskId = "o-bdesk-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.saveOrganization(new Organization(deskId, "テスト区役所 高齢福祉課", OrganizationKind.MUNICIPALITY, "北区"));
        UserAccount worker = newUserIn(Profession.MUNICIPAL_STAFF, deskId);
        String question = "人工呼吸器に対応できる訪問看護を探している " + UUID.randomUUID().toString().substring(0, 6);

        browser = Browsers.open(390, 844);
        Browsers.phoneViewport(browser, 390, 844);
        WebDriverWait wait = Browsers.logIn(browser, port, worker.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=desk-link]"))).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-form]")));
        Axe.assertNoSeriousViolations(browser, "desk intake 390x844");
        Browsers.screenshot(browser, "desk-intake-390");
        assertTapTargets(browser, "desk intake");

        // The quick intake: 電話 is preselected; choose the consulter, two categories, type, save.
        browser.findElement(By.cssSelector("[data-testid=desk-channel-fax]")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("[data-testid=desk-consulterType]")))
                .selectByValue("care_manager");
        browser.findElement(By.cssSelector("[data-testid=desk-consulterOrganization]")).sendKeys("きぼう居宅介護支援事業所");
        browser.findElement(By.cssSelector("[data-testid=desk-cat-home_nursing]")).click();
        browser.findElement(By.cssSelector("[data-testid=desk-cat-medical_procedure]")).click();
        browser.findElement(By.cssSelector("[data-testid=desk-text]")).sendKeys(question);
        browser.findElement(By.cssSelector("[data-testid=desk-answer]")).sendKeys("対応可能なステーションを2か所紹介");
        browser.findElement(By.cssSelector("[data-testid=desk-fu-what]")).sendKeys("結果を電話で確認");
        browser.executeScript("arguments[0].value = '2026-12-20'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.findElement(By.cssSelector("[data-testid=desk-fu-due]")));
        browser.findElement(By.cssSelector("[data-testid=desk-save]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=toast]")).stream()
                .anyMatch(t -> t.getText().contains("記録しました")));
        wait.until(ExpectedConditions.stalenessOf(form));

        // In the list, found by a word of the question.
        tap("desk-tab-list");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-search-q]")))
                .sendKeys("人工呼吸器");
        browser.findElement(By.cssSelector("[data-testid=desk-search]")).click();
        String itemText = wait.until(d -> d.findElements(By.cssSelector("[data-testid=desk-case]")).stream()
                .map(WebElement::getText).filter(text -> text.contains(question)).findFirst().orElse(null));
        assertThat(itemText).contains("訪問看護").contains("医療処置").contains("対応中").contains("FAX");
        Axe.assertNoSeriousViolations(browser, "desk list 390x844");
        assertTapTargets(browser, "desk list");
        wait.until(d -> {
            for (WebElement e : d.findElements(By.cssSelector("[data-testid=desk-case]"))) {
                if (e.getText().contains(question)) {
                    e.click();
                    return true;
                }
            }
            return false;
        });
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-detail]")));
        assertThat(detail.getText()).contains(question).contains("きぼう居宅介護支援事業所");
        assertThat(browser.findElements(By.cssSelector("[data-testid=desk-history-item]"))).hasSize(1);
        String caseId = detail.getAttribute("data-case-id");
        Axe.assertNoSeriousViolations(browser, "desk case 390x844");
        Browsers.screenshot(browser, "desk-case-390");

        // Follow-ups: the one just entered.
        tap("desk-tab-followUps");
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=desk-followup]")).stream()
                .anyMatch(e -> e.getText().contains("結果を電話で確認")));

        // A half-typed form is kept and leaving it asks first.
        tap("desk-tab-intake");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-text]"))).sendKeys("書きかけの相談");
        tap("desk-tab-report");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-dialog]")));
        browser.findElement(By.cssSelector("[data-testid=confirm-cancel]")).click();
        assertThat(browser.findElement(By.cssSelector("[data-testid=desk-text]")).getAttribute("value")).isEqualTo("書きかけの相談");
        tap("desk-tab-report");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-ok]"))).click();

        // The report: the city's scope (this worker is the city's staff), the chart drawn, the CSV link.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-report-categories]")));
        wait.until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript("return typeof window.Chart === 'function'")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=desk-scope-city]")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        WebElement cases = browser.findElement(By.cssSelector("[data-testid=desk-report-cases]"));
        assertThat(cases.getText()).contains("テスト区役所 高齢福祉課").contains("合計");
        assertThat(browser.findElement(By.cssSelector("[data-testid=desk-report-csv]")).getAttribute("href"))
                .contains("/api/desk/report.csv?month=").contains("scope=city");
        assertThat(browser.findElement(By.cssSelector("[data-testid=desk-report-chart]")).getAttribute("aria-label"))
                .contains("相談内容別");
        Axe.assertNoSeriousViolations(browser, "desk report 390x844");
        Browsers.screenshot(browser, "desk-report-390");
        assertTapTargets(browser, "desk report");

        // The city adds a category; it is offered and counted from then on.
        String category = "権利擁護 " + UUID.randomUUID().toString().substring(0, 4);
        WebElement manage = browser.findElement(By.cssSelector("[data-testid=desk-report] details.desk-more > summary"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", manage);
        manage.click();
        browser.findElement(By.cssSelector("[data-testid=desk-cat-new]")).sendKeys(category + "\n");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=desk-report-categories]")).getText().contains(category));
        Axe.assertNoSeriousViolations(browser, "desk categories 390x844");
        assertTapTargets(browser, "desk categories");

        // The draft came back when the form is opened again.
        tap("desk-tab-intake");
        wait.until(d -> "書きかけの相談".equals(d.findElement(By.cssSelector("[data-testid=desk-text]")).getAttribute("value")));

        // A case's own address opens it (after asking, since the form holds unsaved text).
        browser.executeScript("location.hash = '#/desk/case/" + caseId + "'");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-ok]"))).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=desk-detail]")).stream()
                .anyMatch(e -> caseId.equals(e.getAttribute("data-case-id"))));
        tap("desk-tab-intake");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-text]")));

        // On a PC (1280×800) too.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        Axe.assertNoSeriousViolations(browser, "desk intake 1280x800");
        tap("desk-tab-report");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=confirm-ok]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=desk-report-categories]")));
        Axe.assertNoSeriousViolations(browser, "desk report 1280x800");
    }

    @Test
    void aNurseOfAClinicSeesNoDeskButton() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        browser = Browsers.open(390, 844);
        Browsers.phoneViewport(browser, 390, 844);
        WebDriverWait wait = Browsers.logIn(browser, port, nurse.loginId(), PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=room-list]")));
        wait.until(d -> "false".equals(d.findElement(By.cssSelector("[data-testid=room-list]")).getAttribute("aria-busy")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=desk-link]")).isDisplayed()).isFalse();
    }
}
