package jp.renkei.server.browser;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 入退院連携 on two phones (390×844, Japanese): the care manager writes the admission sheet from the
 * template form, saves and sends it; the discharge office sees it arrive without reloading, presses
 * 受け取りました and answers; the care manager's open sheet shows the answer live. axe-core finds no
 * serious violation on the list, the form and the sheet; the A4 print view prints to a PDF of one or two
 * pages in headless Chromium.
 */
class HandoffBrowserTest extends TwoBrowserTestBase {

    private String org(OrganizationKind kind, String name) {
        String id = "o-hb-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(id, name, kind, "北区"));
        return id;
    }

    private static void js(ChromeDriver b, String script, Object... args) {
        ((JavascriptExecutor) b).executeScript(script, args);
    }

    /** Sets a field by its test id, found afresh (no element reference to go stale). */
    private static void setValue(ChromeDriver b, String testid, String value) {
        waitFor(b).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const e = document.querySelector('[data-testid=' + arguments[0] + ']');"
                        + "if (!e) return false; e.value = arguments[1]; return true;", testid, value));
    }

    private static void type(ChromeDriver b, String field, String text) {
        WebElement e = b.findElement(By.cssSelector("[data-testid=hf-" + field + "]"));
        e.clear();
        e.sendKeys(text);
    }

    private static void choose(ChromeDriver b, String testid, String visibleOrValue) {
        Select s = new Select(b.findElement(By.cssSelector("[data-testid=" + testid + "]")));
        try {
            s.selectByVisibleText(visibleOrValue);
        } catch (org.openqa.selenium.NoSuchElementException e) {
            s.selectByValue(visibleOrValue);
        }
    }

    private static void openHandoffs(ChromeDriver b, int port, UserAccount user) {
        var wait = Browsers.logIn(b, port, user.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoffs-link]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=handoff-list]")));
        wait.until(d -> {
            List<WebElement> state = d.findElements(By.cssSelector("[data-testid=connection-state]"));
            return state.isEmpty() || "connected".equals(state.get(0).getAttribute("data-state"));
        });
    }

    @Test
    void anAdmissionSheetTravelsFromTheCareManagerToTheWardAndBackOnPhones() throws Exception {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "ブラウザ居宅介護支援事業所");
        String hospitalName = "ブラウザ病院 地域連携室 " + UUID.randomUUID().toString().substring(0, 4);
        String hospital = org(OrganizationKind.HOSPITAL, hospitalName);
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, hospital);
        String room = newPatientRoom(cm);

        openBrowsers();
        ChromeDriver cmB = nurseBrowser;
        ChromeDriver mswB = doctorBrowser;
        Browsers.phoneViewport(cmB, 390, 844);
        Browsers.phoneViewport(mswB, 390, 844);

        openHandoffs(mswB, port, msw);
        Axe.assertNoSeriousViolations(mswB, "the discharge office's handoff list");

        openHandoffs(cmB, port, cm);
        var wait = waitFor(cmB);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-new-admission]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=hf-keyPerson]")));
        choose(cmB, "handoff-room", room);
        choose(cmB, "handoff-receiver", hospitalName);
        String admitted = LocalDateTime.now(ZoneId.of("Asia/Tokyo")).minusMinutes(30).truncatedTo(ChronoUnit.MINUTES).toString();
        js(cmB, "arguments[0].value = arguments[1];", cmB.findElement(By.cssSelector("[data-testid=handoff-admitted]")), admitted);
        choose(cmB, "hf-livingSituation", "独居");
        choose(cmB, "hf-careLevel", "要介護2");
        type(cmB, "keyPerson", "試験 一郎");
        type(cmB, "keyPersonPhone", "090-0000-0000");
        choose(cmB, "hf-mobility", "一部介助");
        choose(cmB, "hf-eating", "自立");
        choose(cmB, "hf-toileting", "見守り");
        type(cmB, "diagnoses", "慢性心不全、糖尿病");
        // Save without the medications: the form says which field is missing and nothing is sent.
        type(cmB, "careManagerContact", "ブラウザ居宅 担当 086-000-0000");
        // Leaving the form keeps what was typed (encrypted on the device); coming back restores it.
        cmB.findElement(By.cssSelector("[data-testid=back-button]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-new-admission]"))).click();
        wait.until(d -> "試験 一郎".equals(d.findElement(By.cssSelector("[data-testid=hf-keyPerson]")).getAttribute("value")));
        assertThat(new Select(cmB.findElement(By.cssSelector("[data-testid=handoff-room]"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo(room);
        assertThat(cmB.findElement(By.cssSelector("[data-testid=hf-diagnoses]")).getAttribute("value")).contains("慢性心不全");
        // (Scrolled, the sticky top bar covers part of the form; axe would count those controls as obscured.)
        js(cmB, "window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(cmB, "the admission sheet form");
        Browsers.screenshot(cmB, "handoff-form-390");
        cmB.findElement(By.cssSelector("[data-testid=handoff-save]")).click();
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=handoff-detail]")));
        assertThat(detail.getAttribute("data-state")).isEqualTo("draft");
        assertThat(cmB.findElement(By.cssSelector("[data-testid=handoff-patient]")).getText()).contains("試験 花子");
        // 送信 with a required field empty: a plain message naming it.
        cmB.findElement(By.cssSelector("[data-testid=handoff-send]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=toast]"))).getText())
                .contains("服薬内容");
        cmB.findElement(By.cssSelector("[data-testid=handoff-edit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=hf-medications]")));
        assertThat(cmB.findElement(By.cssSelector("[data-testid=hf-keyPerson]")).getAttribute("value")).isEqualTo("試験 一郎");
        type(cmB, "medications", "フロセミド 20mg 朝食後\nメトホルミン 250mg 朝夕食後");
        cmB.findElement(By.cssSelector("[data-testid=handoff-save]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-send]"))).click();
        wait.until(d -> "sent".equals(d.findElement(By.cssSelector("[data-testid=handoff-detail]")).getAttribute("data-state")));
        assertThat(cmB.findElement(By.cssSelector("[data-testid=handoff-deadline]")).getText()).contains("期限内（I");
        String id = cmB.getCurrentUrl().replaceAll(".*#/handoffs/", "");
        js(cmB, "window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(cmB, "the sent sheet");

        // The discharge office's open list shows it without reloading.
        WebElement row = waitFor(mswB).until(d -> d.findElements(By.cssSelector("[data-testid=handoff-item]")).stream()
                .filter(r -> id.equals(r.getAttribute("data-id"))).findFirst().orElse(null));
        assertThat(row.getText()).contains("試験 花子", "送信済み・未確認");
        Browsers.screenshot(mswB, "handoff-inbox-390");
        row.findElement(By.cssSelector("a")).click();
        waitFor(mswB).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-receive]"))).click();
        waitFor(mswB).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=handoff-answer-text]")))
                .sendKeys("5階東病棟に入院しました。病棟の担当は松本です。");
        js(mswB, "window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(mswB, "the received sheet with the answer form");
        mswB.findElement(By.cssSelector("[data-testid=handoff-answer]")).click();
        waitFor(mswB).until(d -> "answered".equals(d.findElement(By.cssSelector("[data-testid=handoff-detail]")).getAttribute("data-state")));

        // The care manager's open sheet follows live: received by a named person, then the answer.
        WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=handoff-answer-shown]")));
        assertThat(answer.getText()).contains("5階東病棟");
        assertThat(cmB.findElement(By.cssSelector("[data-testid=handoff-received-by]")).getText()).contains(msw.name());
        Browsers.screenshot(cmB, "handoff-answered-390");

        // The A4 print view prints to one or two pages.
        cmB.findElement(By.cssSelector("[data-testid=handoff-print]")).click();
        wait.until(d -> "false".equals(d.findElement(By.cssSelector("[data-testid=handoff-print-page]")).getAttribute("aria-busy")));
        assertThat(cmB.findElement(By.cssSelector("[data-testid=handoff-print-page]")).getText())
                .contains("入院時情報提供書", "試験 花子", hospitalName, "慢性心不全");
        Axe.assertNoSeriousViolations(cmB, "the print view");
        PrintOptions options = new PrintOptions();
        options.setPageSize(new PageSize(29.7, 21.0));
        options.setBackground(true);
        Pdf pdf = cmB.print(options);
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
        assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        int pages = pages(bytes);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "handoff-admission.pdf"), bytes);
        assertThat(pages).as("pages of the printed sheet").isBetween(1, 2);
    }

    /**
     * The discharge side: the ward nurse (a member of the patient's room) writes the 退院・退所情報記録書 and
     * sends it to the care office; the care manager acknowledges it and puts the 退院前カンファレンス on the
     * room's calendar from the sheet.
     */
    @Test
    void aDischargeSheetTravelsFromTheWardToTheHomeTeamWhoSchedulesTheConference() throws Exception {
        String careOffice = org(OrganizationKind.CARE_MANAGEMENT_OFFICE, "ブラウザ居宅 " + UUID.randomUUID().toString().substring(0, 4));
        String careOfficeName = accounts.findOrganization(careOffice).orElseThrow().name();
        String hospital = org(OrganizationKind.HOSPITAL, "ブラウザ総合病院");
        UserAccount cm = newUserIn(Profession.CARE_MANAGER, careOffice);
        UserAccount nurse = newUserIn(Profession.NURSE, hospital);
        String room = newPatientRoom(cm, nurse);

        openBrowsers();
        ChromeDriver wardB = doctorBrowser;
        ChromeDriver cmB = nurseBrowser;
        Browsers.phoneViewport(wardB, 390, 844);
        Browsers.phoneViewport(cmB, 390, 844);
        openHandoffs(cmB, port, cm);
        openHandoffs(wardB, port, nurse);
        var wait = waitFor(wardB);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-new-discharge]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=hf-diagnosis]")));
        choose(wardB, "handoff-room", room);
        choose(wardB, "handoff-receiver", careOfficeName);
        java.time.LocalDate today = java.time.LocalDate.now(ZoneId.of("Asia/Tokyo"));
        js(wardB, "arguments[0].value = arguments[1];", wardB.findElement(By.cssSelector("[data-testid=hf-admittedOn]")),
                today.minusDays(12).toString());
        js(wardB, "arguments[0].value = arguments[1];", wardB.findElement(By.cssSelector("[data-testid=hf-plannedDischargeOn]")),
                today.plusDays(6).toString());
        type(wardB, "diagnosis", "慢性心不全の急性増悪");
        type(wardB, "course", "利尿薬の調整で改善しました。");
        wardB.findElement(By.cssSelector("[data-testid=hf-medicalProcedures-在宅酸素]")).click();
        type(wardB, "oxygenFlow", "安静時 1L/分");
        type(wardB, "medicationChanges", "フロセミド 20mg → 40mg");
        choose(wardB, "hf-mobility", "一部介助");
        choose(wardB, "hf-eating", "見守り");
        choose(wardB, "hf-toileting", "一部介助");
        type(wardB, "whatToWatch", "体重が2日で2kg以上増えたら受診");
        type(wardB, "hospitalContact", "地域連携室 086-000-0000");
        wardB.findElement(By.cssSelector("[data-testid=handoff-save]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-send]"))).click();
        wait.until(d -> "sent".equals(d.findElement(By.cssSelector("[data-testid=handoff-detail]")).getAttribute("data-state")));
        String id = wardB.getCurrentUrl().replaceAll(".*#/handoffs/", "");

        WebElement row = waitFor(cmB).until(d -> d.findElements(By.cssSelector("[data-testid=handoff-item]")).stream()
                .filter(r -> id.equals(r.getAttribute("data-id"))).findFirst().orElse(null));
        assertThat(row.getText()).contains("退院・退所情報記録書", "退院予定");
        row.findElement(By.cssSelector("a")).click();
        waitFor(cmB).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=handoff-receive]"))).click();
        // The sheet may be redrawn by the live change of its own step: fields are set by selector, and the
        // screen keeps what was typed across a redraw.
        waitFor(cmB).until(d -> "received".equals(d.findElement(By.cssSelector("[data-testid=handoff-detail]"))
                .getAttribute("data-state")));
        setValue(cmB, "handoff-conf-start", today.plusDays(3) + "T14:00");
        setValue(cmB, "handoff-conf-end", today.plusDays(3) + "T15:00");
        setValue(cmB, "handoff-conf-place", "病院 3階 面談室");
        setValue(cmB, "handoff-conf-attendees", "病棟看護師、ケアマネ、訪問看護");
        js(cmB, "window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(cmB, "the received discharge sheet with the conference form");
        waitFor(cmB).until(d -> {
            d.findElement(By.cssSelector("[data-testid=handoff-conf-add]")).click();
            return true;
        });
        waitFor(cmB).until(d -> d.findElement(By.cssSelector("[data-testid=handoff-steps]")).getText()
                .contains("退院前カンファレンスを予定に登録") || !d.findElements(By.cssSelector("[data-testid=toast]")).isEmpty());
        assertThat(cmB.findElements(By.cssSelector("[data-testid=toast]"))).extracting(WebElement::getText).isEmpty();
        // The ward's open sheet follows: received by the care manager.
        waitFor(wardB).until(d -> d.findElement(By.cssSelector("[data-testid=handoff-detail]")).getAttribute("data-state")
                .equals("received"));
        assertThat(login(cm).get("/api/rooms/" + room + "/calendar?from=" + today + "&to=" + today.plusDays(7)).body())
                .contains("pre_discharge_conference", "病棟看護師、ケアマネ、訪問看護");
    }

    /** Pages of a PDF: the page tree's /Count (Chromium writes one tree), checked against the page objects. */
    static int pages(byte[] pdf) {
        String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher page = Pattern.compile("/Type\\s*/Page(?![s\\w])").matcher(text);
        int objects = 0;
        while (page.find()) {
            objects++;
        }
        Matcher count = Pattern.compile("/Type\\s*/Pages\\b[^>]*?/Count\\s+(\\d+)|/Count\\s+(\\d+)[^>]*?/Type\\s*/Pages\\b")
                .matcher(text);
        if (count.find()) {
            int n = Integer.parseInt(count.group(1) != null ? count.group(1) : count.group(2));
            assertThat(objects == 0 || objects == n).as("page objects %d vs /Count %d", objects, n).isTrue();
            return n;
        }
        return objects;
    }
}
