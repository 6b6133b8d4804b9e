package jp.renkei.server.room;

import java.util.List;
import java.util.Map;

import jp.renkei.protocol.Resources.ClosureView;
import jp.renkei.protocol.Resources.MemberView;
import jp.renkei.protocol.Resources.RoomDetail;
import jp.renkei.protocol.Resources.RoomSummary;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.protocol.Timestamps;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import org.springframework.stereotype.Component;

/** Maps rooms to what the API shows of them. */
@Component
public class RoomViews {

    private final AccountRepository accounts;
    private final RetentionPeriod retention;

    RoomViews(AccountRepository accounts, RetentionPeriod retention) {
        this.accounts = accounts;
        this.retention = retention;
    }

    /** The room's closure as shown to its members, or {@code null} while it is open. */
    public ClosureView closure(Room room) {
        Room.Closure c = room.closure();
        if (c == null) {
            return null;
        }
        return new ClosureView(c.reason(), c.note(), c.date().toString(), Timestamps.format(c.closedAt()),
                Timestamps.format(c.familyAccessUntil()),
                retention.until(c.date(), c.hostOrganizationId(), accounts).toString());
    }

    public RoomSummary summary(Room room, String userId) {
        Room.Member me = room.member(userId);
        return new RoomSummary(room.id(), room.kind().wire(), room.title(), me == null ? null : me.role().wire(),
                room.head().seq(), room.unreadFor(userId), Timestamps.format(room.head().ts()), room.archived() || room.closed(),
                closure(room));
    }

    public RoomDetail detail(Room room) {
        Map<String, UserAccount> users = accounts.findUsers(room.members().keySet());
        List<MemberView> members = room.members().values().stream()
                .map(m -> member(m, users.get(m.userId())))
                .toList();
        return new RoomDetail(room.id(), room.kind().wire(), room.title(), room.hostUserId(),
                room.archived() || room.closed(), room.head().seq(), room.patient(), members, room.consent().inForce(),
                closure(room));
    }

    public MemberView member(Room.Member m) {
        return member(m, accounts.findUser(m.userId()).orElse(null));
    }

    private static MemberView member(Room.Member m, UserAccount account) {
        Person person = account == null ? new Person(m.userId(), null, null, null, null) : account.person();
        return new MemberView(person, m.role().wire(), Timestamps.format(m.joinedAt()), m.readSeq());
    }
}
