package jp.renkei.server.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.beds.BedInputs.NoticeInput;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import jp.renkei.server.beds.BedService;

/**
 * Demo vacant-bed notices for the fictional region, added once after the demo region is loaded (after
 * every ApplicationRunner, so after DemoData): a second clinic with beds (みなみ有床診療所, nurse
 * {@code okada}) and three notices. The regional network room already exists in DemoData
 * (北区 入退院支援 連絡会).
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class BedDemoData {

    private final AccountRepository accounts;
    private final BedService beds;
    private final PasswordEncoder passwords;
    private final jp.renkei.server.auth.CredentialStore credentials;

    BedDemoData(AccountRepository accounts, BedService beds, PasswordEncoder passwords,
                jp.renkei.server.auth.CredentialStore credentials) {
        this.accounts = accounts;
        this.beds = beds;
        this.passwords = passwords;
        this.credentials = credentials;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        UserAccount inoue = accounts.findUser("u-inoue").orElse(null);
        if (inoue == null || accounts.findOrganization("o-minami-beds").isPresent()) {
            return;
        }
        accounts.saveOrganization(new Organization("o-minami-beds", "みなみ有床診療所", OrganizationKind.CLINIC_WITH_BEDS, "南区"));
        UserAccount okada = accounts.createUser("u-okada", "okada", "岡田 紀子", Profession.NURSE, "o-minami-beds",
                passwords.encode("Renkei-demo-2026"));
        // The demo users' documented second factor (README), like every other demo user.
        credentials.setTotp(okada.id(), jp.renkei.server.demo.DemoData.TOTP_SECRET, 0);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String expires = beds.now().plus(Duration.ofHours(20)).toString();
        beds.publish(inoue, new NoticeInput("respite", 2, today.toString(), today.plusDays(14).toString(),
                List.of("oxygen", "suction", "dementia"), "any", "2階病棟 看護師長 内線201", "週末の入院も相談可", expires, null));
        beds.publish(inoue, new NoticeInput("palliative", 1, today.plusDays(1).toString(), null,
                List.of("oxygen", "end_of_life", "opioids"), "any", "地域連携担当 内線105", null, expires, null));
        beds.publish(okada, new NoticeInput("community", 3, today.toString(), today.plusDays(30).toString(),
                List.of("tube_feeding", "rehabilitation", "dementia"), "female", "病棟 主任看護師 内線12", "女性病室のみ", expires, null));
    }
}
