package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.calendar.CalendarRules;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;

/**
 * A nurse on a wide screen opens the 月 grid, sees an overlap marked, changes the time of a weekly visit
 * (毎週) for the whole series and sees every future occurrence move; then a change saved by someone else
 * first makes her next save say so and show the latest calendar.
 */
class CalendarSeriesBrowserTest extends ServerTestBase {

    private static final String NOTE = "駐車場は裏手の空き地";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNurseChangesAWeeklyVisitForTheWholeSeriesInTheMonthGrid() throws Exception {
        UserAccount host = newUser(Profession.CARE_MANAGER);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(host, nurse);
        LocalDate first = LocalDate.now(CalendarRules.TOKYO).plusDays(1);
        String byday = first.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2).toUpperCase(Locale.ROOT);
        ApiClient api = login(nurse);
        String items = "/api/rooms/" + room + "/calendar/items";
        String itemId = api.post(items, """
                {"txnId":"w1","item":{"category":"home_nursing","profession":"nurse","organization":"みどり訪問看護ステーション",
                 "start":"%sT10:00","end":"%sT11:00","rrule":"FREQ=WEEKLY;BYDAY=%s","visitorNote":"%s"}}"""
                .formatted(first, first, byday, NOTE)).json().path("itemId").asString();
        // A helper's visit that overlaps the first nursing visit.
        api.post(items, """
                {"txnId":"w2","item":{"category":"home_care","profession":"care_worker","start":"%sT10:30","end":"%sT11:30"}}"""
                .formatted(first, first));

        browser = Browsers.open(1280, 900);
        // Straight to the room's カレンダー by its address (the room list redraws itself after connecting).
        FluentWait<WebDriver> w = Browsers.logIn(browser, port, nurse.loginId(), PASSWORD)
                .ignoring(StaleElementReferenceException.class);
        w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=room-item]")));
        browser.executeScript("location.hash = arguments[0];", "#/room/" + room + "/calendar");
        w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-grid-week] .fc-timegrid")));

        // 月: a Japanese month grid with the visit, marked as overlapping on its first day.
        browser.findElement(By.cssSelector("[data-testid=cal-view-month]")).click();
        String monthTiles = "[data-testid=cal-grid-month] [data-testid=cal-occurrence][data-item-id='" + itemId + "']";
        String firstTile = monthTiles + "[data-occurrence='" + first + "T10:00']";
        WebElement tile = w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(firstTile)));
        assertThat(browser.findElement(By.cssSelector("[data-testid=cal-grid-month] .fc-toolbar-title")).getText())
                .matches("\\d{4}年\\d{1,2}月");
        assertThat(tile.findElements(By.cssSelector("[data-testid=cal-overlap]"))).hasSize(1);
        assertThat(tile.getText()).contains("10:00").contains("訪問看護");

        // The tile opens the visit; 変更 → 繰り返し全体を変更 → 14:00–15:00.
        tile.click();
        WebElement detail = w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-detail]")));
        assertThat(detail.getText()).contains(NOTE).contains("繰り返し");
        detail.findElement(By.cssSelector("[data-testid=cal-move]")).click();
        w.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=cal-scope-series]"))).click();
        WebElement form = w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-series-form]")));
        WebElement start = form.findElement(By.cssSelector("[data-testid=cal-s-start]"));
        assertThat(start.getAttribute("value")).isEqualTo("10:00");
        assertThat(form.findElement(By.cssSelector("[data-testid=cal-s-repeat]")).getAttribute("value")).isEqualTo("weekly");
        assertThat(form.findElement(By.cssSelector("[data-testid=cal-s-note]")).getAttribute("value")).isEqualTo(NOTE);
        browser.executeScript("arguments[0].value = '14:00';", start);
        browser.executeScript("arguments[0].value = '15:00';", form.findElement(By.cssSelector("[data-testid=cal-s-end]")));
        form.findElement(By.cssSelector("[data-testid=cal-s-save]")).click();

        // Every tile of the series in the month grid moves to 14:00, and the overlap is gone.
        w.until(d -> {
            List<WebElement> tiles = d.findElements(By.cssSelector(monthTiles));
            return !tiles.isEmpty() && tiles.stream().allMatch(t -> t.getAttribute("data-start").endsWith("T14:00"));
        });
        assertThat(browser.findElements(By.cssSelector("[data-testid=cal-series-form]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(monthTiles + "[data-occurrence='" + first + "T14:00']"))
                .findElements(By.cssSelector("[data-testid=cal-overlap]"))).isEmpty();

        // 予定リスト (four weeks from today): all four weekly visits at 14:00, none left at 10:00.
        browser.findElement(By.cssSelector("[data-testid=cal-view-list]")).click();
        String rows = "[data-testid=cal-days] [data-testid=cal-occurrence][data-item-id='" + itemId + "']";
        List<String> starts = w.until(d -> {
            List<String> s = d.findElements(By.cssSelector(rows)).stream().map(r -> r.getAttribute("data-start")).toList();
            return s.size() == 4 ? s : null;
        });
        assertThat(starts).containsExactly(first + "T14:00", first.plusDays(7) + "T14:00", first.plusDays(14) + "T14:00",
                first.plusDays(21) + "T14:00");
        assertThat(browser.findElements(By.cssSelector(rows + "[data-status=scheduled]"))).hasSize(4);

        // Someone else changes the series first; the nurse's open form is out of date.
        browser.findElements(By.cssSelector(rows)).get(1).findElement(By.cssSelector("[data-testid=cal-move]")).click();
        w.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=cal-scope-series]"))).click();
        form = w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-series-form]")));
        JsonNode view = itemView(api.get("/api/rooms/" + room + "/calendar?from=" + first + "&to=" + first).json(), itemId);
        assertThat(login(host).put(items + "/" + itemId, """
                {"txnId":"w3","baseVersion":%d,"item":{"category":"home_nursing","profession":"nurse",
                 "start":"%sT16:00","end":"%sT17:00","rrule":"FREQ=WEEKLY;BYDAY=%s"}}"""
                .formatted(view.path("version").asInt(), first, first, byday)).status()).isEqualTo(200);
        browser.executeScript("arguments[0].value = '09:00';", form.findElement(By.cssSelector("[data-testid=cal-s-start]")));
        browser.executeScript("arguments[0].value = '10:00';", form.findElement(By.cssSelector("[data-testid=cal-s-end]")));
        form.findElement(By.cssSelector("[data-testid=cal-s-save]")).click();
        WebElement stale = w.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=cal-stale]")));
        assertThat(stale.getText()).contains("ほかの人が先に変更しました");
        w.until(d -> {
            List<WebElement> r = d.findElements(By.cssSelector(rows));
            return r.size() == 4 && r.stream().allMatch(x -> x.getAttribute("data-start").endsWith("T16:00"));
        });
    }

    private static JsonNode itemView(JsonNode calendar, String itemId) {
        for (JsonNode i : calendar.path("items")) {
            if (i.path("itemId").asString().equals(itemId)) {
                return i;
            }
        }
        throw new AssertionError("no item " + itemId);
    }
}
