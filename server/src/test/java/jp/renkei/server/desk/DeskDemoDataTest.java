package jp.renkei.server.desk;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo region's consultation desks: 30 invented cases over the previous and the current month (Japan
 * time), recorded by saito (北区地域包括支援センター) and kimura (北区役所 高齢福祉課); kimura sees the city's
 * total, saito her own desk only, and the follow-ups list has something to show.
 */
@TestPropertySource(properties = "renkei.demo.enabled=true")
class DeskDemoDataTest extends ServerTestBase {

    private static final String DEMO_PASSWORD = "Renkei-demo-2026";
    private static final String DEMO_TOTP = "RENKEIDEMOTOTPSECRETFORDEMOUSERS";

    private int total(JsonNode report) {
        return report.path("total").path("cases").asInt();
    }

    @Test
    void theTwoDesksHaveAMonthOfCasesAndTheCitySeesTheTotal() {
        YearMonth thisMonth = YearMonth.from(LocalDate.now(ZoneId.of("Asia/Tokyo")));
        ApiClient kimura = new ApiClient(port).login("kimura", DEMO_PASSWORD, DEMO_TOTP);
        JsonNode me = kimura.get("/api/desk/me").json();
        assertThat(me.path("isWorker").asBoolean()).isTrue();
        assertThat(me.path("canViewCity").asBoolean()).isTrue();
        JsonNode previous = kimura.get("/api/desk/report?scope=city&month=" + thisMonth.minusMonths(1)).json();
        JsonNode current = kimura.get("/api/desk/report?scope=city&month=" + thisMonth).json();
        assertThat(total(previous) + total(current)).isEqualTo(30);
        assertThat(total(previous)).isPositive();
        assertThat(current.path("desks").toString()).contains("北区地域包括支援センター").contains("北区役所 高齢福祉課");

        ApiClient saito = new ApiClient(port).login("saito", DEMO_PASSWORD, DEMO_TOTP);
        assertThat(saito.get("/api/desk/me").json().path("canViewCity").asBoolean()).isFalse();
        assertThat(saito.get("/api/desk/report?scope=city").status()).isEqualTo(403);
        JsonNode own = saito.get("/api/desk/report?month=" + thisMonth.minusMonths(1)).json();
        assertThat(own.path("desks")).hasSize(1);
        assertThat(own.path("desks").get(0).path("deskName").asString()).isEqualTo("北区地域包括支援センター");
        assertThat(saito.get("/api/desk/cases?month=" + thisMonth.minusMonths(1)).json().path("cases")).isNotEmpty();
        assertThat(saito.get("/api/desk/follow-ups").json().path("followUps")).isNotEmpty();
        // A nurse of the region has no desk.
        ApiClient yamamoto = new ApiClient(port).login("yamamoto", DEMO_PASSWORD, DEMO_TOTP);
        assertThat(yamamoto.get("/api/desk/me").json().path("isWorker").asBoolean()).isFalse();
        assertThat(yamamoto.get("/api/desk/cases").status()).isEqualTo(403);
    }
}
