package jp.renkei.server.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jp.renkei.protocol.Violation;
import jp.renkei.server.directory.ProviderEntry.Area;

/**
 * The directory's vocabulary of kinds, acceptance states and fields, its input limits, and freshness.
 * Every check here runs before anything is stored; a violation names the field and the problem.
 */
final class DirectoryRules {

    /** Kinds of provider (wire values; labels in the web client). */
    static final List<String> KINDS = List.of("clinic", "clinic_with_beds", "hospital", "dental_clinic",
            "home_nursing_station", "pharmacy", "care_management_office", "home_care_provider", "support_center",
            "municipality", "other");

    /** 新規受け入れ: 可 / 要相談 / 不可. */
    static final List<String> ACCEPTANCE = List.of("accepting", "consult", "not_accepting");

    /** Fields always on the public page. */
    static final Set<String> ALWAYS_PUBLIC = Set.of("id", "name", "kind", "areas", "confirmedAt", "ageDays", "stale");

    /** Fields each entry may mark public or professional-only. */
    static final List<String> CONFIGURABLE = List.of("address", "hours", "phone", "fax", "capabilities", "acceptance");

    /** What a new entry shows publicly until its administrator chooses. */
    static final Set<String> DEFAULT_PUBLIC = Set.of("address", "hours", "phone", "capabilities");

    /** Limits (characters unless said otherwise). */
    static final int MAX_NAME = 100;
    static final int MAX_ADDRESS = 200;
    static final int MAX_HOURS = 200;
    static final int MAX_PHONE = 20;
    static final int MAX_NOTE = 1000;
    static final int MAX_AREAS = 20;
    static final int MAX_AREA_NAME = 50;
    static final int MAX_CAPABILITIES = 50;
    /** Entries in the directory (a city has several hundred providers). */
    static final int MAX_ENTRIES = 5000;

    private static final Pattern PHONE = Pattern.compile("[0-9+()\\- ]{0,20}");
    static final Pattern ENTRY_ID = Pattern.compile("p-[A-Za-z0-9-]{4,40}");

    private DirectoryRules() {
    }

    /**
     * Checks a profile's fields, adding violations to {@code v} (field names prefixed by {@code prefix}).
     *
     * @param capabilityIds the vocabulary's ids
     */
    static void check(ProfileInput in, Set<String> capabilityIds, String prefix, List<Violation> v) {
        required(in.name(), MAX_NAME, prefix + "name", v);
        if (in.kind() == null || !KINDS.contains(in.kind())) {
            v.add(new Violation(prefix + "kind", "unknown"));
        }
        optional(in.address(), MAX_ADDRESS, prefix + "address", v);
        optional(in.hours(), MAX_HOURS, prefix + "hours", v);
        phone(in.phone(), prefix + "phone", v);
        phone(in.fax(), prefix + "fax", v);
        phone(in.directLine(), prefix + "directLine", v);
        optional(in.note(), MAX_NOTE, prefix + "note", v);
        List<Area> areas = in.areas() == null ? List.of() : in.areas();
        if (areas.isEmpty()) {
            v.add(new Violation(prefix + "areas", "required"));
        } else if (areas.size() > MAX_AREAS) {
            v.add(new Violation(prefix + "areas", "too_many"));
        }
        for (int i = 0; i < Math.min(areas.size(), MAX_AREAS); i++) {
            Area a = areas.get(i);
            if (a == null) {
                v.add(new Violation(prefix + "areas[" + i + "]", "required"));
                continue;
            }
            required(a.municipality(), MAX_AREA_NAME, prefix + "areas[" + i + "].municipality", v);
            optional(a.district(), MAX_AREA_NAME, prefix + "areas[" + i + "].district", v);
        }
        List<String> caps = in.capabilities() == null ? List.of() : in.capabilities();
        if (caps.size() > MAX_CAPABILITIES) {
            v.add(new Violation(prefix + "capabilities", "too_many"));
        }
        for (String c : caps) {
            if (c == null || !capabilityIds.contains(c)) {
                v.add(new Violation(prefix + "capabilities", "unknown"));
                break;
            }
        }
        if (in.acceptance() == null || !ACCEPTANCE.contains(in.acceptance())) {
            v.add(new Violation(prefix + "acceptance", "unknown"));
        }
        for (String f : in.publicFields() == null ? List.<String>of() : in.publicFields()) {
            if (f == null || !CONFIGURABLE.contains(f)) {
                v.add(new Violation(prefix + "publicFields", "unknown"));
                break;
            }
        }
    }

    /**
     * A phone or FAX number as lists write it, made plain: full-width digits and brackets to ASCII (NFKC),
     * the dashes Japanese lists use (ー − ‐ – —) to {@code -}; then {@link #clean}.
     */
    static String phoneNumber(String s) {
        if (s == null) {
            return null;
        }
        String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC);
        return clean(n.replaceAll("[\u2010-\u2015\u2212\u30FC\uFF0D]", "-"));
    }

    /** Whitespace-trimmed, empty → {@code null}. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static List<Area> cleanAreas(List<Area> areas) {
        List<Area> out = new ArrayList<>();
        for (Area a : areas) {
            Area c = new Area(clean(a.municipality()), clean(a.district()));
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static List<String> distinct(List<String> values) {
        return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values));
    }

    /** Whole Japan calendar days from {@code confirmedAt} to {@code now} (0 = today). */
    static long ageDays(Instant confirmedAt, Instant now, ZoneId zone) {
        LocalDate then = LocalDate.ofInstant(confirmedAt, zone);
        LocalDate today = LocalDate.ofInstant(now, zone);
        return Math.max(0, ChronoUnit.DAYS.between(then, today));
    }

    /** Whether an entry confirmed at {@code confirmedAt} is stale at {@code now}. */
    static boolean stale(Instant confirmedAt, Instant now, ZoneId zone, int staleAfterDays) {
        return ageDays(confirmedAt, now, zone) > staleAfterDays;
    }

    private static void required(String s, int max, String field, List<Violation> v) {
        if (s == null || s.isBlank()) {
            v.add(new Violation(field, "required"));
        } else {
            optional(s, max, field, v);
        }
    }

    private static void optional(String s, int max, String field, List<Violation> v) {
        if (s != null && s.codePointCount(0, s.length()) > max) {
            v.add(new Violation(field, "too_long"));
        } else if (s != null && s.chars().anyMatch(ch -> ch < 0x20 && ch != '\n')) {
            v.add(new Violation(field, "control_characters"));
        }
    }

    private static void phone(String s, String field, List<Violation> v) {
        String n = phoneNumber(s);
        if (n != null && !PHONE.matcher(n).matches()) {
            v.add(new Violation(field, "bad_format"));
        }
    }
}
