package jp.renkei.server.account;

import jp.renkei.policy.OrganizationKind;

/** An organisation of the care network: a clinic, station, pharmacy, office or hospital. */
public record Organization(String id, String name, OrganizationKind kind, String area) {
}
