package jp.renkei.policy;

/**
 * The person an action is aimed at (the invitee, the user being offboarded), when it matters.
 *
 * @param profession     their profession
 * @param organizationId their organisation, or {@code null}
 * @param namedInConsent whether the room's consent record names this person (SP-CON-02)
 */
public record Target(Profession profession, String organizationId, boolean namedInConsent) {

    /** A target of which only the profession is known. */
    public static Target of(Profession profession) {
        return profession == null ? null : new Target(profession, null, false);
    }
}
