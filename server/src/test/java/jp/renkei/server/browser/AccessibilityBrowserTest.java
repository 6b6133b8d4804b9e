package jp.renkei.server.browser;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every view a nurse and a family member reach, at phone and desktop size, in Japanese: axe-core
 * (WCAG 2.2 AA tags) finds no serious or critical violation. (The bed board, 監査ログ and 職員管理 are
 * checked in their own browser tests, with the data they need.)
 */
class AccessibilityBrowserTest extends ServerTestBase {

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"390, 844", "1280, 800"})
    void staffViewsHaveNoSeriousViolations(int width, int height) throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(nurse);
        ChromeDriver browser = Browsers.open(width, height);
        try {
            Browsers.phoneViewport(browser, width, height);
            browser.get("http://localhost:" + port + "/");
            Browsers.waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=login-username]")));
            Axe.assertNoSeriousViolations(browser, "the sign-in screen at " + width);

            Browsers.openRoom(browser, port, nurse.loginId(), PASSWORD, room);
            Axe.assertNoSeriousViolations(browser, "the room at " + width);
            for (String view : new String[] {"#/", "#/room/" + room + "/calendar", "#/agenda", "#/settings",
                    "#/emergency"}) {
                visit(browser, view);
                Axe.assertNoSeriousViolations(browser, view + " at " + width);
            }
        } finally {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"390, 844", "1280, 800"})
    void familyViewsHaveNoSeriousViolations(int width, int height) throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        UserAccount relative = newUser(Profession.FAMILY);
        String room = newPatientRoom(nurse);
        inviteFamily(nurse, room, relative);
        ChromeDriver browser = Browsers.open(width, height);
        try {
            Browsers.phoneViewport(browser, width, height);
            Browsers.logIn(browser, port, relative.loginId(), PASSWORD);
            Browsers.waitFor(browser).until(d -> !d.findElements(By.cssSelector("h1, h2")).isEmpty());
            settle();
            Axe.assertNoSeriousViolations(browser, "the family home at " + width);
            for (String view : new String[] {"#/family/" + room, "#/agenda", "#/settings"}) {
                visit(browser, view);
                Axe.assertNoSeriousViolations(browser, view + " at " + width);
            }
        } finally {
            browser.quit();
        }
    }

    private static void visit(ChromeDriver browser, String hash) throws InterruptedException {
        browser.executeScript("location.hash = arguments[0]", hash);
        Browsers.waitFor(browser).until(d -> !d.findElements(By.cssSelector("h1, h2")).isEmpty());
        settle();
    }

    /** Views load their data after they are drawn: give them a moment, as a person would. */
    private static void settle() throws InterruptedException {
        Thread.sleep(700);
    }
}
