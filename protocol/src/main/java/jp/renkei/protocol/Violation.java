package jp.renkei.protocol;

/**
 * One problem with one field of a request, as reported in an {@link ErrorCode#INVALID_FIELD} error.
 *
 * @param field   a JSON path such as {@code note.visit.vitals.pulse}
 * @param problem a stable problem code: {@code required}, {@code too_long}, {@code out_of_range},
 *                {@code not_allowed}, {@code bad_format}, {@code bad_type} (wrong JSON type),
 *                {@code unknown_value}, {@code too_many}, {@code duplicate}, {@code not_a_member}
 */
public record Violation(String field, String problem) {
}
