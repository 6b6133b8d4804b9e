package jp.renkei.server.browser;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every view, at phone and desktop size, in Japanese: a nurse's, a family member's, a facility
 * administrator's and a discharge office's. axe-core (WCAG 2.2 AA tags) finds no serious or critical
 * violation. (The views with data in them are also checked in their own browser tests.)
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

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"390, 844", "1280, 800"})
    void administratorAndDischargeOfficeViewsHaveNoSeriousViolations(int width, int height) throws Exception {
        String org = "o-a" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(org, "アクセシビリティ訪問看護ステーション",
                OrganizationKind.HOME_NURSING_STATION, "北区"));
        UserAccount admin = newUserIn(Profession.FACILITY_ADMIN, org);
        newUserIn(Profession.NURSE, org);
        String office = "o-h" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(office, "アクセシビリティ病院 地域連携室", OrganizationKind.HOSPITAL, "北区"));
        UserAccount msw = newUserIn(Profession.SOCIAL_WORKER, office);
        ChromeDriver browser = Browsers.open(width, height);
        try {
            Browsers.phoneViewport(browser, width, height);
            Browsers.logIn(browser, port, admin.loginId(), PASSWORD);
            Browsers.waitFor(browser).until(d -> !d.findElements(By.cssSelector("h1, h2")).isEmpty());
            for (String view : new String[] {"#/audit", "#/staff", "#/admin/emergency"}) {
                visit(browser, view);
                Axe.assertNoSeriousViolations(browser, view + " at " + width);
            }
        } finally {
            browser.quit();
        }
        ChromeDriver board = Browsers.open(width, height);
        try {
            Browsers.phoneViewport(board, width, height);
            Browsers.logIn(board, port, msw.loginId(), PASSWORD);
            Browsers.waitFor(board).until(d -> !d.findElements(By.cssSelector("h1, h2")).isEmpty());
            visit(board, "#/beds");
            Axe.assertNoSeriousViolations(board, "#/beds at " + width);
        } finally {
            board.quit();
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
