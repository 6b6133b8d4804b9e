package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The room header on a 390-px phone: a long patient name is shown whole (wrapped, never 「山…」), with
 * the header's buttons still there; and the room screen has no serious accessibility violation.
 */
class RoomHeaderBrowserTest extends TwoBrowserTestBase {

    @Test
    void aLongPatientNameIsReadableInFullOnAPhone() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String name = "勅使河原 喜久美子アントワネット";
        String room = rooms.create(nurse, new CreateRoom("patient", null,
                new PatientProfile(name, "テシガワラ キクミコ", "1938-02-11", "female", "要介護3", "北区"), CONSENT));
        openBrowsers();
        Browsers.phoneViewport(nurseBrowser, 390, 844);
        openRoom(nurseBrowser, nurse, room);

        WebElement title = nurseBrowser.findElement(By.cssSelector(".topbar .title"));
        assertThat(title.getText()).contains(name);
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) ((JavascriptExecutor) nurseBrowser).executeScript(
                "const e = arguments[0]; const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
                        + "return {scroll: e.scrollWidth, client: e.clientWidth, left: r.left, right: r.right,"
                        + " overflow: s.textOverflow, vw: document.documentElement.clientWidth};", title);
        assertThat(((Number) box.get("scroll")).doubleValue())
                .as("the name is not cut: %s", box).isLessThanOrEqualTo(((Number) box.get("client")).doubleValue());
        assertThat(box.get("overflow")).as("no ellipsis").isNotEqualTo("ellipsis");
        assertThat(((Number) box.get("vw")).intValue()).as("a 390-px phone").isEqualTo(390);
        assertThat(((Number) box.get("left")).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(((Number) box.get("right")).doubleValue())
                .isLessThanOrEqualTo(((Number) box.get("vw")).doubleValue() + 0.5);
        // The header's actions are still on screen.
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=calendar-button]")).isDisplayed()).isTrue();
        java.nio.file.Files.write(java.nio.file.Path.of("target", "room-header-390.png"),
                nurseBrowser.getScreenshotAs(OutputType.BYTES));

        Axe.assertNoSeriousViolations(nurseBrowser, "the room screen");
    }
}
