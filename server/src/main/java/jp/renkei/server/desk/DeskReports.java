package jp.renkei.server.desk;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jp.renkei.policy.Action;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import org.springframework.stereotype.Component;

/**
 * The monthly report: counts by consulter type and by category for a Japan-time month, per desk and,
 * for the city, the total across desks. Counts only, never contents: a case in two categories counts in
 * both (so category columns may add up to more than the number of cases). Computed from the plain facts
 * {@link DeskService} keeps in memory; nothing is opened.
 */
@Component
class DeskReports {

    /** The Japanese labels of the consulter types, in the order of a city's report form. */
    static final Map<String, String> CONSULTER_LABELS = labels();

    private final DeskService service;
    private final DeskCategories categories;
    private final AccountRepository accounts;

    DeskReports(DeskService service, DeskCategories categories, AccountRepository accounts) {
        this.service = service;
        this.categories = categories;
        this.accounts = accounts;
    }

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("medical_institution", "医療機関");
        m.put("home_nursing", "訪問看護");
        m.put("care_manager", "ケアマネジャー");
        m.put("support_center", "地域包括支援センター");
        m.put("city_office", "区役所・市役所");
        m.put("citizen_family", "市民・家族");
        m.put("other", "その他");
        return m;
    }

    /** A desk's column: its counts. */
    record Column(String deskId, String deskName, int cases, Map<String, Integer> byConsulterType,
                  Map<String, Integer> byCategory) {
    }

    /** The report: one column per desk, and the total when the city asked. */
    record Report(YearMonth month, boolean city, List<Column> desks, Column total) {
    }

    /**
     * The report of {@code month}: the city's (every desk and the total) when {@code city} is asked and
     * the policy allows it, else the user's own desk's.
     */
    Report report(UserAccount user, YearMonth month, boolean city) {
        if (city) {
            service.require(user, Action.VIEW_CITY_DESK_REPORT, null, "desk.report.city", null);
        } else {
            service.require(user, Action.VIEW_DESK_REPORT, user.organizationId(), "desk.report", null);
        }
        Map<String, String> deskNames = new TreeMap<>();
        if (city) {
            for (Organization o : accounts.allOrganizations()) {
                if (o.kind() == OrganizationKind.SUPPORT_CENTER || o.kind() == OrganizationKind.MUNICIPALITY) {
                    deskNames.put(o.id(), o.name());
                }
            }
        } else {
            deskNames.put(user.organizationId(), accounts.findOrganization(user.organizationId())
                    .map(Organization::name).orElse(user.organizationId()));
        }
        Map<String, Counter> counters = new LinkedHashMap<>();
        for (DeskCase c : service.plainCases()) {
            if (!c.month().equals(month) || (!city && !c.deskId().equals(user.organizationId()))) {
                continue;
            }
            deskNames.computeIfAbsent(c.deskId(), d -> accounts.findOrganization(d).map(Organization::name).orElse(d));
            counters.computeIfAbsent(c.deskId(), d -> new Counter()).add(c);
        }
        List<Column> columns = new ArrayList<>();
        Counter total = new Counter();
        // Desks in name order (Japanese collation is not needed for a handful of desks).
        deskNames.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            Counter k = counters.getOrDefault(e.getKey(), new Counter());
            total.merge(k);
            columns.add(k.column(e.getKey(), e.getValue()));
        });
        return new Report(month, city, columns, city ? total.column("total", "合計") : null);
    }

    /** Counts of one desk (or the total). */
    private final class Counter {
        int cases;
        final Map<String, Integer> byType = new LinkedHashMap<>();
        final Map<String, Integer> byCategory = new LinkedHashMap<>();

        void add(DeskCase c) {
            cases++;
            byType.merge(c.consulterType(), 1, Integer::sum);
            // A case in two categories counts in both.
            c.categories().forEach(cat -> byCategory.merge(cat, 1, Integer::sum));
        }

        void merge(Counter o) {
            cases += o.cases;
            o.byType.forEach((k, v) -> byType.merge(k, v, Integer::sum));
            o.byCategory.forEach((k, v) -> byCategory.merge(k, v, Integer::sum));
        }

        Column column(String id, String name) {
            Map<String, Integer> types = new LinkedHashMap<>();
            CONSULTER_LABELS.keySet().forEach(t -> types.put(t, byType.getOrDefault(t, 0)));
            Map<String, Integer> cats = new LinkedHashMap<>();
            categories.all().forEach(c -> cats.put(c.id(), byCategory.getOrDefault(c.id(), 0)));
            return new Column(id, name, cases, types, cats);
        }
    }

    /**
     * The report as a CSV file Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180
     * quoting, in the layout of a city's report (rows: consulter types, then categories; columns: the
     * desks, then the total). Cells that a spreadsheet would take for a formula are prefixed with an
     * apostrophe (category names are data).
     */
    byte[] csv(Report r) {
        List<Column> cols = new ArrayList<>(r.desks());
        if (r.total() != null) {
            cols.add(r.total());
        }
        StringBuilder out = new StringBuilder("\uFEFF");
        row(out, List.of("在宅医療・介護連携 相談窓口 月報", r.month().getYear() + "年" + r.month().getMonthValue() + "月"));
        List<String> head = new ArrayList<>(List.of("区分", "項目"));
        cols.forEach(c -> head.add(c.deskName()));
        row(out, head);
        List<String> cases = new ArrayList<>(List.of("相談件数", "計"));
        cols.forEach(c -> cases.add(Integer.toString(c.cases())));
        row(out, cases);
        CONSULTER_LABELS.forEach((type, label) -> {
            List<String> line = new ArrayList<>(List.of("相談者", label));
            cols.forEach(c -> line.add(Integer.toString(c.byConsulterType().getOrDefault(type, 0))));
            row(out, line);
        });
        for (DeskCategories.Category cat : categories.all()) {
            List<String> line = new ArrayList<>(List.of("相談内容", cat.name()));
            cols.forEach(c -> line.add(Integer.toString(c.byCategory().getOrDefault(cat.id(), 0))));
            row(out, line);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
