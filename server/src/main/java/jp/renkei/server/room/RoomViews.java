package jp.renkei.server.room;

import java.util.List;
import java.util.Map;

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

    RoomViews(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public RoomSummary summary(Room room, String userId) {
        Room.Member me = room.member(userId);
        return new RoomSummary(room.id(), room.kind().wire(), room.title(), me == null ? null : me.role().wire(),
                room.head().seq(), room.unreadFor(userId), Timestamps.format(room.head().ts()), room.archived());
    }

    public RoomDetail detail(Room room) {
        Map<String, UserAccount> users = accounts.findUsers(room.members().keySet());
        List<MemberView> members = room.members().values().stream()
                .map(m -> member(m, users.get(m.userId())))
                .toList();
        return new RoomDetail(room.id(), room.kind().wire(), room.title(), room.hostUserId(), room.archived(),
                room.head().seq(), room.patient(), members, room.consent().inForce());
    }

    public MemberView member(Room.Member m) {
        return member(m, accounts.findUser(m.userId()).orElse(null));
    }

    private static MemberView member(Room.Member m, UserAccount account) {
        Person person = account == null ? new Person(m.userId(), null, null, null, null) : account.person();
        return new MemberView(person, m.role().wire(), Timestamps.format(m.joinedAt()), m.readSeq());
    }
}
