package jp.renkei.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.protocol.Resources.CloseRoom;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.note.NoteService;
import jp.renkei.server.room.ClosureService;
import jp.renkei.server.room.RoomService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One closed demo room, added once after the demo region is loaded: 佐藤 ハル様, hosted by the visiting nurse
 * 山本 (みどり訪問看護ステーション), who died at home last month (在宅看取り). The room shows the closed-room
 * banner and is read-only; its retention runs five years from that day.
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class ClosureDemoData {

    private static final String PATIENT = "佐藤 ハル";

    private final AccountRepository accounts;
    private final RoomService rooms;
    private final NoteService notes;
    private final ClosureService closures;

    ClosureDemoData(AccountRepository accounts, RoomService rooms, NoteService notes, ClosureService closures) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.notes = notes;
        this.closures = closures;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        UserAccount host = accounts.findUser("u-yamamoto").orElse(null);
        UserAccount colleague = accounts.findUser("u-kobayashi").orElse(null);
        // Once: after the demo region, and only if the host has no room of this patient yet.
        if (host == null || colleague == null || accounts.findUser("u-sato").isEmpty()
                || rooms.hasRoomNamed(host.id(), PATIENT)) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        LocalDate died = today.minusMonths(1).withDayOfMonth(1);
        Instant opened = died.minusMonths(4).atTime(10, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
        String room = rooms.create(host, new CreateRoom("patient", null,
                new PatientProfile(PATIENT, "サトウ ハル", "1931-03-12", "female", "要介護5", "北区 栄町"),
                new ConsentRecord("representative", "長男", "written", died.minusMonths(4).toString(), List.of(),
                        List.of())), opened);
        rooms.invite(host, room, colleague.id(), opened.plusSeconds(60));
        rooms.invite(host, room, "u-sato", opened.plusSeconds(120));
        Instant lastVisit = died.atTime(6, 30).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
        notes.post(host, new PostNote(room, "demo-closure-1", new NoteContent("free",
                "早朝 5時40分、ご家族に見守られて穏やかに息を引き取られました。佐藤先生が6時20分に死亡確認されました。",
                false, List.of(), null)), CommandAudit.none(), lastVisit);
        notes.post(colleague, new PostNote(room, "demo-closure-2", new NoteContent("free",
                "エンゼルケアを行いました。長男様より皆さまへのお礼の言葉をいただきました。", false, List.of(), null)),
                CommandAudit.none(), lastVisit.plus(Duration.ofHours(2)));
        closures.close(host, room, new CloseRoom("home_death", null, died.toString()));
    }
}
