package jp.renkei.server.browser;

import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A nurse's and a doctor's phone-sized browsers against the test server, closed after each test. */
abstract class TwoBrowserTestBase extends ServerTestBase {

    protected ChromeDriver nurseBrowser;
    protected ChromeDriver doctorBrowser;

    /** Opens both browsers (skipped or failed per {@link Browsers} where Chromium is missing). */
    protected void openBrowsers() throws Exception {
        nurseBrowser = Browsers.open(390, 844);
        doctorBrowser = Browsers.open(390, 844);
    }

    @AfterEach
    void closeBrowsers() {
        for (WebDriver d : new WebDriver[] {nurseBrowser, doctorBrowser}) {
            if (d != null) {
                d.quit();
            }
        }
    }

    protected void openRoom(ChromeDriver browser, UserAccount user, String roomId) {
        Browsers.openRoom(browser, port, user.loginId(), PASSWORD, roomId);
    }

    protected static WebDriverWait waitFor(WebDriver browser) {
        return Browsers.waitFor(browser);
    }
}
