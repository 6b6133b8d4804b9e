package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * 事業所さがし on a phone (390×844, Japanese): a care manager finds a station by capability and sees its
 * freshness (更新: 3日前) and the stale mark of another; a citizen opens the public page without signing in
 * and sees only public fields; a nurse writing to a doctor sees the doctor's 連絡しやすい時間 and that the
 * notification will wait. axe-core on each screen.
 */
class DirectoryBrowserTest extends TwoBrowserTestBase {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** A town of this test's own, with a fresh station (3 days), a stale one (45 days) and a pharmacy. */
    private String seed(String town) {
        LocalDate today = LocalDate.now(JST);
        String csv = "name,kind,areas,capabilities,acceptance,acceptance_as_of,phone,direct_line,note,public_fields\r\n"
                + "あおぞら訪問看護," + "訪問看護ステーション," + town + ",人工呼吸器;小児,可," + today.minusDays(3)
                + ",086-111-0001,086-999-4242,夜間は管理者携帯へ,address;hours;phone;capabilities;acceptance\r\n"
                + "ふるい訪問看護,訪問看護ステーション," + town + ",人工呼吸器,可," + today.minusDays(45)
                + ",086-111-0002,,,phone;capabilities;acceptance\r\n"
                + "まち薬局,薬局," + town + ",麻薬の取扱い,要相談," + today + ",086-111-0003,,,phone\r\n";
        ApiClient.Response r = login(newUser(Profession.OPERATOR)).postBytes("/api/directory/providers/import",
                csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return town;
    }

    @SuppressWarnings("unchecked")
    private static void assertTapTargets(ChromeDriver browser, WebElement scope, String where) {
        List<Map<String, Object>> small = (List<Map<String, Object>>) browser.executeScript("""
                const out = [];
                for (const e of arguments[0].querySelectorAll('button, a[href], input, select, textarea, summary')) {
                  if (e.type === 'hidden' || !e.getClientRects().length) continue;
                  const target = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
                  const r = target.getBoundingClientRect();
                  if (r.width < 44 || r.height < 44) out.push({what: e.outerHTML.slice(0, 90), w: r.width, h: r.height});
                }
                return out;""", scope);
        assertThat(small).as("tap targets under 44 px on " + where).isEmpty();
    }

    private static WebElement entry(ChromeDriver browser, String name) {
        return waitFor(browser).until(d -> d.findElements(By.cssSelector("[data-testid=dir-entry]")).stream()
                .filter(e -> e.getText().contains(name)).findFirst().orElse(null));
    }

    @Test
    void aCareManagerSearchesByCapabilityOnAPhoneAndSeesFreshness() throws Exception {
        String town = seed("ブラウザ市" + UUID.randomUUID().toString().substring(0, 4));
        UserAccount cm = newUser(Profession.CARE_MANAGER);
        openBrowsers();
        var wait = Browsers.logIn(nurseBrowser, port, cm.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=directory-link]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=dir-results]")));
        new org.openqa.selenium.support.ui.Select(wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=dir-municipality]")))).selectByVisibleText(town);
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=dir-count]")).getText().equals("3件"));
        nurseBrowser.findElement(By.cssSelector("[data-testid=dir-caps-toggle]")).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=dir-cap-ventilator]")).findElement(By.xpath("ancestor::label")).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=dir-cap-pediatric]")).findElement(By.xpath("ancestor::label")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=dir-count]")).getText().equals("1件"));
        WebElement fresh = entry(nurseBrowser, "あおぞら訪問看護");
        assertThat(fresh.findElement(By.cssSelector("[data-testid=dir-freshness]")).getText()).isEqualTo("更新: 3日前");
        assertThat(fresh.getText()).contains("新規受け入れ: 可", "人工呼吸器", "小児", "086-999-4242", "夜間は管理者携帯へ");
        assertTapTargets(nurseBrowser, nurseBrowser.findElement(By.cssSelector(".dir-main")), "the directory");
        Browsers.screenshot(nurseBrowser, "directory-search-390");
        nurseBrowser.executeScript("arguments[0].scrollIntoView()", fresh);
        Browsers.screenshot(nurseBrowser, "directory-entry-390");
        nurseBrowser.executeScript("window.scrollTo(0, 0)"); // the sticky top bar would cover the filters for axe
        Axe.assertNoSeriousViolations(nurseBrowser, "the directory search");

        // Without the second capability the stale station shows, marked as such.
        nurseBrowser.findElement(By.cssSelector("[data-testid=dir-cap-pediatric]")).findElement(By.xpath("ancestor::label")).click();
        WebElement old = entry(nurseBrowser, "ふるい訪問看護");
        assertThat(old.findElement(By.cssSelector("[data-testid=dir-freshness]")).getText()).contains("更新: 45日前", "確認から日数が経っています");
        // 受け入れ可 now leaves out the stale one.
        nurseBrowser.findElement(By.cssSelector("[data-testid=dir-accepting]")).findElement(By.xpath("ancestor::label")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=dir-count]")).getText().equals("1件"));
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=dir-results]")).getText()).doesNotContain("ふるい訪問看護");
    }

    @Test
    void thePublicPageWorksWithoutSignInAndShowsOnlyPublicFields() throws Exception {
        String town = seed("公開市" + UUID.randomUUID().toString().substring(0, 4));
        openBrowsers();
        ChromeDriver citizen = nurseBrowser;
        citizen.get("http://localhost:" + port + "/public/directory");
        var wait = waitFor(citizen);
        new org.openqa.selenium.support.ui.Select(wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#pub-municipality")))).selectByVisibleText(town);
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=dir-count]")).getText().equals("3件"));
        WebElement station = entry(citizen, "あおぞら訪問看護");
        assertThat(station.getText()).contains("更新: 3日前", "人工呼吸器", "086-111-0001", "新規受け入れ: 可");
        String page = citizen.findElement(By.cssSelector("[data-testid=dir-results]")).getText();
        assertThat(page).doesNotContain("086-999-4242", "夜間は管理者携帯へ", "直通", "連携メモ");
        // The pharmacy shows only its phone (and what is always public): no acceptance status.
        assertThat(entry(citizen, "まち薬局").getText()).doesNotContain("新規受け入れ");
        assertTapTargets(citizen, citizen.findElement(By.cssSelector(".dir-main")), "the public directory");
        citizen.executeScript("arguments[0].scrollIntoView()", station);
        Browsers.screenshot(citizen, "directory-public-390");
        citizen.executeScript("window.scrollTo(0, 0)");
        Axe.assertNoSeriousViolations(citizen, "the public directory");
    }

    @Test
    void writingToADoctorShowsTheirContactWindowAndThatTheNotificationWaits() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        String room = newPatientRoom(nurse, doctor);
        // A window two days from today (Japan time), so now is always outside it.
        DayOfWeek day = LocalDate.now(JST).plusDays(2).getDayOfWeek();
        String wire = day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
        String label = day.getDisplayName(TextStyle.SHORT, Locale.JAPANESE);
        ApiClient.Response set = login(doctor).put("/api/directory/contact-windows/me",
                "{\"slots\":[{\"day\":\"" + wire + "\",\"start\":\"13:00\",\"end\":\"14:00\",\"channel\":\"phone\"}]}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        openBrowsers();
        openRoom(nurseBrowser, nurse, room);
        var wait = waitFor(nurseBrowser);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=mention-button]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=mention-option][data-user-id='" + doctor.id() + "']"))).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=mention-done]")).click();
        WebElement window = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=contact-window]")));
        assertThat(window.getText()).isEqualTo("テスト先生の連絡しやすい時間: " + label + " 13:00–14:00（電話）");
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=contact-later]")).getText())
                .contains("通知は", label + "）13:00 に送られます");
        Browsers.screenshot(nurseBrowser, "composer-contact-window-390");
        Axe.assertNoSeriousViolations(nurseBrowser, "the composer with a contact window");
        // 緊急: it will not wait.
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-urgent]")).findElement(By.xpath("ancestor::label")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=contact-later]")).getText().contains("すぐに通知"));
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-urgent]")).findElement(By.xpath("ancestor::label")).click();
        // Sending tells the writer the notification waits.
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys("退院後の内服についてご相談です");
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=toast]")).stream()
                .anyMatch(t -> t.getText().contains("連絡しやすい時間になってから届きます")));
    }

    @Test
    void anAdministratorIsRemindedOfAStaleEntryAndConfirmsIt() throws Exception {
        String orgId = "o-br-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "わかば訪問看護 " + orgId.substring(5);
        accounts.saveOrganization(new jp.renkei.server.account.Organization(orgId, name,
                jp.renkei.policy.OrganizationKind.HOME_NURSING_STATION, "北区"));
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, orgId);
        ApiClient operator = login(newUser(Profession.OPERATOR));
        String csv = "name,kind,areas,acceptance,acceptance_as_of\r\n" + name + ",訪問看護ステーション,岡山市北区,可,"
                + LocalDate.now(JST).minusDays(40) + "\r\n";
        ApiClient.Response imported = operator.postBytes("/api/directory/providers/import", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String id = imported.json().path("ids").get(0).asString();
        assertThat(operator.put("/api/directory/providers/" + id + "/organization", "{\"organizationId\":\"" + orgId + "\"}").status())
                .isEqualTo(200);

        openBrowsers();
        var wait = Browsers.logIn(nurseBrowser, port, admin.loginId(), PASSWORD);
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=dir-stale-banner]")));
        assertThat(banner.getText()).contains(name, "40日間確認されていません");
        Axe.assertNoSeriousViolations(nurseBrowser, "the room list with the directory banner");
        banner.findElement(By.cssSelector("a")).click();
        WebElement own = wait.until(d -> d.findElements(By.cssSelector(".dir-own [data-testid=dir-entry]")).stream().findFirst().orElse(null));
        assertThat(own.getText()).contains("更新: 40日前", "確認から日数が経っています");
        own.findElement(By.cssSelector("[data-testid=dir-confirm]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=dir-stale-banner]")).isEmpty()
                && d.findElements(By.cssSelector(".dir-own [data-testid=dir-freshness]")).stream()
                .anyMatch(f -> f.getText().equals("更新: 今日")));
        assertTapTargets(nurseBrowser, nurseBrowser.findElement(By.cssSelector(".dir-main")), "the administrator's directory");
        Browsers.screenshot(nurseBrowser, "directory-admin-390");
        Axe.assertNoSeriousViolations(nurseBrowser, "the administrator's directory");
        // 編集: a new status and what the public page shows.
        nurseBrowser.findElement(By.cssSelector(".dir-own [data-testid=dir-edit]")).click();
        WebElement sheet = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=dir-edit-sheet]")));
        sheet.findElement(By.cssSelector("[data-testid=dir-f-acc-consult]")).findElement(By.xpath("ancestor::label")).click();
        sheet.findElement(By.cssSelector("#dir-f-hours")).sendKeys("月〜金 9:00–18:00");
        assertTapTargets(nurseBrowser, sheet, "the profile form");
        Axe.assertNoSeriousViolations(nurseBrowser, "the profile form");
        sheet.findElement(By.cssSelector("[data-testid=dir-save]")).click();
        wait.until(d -> d.findElements(By.cssSelector(".dir-own [data-testid=dir-acceptance]")).stream()
                .anyMatch(a -> a.getText().equals("新規受け入れ: 要相談")));
        JsonNode saved = operator.get("/api/directory/providers/" + id).json();
        assertThat(saved.path("acceptance").asString()).isEqualTo("consult");
        assertThat(saved.path("hours").asString()).isEqualTo("月〜金 9:00–18:00");
    }

    @Test
    void aDoctorPublishesTheirContactWindowOnThePhone() throws Exception {
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        openBrowsers();
        var wait = Browsers.logIn(doctorBrowser, port, doctor.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=directory-link]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=dir-my-windows-toggle]"))).click();
        assertThat(doctorBrowser.findElement(By.cssSelector("[data-testid=dir-my-summary]")).getText()).isEqualTo("まだ登録していません。");
        doctorBrowser.findElement(By.cssSelector("[data-testid=dir-add-slot]")).click(); // 火 13:00–14:00 電話
        doctorBrowser.findElement(By.cssSelector("[data-testid=dir-add-slot]")).click();
        List<WebElement> rows = doctorBrowser.findElements(By.cssSelector("[data-testid=dir-slot]"));
        assertThat(rows).hasSize(2);
        new org.openqa.selenium.support.ui.Select(rows.get(1).findElement(By.cssSelector("select[name=day]"))).selectByVisibleText("木");
        WebElement section = doctorBrowser.findElement(By.cssSelector("[data-testid=dir-my-windows]"));
        assertTapTargets(doctorBrowser, section, "my contact hours");
        Axe.assertNoSeriousViolations(doctorBrowser, "my contact hours");
        doctorBrowser.findElement(By.cssSelector("[data-testid=dir-save-windows]")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=dir-my-summary]")).getText().equals("火・木 13:00–14:00（電話）"));
        Browsers.screenshot(doctorBrowser, "directory-my-windows-390");
        JsonNode mine = login(doctor).get("/api/directory/contact-windows/me").json();
        assertThat(mine.path("slots")).hasSize(2);
    }
}
