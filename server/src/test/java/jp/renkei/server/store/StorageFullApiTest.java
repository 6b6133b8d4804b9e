package jp.renkei.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.Notes;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * What a user and an operator see when the data folder's disk fills up, on a real small file system:
 * writes answer {@code STORAGE_FULL} (HTTP 507, and the STOMP error reply), reads are served, health
 * says {@code OUT_OF_SERVICE} (the main port's {@code /readyz} for load balancers, the management
 * port's {@code /actuator/health} with details for operators), and once space is freed everything
 * works again without a restart.
 */
class StorageFullApiTest {

    private static final String PASSWORD = "Test-pass-2026";

    @Test
    void aFullDiskRefusesWritesServesReadsShowsInHealthAndRecoversByItself() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(96)) {
            Path data = disk.path().resolve("data");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RenkeiApplication.class).run(
                    "--server.port=0", "--management.server.port=0", "--renkei.demo.enabled=false", "--renkei.embedded.fsync=false",
                    "--renkei.embedded.data-dir=" + data, "--renkei.embedded.min-free=16MB",
                    "--renkei.embedded.warn-free=24MB",
                    "--renkei.audit.witness-file=" + disk.path().resolve("witness").resolve("w.log"))) {
                int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
                UserAccount nurse = newUser(app, "u-diskfull1");
                String room = app.getBean(RoomService.class).create(nurse, new CreateRoom("patient", null,
                        new PatientProfile("試験 花子", "シケン ハナコ", "1940-01-01", "female", "要介護2", "北区"),
                        new ConsentRecord("patient", null, "written", "2026-04-01", List.of(), List.of())));
                ApiClient api = new ApiClient(port).login(nurse.loginId(), PASSWORD);
                ApiClient anonymous = new ApiClient(port);
                ApiClient management = new ApiClient(Integer.parseInt(
                        app.getEnvironment().getProperty("local.management.port")));
                assertThat(anonymous.get("/readyz").json().path("components").path("storage")
                        .path("status").asString()).isEqualTo("UP");
                assertThat(management.get("/actuator/health").json().path("components").path("storage")
                        .path("status").asString()).isEqualTo("UP");

                // The same kind of write works while there is space (the body is valid).
                assertThat(api.post("/api/rooms/" + room + "/calendar/items", visit("c0")).status()).isEqualTo(201);
                try (TestStompClient live = TestStompClient.connect(api).ready()) {
                    Path filler = disk.fill(8L * 1024 * 1024);
                    Thread.sleep(StorageSpace.CACHE_MILLIS + 50);

                    // Writes: a documented, retryable refusal on both transports; nothing stored.
                    JsonNode refused = live.call("/app/notes.post", Notes.post(room, "t-full-1", "満杯のとき"));
                    assertThat(refused.path("code").asString()).isEqualTo("STORAGE_FULL");
                    ApiClient.Response http = api.post("/api/rooms/" + room + "/calendar/items", visit("c1"));
                    assertThat(http.status()).isEqualTo(507);
                    assertThat(http.json().path("code").asString()).isEqualTo("STORAGE_FULL");

                    // Reads are served.
                    assertThat(api.get("/api/rooms/" + room + "/events?limit=10").status()).isEqualTo(200);

                    // Health tells the load balancer and the operator.
                    ApiClient.Response ready = anonymous.get("/readyz");
                    assertThat(ready.status()).isEqualTo(503);
                    assertThat(ready.json().path("components").path("storage").path("status").asString())
                            .isEqualTo("OUT_OF_SERVICE");
                    ApiClient.Response health = management.get("/actuator/health");
                    assertThat(health.status()).isEqualTo(503);
                    JsonNode storage = health.json().path("components").path("storage");
                    assertThat(storage.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
                    assertThat(storage.path("details").path("low").asBoolean()).isTrue();
                    // The database answers but refuses the health probe's write too.
                    JsonNode mongo = health.json().path("components").path("mongo");
                    assertThat(mongo.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
                    assertThat(mongo.path("details").path("writable").asBoolean()).isFalse();

                    // Space returns: writes work again, no restart.
                    Files.delete(filler);
                    Thread.sleep(StorageSpace.CACHE_MILLIS + 50);
                    JsonNode posted = live.call("/app/notes.post", Notes.post(room, "t-full-2", "空きができた"));
                    assertThat(posted.path("type").asString()).isEqualTo("ok");
                    assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
                    assertThat(management.get("/actuator/health").json().path("components").path("storage")
                            .path("status").asString()).isEqualTo("UP");
                    // The refused post was not stored: the room holds the later one only.
                    JsonNode events = api.get("/api/rooms/" + room + "/events?limit=50").json();
                    assertThat(events.toString()).contains("空きができた").doesNotContain("満杯のとき");
                }
            }
        }
    }

    private static String visit(String txnId) {
        return """
                {"txnId":"%s","item":{"category":"home_nursing","profession":"nurse",
                 "organization":"みどり訪問看護ステーション","start":"2026-12-10T10:00","end":"2026-12-10T11:00"}}"""
                .formatted(txnId);
    }

    private static UserAccount newUser(ConfigurableApplicationContext app, String id) {
        UserAccount user = app.getBean(AccountRepository.class).createUser(id, id, "テスト " + id, Profession.NURSE,
                null, app.getBean(PasswordEncoder.class).encode(PASSWORD));
        app.getBean(CredentialStore.class).setTotp(user.id(), TestTotp.SECRET, 0);
        return user;
    }
}
