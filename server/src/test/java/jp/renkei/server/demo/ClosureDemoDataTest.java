package jp.renkei.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The demo region has one room closed after a death at home last month, hosted by the nurse 山本. */
@TestPropertySource(properties = "renkei.demo.enabled=true")
class ClosureDemoDataTest extends ServerTestBase {

    @Autowired
    private RoomRepository roomRepository;
    @Autowired
    private RoomCache cache;

    @Test
    void oneDemoRoomIsClosedAfterADeathAtHome() {
        List<Room> closed = roomRepository.roomIdsOf("u-yamamoto").stream().map(cache::get)
                .flatMap(java.util.Optional::stream).filter(Room::closed).toList();
        assertThat(closed).hasSize(1);
        Room room = closed.get(0);
        assertThat(room.title()).isEqualTo("佐藤 ハル");
        assertThat(room.closure().reason()).isEqualTo("home_death");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        assertThat(room.closure().date()).isEqualTo(today.minusMonths(1).withDayOfMonth(1));
        assertThat(room.head().notes()).isEqualTo(2);
        assertThat(room.purged()).isFalse();
    }
}
