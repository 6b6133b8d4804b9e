package jp.renkei.server.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.handoff.HandoffInputs.ConferenceInput;
import jp.renkei.server.handoff.HandoffInputs.CreateInput;
import jp.renkei.server.handoff.HandoffService;
import jp.renkei.server.room.RoomRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo handoff sheets, added once after the demo region is loaded: 高橋 キヨ 様's discharge in progress (the
 * care manager's admission sheet, received by the hospital's 地域連携室; the ward's discharge sheet drafted;
 * the 退院前カンファレンス next week on the room's calendar), and 北野 トメ 様, discharged without a care
 * manager, routed to 北区地域包括支援センター (which covers 北区) and flagged 担当ケアマネ未定. The centre gets
 * a care manager, {@code ishii}, who can open the patient's room when she acknowledges the sheet.
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class HandoffDemoData {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final AccountRepository accounts;
    private final RoomRepository rooms;
    private final HandoffService handoffs;
    private final PasswordEncoder passwords;
    private final jp.renkei.server.auth.CredentialStore credentials;
    private final JsonMapper json;

    HandoffDemoData(AccountRepository accounts, RoomRepository rooms, HandoffService handoffs, PasswordEncoder passwords,
                    jp.renkei.server.auth.CredentialStore credentials, JsonMapper json) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.handoffs = handoffs;
        this.passwords = passwords;
        this.credentials = credentials;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        UserAccount nakamura = accounts.findUser("u-nakamura").orElse(null);
        if (nakamura == null || accounts.findUser("u-ishii").isPresent()) {
            return;
        }
        UserAccount ishii = accounts.createUser("u-ishii", "ishii", "石井 理恵", Profession.CARE_MANAGER, "o-kita-center",
                passwords.encode("Renkei-demo-2026"));
        credentials.setTotp(ishii.id(), DemoData.TOTP_SECRET, 0);
        handoffs.declareCoveredAreas("o-kita-center", List.of("北区"));
        UserAccount yoshida = accounts.findUser("u-yoshida").orElseThrow();
        UserAccount matsumoto = accounts.findUser("u-matsumoto").orElseThrow();
        String room = rooms.roomIdsOf("u-nakamura").stream()
                .filter(id -> rooms.find(id).map(r -> r.patient() != null && "高橋 キヨ".equals(r.patient().name()))
                        .orElse(false))
                .findFirst().orElse(null);
        if (room == null) {
            return;
        }
        LocalDate today = LocalDate.now(TOKYO);
        LocalDateTime admitted = today.minusDays(9).atTime(10, 40);
        LocalDate discharge = today.with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).plusWeeks(1);
        LocalDate conference = today.with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).plusWeeks(
                today.with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).isBefore(today.plusDays(7)) ? 1 : 0);

        // 1. The care manager's admission sheet, sent and acknowledged by the 地域連携室.
        String admission = handoffs.create(nakamura, new CreateInput("admission", null, null, room, "o-kita-hosp", null,
                admitted.toString(), null, null, json.valueToTree(Map.ofEntries(
                        Map.entry("livingSituation", "高齢者世帯"), Map.entry("housing", "戸建て"),
                        Map.entry("housingNotes", "玄関に段差2段。寝室は1階、介護ベッドあり。"),
                        Map.entry("careLevel", "要介護4"), Map.entry("copayment", "1割"),
                        Map.entry("disabilityIndependence", "B2"), Map.entry("dementiaIndependence", "Ⅱb"),
                        Map.entry("keyPerson", "高橋 誠"), Map.entry("keyPersonRelation", "長男"),
                        Map.entry("keyPersonPhone", "090-1234-5678"),
                        Map.entry("familyNotes", "夫（89歳）と二人暮らし。長男は市内在住で週末に来訪。"),
                        Map.entry("wishesPatient", "できれば家に帰りたい。"),
                        Map.entry("wishesFamily", "在宅酸素が必要なら、訪問看護を増やして家で看たい。"),
                        Map.entry("outlook", "自宅に戻る予定"),
                        Map.entry("servicesInUse", List.of("訪問介護", "訪問看護", "訪問診療", "福祉用具貸与")),
                        Map.entry("servicesNotes", "訪問介護 毎日朝夕、訪問看護 週1回（木）、訪問診療 隔週火曜"),
                        Map.entry("mobility", "一部介助"), Map.entry("transfer", "一部介助"), Map.entry("eating", "見守り"),
                        Map.entry("toileting", "一部介助"), Map.entry("bathing", "全介助"), Map.entry("dressing", "一部介助"),
                        Map.entry("mealForm", "やわらか"), Map.entry("swallowing", "見守りが必要"), Map.entry("dentures", true),
                        Map.entry("diagnoses", "慢性心不全、2型糖尿病、変形性膝関節症"),
                        Map.entry("medicalHistory", "脳梗塞（2019年、後遺症なし）"),
                        Map.entry("medications", "フロセミド 20mg 朝\nエナラプリル 2.5mg 朝\nメトホルミン 250mg 朝夕"),
                        Map.entry("medicationManagement", "訪問看護等の支援者"),
                        Map.entry("attendingPhysician", "あさひ在宅クリニック 佐藤 健一"),
                        Map.entry("cognition", "短期記憶の低下あり。日常会話は可能。"),
                        Map.entry("behaviour", List.of("昼夜逆転")),
                        Map.entry("communication", "右耳が遠い。左側から話しかけると伝わりやすい。"),
                        Map.entry("careManagerContact", "きぼう居宅介護支援事業所 中村 由美 086-000-1111"))))).id();
        handoffs.send(nakamura, admission);
        handoffs.receive(yoshida, admission, null);

        // 2. The ward's discharge sheet, drafted; 3. the conference next week on the room's calendar.
        String dischargeSheet = handoffs.create(matsumoto, new CreateInput("discharge", null, null, room, "o-kibou-cm",
                null, null, null, null, json.valueToTree(Map.ofEntries(
                        Map.entry("admittedOn", admitted.toLocalDate().toString()),
                        Map.entry("plannedDischargeOn", discharge.toString()),
                        Map.entry("diagnosis", "慢性心不全の急性増悪"),
                        Map.entry("course", "利尿薬の調整で改善。労作時の SpO2 低下があり在宅酸素を導入。"),
                        Map.entry("medicalProcedures", List.of("在宅酸素")), Map.entry("oxygenFlow", "安静時 1L/分、労作時 2L/分"),
                        Map.entry("medicationChanges", "フロセミド 20mg → 40mg に増量。スピロノラクトン 25mg を追加。"),
                        Map.entry("medications", "フロセミド 40mg 朝\nスピロノラクトン 25mg 朝\nエナラプリル 2.5mg 朝\nメトホルミン 250mg 朝夕"),
                        Map.entry("mobility", "一部介助"), Map.entry("eating", "見守り"), Map.entry("toileting", "一部介助"),
                        Map.entry("mealForm", "とろみ付き"),
                        Map.entry("whatToWatch", "体重が2日で2kg以上増えたら受診。むくみと息切れに注意。"),
                        Map.entry("conferenceAt", conference + "T14:00"), Map.entry("conferencePlace", "北中央病院 3階 面談室"),
                        Map.entry("conferenceAttendees", "病棟看護師 松本、MSW 吉田、ケアマネ 中村、訪問看護 山本、主治医 佐藤"),
                        Map.entry("hospitalContact", "北中央病院 地域連携室 吉田 086-000-2222"))))).id();
        handoffs.conference(yoshida, dischargeSheet, new ConferenceInput(UUID.randomUUID().toString(),
                conference + "T14:00", conference + "T15:00", "北中央病院 3階 面談室",
                List.of("病棟看護師 松本", "MSW 吉田", "ケアマネ 中村", "訪問看護 山本", "主治医 佐藤")));

        // 4. No care manager: routed to 北区地域包括支援センター.
        String undecided = handoffs.create(matsumoto, new CreateInput("discharge", null, null, null, null, true, null,
                new PatientProfile("北野 トメ", "キタノ トメ", "1938-05-02", "female", "申請中", "北区 津島"),
                new ConsentRecord("patient", null, "written", today.minusDays(1).toString(), List.of(), List.of()),
                json.valueToTree(Map.ofEntries(
                        Map.entry("admittedOn", today.minusDays(20).toString()),
                        Map.entry("plannedDischargeOn", today.plusDays(10).toString()),
                        Map.entry("diagnosis", "右大腿骨頸部骨折（人工骨頭置換術後）"),
                        Map.entry("course", "術後リハビリで歩行器歩行が可能。独居のため退院後の支援が必要。"),
                        Map.entry("medicationChanges", "鎮痛薬（アセトアミノフェン）を追加"),
                        Map.entry("medicalProcedures", List.of("褥瘡処置")),
                        Map.entry("mobility", "見守り"), Map.entry("eating", "自立"), Map.entry("toileting", "見守り"),
                        Map.entry("whatToWatch", "転倒に注意。仙骨部の褥瘡（d1）の処置を継続。"),
                        Map.entry("servicesNeeded", List.of("訪問看護", "訪問介護", "福祉用具貸与")),
                        Map.entry("hospitalContact", "北中央病院 地域連携室 吉田 086-000-2222"))))).id();
        handoffs.send(matsumoto, undecided);
    }
}
