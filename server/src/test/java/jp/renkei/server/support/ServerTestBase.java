package jp.renkei.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.ConsentService;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.room.RoomService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running server on a random port over the embedded database in a fresh temp folder, shared by the
 * test classes that extend this (Spring caches the context). Tests create their own users and rooms
 * with unique ids, so they do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"renkei.demo.enabled=false", "renkei.embedded.fsync=false"})
public abstract class ServerTestBase {

    protected static final String PASSWORD = "Test-pass-2026";

    @LocalServerPort
    protected int port;
    @Autowired
    protected AccountRepository accounts;
    @Autowired
    protected PasswordEncoder passwords;
    @Autowired
    protected RoomService rooms;
    @Autowired
    protected ConsentService consents;
    @Autowired
    protected CredentialStore credentials;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        // Called once per application context: a test class with its own configuration gets its own
        // context, which must not open (and find locked) another context's database file.
        Path base = tempDir();
        String dir = base.resolve("data").toString();
        registry.add("renkei.embedded.data-dir", () -> dir);
        // The audit witness lies beside the data folder: inside this test's own folder.
    }

    protected UserAccount newUser(Profession profession) {
        String orgId = "o-test-" + profession.wire().replace('_', '-');
        if (accounts.findOrganization(orgId).isEmpty()) {
            accounts.saveOrganization(new Organization(orgId, "テスト " + profession.wire(), OrganizationKind.CLINIC, "北区"));
        }
        return newUserIn(profession, profession == Profession.FAMILY ? null : orgId);
    }

    /** A user of organisation {@code organizationId} (which must exist), with the test password and TOTP secret. */
    protected UserAccount newUserIn(Profession profession, String organizationId) {
        String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount user = accounts.createUser(id, id, "テスト " + id, profession, organizationId,
                passwords.encode(PASSWORD));
        // Every test user has the known second factor (SP-AUTH-02); ApiClient computes its codes.
        credentials.setTotp(user.id(), TestTotp.SECRET, 0);
        return user;
    }

    protected ApiClient login(UserAccount user) {
        return new ApiClient(port).login(user.loginId(), PASSWORD);
    }

    protected TestStompClient connect(UserAccount user) {
        return TestStompClient.connect(login(user)).ready();
    }

    /**
     * Records a consent naming {@code relative} and invites them: the way a family member joins a
     * patient room (SP-CON-02).
     */
    protected void inviteFamily(UserAccount host, String roomId, UserAccount relative) {
        consents.record(host, roomId, new ConsentRecord("patient", null, "written", "2026-04-01", List.of(),
                List.of(relative.id())));
        rooms.invite(host, roomId, relative.id());
    }

    /** The consent every {@link #newPatientRoom} records: the patient, in writing, naming no family. */
    protected static final ConsentRecord CONSENT = new ConsentRecord("patient", null, "written", "2026-04-01",
            List.of(), List.of());

    /** A patient room hosted by {@code host}, with the patient's consent recorded, and the given members. */
    protected String newPatientRoom(UserAccount host, UserAccount... members) {
        String roomId = rooms.create(host, new CreateRoom("patient", null,
                new PatientProfile("試験 花子", "シケン ハナコ", "1940-01-01", "female", "要介護2", "北区"), CONSENT));
        for (UserAccount m : members) {
            rooms.invite(host, roomId, m.id());
        }
        return roomId;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("renkei-test-db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
