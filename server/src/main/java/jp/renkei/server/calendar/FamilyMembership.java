package jp.renkei.server.calendar;

import jp.renkei.policy.MemberRole;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.MemberJoined;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.timeline.RoomLogs;
import jp.renkei.server.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * STOPGAP until consent-gated family invites exist (SP-CON-02; the policy still refuses inviting
 * family through the normal invite). Adds a family account to a room as a member, through the room's
 * log, for demo data and tests only: no HTTP or STOMP path calls it.
 */
@Component
public class FamilyMembership {

    private final RoomLogs logs;
    private final RoomRepository rooms;

    FamilyMembership(RoomLogs logs, RoomRepository rooms) {
        this.logs = logs;
        this.rooms = rooms;
    }

    /** Adds {@code family} to the room on behalf of its host, as if a consented invite had happened. */
    public void addFamilyMemberWithoutConsentFlow(UserAccount host, String roomId, UserAccount family) {
        if (family.profession() != Profession.FAMILY) {
            throw new IllegalArgumentException("not a family account");
        }
        logs.exclusive(roomId, () -> {
            Room room = rooms.find(roomId).orElseThrow(() -> new ApiException(ErrorCode.ROOM_NOT_FOUND));
            if (!host.id().equals(room.hostUserId())) {
                throw new IllegalArgumentException("only the host adds family members");
            }
            if (room.member(family.id()) != null) {
                return null;
            }
            return logs.append(roomId, EventKind.MEMBER_INVITED, host.person(),
                    new MemberJoined(family.person(), MemberRole.MEMBER.wire()), null);
        });
    }
}
