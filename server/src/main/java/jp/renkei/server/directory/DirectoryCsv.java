package jp.renkei.server.directory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.directory.ProviderEntry.Area;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Component;

/**
 * The directory as CSV: import of a city's resource list and export for Excel (docs/protocol.md, the
 * directory section, lists the columns).
 *
 * <p>Import is <b>all or nothing</b>: every row is checked first and, if any has an error, the answer lists
 * every error by line and column ({@code rows[<line>].<column>}) and nothing is stored. A row with an id
 * updates that entry (or creates it with that id); a row without one creates an entry. Entries linked to
 * an organisation are kept by its facility administrator: their rows must be unchanged (as exported),
 * otherwise the row is refused ({@code kept_by_facility}). Unchanged rows (same content and date) are
 * skipped, so an export imports back without new versions.
 *
 * <p>Export: UTF-8 with a byte-order mark and CRLF line ends (Excel opens it as UTF-8), every cell quoted;
 * a cell starting with {@code = + - @} gets a leading apostrophe so a spreadsheet never runs it as a
 * formula, and import removes that apostrophe again.
 */
@Component
class DirectoryCsv {

    /** The columns, in export order. Import requires {@code name}, {@code kind}, {@code areas}, {@code acceptance}. */
    static final List<String> COLUMNS = List.of("id", "name", "kind", "address", "areas", "hours", "phone", "fax",
            "direct_line", "capabilities", "acceptance", "acceptance_as_of", "public_fields", "note");
    static final Set<String> REQUIRED_COLUMNS = Set.of("name", "kind", "areas", "acceptance");
    /** Rows in one file (the HTTP body limit of 64 KiB allows a few hundred). */
    static final int MAX_ROWS = 1000;

    /** Japanese acceptance labels a city list uses. */
    static final Map<String, String> ACCEPTANCE_LABELS = Map.of("可", "accepting", "要相談", "consult", "不可", "not_accepting");
    /** Japanese kind labels a city list uses. */
    static final Map<String, String> KIND_LABELS = Map.ofEntries(
            Map.entry("診療所", "clinic"), Map.entry("有床診療所", "clinic_with_beds"), Map.entry("病院", "hospital"),
            Map.entry("歯科診療所", "dental_clinic"), Map.entry("訪問看護ステーション", "home_nursing_station"),
            Map.entry("薬局", "pharmacy"), Map.entry("居宅介護支援事業所", "care_management_office"),
            Map.entry("訪問介護事業所", "home_care_provider"), Map.entry("地域包括支援センター", "support_center"),
            Map.entry("行政", "municipality"), Map.entry("その他", "other"));

    /** One checked row. {@code id} null: a new entry. */
    record Row(int line, String id, ProfileInput input, Instant confirmedAt) {
    }

    private final DirectoryService service;

    DirectoryCsv(DirectoryService service) {
        this.service = service;
    }

    /** Checks every row and stores them all, or none (an error lists every bad row). */
    List<ProviderEntry> importCsv(UserAccount user, String text) {
        service.requireManage(user, "directory.import");
        List<List<String>> records = parse(text == null ? "" : text);
        if (records.isEmpty()) {
            throw DomainException.invalid("file", "empty");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<Violation> v = new ArrayList<>();
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (!COLUMNS.contains(header.get(i))) {
                v.add(new Violation("header." + header.get(i), "unknown_column"));
            } else if (col.put(header.get(i), i) != null) {
                v.add(new Violation("header." + header.get(i), "duplicate"));
            }
        }
        for (String r : REQUIRED_COLUMNS) {
            if (!col.containsKey(r)) {
                v.add(new Violation("header." + r, "required"));
            }
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        if (records.size() - 1 > MAX_ROWS) {
            throw DomainException.invalid("file", "too_many_rows");
        }
        Set<String> ids = new HashSet<>();
        Set<String> vocabulary = service.vocabularyIds();
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = records.get(r);
            int line = r + 1;
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            String prefix = "rows[" + line + "].";
            if (cells.size() != header.size()) {
                v.add(new Violation(prefix + "cells", "wrong_count"));
                continue;
            }
            Row row = row(line, prefix, cells, col, vocabulary, v);
            if (row == null) {
                continue;
            }
            if (row.id() != null && !ids.add(row.id())) {
                v.add(new Violation(prefix + "id", "duplicate"));
            }
            ProviderEntry existing = row.id() == null ? null : service.find(row.id()).orElse(null);
            boolean unchanged = existing != null && sameContent(existing, row.input()) && (row.confirmedAt() == null
                    || sameDay(existing.confirmedAt(), row.confirmedAt()));
            if (unchanged) {
                continue; // as exported: nothing to store, no new version
            }
            if (existing != null && existing.organizationId() != null) {
                v.add(new Violation(prefix + "id", "kept_by_facility"));
            }
            rows.add(row);
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        return service.storeImport(user, rows);
    }

    /** The whole directory as CSV bytes (BOM, CRLF), professional fields included. */
    byte[] exportCsv(UserAccount user) {
        List<ProviderEntry> all = service.all();
        service.auditExport(user, all.size());
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, COLUMNS);
        for (ProviderEntry e : all) {
            line(out, List.of(e.id(), e.name(), e.kind(), nz(e.address()), areas(e.areas()), nz(e.hours()), nz(e.phone()),
                    nz(e.fax()), nz(e.directLine()), String.join(";", e.capabilities()), e.acceptance(),
                    LocalDate.ofInstant(e.confirmedAt(), service.settings().zone()).toString(),
                    String.join(";", DirectoryRules.CONFIGURABLE.stream().filter(e.publicFields()::contains).toList()),
                    nz(e.note())));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Row row(int line, String prefix, List<String> cells, Map<String, Integer> col, Set<String> vocabulary,
                    List<Violation> v) {
        Map<String, String> c = new LinkedHashMap<>();
        for (String name : COLUMNS) {
            Integer i = col.get(name);
            c.put(name, i == null ? null : DirectoryRules.clean(unguard(cells.get(i))));
        }
        int before = v.size();
        String id = c.get("id");
        if (id != null && !DirectoryRules.ENTRY_ID.matcher(id).matches()) {
            v.add(new Violation(prefix + "id", "bad_format"));
        }
        String kind = c.get("kind") == null ? null : KIND_LABELS.getOrDefault(c.get("kind"), c.get("kind"));
        String acceptance = c.get("acceptance") == null ? null
                : ACCEPTANCE_LABELS.getOrDefault(c.get("acceptance"), c.get("acceptance"));
        List<Area> areas = new ArrayList<>();
        for (String a : split(c.get("areas"))) {
            int colon = a.indexOf(':');
            areas.add(colon < 0 ? new Area(a, null) : new Area(a.substring(0, colon).strip(), DirectoryRules.clean(a.substring(colon + 1))));
        }
        List<String> caps = new ArrayList<>();
        for (String cap : split(c.get("capabilities"))) {
            var found = service.vocabulary().byIdOrLabel(cap);
            if (found.isEmpty()) {
                v.add(new Violation(prefix + "capabilities", "unknown:" + cap));
            } else {
                caps.add(found.get().id());
            }
        }
        List<String> publicFields = c.get("public_fields") == null && col.containsKey("public_fields") ? List.of()
                : c.get("public_fields") == null ? null : split(c.get("public_fields"));
        Instant confirmedAt = null;
        if (c.get("acceptance_as_of") != null) {
            try {
                confirmedAt = LocalDate.parse(c.get("acceptance_as_of")).atStartOfDay(service.settings().zone()).toInstant();
                if (confirmedAt.isAfter(service.now())) {
                    v.add(new Violation(prefix + "acceptance_as_of", "in_future"));
                }
            } catch (DateTimeParseException e) {
                v.add(new Violation(prefix + "acceptance_as_of", "bad_format"));
            }
        }
        ProfileInput in = new ProfileInput(c.get("name"), kind, c.get("address"), areas, c.get("hours"), c.get("phone"),
                c.get("fax"), c.get("direct_line"), caps, acceptance, c.get("note"), publicFields, null);
        List<Violation> fields = new ArrayList<>();
        DirectoryRules.check(in, vocabulary, "", fields);
        for (Violation f : fields) {
            if (!(f.field().equals("capabilities") && v.stream().anyMatch(x -> x.field().equals(prefix + "capabilities")))) {
                v.add(new Violation(prefix + column(f.field()), f.problem()));
            }
        }
        return v.size() == before ? new Row(line, id, in, confirmedAt) : null;
    }

    /** The CSV column a profile field comes from. */
    private static String column(String field) {
        if (field.startsWith("areas")) {
            return "areas";
        }
        return switch (field) {
            case "directLine" -> "direct_line";
            case "publicFields" -> "public_fields";
            default -> field;
        };
    }

    private boolean sameDay(Instant a, Instant b) {
        return LocalDate.ofInstant(a, service.settings().zone()).equals(LocalDate.ofInstant(b, service.settings().zone()));
    }

    private static boolean sameContent(ProviderEntry e, ProfileInput in) {
        ProviderEntry other = DirectoryService.build(e.id(), e.organizationId(), in, e.confirmedAt(), e.version(), e.updatedBy());
        return Objects.equals(e.name(), other.name()) && Objects.equals(e.kind(), other.kind())
                && Objects.equals(e.address(), other.address()) && e.areas().equals(other.areas())
                && Objects.equals(e.hours(), other.hours()) && Objects.equals(e.phone(), other.phone())
                && Objects.equals(e.fax(), other.fax()) && Objects.equals(e.directLine(), other.directLine())
                && new HashSet<>(e.capabilities()).equals(new HashSet<>(other.capabilities()))
                && Objects.equals(e.acceptance(), other.acceptance()) && Objects.equals(e.note(), other.note())
                && e.publicFields().equals(other.publicFields());
    }

    private static List<String> split(String s) {
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split("[;；]")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static String areas(List<Area> areas) {
        List<String> out = new ArrayList<>();
        for (Area a : areas) {
            out.add(a.district() == null ? a.municipality() : a.municipality() + ":" + a.district());
        }
        return String.join(";", out);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String c = cells.get(i);
            if (!c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0) {
                c = "'" + c;
            }
            out.append('"').append(c.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }

    /** Removes the apostrophe export puts before a cell starting with = + - @. */
    private static String unguard(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }

    /** RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks; CRLF or LF; BOM dropped. */
    static List<List<String>> parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    record.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // CRLF: the LF ends the record.
                }
                case '\n' -> {
                    record.add(cell.toString());
                    records.add(record);
                    record = new ArrayList<>();
                    cell.setLength(0);
                    any = false;
                }
                default -> {
                    cell.append(ch);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw DomainException.invalid("file", "unclosed_quote");
        }
        if (any || cell.length() > 0) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
