package jp.renkei.server.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jp.renkei.policy.Profession;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.oncall.OncallSetup;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.room.RoomService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Who covers 山田 花子 様, added once after the demo region is loaded: あさひ在宅クリニック's facility
 * administrator ({@code asahi-admin}), 田中 美穂 joins the room as 副主治医 to 佐藤 健一 (主治医), a cover
 * period (田中 covers from the day after tomorrow 9:00 for three days), and the clinic's night and holiday
 * rota for the coming two weeks: weeknights 18:00–翌 8:30 and Sundays 8:30–翌 8:30, alternating between
 * the two doctors (Japan time).
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class OncallDemoData {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final String CLINIC = "o-asahi-clinic";

    private final AccountRepository accounts;
    private final OncallSetup oncall;
    private final RoomService rooms;
    private final RoomRepository roomRepository;
    private final RoomCache cache;
    private final PasswordEncoder passwords;
    private final CredentialStore credentials;

    OncallDemoData(AccountRepository accounts, OncallSetup oncall, RoomService rooms, RoomRepository roomRepository,
                   RoomCache cache, PasswordEncoder passwords, CredentialStore credentials) {
        this.accounts = accounts;
        this.oncall = oncall;
        this.rooms = rooms;
        this.roomRepository = roomRepository;
        this.cache = cache;
        this.passwords = passwords;
        this.credentials = credentials;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        UserAccount nakamura = accounts.findUser("u-nakamura").orElse(null);
        UserAccount sato = accounts.findUser("u-sato").orElse(null);
        UserAccount tanaka = accounts.findUser("u-tanaka").orElse(null);
        if (nakamura == null || sato == null || tanaka == null || accounts.findUser("u-admin-asahi").isPresent()) {
            return;
        }
        UserAccount admin = accounts.createUser("u-admin-asahi", "asahi-admin", "小川 修", Profession.FACILITY_ADMIN,
                CLINIC, passwords.encode(DemoData.PASSWORD));
        credentials.setTotp(admin.id(), DemoData.TOTP_SECRET, 0);
        String yamada = roomRepository.roomIdsOf(nakamura.id()).stream()
                .filter(id -> cache.get(id).map(r -> "山田 花子".equals(r.title())).orElse(false))
                .findFirst().orElse(null);
        if (yamada != null) {
            rooms.invite(nakamura, yamada, tanaka.id());
            oncall.setRoles(nakamura, yamada, sato.id(), tanaka.id());
            LocalDate today = LocalDate.now(JAPAN);
            oncall.addCover(sato, yamada, today.plusDays(2).atTime(9, 0).atZone(JAPAN).toInstant(),
                    today.plusDays(5).atTime(9, 0).atZone(JAPAN).toInstant());
        }
        ZonedDateTime now = ZonedDateTime.now(JAPAN);
        LocalDate day = now.toLocalDate().minusDays(1);
        for (int i = 0; i < 15; i++, day = day.plusDays(1)) {
            boolean sunday = day.getDayOfWeek() == DayOfWeek.SUNDAY;
            ZonedDateTime from = day.atTime(sunday ? LocalTime.of(8, 30) : LocalTime.of(18, 0)).atZone(JAPAN);
            ZonedDateTime to = day.plusDays(1).atTime(8, 30).atZone(JAPAN);
            if (!to.isAfter(now)) {
                continue;
            }
            oncall.addRotaEntry(admin, CLINIC, from.toInstant(), to.toInstant(), i % 2 == 0 ? tanaka.id() : sato.id());
        }
    }
}
