package jp.renkei.server.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.AckNote;
import jp.renkei.protocol.Commands.MarkRead;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.protocol.Notes.VisitRecord;
import jp.renkei.protocol.Notes.Vitals;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.protocol.ServerMessages.Stored;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.note.NoteService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * A small fictional region (岡山市北区をモデルにした架空の地域) for trying Renkei out: organisations of
 * every kind, users of every profession, three patient rooms with a week of notes and one network
 * room. Loaded once, into an empty database, when {@code renkei.demo.enabled} is true. All people
 * are invented. Every demo user's password is {@value #PASSWORD}.
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
public class DemoData implements ApplicationRunner {

    static final String PASSWORD = "Renkei-demo-2026";
    /**
     * The demo users' second factor (SP-AUTH-02): a fixed TOTP secret, documented in the README so that
     * people trying the demo add it to an authenticator app. Demo data only: real accounts enrol their
     * own random secret through a one-time link.
     */
    public static final String TOTP_SECRET = "RENKEIDEMOTOTPSECRETFORDEMOUSERS";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final AccountRepository accounts;
    private final RoomService rooms;
    private final NoteService notes;
    private final PasswordEncoder passwords;
    private final CredentialStore credentials;
    private final Map<String, UserAccount> users = new HashMap<>();
    // Visit calendar.
    private final jp.renkei.server.calendar.CalendarService calendar;
    private int txn;

    DemoData(AccountRepository accounts, RoomService rooms, NoteService notes, PasswordEncoder passwords,
             jp.renkei.server.calendar.CalendarService calendar, CredentialStore credentials) {
        this.calendar = calendar;
        this.credentials = credentials;
        this.accounts = accounts;
        this.rooms = rooms;
        this.notes = notes;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.countUsers() > 0) {
            return;
        }
        log.info("Loading demo data: a fictional region, 18 users, 4 rooms");
        organizations();
        people();
        yamadaRoom();
        suzukiRoom();
        takahashiRoom();
        networkRoom();
    }

    private void organizations() {
        org("o-asahi-clinic", "あさひ在宅クリニック", OrganizationKind.CLINIC);
        org("o-midori-vns", "みどり訪問看護ステーション", OrganizationKind.HOME_NURSING_STATION);
        org("o-sakura-ph", "さくら薬局 北店", OrganizationKind.PHARMACY);
        org("o-kibou-cm", "きぼう居宅介護支援事業所", OrganizationKind.CARE_MANAGEMENT_OFFICE);
        org("o-hinata-hc", "ひなた訪問介護", OrganizationKind.HOME_CARE_PROVIDER);
        org("o-kita-hosp", "北中央病院 地域連携室", OrganizationKind.HOSPITAL);
        org("o-hoshino-beds", "ほしの有床診療所", OrganizationKind.CLINIC_WITH_BEDS);
        org("o-shimizu-dental", "しみず歯科医院", OrganizationKind.CLINIC);
        org("o-kita-city", "北区役所 高齢福祉課", OrganizationKind.MUNICIPALITY);
        org("o-kita-center", "北区地域包括支援センター", OrganizationKind.SUPPORT_CENTER);
    }

    private void people() {
        user("u-sato", "sato", "佐藤 健一", Profession.PHYSICIAN, "o-asahi-clinic");
        user("u-tanaka", "tanaka", "田中 美穂", Profession.PHYSICIAN, "o-asahi-clinic");
        user("u-yamamoto", "yamamoto", "山本 直子", Profession.NURSE, "o-midori-vns");
        user("u-kobayashi", "kobayashi", "小林 恵", Profession.NURSE, "o-midori-vns");
        user("u-hayashi", "hayashi", "林 拓也", Profession.THERAPIST, "o-midori-vns");
        user("u-ito", "ito", "伊藤 大輔", Profession.PHARMACIST, "o-sakura-ph");
        user("u-nakamura", "nakamura", "中村 由美", Profession.CARE_MANAGER, "o-kibou-cm");
        user("u-kato", "kato", "加藤 恵子", Profession.CARE_WORKER, "o-hinata-hc");
        user("u-yoshida", "yoshida", "吉田 翔", Profession.SOCIAL_WORKER, "o-kita-hosp");
        user("u-matsumoto", "matsumoto", "松本 香織", Profession.NURSE, "o-kita-hosp");
        user("u-inoue", "inoue", "井上 誠", Profession.PHYSICIAN, "o-hoshino-beds");
        user("u-shimizu", "shimizu", "清水 遥", Profession.DENTIST, "o-shimizu-dental");
        user("u-mori", "mori", "森 彩", Profession.DENTAL_HYGIENIST, "o-shimizu-dental");
        user("u-ikeda", "ikeda", "池田 真理", Profession.DIETITIAN, "o-asahi-clinic");
        user("u-kimura", "kimura", "木村 亮", Profession.MUNICIPAL_STAFF, "o-kita-city");
        user("u-saito", "saito", "斎藤 優子", Profession.MUNICIPAL_STAFF, "o-kita-center");
        user("u-admin-midori", "midori-admin", "前田 聡", Profession.FACILITY_ADMIN, "o-midori-vns");
        user("u-yamada-taro", "yamada-family", "山田 太郎", Profession.FAMILY, null);
    }

    /** 山田花子様: care-manager-hosted room, heart failure at home, a week of visits. */
    private void yamadaRoom() {
        Instant start = at(7, "09:00");
        String room = rooms.create(u("nakamura"), new CreateRoom("patient", null,
                new PatientProfile("山田 花子", "ヤマダ ハナコ", "1941-04-12", "female", "要介護3", "北区 津島"),
                // Consent given by the patient in writing, naming her son 太郎 (SP-CON-01, 02).
                consent("u-yamada-taro")), start);
        for (String m : List.of("sato", "yamamoto", "ito", "kato", "hayashi", "yamada-taro")) {
            rooms.invite(u("nakamura"), room, "u-" + m, start.plusSeconds(60));
        }
        note(room, "nakamura", at(7, "09:30"), free("退院後の在宅生活が始まりました。皆さまよろしくお願いいたします。"
                + "来週水曜 14時にサービス担当者会議を予定しています。", false));
        Stored v1 = note(room, "yamamoto", at(6, "10:40"), visit("足のむくみがやや強くなっています。",
                vitals("36.8", 138, 82, 88, 95, 18), "朝・昼は服薬済み。夕の利尿剤は家族管理。", "主食半分、水分 800ml 程度",
                "排尿 6回、排便なし 2日目", "よく眠れている", "仙骨部 発赤なし", "室内は伝い歩き", "穏やか",
                "下腿浮腫 増強（両側）", "体重測定をお願いします（前回 48.2kg）"));
        ack(room, "sato", v1, at(6, "12:10"));
        note(room, "sato", at(6, "12:15"), free("むくみの件、承知しました。体重が 2kg 以上増えたら連絡ください。"
                + "利尿剤は現状維持でお願いします。", false));
        Stored p1 = note(room, "ito", at(5, "15:20"), free("残薬を確認しました。夕食後の分が 5日分余っています。"
                + "飲み忘れが続いているようです。一包化とお薬カレンダーの導入を提案します。", false));
        ack(room, "nakamura", p1, at(5, "16:02"));
        note(room, "kato", at(4, "11:30"), free("昼食はお粥を半分ほど召し上がりました。息切れはいつもと同じくらいです。", false));
        note(room, "hayashi", at(3, "14:10"), visit(null, vitals(null, 128, 76, 84, 96, null), null, null, null, null,
                null, "室内歩行 10m×2 往復。立ち上がりは手すりで可能", null, null, "転倒に注意。夜間トイレの動線を確認してください"));
        Stored u1 = note(room, "yamamoto", at(1, "18:45"), visit("夕方から息苦しさの訴えあり。至急ご確認ください。",
                vitals("37.4", 152, 90, 104, 91, 24), null, "夕食ほとんど食べられず", null, null, null, null, "不安そう",
                "体重 50.6kg（+2.4kg）、起座呼吸あり", "主治医の指示を確認してください", true));
        ack(room, "sato", u1, at(1, "19:05"));
        note(room, "sato", at(1, "19:10"), free("これから往診します。到着は 19時40分ごろの予定です。", true));
        note(room, "sato", at(0, "08:30"), free("昨夜は利尿剤を追加し、SpO2 95% まで改善しました。"
                + "本日の訪問看護で体重と呼吸状態の確認をお願いします。", false));
        read(room, "yamamoto");
        read(room, "nakamura");
        yamadaCalendar(room);
    }

    /**
     * 山田花子様's visits: 訪問看護 Mon/Thu, 訪問診療 every other Tuesday, 訪問介護 daily, the
     * service conference. The family member 山田太郎 (yamada-family) was invited as the consent names him.
     */
    private void yamadaCalendar(String room) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1);
        calendarItem(room, "yamamoto", "c1", "home_nursing", "nurse", "みどり訪問看護ステーション",
                monday, "10:00", "11:00", "FREQ=WEEKLY;BYDAY=MO,TH", "体重と下腿浮腫、呼吸状態を確認してください");
        calendarItem(room, "sato", "c2", "home_medical", "physician", "あさひ在宅クリニック",
                monday.plusDays(1), "14:00", "14:30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", null);
        calendarItem(room, "kato", "c3", "home_care", "care_worker", "ひなた訪問介護",
                monday, "12:00", "13:00", "FREQ=DAILY", "昼食の準備と服薬の声かけ");
        calendarItem(room, "nakamura", "c4", "service_conference", null, "きぼう居宅介護支援事業所",
                monday.plusDays(9), "14:00", "15:00", null, null);
    }

    private void calendarItem(String room, String login, String txn, String category, String profession,
                              String organization, LocalDate day, String start, String end, String rrule, String note) {
        calendar.add(u(login), room, new jp.renkei.server.calendar.CalendarCommands.AddItem(txn,
                new jp.renkei.server.calendar.CalendarItem(category, profession, organization, day + "T" + start,
                        day + "T" + end, rrule, note)));
    }

    /** 鈴木一郎様: nurse-hosted room, pressure ulcer care. */
    private void suzukiRoom() {
        Instant start = at(7, "11:00");
        String room = rooms.create(u("yamamoto"), new CreateRoom("patient", null,
                new PatientProfile("鈴木 一郎", "スズキ イチロウ", "1947-09-30", "male", "要介護2", "北区 大元"), consent()),
                start);
        for (String m : List.of("sato", "tanaka", "kobayashi", "nakamura", "ito")) {
            rooms.invite(u("yamamoto"), room, "u-" + m, start.plusSeconds(60));
        }
        note(room, "yamamoto", at(7, "11:30"), visit("仙骨部の褥瘡処置を開始しました。",
                vitals("36.5", 124, 70, 72, 97, 16), "服薬済み", "普通食 8割", "おむつ使用", null,
                "仙骨部 褥瘡 2.0×1.5cm、浅い潰瘍、滲出液少量", "ベッド上中心", null, null, "体位変換表の記録を確認してください"));
        note(room, "kobayashi", at(5, "10:15"), visit(null, vitals("36.6", 120, 68, 70, 97, 16), null, null, null, null,
                "褥瘡 1.8×1.4cm、肉芽良好", null, null, "縮小傾向", null));
        Stored q = note(room, "ito", at(4, "16:00"), free("田中先生へ: 軟膏の処方が今週末で切れます。継続でよろしいでしょうか。", false));
        note(room, "tanaka", at(4, "17:20"), free("継続でお願いします。処方箋は明日 FAX します。", false));
        ack(room, "ito", q, at(4, "17:30"));
        note(room, "nakamura", at(2, "13:00"), free("エアマットのレンタルを手配しました。明後日の午前に搬入です。", false));
        note(room, "kobayashi", at(0, "10:30"), visit(null, vitals("36.4", 118, 66, 68, 98, 15), "服薬済み", "全量摂取",
                null, "よく眠れている", "褥瘡 1.2×1.0cm", null, "表情明るい", null, "エアマット搬入後の体圧を確認してください"));
        read(room, "yamamoto");
    }

    /** 高橋キヨ様: a discharge from 北中央病院 being coordinated. */
    private void takahashiRoom() {
        Instant start = at(3, "15:00");
        String room = rooms.create(u("yoshida"), new CreateRoom("patient", null,
                new PatientProfile("高橋 キヨ", "タカハシ キヨ", "1934-01-20", "female", "要介護4", "北区 奉還町"), consent()),
                start);
        for (String m : List.of("matsumoto", "sato", "yamamoto", "nakamura")) {
            rooms.invite(u("yoshida"), room, "u-" + m, start.plusSeconds(60));
        }
        note(room, "yoshida", at(3, "15:10"), free("北中央病院 地域連携室の吉田です。高橋様は来週火曜の退院を予定しています。"
                + "退院前カンファレンスを金曜 14時に当院で行います。ご参加をお願いします。", false));
        note(room, "matsumoto", at(3, "16:40"), free("退院時の状況: 在宅酸素 1L/分、経口摂取可（とろみ付き）、"
                + "ADL は車いす移乗に一部介助。内服は退院時処方 14日分です。", false));
        Stored c = note(room, "nakamura", at(2, "09:20"), free("カンファレンス参加します。退院日から訪問介護（朝・夕）と"
                + "福祉用具（ベッド・車いす）を調整中です。", false));
        ack(room, "yoshida", c, at(2, "09:45"));
        note(room, "sato", at(2, "12:00"), free("訪問診療は退院翌日から隔週火曜で引き受けます。酸素業者の手配を病院側でお願いします。", false));
        note(room, "yamamoto", at(1, "10:00"), free("訪問看護は退院当日の夕方に初回訪問します。週2回（月・木）の予定です。", false));
        read(room, "yoshida");
    }

    /** A written consent by the patient, a week ago, naming {@code familyUserIds}. */
    private ConsentRecord consent(String... familyUserIds) {
        return new ConsentRecord("patient", null, "written",
                java.time.LocalDate.ofInstant(at(8, "10:00"), java.time.ZoneId.of("Asia/Tokyo")).toString(),
                List.of(), List.of(familyUserIds));
    }

    /** A network room of liaison offices and care managers: no patient data. */
    private void networkRoom() {
        Instant start = at(6, "09:00");
        String room = rooms.create(u("kimura"), new CreateRoom("network", "北区 入退院支援 連絡会", null), start);
        for (String m : List.of("yoshida", "matsumoto", "nakamura", "inoue", "saito", "yamamoto")) {
            rooms.invite(u("kimura"), room, "u-" + m, start.plusSeconds(60));
        }
        note(room, "kimura", at(6, "09:10"), free("北区 入退院支援 連絡会のグループです。メーリングリストの代わりにご利用ください。"
                + "次回の連絡会は来月第2木曜 18時、北区役所 3階です。", false));
        note(room, "inoue", at(1, "08:50"), free("ほしの有床診療所です。本日からレスパイト入院を 2床 受け入れ可能です。", false));
        note(room, "saito", at(0, "09:15"), free("入退院支援ルールの改訂案を来週共有します。ご意見をお寄せください。", false));
    }

    private Stored note(String roomId, String login, Instant when, NoteContent content) {
        return notes.post(u(login), new PostNote(roomId, "demo-" + (++txn), content), CommandAudit.none(), when);
    }

    private void ack(String roomId, String login, Stored note, Instant when) {
        notes.acknowledge(u(login), new AckNote(roomId, note.eventId()), CommandAudit.none(), when);
    }

    private void read(String roomId, String login) {
        // The read marker goes to the newest event, as when the member opened the room.
        long head = rooms.headOf(roomId);
        notes.markRead(u(login), new MarkRead(roomId, head));
    }

    private static NoteContent free(String text, boolean urgent) {
        return new NoteContent("free", text, urgent, List.of(), null);
    }

    private static NoteContent visit(String text, Vitals vitals, String medication, String meals, String excretion,
                                     String sleep, String skin, String adl, String mood, String changes,
                                     String nextCheck) {
        return visit(text, vitals, medication, meals, excretion, sleep, skin, adl, mood, changes, nextCheck, false);
    }

    private static NoteContent visit(String text, Vitals vitals, String medication, String meals, String excretion,
                                     String sleep, String skin, String adl, String mood, String changes,
                                     String nextCheck, boolean urgent) {
        return new NoteContent("visit", text, urgent, List.of(), new VisitRecord(vitals, medication, meals, excretion,
                sleep, skin, adl, mood, changes, nextCheck));
    }

    private static Vitals vitals(String temp, Integer sys, Integer dia, Integer pulse, Integer spo2, Integer rr) {
        return new Vitals(temp == null ? null : new BigDecimal(temp), sys, dia, pulse, spo2, rr);
    }

    /**
     * Tokyo time {@code daysAgo} days before the demo's last day at {@code hhmm}. The last day is
     * today once the working day is over (20:00), else yesterday, so no demo note lies in the future.
     */
    private static Instant at(int daysAgo, String hhmm) {
        LocalDate lastDay = LocalTime.now(TOKYO).isBefore(LocalTime.of(20, 0))
                ? LocalDate.now(TOKYO).minusDays(1) : LocalDate.now(TOKYO);
        return lastDay.minusDays(daysAgo).atTime(LocalTime.parse(hhmm)).atZone(TOKYO).toInstant();
    }

    private void org(String id, String name, OrganizationKind kind) {
        accounts.saveOrganization(new Organization(id, name, kind, "北区"));
    }

    private void user(String id, String login, String name, Profession profession, String orgId) {
        users.put(login, accounts.createUser(id, login, name, profession, orgId, passwords.encode(PASSWORD)));
        credentials.setTotp(id, TOTP_SECRET, 0);
    }

    private UserAccount u(String login) {
        return users.get(login);
    }
}
