package jp.renkei.policy;

/**
 * The access policy for rooms: deny by default, allow only what a rule allows.
 *
 * <p>Each rule cites the control it implements (see {@link Reason#control()}). The policy is pure:
 * it reads only its arguments, so the server can ask it on every path (HTTP, STOMP SUBSCRIBE and
 * SEND, and at the delivery of each event) at the cost of a few comparisons.
 */
public final class AccessPolicy {

    /**
     * May {@code subject} do {@code action} in {@code room}?
     *
     * @param subject the user asking
     * @param action  a room action (not a creation action)
     * @param room    the room as seen by the subject, or {@code null} if it does not exist
     */
    public Decision decide(Subject subject, Action action, RoomFacts room) {
        return decide(subject, action, room, null, null);
    }

    /**
     * May {@code subject} do {@code action}, with the extra facts some actions need?
     *
     * @param subject         the user asking
     * @param action          the action
     * @param room            the room as seen by the subject, or {@code null} for creation actions
     *                        or a room that does not exist
     * @param resourceOwnerId for {@link Action#EDIT_NOTE}: the note's author; for
     *                        {@link Action#REMOVE_MEMBER}: the member being removed
     * @param target          for {@link Action#INVITE_MEMBER}: the invitee's profession
     */
    public Decision decide(Subject subject, Action action, RoomFacts room, String resourceOwnerId,
                           Profession target) {
        if (!subject.active()) {
            return Decision.of(Reason.ACCOUNT_INACTIVE);
        }
        switch (action) {
            case CREATE_PATIENT_ROOM:
                // Patient rooms are opened by the professionals who coordinate the patient's care
                // (大正あんしんネット: the care manager or the visiting nurse; doctors and MSWs also host).
                return Decision.of(canHostPatientRoom(subject.profession())
                        ? Reason.PROFESSION_MAY_CREATE : Reason.PROFESSION_NOT_ALLOWED);
            case CREATE_NETWORK_ROOM:
                return Decision.of(subject.profession().isCareStaff()
                        ? Reason.PROFESSION_MAY_CREATE : Reason.PROFESSION_NOT_ALLOWED);
            case MANAGE_STAFF:
            case OFFBOARD_USER:
                // Without the target's organisation nothing can be allowed: see decideStaff.
                return decideStaff(subject, action, null);
            default:
                return decideInRoom(subject, action, room, resourceOwnerId, target);
        }
    }

    // ------------------------------------------------------------------ staff administration (issue 3)

    /**
     * May {@code subject} manage (or offboard) an account of organisation {@code targetOrganizationId}?
     * Facility admins register and remove their own staff (SP-AUTHZ-05; はち丸, 福岡市ケアノート);
     * no one manages accounts of another organisation, and family accounts (no organisation) are not
     * staff.
     *
     * @param action               {@link Action#MANAGE_STAFF} or {@link Action#OFFBOARD_USER}
     * @param targetOrganizationId the target account's organisation; for listing or registering, the
     *                             organisation asked about; {@code null} if none
     */
    public Decision decideStaff(Subject subject, Action action, String targetOrganizationId) {
        if (!subject.active()) {
            return Decision.of(Reason.ACCOUNT_INACTIVE);
        }
        if (action != Action.MANAGE_STAFF && action != Action.OFFBOARD_USER) {
            return Decision.of(Reason.NO_RULE);
        }
        if (targetOrganizationId == null || !targetOrganizationId.equals(subject.organizationId())) {
            return Decision.of(Reason.OTHER_ORGANIZATION);
        }
        return Decision.of(subject.profession() == Profession.FACILITY_ADMIN
                ? Reason.STAFF_ADMIN : Reason.PROFESSION_NOT_ALLOWED);
    }

    private static Decision decideInRoom(Subject subject, Action action, RoomFacts room, String ownerId,
                                         Profession target) {
        if (room == null || !room.isMember()) {
            return Decision.of(Reason.NOT_A_MEMBER);
        }
        // The staff timeline is not the family's channel (SP-AUTHZ-03); family access comes through
        // the family view only.
        if (subject.profession() == Profession.FAMILY) {
            return Decision.of(Reason.FAMILY_STAFF_CHANNEL);
        }
        if (!subject.profession().isCareStaff()) {
            return Decision.of(Reason.PROFESSION_NOT_ALLOWED);
        }
        boolean host = room.memberRole() == MemberRole.HOST;
        switch (action) {
            case READ_TIMELINE:
            case RECEIVE_EVENT:
            case VIEW_MEMBERS:
                return Decision.of(Reason.MEMBER);
            case MARK_READ:
                // Reading an archive still moves one's own read marker; it changes no room content.
                return Decision.of(Reason.MEMBER);
            case REMOVE_MEMBER:
                // Allowed in archives too: taking access away must always be possible (need-to-know,
                // leavers SP-AUTHZ-05, access review SP-AUTHZ-06).
                if (!host) {
                    return Decision.of(Reason.NOT_HOST);
                }
                return Decision.of(subject.userId().equals(ownerId) ? Reason.HOST_CANNOT_LEAVE : Reason.ROOM_HOST);
            case LEAVE_ROOM:
                return Decision.of(host ? Reason.HOST_CANNOT_LEAVE : Reason.MEMBER);
            default:
                break;
        }
        if (room.archived()) {
            return Decision.of(Reason.ROOM_ARCHIVED);
        }
        switch (action) {
            case POST_NOTE:
            case ACK_NOTE:
                return Decision.of(Reason.MEMBER);
            case EDIT_NOTE:
                return Decision.of(subject.userId().equals(ownerId) ? Reason.AUTHOR_EDIT : Reason.NOT_AUTHOR);
            case INVITE_MEMBER:
                if (!host) {
                    return Decision.of(Reason.NOT_HOST);
                }
                if (target == Profession.FAMILY) {
                    return Decision.of(Reason.FAMILY_STAFF_CHANNEL);
                }
                return Decision.of(target != null && target.isCareStaff()
                        ? Reason.ROOM_HOST : Reason.PROFESSION_NOT_ALLOWED);
            default:
                return Decision.of(Reason.NO_RULE);
        }
    }

    private static boolean canHostPatientRoom(Profession p) {
        return switch (p) {
            case PHYSICIAN, NURSE, CARE_MANAGER, SOCIAL_WORKER -> true;
            default -> false;
        };
    }
}
