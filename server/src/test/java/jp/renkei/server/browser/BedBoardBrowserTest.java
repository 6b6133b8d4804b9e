package jp.renkei.server.browser;

import java.util.List;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 空床情報 in two browsers: a discharge office (地域連携室) has the board open; a clinic with beds publishes
 * a notice through the form; the office's board shows it without reloading, and the office can send an
 * inquiry (照会) from it.
 */
class BedBoardBrowserTest extends TwoBrowserTestBase {

    private UserAccount staff(OrganizationKind kind, Profession profession, String name) {
        String orgId = "o-b" + UUID.randomUUID().toString().substring(0, 8);
        accounts.saveOrganization(new Organization(orgId, name, kind, "北区"));
        return newUserIn(profession, orgId);
    }

    private void openBoard(ChromeDriver browser, UserAccount user) {
        var wait = Browsers.logIn(browser, port, user.loginId(), PASSWORD);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=beds-link]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=bed-board]")));
        wait.until(d -> {
            List<WebElement> state = d.findElements(By.cssSelector("[data-testid=connection-state]"));
            return state.isEmpty() || "connected".equals(state.get(0).getAttribute("data-state"));
        });
    }

    @Test
    void aPublishedNoticeAppearsOnTheOpenBoardWithoutReloading() throws Exception {
        String clinicName = "ブラウザ有床診療所 " + UUID.randomUUID().toString().substring(0, 4);
        UserAccount clinic = staff(OrganizationKind.CLINIC_WITH_BEDS, Profession.NURSE, clinicName);
        UserAccount office = staff(OrganizationKind.HOSPITAL, Profession.SOCIAL_WORKER, "ブラウザ病院 地域連携室");
        openBrowsers();
        openBoard(doctorBrowser, office);
        ((JavascriptExecutor) doctorBrowser).executeScript("window.__sameDocument = 'yes';");
        // Give the board subscription a moment to be registered after the socket is up.
        Thread.sleep(500);

        openBoard(nurseBrowser, clinic);
        waitFor(nurseBrowser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=bed-publish]"))).click();
        waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=form-contact]")))
                .sendKeys("2階病棟 看護師長 内線201");
        nurseBrowser.findElement(By.cssSelector("[data-testid=accepts-oxygen]")).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=bed-submit]")).click();

        WebElement notice = waitFor(doctorBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-notice]"))
                .stream().filter(n -> n.getText().contains(clinicName)).findFirst().orElse(null));
        assertThat(notice.getText()).contains("酸素療法").contains("内線201");
        assertThat(((JavascriptExecutor) doctorBrowser).executeScript("return window.__sameDocument;"))
                .as("the page was not reloaded").isEqualTo("yes");

        // The office sends an inquiry; the clinic sees it live.
        notice.findElement(By.cssSelector("[data-testid=bed-inquire]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=bed-submit]"))).click();
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=bed-inquiry]")).stream()
                .anyMatch(q -> q.getText().contains("ブラウザ病院")));
    }
}
