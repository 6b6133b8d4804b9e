package jp.renkei.server.browser;


import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A server on fixed ports whose pages the browser reaches through a relay ({@link TcpProxy}) the test can
 * cut, for "no signal". Passkeys are bound to the page's origin, so the relay's origin is allowed before
 * the server starts; the classes that extend this share one server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"renkei.demo.enabled=false", "renkei.embedded.fsync=false", "management.server.port=0"})
abstract class RelayedBrowserTestBase extends ServerTestBase {

    static final int SERVER = TcpProxy.freePort();
    static final int RELAY = TcpProxy.freePort();

    @DynamicPropertySource
    static void portsAndOrigins(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> SERVER);
        registry.add("renkei.webauthn.origins", () -> "http://localhost:" + SERVER + ",http://localhost:" + RELAY);
    }

    /**
     * A nurse's first sign-in on her own phone through the relay: ID, password and code, then
     * 「この端末で次から指紋・顔認証でログイン」, then the room. Her session locks when idle, and the app
     * may reopen without signal after the phone verifies her.
     */
    static WebDriverWait signInOnOwnPhone(ChromeDriver browser, UserAccount user, String password, String room) {
        WebDriverWait wait = Browsers.logIn(browser, RELAY, user.loginId(), password);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=passkey-offer-register]"))).click();
        Browsers.openRoomFromList(wait, room);
        return wait;
    }
}
