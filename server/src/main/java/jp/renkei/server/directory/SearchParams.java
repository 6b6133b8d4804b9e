package jp.renkei.server.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jp.renkei.server.error.DomainException;

/** The query string of a directory search, checked: at most 20 known capabilities, short texts. */
final class SearchParams {

    static final int MAX_CAPABILITIES = 20;
    static final int MAX_TEXT = 50;

    private SearchParams() {
    }

    static DirectorySearch.Query of(List<String> capabilities, String municipality, String district, String accepting,
                                    String text, Set<String> vocabulary) {
        Set<String> caps = new LinkedHashSet<>();
        if (capabilities != null) {
            for (String c : capabilities) {
                for (String part : c.split(",")) {
                    if (!part.isBlank()) {
                        caps.add(part.strip());
                    }
                }
            }
        }
        if (caps.size() > MAX_CAPABILITIES) {
            throw DomainException.invalid("capability", "too_many");
        }
        if (!vocabulary.containsAll(caps)) {
            throw DomainException.invalid("capability", "unknown");
        }
        if (accepting != null && !accepting.equals("true") && !accepting.equals("false")) {
            throw DomainException.invalid("accepting", "bad_format");
        }
        return new DirectorySearch.Query(caps, text(municipality, "municipality"), text(district, "district"),
                "true".equals(accepting), text(text, "q"));
    }

    private static String text(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (s.length() > MAX_TEXT) {
            throw DomainException.invalid(field, "too_long");
        }
        return s.strip();
    }
}
