package jp.renkei.server.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.desk.DeskInputs.CaseInput;
import jp.renkei.server.desk.DeskInputs.FollowUpInput;
import jp.renkei.server.desk.DeskInputs.SubjectInput;
import jp.renkei.server.desk.DeskService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo consultations for the two desks of the fictional region, so that the monthly report has something
 * to show: 北区地域包括支援センター (worker {@code saito}) and 北区役所 高齢福祉課 (worker {@code kimura},
 * who also sees the city's total). About 30 invented cases spread over the previous and the current month
 * in Japan time, relative to the application's clock at seeding; all people are invented. Added once,
 * after DemoData loaded the region.
 */
@Component
@ConditionalOnBooleanProperty("renkei.demo.enabled")
class DeskDemoData {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** Invented consultations: consulter type, categories, question, answer. */
    private record Sample(String consulterType, String organization, List<String> categories, String text,
                          String answer, String ageBand) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("citizen_family", null, List.of("home_visit_clinic"),
                    "母が通院できなくなった。家に来てくれるお医者さんを探したい。", "北区で訪問診療を行う医療機関を3か所紹介。", "80s"),
            new Sample("care_manager", "きぼう居宅介護支援事業所", List.of("home_nursing", "medical_procedure"),
                    "人工呼吸器を使う方を受けられる訪問看護ステーションはあるか。", "対応可能なステーションを2か所紹介し、空き状況は直接確認を依頼。", "70s"),
            new Sample("medical_institution", "北中央病院 地域連携室", List.of("discharge_support", "care_manager"),
                    "来週退院予定の方にケアマネジャーがいない。", "地域包括から居宅介護支援事業所につなぐ。退院前カンファレンスの日程を確認。", "80s"),
            new Sample("citizen_family", null, List.of("insurance_procedure"),
                    "介護保険の申請の仕方を知りたい。", "区役所の窓口と必要書類を案内。代理申請も可能と説明。", "70s"),
            new Sample("home_nursing", "みどり訪問看護ステーション", List.of("clinic"),
                    "成年後見の診断書を書いてくれる医師を探している。", "診断書作成に対応する診療所を紹介。", "80s"),
            new Sample("citizen_family", null, List.of("end_of_life", "home_visit_clinic"),
                    "父を自宅で看取りたい。何から始めればよいか。", "訪問診療と訪問看護の導入、ケアマネジャーとの相談を案内。", "90_plus"),
            new Sample("care_manager", "きぼう居宅介護支援事業所", List.of("pharmacy"),
                    "訪問薬剤管理をしてくれる薬局を知りたい。", "在宅対応の薬局を紹介。", "80s"),
            new Sample("support_center", "北区地域包括支援センター", List.of("coordination"),
                    "独居の方の見守り体制について関係機関と調整したい。", "民生委員と訪問介護事業所に連絡し、担当者会議を設定。", "80s"),
            new Sample("citizen_family", null, List.of("dental"),
                    "寝たきりの母の歯を診てくれる歯医者はあるか。", "訪問歯科に対応する歯科医院を紹介。", "90_plus"),
            new Sample("medical_institution", "あさひ在宅クリニック", List.of("hospital"),
                    "レスパイト入院を受けてくれる病院を探している。", "有床診療所の空床情報を確認するよう案内。", "80s"),
            new Sample("city_office", "北区役所 保険年金課", List.of("insurance_procedure", "care_service"),
                    "区分変更の相談があった方の今後のサービス調整について。", "担当ケアマネジャーに連絡し、サービス事業所の候補を共有。", "70s"),
            new Sample("other", "民生委員", List.of("support_center"),
                    "近所の高齢者の様子が気になる。", "地域包括支援センターの訪問を調整。", "80s"),
            new Sample("citizen_family", null, List.of("care_service", "other"),
                    "デイサービスの種類がよく分からない。", "通所介護と通所リハビリの違いを説明し、ケアマネジャーへの相談を勧めた。", "70s"));

    private final AccountRepository accounts;
    private final DeskService desk;
    private final Clock clock;

    DeskDemoData(AccountRepository accounts, DeskService desk, Clock clock) {
        this.accounts = accounts;
        this.desk = desk;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        UserAccount saito = accounts.findUser("u-saito").orElse(null);
        UserAccount kimura = accounts.findUser("u-kimura").orElse(null);
        if (saito == null || kimura == null || desk.hasCases()) {
            return;
        }
        Random random = new Random(20261207);
        LocalDate today = LocalDate.now(clock.withZone(TOKYO));
        LocalDate firstOfPrevious = today.withDayOfMonth(1).minusMonths(1);
        String[] channels = {"phone", "phone", "phone", "walk_in", "fax", "email", "visit"};
        String[] surnames = {"青木", "石田", "上田", "遠藤", "大野", "川口", "菊地", "久保", "小西", "坂本"};
        int cases = 30;
        for (int i = 0; i < cases; i++) {
            // Spread evenly from the first of the previous month to today, working hours in Japan time.
            long span = Math.max(1, today.toEpochDay() - firstOfPrevious.toEpochDay());
            LocalDate day = firstOfPrevious.plusDays(span * i / cases);
            LocalTime time = LocalTime.of(9 + random.nextInt(8), random.nextInt(4) * 15);
            ZonedDateTime at = LocalDateTime.of(day, time).atZone(TOKYO);
            if (at.toInstant().isAfter(clock.instant())) {
                at = ZonedDateTime.now(clock.withZone(TOKYO)).minusMinutes(30L * (cases - i));
            }
            Sample s = SAMPLES.get(i % SAMPLES.size());
            UserAccount worker = i % 3 == 2 ? kimura : saito;
            boolean recent = !day.isBefore(today.minusDays(7));
            List<FollowUpInput> followUps = new ArrayList<>();
            if (recent || i % 5 == 0) {
                followUps.add(new FollowUpInput(null, day.plusDays(3 + random.nextInt(5)).toString(),
                        "結果を電話で確認する", null));
            }
            String name = s.consulterType().equals("citizen_family") || i % 2 == 0
                    ? surnames[i % surnames.length] + " 様（仮名）" : null;
            desk.record(worker, new CaseInput(null, at.toOffsetDateTime().toString(), channels[i % channels.length],
                    s.consulterType(), s.organization(), null, new SubjectInput(name, s.ageBand(), i % 2 == 0 ? "female" : "male",
                    "北区"), s.categories(), s.text(), s.answer(), null, followUps, recent ? "open" : "closed"));
        }
    }
}
