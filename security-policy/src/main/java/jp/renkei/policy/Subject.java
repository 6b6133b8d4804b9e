package jp.renkei.policy;

import java.util.Objects;

/**
 * Who is asking.
 *
 * @param userId           the user
 * @param profession       their profession
 * @param organizationId   their organisation, or {@code null} for family members
 * @param organizationKind the kind of their organisation, or {@code null} for family members
 * @param active           {@code false} once the account is disabled (offboarded, suspended)
 */
public record Subject(String userId, Profession profession, String organizationId,
                      OrganizationKind organizationKind, boolean active) {
    public Subject {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(profession, "profession");
    }

    /** A subject whose organisation kind does not matter to the decision. */
    public Subject(String userId, Profession profession, String organizationId, boolean active) {
        this(userId, profession, organizationId, null, active);
    }
}
