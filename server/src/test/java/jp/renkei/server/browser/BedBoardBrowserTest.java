package jp.renkei.server.browser;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 空床情報 in two browsers: a discharge office (地域連携室) has the board open; a clinic with beds publishes
 * a notice through the form; the office's board shows it without reloading, and the office can send an
 * inquiry (照会) from it.
 */
class BedBoardBrowserTest extends TwoBrowserTestBase {

    private UserAccount staff(OrganizationKind kind, Profession profession, String name) {
        String orgId = "o-b" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(orgId, name, kind, "北区"));
        return newUserIn(profession, orgId);
    }

    private void openBoard(ChromeDriver browser, UserAccount user) {
        var wait = Browsers.logIn(browser, port, user.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=beds-link]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=bed-board]")));
        wait.until(d -> {
            List<WebElement> state = d.findElements(By.cssSelector("[data-testid=connection-state]"));
            return state.isEmpty() || "connected".equals(state.get(0).getAttribute("data-state"));
        });
    }

    /** The browser's clock at {@code instant} (and running from there), set before the app's scripts run. */
    private static void browserClockAt(ChromeDriver browser, Instant instant) {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const Real = Date; const shift = %d - Real.now();
                  class Shifted extends Real {
                    constructor(...a) { if (a.length === 0) super(Real.now() + shift); else super(...a); }
                    static now() { return Real.now() + shift; }
                  }
                  window.Date = Shifted;
                })();""".formatted(instant.toEpochMilli())));
    }

    /** Every control of the element that can be tapped is at least 44×44 CSS px (a checkbox: its label). */
    @SuppressWarnings("unchecked")
    private static void assertTapTargets(ChromeDriver browser, WebElement scope, String where) {
        List<Map<String, Object>> small = (List<Map<String, Object>>) browser.executeScript("""
                const out = [];
                for (const e of arguments[0].querySelectorAll('button, a[href], input, select, textarea')) {
                  if (e.type === 'hidden' || e.getAttribute('aria-hidden') === 'true' || !e.getClientRects().length) continue;
                  const target = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
                  const r = target.getBoundingClientRect();
                  if (r.width < 44 || r.height < 44) out.push({what: e.outerHTML.slice(0, 90), w: r.width, h: r.height});
                }
                return out;""", scope);
        assertThat(small).as("tap targets under 44 px on " + where).isEmpty();
    }

    /**
     * At 390×844 in Japanese, between 0:00 and 9:00 Japan time (UTC is still the day before): the office's
     * inquiry form defaults to today in Japan time, dates read 12/8（火）, every control is a 44-px target,
     * the filter is labelled, the inquiry card names the notice it is about and carries the office's 補足
     * to the clinic, and axe-core finds no serious violation.
     */
    @Test
    void onAPhoneAtNightTheBoardIsInJapanTimeWithLargeTargetsAndTheNoteReachesTheClinic() throws Exception {
        String clinicName = "夜間有床診療所 " + UUID.randomUUID().toString().substring(0, 4);
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE, clinicName);
        UserAccount office = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER, "夜間病院 地域連携室");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        // 01:30 in Tokyo is 16:30 UTC of the day before.
        LocalDate utcDay = LocalDate.now(ZoneOffset.UTC);
        Instant night = utcDay.atTime(16, 30).toInstant(ZoneOffset.UTC);
        LocalDate tokyoDay = night.atZone(tokyo).toLocalDate();
        ApiClient.Response published = login(clinic).post("/api/beds/notices", """
                {"bedType":"respite","available":2,"availableFrom":"%s","availableUntil":"%s",
                 "accepts":["oxygen"],"sex":"any","contact":"内線201","remarks":null,"expiresAt":"%s"}"""
                .formatted(utcDay, utcDay.plusDays(30), Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS)));
        assertThat(published.status()).as(published.body()).isEqualTo(201);

        openBrowsers();
        Browsers.phoneViewport(doctorBrowser, 390, 844);
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        browserClockAt(doctorBrowser, night);
        openBoard(doctorBrowser, office);
        WebElement notice = waitFor(doctorBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-notice]"))
                .stream().filter(n -> n.getText().contains(clinicName)).findFirst().orElse(null));
        String from = utcDay.getMonthValue() + "/" + utcDay.getDayOfMonth() + "（";
        assertThat(notice.getText()).as("dates as 12/8（火）, not ISO").contains(from).doesNotContain(utcDay.toString());

        WebElement filter = doctorBrowser.findElement(By.cssSelector("[data-testid=filter-bedType]"));
        assertThat(filter.findElement(By.xpath("ancestor::label")).getText()).contains("病床種別で絞り込む");
        WebElement main = doctorBrowser.findElement(By.cssSelector(".beds-main"));
        assertTapTargets(doctorBrowser, main, "the bed board");
        Browsers.screenshot(doctorBrowser, "bed-board-office-390");
        Axe.assertNoSeriousViolations(doctorBrowser, "the bed board");

        notice.findElement(By.cssSelector("[data-testid=bed-inquire]")).click();
        WebElement form = waitFor(doctorBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=bed-form]")));
        assertThat(form.getText()).contains("必要な医療処置").contains(clinicName);
        assertThat(form.findElement(By.cssSelector("input[name=wantedDate]")).getAttribute("value"))
                .as("today in Japan time").isEqualTo(tokyoDay.toString());
        assertTapTargets(doctorBrowser, form, "the inquiry form");
        Browsers.screenshot(doctorBrowser, "bed-inquiry-form-390");
        Axe.assertNoSeriousViolations(doctorBrowser, "the inquiry form");
        form.findElement(By.cssSelector("[data-testid=inquiry-note-input]")).sendKeys("夜間の吸引が2回程度あります");
        form.findElement(By.cssSelector("[data-testid=bed-submit]")).click();

        openBoard(nurseBrowser, clinic);
        WebElement inquiry = waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-inquiry]"))
                .stream().filter(q -> q.getText().contains("夜間病院")).findFirst().orElse(null));
        assertThat(inquiry.findElement(By.cssSelector("[data-testid=inquiry-note]")).getText())
                .contains("夜間の吸引が2回程度あります");
        assertThat(inquiry.findElement(By.cssSelector("[data-testid=inquiry-notice]")).getText())
                .contains(clinicName).contains("レスパイト").contains(from);
        ZonedDateTime now = ZonedDateTime.now(tokyo);
        ZonedDateTime before = now.minusMinutes(2);
        assertThat(inquiry.getText()).as("the step's time in Japan time")
                .containsAnyOf(now.getMonthValue() + "/" + now.getDayOfMonth() + " " + now.getHour() + ":",
                        before.getMonthValue() + "/" + before.getDayOfMonth() + " " + before.getHour() + ":");
        assertTapTargets(nurseBrowser, nurseBrowser.findElement(By.cssSelector(".beds-main")), "the clinic's board");
        ((org.openqa.selenium.JavascriptExecutor) nurseBrowser).executeScript("arguments[0].scrollIntoView()", inquiry);
        Browsers.screenshot(nurseBrowser, "bed-inquiry-clinic-390");
        // (Scrolled, the sticky top bar covers part of the filters; axe would count them as obscured.)
        ((org.openqa.selenium.JavascriptExecutor) nurseBrowser).executeScript("window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(nurseBrowser, "the clinic's board with an inquiry");
    }

    /** A home-care clinic's doctor may not see the board: no 空床情報 button, and a plain reason if opened by address. */
    @Test
    void someoneWhoMayNotSeeTheBoardGetsNoButtonAndAPlainReason() throws Exception {
        UserAccount doctor = staff(OrganizationKind.CLINIC, Profession.PHYSICIAN, "在宅クリニック");
        openBrowsers();
        var wait = Browsers.logIn(doctorBrowser, port, doctor.loginId(), PASSWORD);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=beds-link]")));
        Thread.sleep(1000); // the capabilities answer
        assertThat(doctorBrowser.findElement(By.cssSelector("[data-testid=beds-link]")).isDisplayed()).isFalse();
        doctorBrowser.get("http://localhost:" + port + "/#/beds");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=bed-board-error]")));
        assertThat(error.getText()).contains("空床情報を見る権限がありません").doesNotContain("送信できませんでした");
    }

    @Test
    void aPublishedNoticeAppearsOnTheOpenBoardWithoutReloading() throws Exception {
        String clinicName = "ブラウザ有床診療所 " + UUID.randomUUID().toString().substring(0, 4);
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE, clinicName);
        UserAccount office = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER, "ブラウザ病院 地域連携室");
        openBrowsers();
        openBoard(doctorBrowser, office);
        ((JavascriptExecutor) doctorBrowser).executeScript("window.__sameDocument = 'yes';");
        // Give the board subscription a moment to be registered after the socket is up.
        Thread.sleep(500);

        openBoard(nurseBrowser, clinic);
        waitFor(nurseBrowser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=bed-publish]"))).click();
        waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=form-contact]")))
                .sendKeys("2階病棟 看護師長 内線201");
        nurseBrowser.findElement(By.cssSelector("[data-testid=accepts-oxygen]")).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=bed-submit]")).click();

        WebElement notice = waitFor(doctorBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-notice]"))
                .stream().filter(n -> n.getText().contains(clinicName)).findFirst().orElse(null));
        assertThat(notice.getText()).contains("酸素療法").contains("内線201");
        assertThat(((JavascriptExecutor) doctorBrowser).executeScript("return window.__sameDocument;"))
                .as("the page was not reloaded").isEqualTo("yes");

        // The office sends an inquiry; the clinic sees it live.
        notice.findElement(By.cssSelector("[data-testid=bed-inquire]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=bed-submit]"))).click();
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-inquiry]")).stream()
                .anyMatch(q -> q.getText().contains("ブラウザ病院")));
    }
}
