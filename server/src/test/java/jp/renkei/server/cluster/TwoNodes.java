package jp.renkei.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Resources.ConsentRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.RenkeiApplication;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.auth.CredentialStore;
import jp.renkei.server.room.RoomService;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.TestStompClient;
import jp.renkei.server.support.TestTotp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Two Renkei nodes in one JVM on one store, as operations.md starts them: node A runs the embedded store on
 * a port of its own with cluster mode on; node B points {@code spring.mongodb.uri} at it, with A's master
 * key and an audit chain of its own.
 */
final class TwoNodes implements AutoCloseable {

    static final String PASSWORD = "Test-pass-2026";

    final Path base;
    final int storePort;
    final ConfigurableApplicationContext a;
    ConfigurableApplicationContext b;

    TwoNodes() throws IOException {
        base = Files.createTempDirectory("renkei-cluster");
        try (ServerSocket free = new ServerSocket(0)) {
            storePort = free.getLocalPort();
        }
        a = start("--renkei.embedded.data-dir=" + base.resolve("a"), "--renkei.embedded.port=" + storePort,
                "--renkei.audit.node-id=na");
        b = startB();
    }

    ConfigurableApplicationContext startB() {
        return start("--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                "--renkei.crypto.master-key-file=" + base.resolve("a").resolve("master.key"),
                "--renkei.embedded.data-dir=" + base.resolve("b"), "--renkei.audit.node-id=nb");
    }

    private static ConfigurableApplicationContext start(String... own) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--renkei.demo.enabled=false", "--renkei.embedded.fsync=false", "--renkei.cluster.enabled=true"));
        args.addAll(List.of(own));
        return new SpringApplicationBuilder(RenkeiApplication.class).run(args.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    UserAccount newUser(Profession profession) {
        return new Users(a).newUser(profession);
    }

    String newPatientRoom(UserAccount host, UserAccount... members) {
        return new Users(a).newPatientRoom(host, members);
    }

    /** Creates test users and rooms through one node's beans (any node: they share the store). */
    record Users(ConfigurableApplicationContext node) {

        UserAccount newUser(Profession profession) {
            AccountRepository accounts = node.getBean(AccountRepository.class);
            String orgId = "o-test-" + profession.wire().replace('_', '-');
            if (accounts.findOrganization(orgId).isEmpty()) {
                accounts.saveOrganization(new Organization(orgId, "テスト " + profession.wire(), OrganizationKind.CLINIC, "北区"));
            }
            String id = "u-t" + UUID.randomUUID().toString().substring(0, 8);
            UserAccount user = accounts.createUser(id, id, "テスト " + id, profession, orgId,
                    node.getBean(PasswordEncoder.class).encode(PASSWORD));
            node.getBean(CredentialStore.class).setTotp(user.id(), TestTotp.SECRET, 0);
            return user;
        }

        /** A patient room hosted by {@code host}, with consent and the given members. */
        String newPatientRoom(UserAccount host, UserAccount... members) {
            RoomService rooms = node.getBean(RoomService.class);
            String roomId = rooms.create(host, new CreateRoom("patient", null,
                    new PatientProfile("試験 花子", "シケン ハナコ", "1940-01-01", "female", "要介護2", "北区"),
                    new ConsentRecord("patient", null, "written", "2026-04-01", List.of(), List.of())));
            for (UserAccount m : members) {
                rooms.invite(host, roomId, m.id());
            }
            return roomId;
        }
    }

    /** A STOMP client of {@code user} signed in on {@code node} (each node signs its users in separately). */
    static TestStompClient connect(ConfigurableApplicationContext node, UserAccount user) {
        return TestStompClient.connect(new ApiClient(port(node)).login(user.loginId(), PASSWORD)).ready();
    }

    @Override
    public void close() {
        if (b != null && b.isActive()) {
            b.close();
        }
        a.close();
    }
}
