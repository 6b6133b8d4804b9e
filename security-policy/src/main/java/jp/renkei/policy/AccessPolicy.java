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
            case PUBLISH_BED_NOTICE, MANAGE_BED_NOTICE, VIEW_BED_BOARD, SEND_BED_INQUIRY, ANSWER_BED_INQUIRY,
                 HOLD_BED, RELEASE_BED_HOLD, VIEW_BED_INQUIRY, VIEW_BED_METRICS:
                return decideBeds(subject, action, resourceOwnerId, null);
            default:
                return decideInRoom(subject, action, room, resourceOwnerId, target);
        }
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

    // ====================================================================================================
    // Vacant-bed notices (空床情報, issue 5). One block so that it can be ported into the data-driven
    // policy as a unit. Notices carry facility-level data only (SP-CON-03); who may act follows the
    // organisation kind and profession (SP-AUTHZ-01) and, for a given notice or inquiry, the organisation
    // that owns it (SP-AUTHZ-02).
    // ====================================================================================================

    /**
     * May {@code subject} do a bed-board action?
     *
     * @param subject                 the user asking
     * @param action                  one of the bed actions ({@link Action#PUBLISH_BED_NOTICE} …
     *                                {@link Action#VIEW_BED_METRICS})
     * @param clinicOrganizationId    the organisation that published the notice concerned, or {@code null}
     *                                (publishing, the board, metrics)
     * @param inquirerOrganizationId  the office that sent the inquiry concerned, or {@code null}
     */
    public Decision decideBeds(Subject subject, Action action, String clinicOrganizationId,
                               String inquirerOrganizationId) {
        if (!subject.active()) {
            return Decision.of(Reason.ACCOUNT_INACTIVE);
        }
        boolean clinicStaff = isBedClinicStaff(subject);
        boolean office = isDischargeOffice(subject);
        String org = subject.organizationId();
        boolean ownsNotice = clinicStaff && org != null && org.equals(clinicOrganizationId);
        boolean inquirer = office && org != null && org.equals(inquirerOrganizationId);
        switch (action) {
            case PUBLISH_BED_NOTICE:
                return Decision.of(clinicStaff ? Reason.BED_CLINIC_STAFF : Reason.NOT_BED_CLINIC);
            case MANAGE_BED_NOTICE:
            case ANSWER_BED_INQUIRY:
                if (!clinicStaff) {
                    return Decision.of(Reason.NOT_BED_CLINIC);
                }
                return Decision.of(ownsNotice ? Reason.BED_NOTICE_OWNER : Reason.NOT_NOTICE_OWNER);
            case VIEW_BED_BOARD:
                // Clinics see the board too, to check how their notice reads; notices hold no patient data.
                if (office) {
                    return Decision.of(Reason.DISCHARGE_OFFICE);
                }
                return Decision.of(clinicStaff ? Reason.BED_CLINIC_STAFF : Reason.NOT_DISCHARGE_OFFICE);
            case SEND_BED_INQUIRY:
                return Decision.of(office ? Reason.DISCHARGE_OFFICE : Reason.NOT_DISCHARGE_OFFICE);
            case HOLD_BED:
                if (!office) {
                    return Decision.of(Reason.NOT_DISCHARGE_OFFICE);
                }
                return Decision.of(inquirer ? Reason.INQUIRY_PARTY : Reason.NOT_INQUIRY_PARTY);
            case RELEASE_BED_HOLD:
            case VIEW_BED_INQUIRY:
                return Decision.of(ownsNotice || inquirer ? Reason.INQUIRY_PARTY : Reason.NOT_INQUIRY_PARTY);
            case VIEW_BED_METRICS:
                if (office) {
                    return Decision.of(Reason.DISCHARGE_OFFICE);
                }
                if (clinicStaff) {
                    return Decision.of(Reason.BED_CLINIC_STAFF);
                }
                return Decision.of(subject.profession() == Profession.MUNICIPAL_STAFF
                        && subject.organizationKind() == OrganizationKind.MUNICIPALITY
                        ? Reason.REGION_SECRETARIAT : Reason.NOT_DISCHARGE_OFFICE);
            default:
                return Decision.of(Reason.NO_RULE);
        }
    }

    /** Bed managers of a 有床診療所: its doctors, nurses and social workers. */
    private static boolean isBedClinicStaff(Subject s) {
        return s.organizationKind() == OrganizationKind.CLINIC_WITH_BEDS && switch (s.profession()) {
            case PHYSICIAN, NURSE, SOCIAL_WORKER -> true;
            default -> false;
        };
    }

    /** A hospital's 地域連携室: MSWs and discharge-coordination nurses (not its doctors or clerks). */
    private static boolean isDischargeOffice(Subject s) {
        return s.organizationKind() == OrganizationKind.HOSPITAL && switch (s.profession()) {
            case SOCIAL_WORKER, NURSE -> true;
            default -> false;
        };
    }
}
