package jp.renkei.policy;

import java.util.Objects;

/**
 * Who is asking.
 *
 * @param userId         the user
 * @param profession     their profession
 * @param organizationId their organisation, or {@code null} for family members
 * @param active         {@code false} once the account is disabled (offboarded, suspended)
 */
public record Subject(String userId, Profession profession, String organizationId, boolean active) {
    public Subject {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(profession, "profession");
    }
}
