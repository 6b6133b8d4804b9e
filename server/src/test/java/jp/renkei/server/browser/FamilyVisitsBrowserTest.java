package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.calendar.CalendarRules;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The family's 訪問予定 on a phone (390×844, Japanese): this week first with 今日 marked, and who comes —
 * the name, or 担当者未定 — only where the team chose to show it; otherwise the kind of visit and the office.
 */
class FamilyVisitsBrowserTest extends ServerTestBase {

    private ChromeDriver familyBrowser;

    @AfterEach
    void closeBrowser() {
        if (familyBrowser != null) {
            familyBrowser.quit();
        }
    }

    @Test
    void theFamilySeesWhoComesThisWeekFirstWithTodayMarked() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        LocalDate today = LocalDate.now(CalendarRules.TOKYO);
        ApiClient api = login(nurse);
        String items = "/api/rooms/" + room + "/calendar/items";
        String item = """
                {"txnId":"%s","item":{"category":"%s","profession":"%s","organization":"%s",
                 "start":"%sT%s","end":"%sT%s","visitor":%s,"visitorForFamily":%s,"visitorNote":"血圧の薬の残数を確認"}}""";
        assertThat(api.post(items, item.formatted("f1", "home_nursing", "nurse", "みどり訪問看護ステーション",
                today, "13:00", today, "14:00", "\"山本 直子\"", "true")).status()).isEqualTo(201);
        assertThat(api.post(items, item.formatted("f2", "home_pharmacy", "pharmacist", "さくら薬局 北店",
                today, "15:00", today, "15:30", "null", "true")).status()).isEqualTo(201);
        LocalDate later = today.plusDays(10);
        assertThat(api.post(items, item.formatted("f3", "home_care", "care_worker", "ひなた訪問介護",
                later, "09:00", later, "10:00", "\"加藤 恵子\"", "null")).status()).isEqualTo(201);

        familyBrowser = Browsers.open(390, 844);
        Browsers.phoneViewport(familyBrowser, 390, 844);
        WebDriverWait wait = Browsers.logIn(familyBrowser, port, relative.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=family-room-item][data-room-id='" + room + "']"))).click();
        WebElement thisWeek = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=family-calendar] [data-testid=cal-this-week]")));
        wait.until(d -> thisWeek.findElements(By.cssSelector("[data-testid=cal-occurrence]")).size() == 2);

        WebElement todaySection = thisWeek.findElement(By.cssSelector("[data-day='" + today + "']"));
        assertThat(todaySection.findElement(By.cssSelector("[data-testid=cal-today]")).getText()).isEqualTo("今日");
        assertThat(todaySection.getText()).contains("担当: 山本 直子").contains("みどり訪問看護ステーション")
                .contains("担当者未定").contains("訪問薬剤管理指導（薬剤師の訪問）");
        WebElement laterSection = familyBrowser.findElement(By.cssSelector("[data-testid=cal-later]"));
        assertThat(laterSection.getText()).contains("訪問介護").contains("ひなた訪問介護");
        String body = familyBrowser.findElement(By.tagName("body")).getText();
        assertThat(body).as("a name the team did not share, and the staff note").doesNotContain("加藤 恵子")
                .doesNotContain("血圧の薬の残数を確認");
        // This week comes before the later weeks.
        assertThat(body.indexOf("今週")).isLessThan(body.indexOf("来週以降"));
        Browsers.screenshot(familyBrowser, "family-visits-390");
        Axe.assertNoSeriousViolations(familyBrowser, "the family's 訪問予定");
    }

    /**
     * The nurse on a phone adds a visit with who comes and ticks ご家族に担当者名を表示する: the family view
     * then carries the name. The form has no serious accessibility violation at 390×844.
     */
    @Test
    void aNurseChoosesInTheVisitFormToShowTheFamilyWhoComes() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);

        familyBrowser = Browsers.open(390, 844);
        Browsers.phoneViewport(familyBrowser, 390, 844);
        WebDriverWait wait = Browsers.logIn(familyBrowser, port, nurse.loginId(), PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=room-item]")));
        familyBrowser.executeScript("location.hash = arguments[0];", "#/room/" + room + "/calendar");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=cal-add]"))).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-add-form]")));
        new org.openqa.selenium.support.ui.Select(form.findElement(By.cssSelector("[data-testid=cal-f-profession]")))
                .selectByValue("nurse");
        form.findElement(By.cssSelector("[data-testid=cal-f-visitor]")).sendKeys("山本 直子");
        WebElement forFamily = form.findElement(By.cssSelector("[data-testid=cal-f-visitor-family]"));
        familyBrowser.executeScript("arguments[0].scrollIntoView({block: 'center'})", forFamily);
        Axe.assertNoSeriousViolations(familyBrowser, "the visit form");
        forFamily.click();
        form.findElement(By.cssSelector("[data-testid=cal-f-save]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=cal-add-form]")));

        LocalDate tomorrow = LocalDate.now(CalendarRules.TOKYO).plusDays(1);
        String body = login(relative).get("/api/rooms/" + room + "/family-calendar?from=" + tomorrow + "&to=" + tomorrow).body();
        assertThat(body).contains("\"visitor\":\"山本 直子\"").contains("\"visitorShown\":true");
    }
}
