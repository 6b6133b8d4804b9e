package jp.renkei.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The access policy: deny by default, allow only what a rule of the policy file allows.
 *
 * <p>The rules are data ({@link PolicyFile}: the built-in {@value #BUILT_IN} unless the operator supplies
 * another file), each citing the controls it implements; this class is the compiled evaluator. A request's
 * facts become one {@code long} and each rule is two mask tests, so the server asks the policy on every
 * path (HTTP, STOMP SUBSCRIBE and SEND, the delivery of each event) at a cost of nanoseconds.
 * The policy is pure: it reads only its arguments.
 */
public final class AccessPolicy {

    /** The classpath resource of the built-in policy file. */
    public static final String BUILT_IN = "/jp/renkei/policy/access-policy.rules";

    private static final PolicyFile BUILT_IN_FILE = load();

    private final PolicyFile file;
    private final PolicyRule[][] rulesByAction;

    /** The built-in policy. */
    public AccessPolicy() {
        this(BUILT_IN_FILE);
    }

    /** The policy of {@code file}. */
    public AccessPolicy(PolicyFile file) {
        this.file = Objects.requireNonNull(file, "file");
        Map<Action, PolicyRule[]> byAction = file.rulesByAction();
        this.rulesByAction = new PolicyRule[Action.values().length][];
        byAction.forEach((a, rules) -> rulesByAction[a.ordinal()] = rules);
    }

    /** Reads a policy file; see {@link PolicyFile} for the format. */
    public static AccessPolicy from(Reader text, String source) {
        return new AccessPolicy(PolicyFile.parse(text, source));
    }

    /** The policy file this policy evaluates. */
    public PolicyFile file() {
        return file;
    }

    /**
     * May {@code subject} do {@code action} in {@code room}?
     *
     * @param room the room as seen by the subject, or {@code null} for creation actions or a room that
     *             does not exist
     */
    public Decision decide(Subject subject, Action action, RoomFacts room) {
        return decide(subject, action, room, null, (Target) null);
    }

    /**
     * As {@link #decide(Subject, Action, RoomFacts, String, Target)} with only the target's profession.
     */
    public Decision decide(Subject subject, Action action, RoomFacts room, String resourceOwnerId,
                           Profession target) {
        return decide(subject, action, room, resourceOwnerId, Target.of(target));
    }

    /**
     * May {@code subject} do {@code action}, with the extra facts some actions need?
     *
     * @param subject         the user asking
     * @param action          the action
     * @param room            the room as seen by the subject, or {@code null} for creation actions or a
     *                        room that does not exist
     * @param resourceOwnerId whose the resource is: for {@link Action#EDIT_NOTE} the note's author, for
     *                        {@link Action#REMOVE_MEMBER} the member being removed; or {@code null}
     * @param target          for {@link Action#INVITE_MEMBER} the invitee; or {@code null}
     */
    public Decision decide(Subject subject, Action action, RoomFacts room, String resourceOwnerId, Target target) {
        long facts = facts(subject, room, resourceOwnerId, target);
        for (PolicyRule rule : rulesByAction[action.ordinal()]) {
            if (rule.matches(facts)) {
                return rule.decision();
            }
        }
        return Decision.NO_RULE;
    }

    /**
     * May {@code subject} manage (or offboard) an account of organisation {@code targetOrganizationId}?
     * Shorthand for {@link #decide(Subject, Action, RoomFacts, String, Target)} with that organisation as
     * target; {@code null} for none.
     */
    public Decision decideStaff(Subject subject, Action action, String targetOrganizationId) {
        return decide(subject, action, null, null, Target.organization(targetOrganizationId));
    }

    /**
     * May {@code subject} do a bed-board action on a notice of {@code clinicOrganizationId} and an inquiry
     * of {@code inquirerOrganizationId} (either {@code null} when there is none)?
     */
    public Decision decideBeds(Subject subject, Action action, String clinicOrganizationId,
                               String inquirerOrganizationId) {
        return decide(subject, action, null, null, Target.parties(clinicOrganizationId, inquirerOrganizationId));
    }

    /**
     * May {@code subject} do a handoff action on a sheet sent by {@code senderOrganizationId} to
     * {@code receiverOrganizationId}?
     *
     * @param room                 the patient's room as the subject sees it, or {@code null} when the sheet
     *                             has no room yet (a discharge to a home team without one)
     * @param recordedConsent      for a sheet without a room: whether its sender recorded the patient's
     *                             consent to share it with the receiver (SP-CON-01, SP-CON-03); ignored when
     *                             there is a room, whose consent in force decides
     */
    public Decision decideHandoff(Subject subject, Action action, RoomFacts room, boolean recordedConsent,
                                  String senderOrganizationId, String receiverOrganizationId) {
        long facts = facts(subject, room, null, Target.parties(senderOrganizationId, receiverOrganizationId));
        if (room == null && recordedConsent) {
            facts |= Fact.CONSENT.mask();
        }
        for (PolicyRule rule : rulesByAction[action.ordinal()]) {
            if (rule.matches(facts)) {
                return rule.decision();
            }
        }
        return Decision.NO_RULE;
    }

    /**
     * May {@code subject} do a consultation-desk action on the desk {@code deskOrganizationId} (the
     * organisation that runs the desk; {@code null} for actions on no desk: the city's report, categories,
     * the retention purge)?
     */
    public Decision decideDesk(Subject subject, Action action, String deskOrganizationId) {
        return decide(subject, action, null, null, Target.organization(deskOrganizationId));
    }

    static long facts(Subject subject, RoomFacts room, String resourceOwnerId, Target target) {
        long f = Fact.professionMask(subject.profession());
        if (subject.organizationKind() != null) {
            f |= Fact.organizationMask(subject.organizationKind());
        }
        if (subject.active()) {
            f |= Fact.ACTIVE.mask();
        }
        if (subject.twoFactor()) {
            f |= Fact.TWO_FACTOR.mask();
        }
        if (subject.profession().isCareStaff()) {
            f |= Fact.CARE_STAFF.mask();
        }
        if (room != null) {
            f |= Fact.ROOM.mask();
            if (room.isMember()) {
                f |= Fact.MEMBER.mask();
                if (room.memberRole() == MemberRole.HOST) {
                    f |= Fact.HOST.mask();
                }
            }
            if (room.kind() == RoomKind.PATIENT) {
                f |= Fact.PATIENT_ROOM.mask();
            }
            if (room.archived()) {
                f |= Fact.ARCHIVED.mask();
            }
            if (room.closed()) {
                f |= Fact.CLOSED.mask();
            }
            if (room.purged()) {
                f |= Fact.PURGED.mask();
            }
            if (room.familyAccessEnded()) {
                f |= Fact.FAMILY_ACCESS_ENDED.mask();
            }
            if (room.consent()) {
                f |= Fact.CONSENT.mask();
            }
            if (room.emergency()) {
                f |= Fact.EMERGENCY.mask();
            }
        }
        if (resourceOwnerId != null && resourceOwnerId.equals(subject.userId())) {
            f |= Fact.SELF.mask();
        }
        if (target != null) {
            if (target.profession() != null && target.profession().isCareStaff()) {
                f |= Fact.TARGET_CARE_STAFF.mask();
            }
            if (target.profession() == Profession.FAMILY) {
                f |= Fact.TARGET_FAMILY.mask();
            }
            if (target.namedInConsent()) {
                f |= Fact.TARGET_NAMED_IN_CONSENT.mask();
            }
            if (target.withinConsentScope()) {
                f |= Fact.TARGET_WITHIN_CONSENT_SCOPE.mask();
            }
            if (target.organizationId() != null && target.organizationId().equals(subject.organizationId())) {
                f |= Fact.TARGET_SAME_ORGANIZATION.mask();
            }
            if (target.partyOrganizationId() != null && target.partyOrganizationId().equals(subject.organizationId())) {
                f |= Fact.TARGET_PARTY_ORGANIZATION.mask();
            }
        }
        return f;
    }

    private static PolicyFile load() {
        InputStream in = AccessPolicy.class.getResourceAsStream(BUILT_IN);
        if (in == null) {
            throw new IllegalStateException("built-in policy " + BUILT_IN + " is missing from the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return PolicyFile.parse(reader, "classpath:" + BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
