package jp.renkei.server.handoff;

import java.util.List;
import java.util.Map;

import jp.renkei.server.account.UserAccount;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo region's handoff sheets load with the rest of the demo: 高橋 キヨ 様's admission sheet received
 * by the 地域連携室 and her discharge sheet drafted with the conference scheduled; 北野 トメ 様 routed to
 * 北区地域包括支援センター and flagged 担当ケアマネ未定.
 */
@TestPropertySource(properties = "renkei.demo.enabled=true")
class HandoffDemoDataTest extends ServerTestBase {

    @Autowired
    HandoffService service;

    private UserAccount user(String id) {
        return accounts.findUser(id).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static String patient(Map<String, Object> row) {
        return String.valueOf(((Map<String, Object>) row.get("patient")).get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoHasTakahashisDischargeInProgressAndAPatientRoutedToTheSupportCentre() {
        List<Map<String, Object>> cm = service.inbox(user("u-nakamura"), "all", null, null);
        assertThat(cm).anySatisfy(r -> {
            assertThat(patient(r)).isEqualTo("高橋 キヨ");
            assertThat(r.get("kind")).isEqualTo("admission");
            assertThat(r.get("state")).isEqualTo("received");
        });
        List<Map<String, Object>> ward = service.inbox(user("u-matsumoto"), "outgoing", null, null);
        assertThat(ward).anySatisfy(r -> {
            assertThat(patient(r)).isEqualTo("高橋 キヨ");
            assertThat(r.get("kind")).isEqualTo("discharge");
            assertThat(r.get("state")).isEqualTo("draft");
            assertThat(r.get("conferenceItemId")).isNotNull();
        });
        List<Map<String, Object>> centre = service.inbox(user("u-ishii"), "incoming", null, null);
        assertThat(centre).anySatisfy(r -> {
            assertThat(patient(r)).isEqualTo("北野 トメ");
            assertThat(r.get("state")).isEqualTo("sent");
            assertThat((List<String>) r.get("flags")).contains("care_manager_undecided");
        });
    }
}
