package jp.renkei.policy;

/**
 * The person or organisation an action is aimed at (the invitee, the user being offboarded, the
 * organisation whose audit trail is reviewed), when it matters.
 *
 * @param profession     their profession, or {@code null} when the target is an organisation
 * @param organizationId their organisation, or {@code null}
 * @param namedInConsent whether the room's consent record names this person (SP-CON-02)
 */
public record Target(Profession profession, String organizationId, boolean namedInConsent,
                     String partyOrganizationId) {

    /** A target without a second party. */
    public Target(Profession profession, String organizationId, boolean namedInConsent) {
        this(profession, organizationId, namedInConsent, null);
    }

    /**
     * A resource of two organisations: {@code ownerOrganizationId} (a notice's clinic) and
     * {@code partyOrganizationId} (an inquiry's office); either may be {@code null}.
     */
    public static Target parties(String ownerOrganizationId, String partyOrganizationId) {
        return new Target(null, ownerOrganizationId, false, partyOrganizationId);
    }

    /** A target of which only the profession is known. */
    public static Target of(Profession profession) {
        return profession == null ? null : new Target(profession, null, false);
    }

    /** The staff of organisation {@code organizationId} as a whole. */
    public static Target organization(String organizationId) {
        return new Target(null, organizationId, false);
    }
}
