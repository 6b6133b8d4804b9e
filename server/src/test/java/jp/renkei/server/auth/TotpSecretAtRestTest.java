package jp.renkei.server.auth;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.crypto.MasterKey;
import jp.renkei.server.store.Collections;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.TestTotp;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * TOTP secrets at rest: the stored document holds only ciphertext bound to the user, login works
 * after a restart (the master key is read again from the data folder), and a secret stored in plain
 * form by an earlier version is encrypted at the next start.
 */
class TotpSecretAtRestTest {

    private static final String PASSWORD = "Test-pass-2026";

    @Test
    void secretsAreEncryptedBoundToTheUserAndSurviveARestart() throws Exception {
        Path dir = Files.createTempDirectory("renkei-totp-at-rest");
        String userId;
        String legacyId;
        try (ConfigurableApplicationContext app = start(dir)) {
            UserAccount nurse = newUser(app, "u-tatrest1");
            userId = nurse.id();
            MongoDatabase db = app.getBean(MongoDatabase.class);
            Document raw = db.getCollection(Collections.CREDENTIALS).find(eq("_id", userId)).first();
            assertThat(raw.toJson()).doesNotContain(TestTotp.SECRET);
            assertThat(raw.containsKey("totpSecret")).isFalse();
            assertThat(raw.get("totpSealed")).isInstanceOf(Binary.class);
            assertThat(raw.getString("totpKeyId")).isEqualTo(app.getBean(MasterKey.class).id());

            // Bound to the user: the same envelope copied onto another account does not decrypt.
            UserAccount other = newUser(app, "u-tatrest2");
            db.getCollection(Collections.CREDENTIALS).updateOne(eq("_id", other.id()),
                    new Document("$set", new Document("totpSealed", raw.get("totpSealed"))));
            assertThat(app.getBean(CredentialStore.class).totpSecret(other.id())).isEmpty();
            assertThat(app.getBean(CredentialStore.class).totpSecret(userId)).contains(TestTotp.SECRET);

            login(app, nurse);

            // An account from before encryption: the secret in plain form.
            UserAccount legacy = newUser(app, "u-tatrest3");
            legacyId = legacy.id();
            db.getCollection(Collections.CREDENTIALS).replaceOne(eq("_id", legacyId), new Document("_id", legacyId)
                    .append("totpSecret", TestTotp.SECRET).append("totpLastStep", 0L).append("totpEnrolledAt", new Date()));
        }
        try (ConfigurableApplicationContext app = start(dir)) {
            AccountRepository accounts = app.getBean(AccountRepository.class);
            login(app, accounts.findUser(userId).orElseThrow());
            Document migrated = app.getBean(MongoDatabase.class).getCollection(Collections.CREDENTIALS)
                    .find(eq("_id", legacyId)).first();
            assertThat(migrated.toJson()).doesNotContain(TestTotp.SECRET);
            assertThat(migrated.get("totpSealed")).isInstanceOf(Binary.class);
            login(app, accounts.findUser(legacyId).orElseThrow());
        }
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(RenkeiApplication.class).run("--server.port=0", "--management.server.port=0",
                "--renkei.demo.enabled=false", "--renkei.embedded.fsync=false", "--renkei.embedded.data-dir=" + dir,
                "--renkei.audit.witness-file=" + dir + "/witness/audit-witness-n1.log");
    }

    private static UserAccount newUser(ConfigurableApplicationContext app, String id) {
        AccountRepository accounts = app.getBean(AccountRepository.class);
        UserAccount user = accounts.createUser(id, id, "テスト " + id, Profession.NURSE, null,
                app.getBean(PasswordEncoder.class).encode(PASSWORD));
        app.getBean(CredentialStore.class).setTotp(user.id(), TestTotp.SECRET, 0);
        return user;
    }

    private static void login(ConfigurableApplicationContext app, UserAccount user) {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        ApiClient api = new ApiClient(port).login(user.loginId(), PASSWORD);
        assertThat(api.get("/api/session").json().path("authenticated").asBoolean()).isTrue();
    }
}
