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
 * @param twoFactor        whether this session was authenticated with two factors (SP-AUTH-01)
 */
public record Subject(String userId, Profession profession, String organizationId,
                      OrganizationKind organizationKind, boolean active, boolean twoFactor) {
    public Subject {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(profession, "profession");
    }

    /** A subject of a session that completed both factors. */
    public Subject(String userId, Profession profession, String organizationId,
                   OrganizationKind organizationKind, boolean active) {
        this(userId, profession, organizationId, organizationKind, active, true);
    }

    /** A subject of a session that completed both factors, whose organisation kind does not matter. */
    public Subject(String userId, Profession profession, String organizationId, boolean active) {
        this(userId, profession, organizationId, null, active, true);
    }
}
