package jp.renkei.server.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo region's care team: 山田 花子 様 has 主治医 佐藤 and 副主治医 田中 with one cover period, and
 * あさひ在宅クリニック's rota (kept by asahi-admin) has nights ahead; the demo users see them.
 */
@TestPropertySource(properties = "renkei.demo.enabled=true")
class OncallDemoDataTest extends ServerTestBase {

    private ApiClient demo(String login) {
        return new ApiClient(port).login(login, "Renkei-demo-2026", "RENKEIDEMOTOTPSECRETFORDEMOUSERS");
    }

    @Test
    void yamadaHanakoHasAnAttendingADeputyAndACoverPeriodAndTheClinicARota() {
        ApiClient sato = demo("sato");
        String room = null;
        for (JsonNode r : sato.get("/api/rooms").json()) {
            if ("山田 花子".equals(r.path("title").asString())) {
                room = r.path("roomId").asString();
            }
        }
        assertThat(room).isNotNull();
        JsonNode team = sato.get("/api/rooms/" + room + "/care-team").json();
        assertThat(team.path("attending").path("name").asString()).isEqualTo("佐藤 健一");
        assertThat(team.path("deputy").path("name").asString()).isEqualTo("田中 美穂");
        assertThat(team.path("covers")).hasSize(1);
        assertThat(team.path("canEdit").asBoolean()).isTrue();
        assertThat(team.path("now").path("person").path("name").asString()).isIn("佐藤 健一", "田中 美穂");

        JsonNode rota = demo("asahi-admin").get("/api/oncall/rotas/o-asahi-clinic").json();
        assertThat(rota.path("canEdit").asBoolean()).isTrue();
        assertThat(rota.path("entries").size()).isGreaterThanOrEqualTo(13);
        assertThat(sato.get("/api/oncall/rotas/o-asahi-clinic").json().path("entries").size())
                .isEqualTo(rota.path("entries").size());
    }
}
