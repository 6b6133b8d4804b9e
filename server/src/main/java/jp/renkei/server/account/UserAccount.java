package jp.renkei.server.account;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.policy.Subject;
import jp.renkei.protocol.ServerMessages;

/**
 * One person's account (SP-AUTH-01: one person, one account), bound to an organisation and a
 * profession. Family members have no organisation.
 */
public record UserAccount(String id, String loginId, String name, Profession profession, String organizationId,
                          String organizationName, OrganizationKind organizationKind, String passwordHash, boolean active) {

    /** The account as the access policy sees it. */
    public Subject subject() {
        return new Subject(id, profession, organizationId, organizationKind, active);
    }

    /** The account as other members see it. */
    public ServerMessages.Person person() {
        return new ServerMessages.Person(id, name, profession.wire(), organizationId, organizationName);
    }
}
