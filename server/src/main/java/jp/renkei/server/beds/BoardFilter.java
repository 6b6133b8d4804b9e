package jp.renkei.server.beds;

import java.util.List;
import java.util.Set;

import jp.renkei.server.error.DomainException;

/** A board filter: area, bed type and capabilities the notice must all accept; {@code null} = any. */
record BoardFilter(String area, String bedType, List<String> accepts) {

    static final BoardFilter ANY = new BoardFilter(null, null, List.of());

    /** Parses query parameters or STOMP headers; unknown values are refused, not ignored. */
    static BoardFilter of(String area, String bedType, String accepts) {
        if (area != null && (area.isBlank() || area.length() > 40)) {
            throw DomainException.invalid("area", "bad_format");
        }
        if (bedType != null && !BedValidation.BED_TYPES.contains(bedType)) {
            throw DomainException.invalid("bedType", "not_allowed");
        }
        List<String> caps = accepts == null || accepts.isBlank() ? List.of() : List.of(accepts.split(","));
        if (!BedValidation.CAPABILITIES.containsAll(caps) || Set.copyOf(caps).size() != caps.size()) {
            throw DomainException.invalid("accepts", "not_allowed");
        }
        return new BoardFilter(area == null || area.isBlank() ? null : area, bedType, caps);
    }

    boolean matches(BedNotice n) {
        return (area == null || area.equals(n.area())) && (bedType == null || bedType.equals(n.bedType()))
                && n.accepts().containsAll(accepts);
    }
}
