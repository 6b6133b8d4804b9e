package jp.renkei.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Photos in the web client (issue 4, SP-CON-04): the host allows photos without faces in 写真の共有;
 * the nurse's open composer shows 写真を追加 without reloading, refuses a photo marked 顔が写っている,
 * shows the server's refusal of a file that is no image, and sends a note with a JPEG; the doctor's open room shows the thumbnail live, and tapping it opens the
 * full-size photo with the doctor's name as a watermark and no download link.
 */
class PhotoBrowserTest extends TwoBrowserTestBase {

    @TempDir
    Path tmp;

    @Test
    void theHostAllowsPhotosANurseAttachesOneAndTheDoctorSeesItLive() throws Exception {
        UserAccount doctor = newUser(Profession.PHYSICIAN);
        UserAccount nurse = newUser(Profession.NURSE);
        String room = newPatientRoom(doctor, nurse);
        Path jpeg = tmp.resolve("wound.jpg");
        writeJpeg(jpeg);
        Path notAnImage = tmp.resolve("memo.jpg"); // named .jpg, but the server reads the bytes
        Files.writeString(notAnImage, "not an image");
        openBrowsers();
        openRoom(nurseBrowser, nurse, room);
        openRoom(doctorBrowser, doctor, room);
        waitFor(nurseBrowser).until(d -> d.findElement(By.cssSelector("[data-testid=photo-add]")).isDisplayed());
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=photos-off]")).isDisplayed())
                .as("a patient room with consent shares photos without faces by default").isFalse();
        doctorBrowser.executeScript("window.__sameDocument = 'yes';");
        nurseBrowser.executeScript("window.__sameDocument = 'yes';");

        // The host turns photos off: the nurse sees why there is no 写真を追加, and who can turn it on.
        doctorBrowser.findElement(By.cssSelector("[data-testid=members-button]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=photo-rules-none]"))).click();
        doctorBrowser.findElement(By.cssSelector("[data-testid=photo-rules-save]")).click();
        waitFor(doctorBrowser).until(d -> d.findElement(By.cssSelector("[data-testid=photo-rules-none]")).isSelected()
                && d.findElement(By.cssSelector("[data-testid=photo-rules-save]")).isEnabled());
        doctorBrowser.findElement(By.cssSelector("[data-testid=sheet-close]")).click();
        WebElement off = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=photos-off]")));
        assertThat(off.getText()).contains("写真の共有がオフ").contains("グループ管理者").contains(doctor.name());
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=photo-add]")).isDisplayed()).isFalse();
        Axe.assertNoSeriousViolations(nurseBrowser, "the room with photos off");

        // The host (the doctor) records 許可する（顔なし）.
        doctorBrowser.findElement(By.cssSelector("[data-testid=members-button]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=photo-rules-noFaces]"))).click();
        doctorBrowser.findElement(By.cssSelector("[data-testid=photo-rules-save]")).click();
        waitFor(doctorBrowser).until(d -> d.findElement(By.cssSelector("[data-testid=photo-rules-noFaces]")).isSelected()
                && d.findElement(By.cssSelector("[data-testid=photo-rules-save]")).isEnabled());
        doctorBrowser.findElement(By.cssSelector("[data-testid=sheet-close]")).click();

        // The nurse's composer shows 写真を追加 live; she sees the rule read-only in the members panel.
        waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=photo-add]")));
        nurseBrowser.findElement(By.cssSelector("[data-testid=members-button]")).click();
        WebElement current = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=photo-rules-current]")));
        assertThat(current.getAttribute("data-value")).isEqualTo("noFaces");
        assertThat(current.getText()).isEqualTo("許可する（顔なし）");
        assertThat(nurseBrowser.findElements(By.cssSelector("[data-testid=photo-rules-save]"))).isEmpty();
        nurseBrowser.findElement(By.cssSelector("[data-testid=sheet-close]")).click();

        // A photo marked 顔が写っている is refused before anything is sent; unmarked, the note goes.
        nurseBrowser.findElement(By.cssSelector("[data-testid=photo-input]")).sendKeys(jpeg.toString());
        WebElement item = waitFor(nurseBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=photo-item]")));
        String text = "仙骨部の発赤、昨日より拡大しています。写真を添付します。";
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-text]")).sendKeys(text);
        item.findElement(By.cssSelector("[data-testid=photo-faces]")).click();
        assertThat(item.findElement(By.cssSelector("[data-testid=photo-status]")).getText())
                .contains("顔が写った写真は共有できません");
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> d.findElement(By.cssSelector("[data-testid=composer-error]")).getText()
                .contains("顔が写った写真は共有できません"));
        assertThat(item.getAttribute("data-state")).as("nothing was uploaded").isEqualTo("ready");
        item.findElement(By.cssSelector("[data-testid=photo-faces]")).click();

        // A file that is no image: the good photo is uploaded, this one gets its own message and is removed.
        nurseBrowser.findElement(By.cssSelector("[data-testid=photo-input]")).sendKeys(notAnImage.toString());
        WebElement bad = waitFor(nurseBrowser).until(d -> {
            var items = d.findElements(By.cssSelector("[data-testid=photo-item]"));
            return items.size() == 2 ? items.get(1) : null;
        });
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> "error".equals(bad.getAttribute("data-state")));
        assertThat(bad.findElement(By.cssSelector("[data-testid=photo-status]")).getText()).contains("JPEGかPNG");
        assertThat(item.getAttribute("data-state")).isEqualTo("done");
        assertThat(nurseBrowser.findElement(By.cssSelector("[data-testid=composer-error]")).getText())
                .contains("送信できなかった写真があります");
        bad.findElement(By.cssSelector("[data-testid=photo-remove]")).click();
        nurseBrowser.findElement(By.cssSelector("[data-testid=composer-send]")).click();
        waitFor(nurseBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=photo-item]")).isEmpty()
                && d.findElements(By.cssSelector("[data-testid=note]")).stream().anyMatch(n -> n.getText().contains(text)));

        // The doctor sees the note and its thumbnail without reloading.
        WebElement thumb = waitFor(doctorBrowser).until(d -> d.findElements(By.cssSelector("[data-testid=note]")).stream()
                .filter(n -> n.getText().contains(text))
                .flatMap(n -> n.findElements(By.cssSelector("[data-testid=note-photo][data-state=loaded]")).stream())
                .findFirst().orElse(null));
        Object width = doctorBrowser.executeScript("return arguments[0].querySelector('img').naturalWidth;", thumb);
        assertThat(((Number) width).intValue()).as("the 320 px thumbnail").isEqualTo(320);
        assertThat(doctorBrowser.executeScript("return window.__sameDocument;")).isEqualTo("yes");
        assertThat(nurseBrowser.executeScript("return window.__sameDocument;")).isEqualTo("yes");

        // Tapping opens the full-size photo with the viewer's name over it, and no download link.
        thumb.click();
        WebElement viewer = waitFor(doctorBrowser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=photo-viewer][data-state=loaded]")));
        Object fullWidth = doctorBrowser.executeScript(
                "return document.querySelector('[data-testid=photo-full]').naturalWidth;");
        assertThat(((Number) fullWidth).intValue()).isEqualTo(1200);
        assertThat(viewer.findElement(By.cssSelector("[data-testid=photo-watermark]")).getText()).contains(doctor.name());
        assertThat(viewer.findElements(By.cssSelector("a, [download]"))).isEmpty();
        viewer.findElement(By.cssSelector("[data-testid=photo-close]")).click();
        waitFor(doctorBrowser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=photo-viewer]"), 0));
    }

    private static void writeJpeg(Path file) throws Exception {
        BufferedImage img = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xE8D5C4));
        g.fillRect(0, 0, 1200, 900);
        g.setColor(new Color(0xC0392B));
        g.fillOval(450, 300, 300, 220);
        g.dispose();
        ImageIO.write(img, "jpg", file.toFile());
        assertThat(Files.size(file)).isPositive();
    }
}
