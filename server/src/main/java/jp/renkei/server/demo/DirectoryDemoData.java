package jp.renkei.server.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.directory.ContactSlot;
import jp.renkei.server.directory.ContactWindowService;
import jp.renkei.server.directory.DirectoryService;
import jp.renkei.server.directory.ProviderEntry;
import jp.renkei.server.directory.ProviderEntry.Area;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo region's provider directory, added once after the demo region is loaded: the ten organisations
 * with capabilities, areas and acceptance status (みどり訪問看護ステーション's unconfirmed for 40 days, so
 * midori-admin sees the stale banner), two providers not on Renkei from the city's list, and ケアマネタイム for
 * the physicians (佐藤: 火・木 13:00–14:00 電話; 田中: 月〜金 17:30–18:30 Renkei; 井上: 水 12:00–13:00 FAX).
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class DirectoryDemoData {

    private static final String KITA = "岡山市北区";

    private final AccountRepository accounts;
    private final DirectoryService directory;
    private final ContactWindowService windows;

    DirectoryDemoData(AccountRepository accounts, DirectoryService directory, ContactWindowService windows) {
        this.accounts = accounts;
        this.directory = directory;
        this.windows = windows;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        if (accounts.findUser("u-sato").isEmpty() || !directory.demoEntries().isEmpty()) {
            return;
        }
        entry("o-asahi-clinic", "あさひ在宅クリニック", "clinic", "岡山市北区中央町1-1", areas(null), "月〜金 9:00–17:00（往診は24時間）",
                "086-200-0001", "086-200-0002", "086-200-0009", List.of("home_oxygen", "tube_feeding", "tpn", "end_of_life",
                        "dementia", "around_the_clock", "guardianship_certificate"), "accepting", 2, "ケアマネさんからの相談は火・木の午後が確実です");
        entry("o-midori-vns", "みどり訪問看護ステーション", "home_nursing_station", "岡山市北区清心町2-3",
                List.of(new Area(KITA, "中央小学校区"), new Area(KITA, "石井小学校区")), "月〜土 8:30–17:30（24時間連絡体制）",
                "086-200-0101", "086-200-0102", "090-0000-0101", List.of("ventilator", "home_oxygen", "tube_feeding", "tpn",
                        "pediatric", "speech_therapist", "around_the_clock", "end_of_life"), "accepting", 40, "新規依頼は管理者 前田まで");
        entry("o-sakura-ph", "さくら薬局 北店", "pharmacy", "岡山市北区駅前町3-4", areas(null), "月〜土 9:00–19:00",
                "086-200-0201", "086-200-0202", null, List.of("narcotics", "tpn", "around_the_clock"), "accepting", 5, null);
        entry("o-kibou-cm", "きぼう居宅介護支援事業所", "care_management_office", "岡山市北区表町4-5", areas(null), "月〜金 8:30–17:30",
                "086-200-0301", "086-200-0302", null, List.of("dementia"), "consult", 10, "担当件数に空きわずか");
        entry("o-hinata-hc", "ひなた訪問介護", "home_care_provider", "岡山市北区野田5-6", areas("中央小学校区"), "毎日 7:00–21:00",
                "086-200-0401", null, null, List.of("dementia"), "not_accepting", 1, null);
        entry("o-kita-hosp", "北中央病院 地域連携室", "hospital", "岡山市北区北長瀬6-7", areas(null), "月〜金 8:30–17:00",
                "086-200-0501", "086-200-0502", "086-200-0599", List.of("dialysis", "ventilator", "psychiatric_visits"), "consult", 3, null);
        entry("o-hoshino-beds", "ほしの有床診療所", "clinic_with_beds", "岡山市北区津島7-8", areas(null), "月〜土 9:00–18:00",
                "086-200-0601", "086-200-0602", null, List.of("home_oxygen", "end_of_life", "narcotics", "dementia"), "accepting", 1, null);
        entry("o-shimizu-dental", "しみず歯科医院", "dental_clinic", "岡山市北区奉還町8-9", areas(null), "月〜金 9:00–18:00（木休み）",
                "086-200-0701", "086-200-0702", null, List.of("visiting_dental"), "accepting", 7, null);
        entry("o-kita-center", "北区地域包括支援センター", "support_center", "岡山市北区大供1-1", areas(null), "月〜金 8:30–17:15",
                "086-200-0801", "086-200-0802", null, List.of("dementia", "guardianship_certificate"), "accepting", 0, null);
        entry(null, "たいよう訪問看護ステーション", "home_nursing_station", "岡山市北区大元9-10", areas("石井小学校区"), "月〜金 9:00–18:00",
                "086-200-0901", "086-200-0902", null, List.of("psychiatric_visits", "home_oxygen"), "consult", 12, null);
        entry(null, "ひかり眼科・耳鼻科クリニック", "clinic", "岡山市北区今10-11", areas(null), "月〜金 9:00–12:00",
                "086-200-1001", null, null, List.of("visiting_eye", "visiting_ent"), "accepting", 20, null);
        windows.setForDemo("u-sato", List.of(slot(DayOfWeek.TUESDAY, 13, 0, 14, 0, "phone"),
                slot(DayOfWeek.THURSDAY, 13, 0, 14, 0, "phone")), "外来の後。急ぎは緊急で送ってください");
        windows.setForDemo("u-tanaka", List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY).stream().map(d -> slot(d, 17, 30, 18, 30, "renkei")).toList(), null);
        windows.setForDemo("u-inoue", List.of(slot(DayOfWeek.WEDNESDAY, 12, 0, 13, 0, "fax")), "FAXは昼休みに確認します");
    }

    private void entry(String orgId, String name, String kind, String address, List<Area> areas, String hours, String phone,
                       String fax, String directLine, List<String> caps, String acceptance, int daysAgo, String note) {
        directory.addForDemo(new ProviderEntry("p-demo-" + (orgId == null ? name.hashCode() & 0xffff : orgId.substring(2)),
                orgId, name, kind, address, areas, hours, phone, fax, directLine, caps, acceptance,
                directory.nowForDemo().minus(Duration.ofDays(daysAgo)), note,
                Set.of("address", "hours", "phone", "capabilities", "acceptance"), 1, directory.nowForDemo(), "demo"));
    }

    private static List<Area> areas(String district) {
        return List.of(new Area(KITA, district));
    }

    private static ContactSlot slot(DayOfWeek d, int h1, int m1, int h2, int m2, String channel) {
        return new ContactSlot(d, LocalTime.of(h1, m1), LocalTime.of(h2, m2), channel);
    }
}
