package jp.renkei.policy;

/**
 * The person or organisation an action is aimed at (the invitee, the user being offboarded, the
 * organisation whose audit trail is reviewed), when it matters.
 *
 * @param profession     their profession, or {@code null} when the target is an organisation
 * @param organizationId their organisation, or {@code null}
 * @param namedInConsent whether the room's consent record names this person (SP-CON-02)
 * @param withinConsentScope whether their profession is within the scope of the room's consent: listed,
 *                           or the consent lists no profession, or no consent is in force (SP-CON-01)
 */
public record Target(Profession profession, String organizationId, boolean namedInConsent,
                     String partyOrganizationId, boolean withinConsentScope) {

    /** A target within any consent's scope (the scope matters only for invitations). */
    public Target(Profession profession, String organizationId, boolean namedInConsent, String partyOrganizationId) {
        this(profession, organizationId, namedInConsent, partyOrganizationId, true);
    }

    /** A target without a second party, within any consent's scope. */
    public Target(Profession profession, String organizationId, boolean namedInConsent) {
        this(profession, organizationId, namedInConsent, null, true);
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
