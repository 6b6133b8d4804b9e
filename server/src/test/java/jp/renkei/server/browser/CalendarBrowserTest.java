package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.calendar.CalendarRules;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A nurse on a wide screen moves a visit in the room's カレンダー; the family member's open 訪問予定 on a
 * phone shows the new time without reloading, and never shows the note for the visitor.
 */
class CalendarBrowserTest extends ServerTestBase {

    private static final String NOTE = "血圧の薬の残数を確認";

    private ChromeDriver nurseBrowser;
    private ChromeDriver familyBrowser;

    @AfterEach
    void closeBrowsers() {
        for (WebDriver d : new WebDriver[] {nurseBrowser, familyBrowser}) {
            if (d != null) {
                d.quit();
            }
        }
    }

    @Test
    void aNurseMovesAVisitAndTheFamilyCalendarShowsItLive() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(host, nurse);
        inviteFamily(host, room, relative);
        String day = LocalDate.now(CalendarRules.TOKYO).plusDays(2).toString();
        String itemId = login(nurse).post("/api/rooms/" + room + "/calendar/items", """
                {"txnId":"b1","item":{"category":"home_nursing","profession":"nurse","organization":"みどり訪問看護ステーション",
                 "start":"%sT10:00","end":"%sT11:00","visitorNote":"%s"}}""".formatted(day, day, NOTE))
                .json().path("itemId").asString();

        nurseBrowser = Browsers.open(1280, 900);
        familyBrowser = Browsers.open(390, 844);

        // The family member opens 訪問予定 and keeps it open.
        WebDriverWait fw = Browsers.logIn(familyBrowser, port, relative.loginId(), PASSWORD);
        fw.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=family-room-item][data-room-id='" + room + "']"))).click();
        String famOcc = "[data-testid=family-calendar] [data-testid=cal-occurrence][data-item-id='" + itemId + "']";
        WebElement before = fw.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(famOcc)));
        assertThat(before.getAttribute("data-start")).isEqualTo(day + "T10:00");
        assertThat(before.getText()).contains("訪問看護").contains("10:00");
        fw.until(d -> "connected".equals(d.findElement(By.cssSelector("[data-testid=connection-state]")).getAttribute("data-state")));
        familyBrowser.executeScript("window.__stillTheSamePage = true;");

        // The nurse opens the room's カレンダー and moves the visit to 14:00.
        Browsers.openRoom(nurseBrowser, port, nurse.loginId(), PASSWORD, room);
        WebDriverWait nw = Browsers.waitFor(nurseBrowser);
        nw.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=calendar-button]"))).click();
        // Wide screens open on the week grid (FullCalendar); 予定リスト is the day list with its buttons.
        nw.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-grid-week] .fc-timegrid")));
        nurseBrowser.findElement(By.cssSelector("[data-testid=cal-view-list]")).click();
        String nurseOcc = "[data-testid=room-calendar] [data-testid=cal-occurrence][data-item-id='" + itemId + "']";
        WebElement row = nw.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(nurseOcc)));
        assertThat(row.getText()).contains(NOTE);
        row.findElement(By.cssSelector("[data-testid=cal-move]")).click();
        WebElement start = nw.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-m-start]")));
        nurseBrowser.executeScript("arguments[0].value = '14:00';", start);
        nurseBrowser.executeScript("arguments[0].value = '15:00';",
                nurseBrowser.findElement(By.cssSelector("[data-testid=cal-m-end]")));
        nurseBrowser.findElement(By.cssSelector("[data-testid=cal-m-save]")).click();
        nw.until(d -> (day + "T14:00").equals(d.findElement(By.cssSelector(nurseOcc)).getAttribute("data-start")));

        // The family's open page shows the change without a reload, and no note for the visitor.
        fw.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector(famOcc));
            return !rows.isEmpty() && (day + "T14:00").equals(rows.get(0).getAttribute("data-start"));
        });
        WebElement after = familyBrowser.findElement(By.cssSelector(famOcc));
        assertThat(after.getAttribute("data-status")).isEqualTo("moved");
        assertThat(after.getText()).contains("14:00");
        assertThat((Boolean) familyBrowser.executeScript("return window.__stillTheSamePage === true;")).isTrue();
        assertThat(familyBrowser.findElement(By.tagName("body")).getText()).doesNotContain(NOTE);
    }
}
