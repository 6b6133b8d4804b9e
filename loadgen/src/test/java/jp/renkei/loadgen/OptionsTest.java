package jp.renkei.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Option parsing of the generator: modes, the two-node split and several server processes. */
class OptionsTest {

    @Test
    void theModesAndTheirDefaultEndpoints() {
        assertThat(Options.parse().mode()).isEqualTo("renkei");
        assertThat(Options.parse().url()).isEqualTo("http://127.0.0.1:8080");
        Options persistent = Options.parse("--mode", "rabbitmq-persistent");
        assertThat(persistent.url()).isEqualTo("ws://127.0.0.1:15674/ws");
        assertThat(persistent.rabbit()).isTrue();
        assertThat(persistent.rabbitPersistent()).isTrue();
        Options transientMode = Options.parse("--mode", "rabbitmq");
        assertThat(transientMode.rabbit()).isTrue();
        assertThat(transientMode.rabbitPersistent()).isFalse();
        assertThat(Options.parse().rabbit()).isFalse();
        assertThatThrownBy(() -> Options.parse("--mode", "kafka")).hasMessageContaining("rabbitmq-persistent");
    }

    @Test
    void aReceiveUrlSplitsEachRoomOverTwoNodes() {
        Options o = Options.parse("--url", "http://127.0.0.1:18080", "--receive-url", "http://127.0.0.1:18081");
        assertThat(o.crossNode()).isTrue();
        assertThat(o.receiveUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(o.postersPerRoom()).isEqualTo(4); // half of the default 8
        assertThat(Options.parse("--receive-url", "http://b", "--posters-per-room", "1").postersPerRoom()).isEqualTo(1);
        Options single = Options.parse("--url", "http://a");
        assertThat(single.crossNode()).isFalse();
        assertThat(single.postersPerRoom()).isEqualTo(8); // everyone posts, as before

        // Every room must have members on both nodes; the split is for Renkei nodes only.
        assertThatThrownBy(() -> Options.parse("--receive-url", "http://b", "--posters-per-room", "0"))
                .hasMessageContaining("--posters-per-room");
        assertThatThrownBy(() -> Options.parse("--receive-url", "http://b", "--posters-per-room", "8"))
                .hasMessageContaining("--posters-per-room");
        assertThatThrownBy(() -> Options.parse("--posters-per-room", "2")).hasMessageContaining("--receive-url");
        assertThatThrownBy(() -> Options.parse("--mode", "rabbitmq", "--receive-url", "ws://b"))
                .hasMessageContaining("--mode renkei");
    }

    @Test
    void serverPidsAreACommaSeparatedList() {
        assertThat(Options.parse().serverPids()).isEmpty();
        assertThat(Options.parse().serverPid()).isZero();
        Options o = Options.parse("--server-pid", "1234,5678");
        assertThat(o.serverPids()).containsExactly(1234L, 5678L);
        assertThat(o.serverPid()).isEqualTo(1234);
        assertThat(Options.parse("--server-pid", "42").serverPids()).containsExactly(42L);
        assertThatThrownBy(() -> Options.parse("--server-pid", "12,x")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void postersAreOnTheFirstNodeAndEveryRoomHasMembersOnBoth() {
        Topology t = new Topology(40, 8);
        int posters = 3;
        for (int room = 0; room < t.rooms(); room++) {
            int onReceive = 0;
            for (int slot = 0; slot < 8; slot++) {
                if (t.onReceiveNode(t.member(room, slot), posters)) {
                    onReceive++;
                }
            }
            assertThat(onReceive).isEqualTo(5);
        }
        // The pacing loop's choice of sender: round-robin over rooms, then over each room's posters only.
        Set<Integer> senders = new HashSet<>();
        for (long i = 0; i < 1000; i++) {
            int room = (int) (i % t.rooms());
            int sender = t.poster(room, i, posters);
            assertThat(t.roomOf(sender)).isEqualTo(room);
            assertThat(t.onReceiveNode(sender, posters)).isFalse();
            senders.add(sender);
        }
        assertThat(senders).hasSize(t.rooms() * posters);
        // Without a split every member takes its turn, as before.
        Set<Integer> all = new HashSet<>();
        for (long i = 0; i < 1000; i++) {
            all.add(t.poster((int) (i % t.rooms()), i, 8));
        }
        assertThat(all).hasSize(40);
        assertThat(List.of(t.slotOf(0), t.slotOf(9), t.slotOf(15))).containsExactly(0, 1, 7);
    }
}
