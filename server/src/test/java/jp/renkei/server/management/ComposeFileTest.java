package jp.renkei.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The invariants of {@code deploy/compose.yaml} (docs/operations.md) that a careless edit would break:
 * three MongoDB members of one replica set and its initiation, two Renkei nodes on that replica set
 * with distinct audit node ids, and a TLS proxy passing WebSocket upgrades on {@code /ws} to both.
 * Read as YAML (merge keys resolved as Compose does), no Docker needed.
 */
class ComposeFileTest {

    private static final Path DEPLOY = Path.of("..", "deploy");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static Map<String, Object> services() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> compose = map(yaml.load(Files.readString(DEPLOY.resolve("compose.yaml"))));
        return map(compose.get("services"));
    }

    private static boolean isMongod(Map<String, Object> service) {
        return String.valueOf(service.get("image")).startsWith("mongo:")
                && service.get("command") instanceof List<?> c && !c.isEmpty() && "mongod".equals(c.get(0));
    }

    @Test
    void threeMongoMembersFormOneReplicaSetWhichIsInitiatedWithAllOfThem() throws IOException {
        Map<String, Object> services = services();
        List<String> members = services.entrySet().stream().filter(e -> isMongod(map(e.getValue())))
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(members).hasSize(3);
        for (String m : members) {
            List<Object> command = list(map(services.get(m)).get("command"));
            assertThat(command).containsSequence("--replSet", "rs0");
            assertThat(list(map(services.get(m)).get("volumes"))).hasSize(1); // its own data volume
        }
        String script = Files.readString(DEPLOY.resolve("mongo").resolve("init-replica-set.js"));
        assertThat(script).contains("_id: 'rs0'");
        for (String m : members) {
            assertThat(script).contains("host: '" + m + ":27017'");
        }
        Map<String, Object> init = map(services.get("mongo-init"));
        assertThat(String.valueOf(init.get("volumes"))).contains("./mongo/init-replica-set.js");
        assertThat(map(init.get("depends_on")).keySet()).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void twoRenkeiNodesShareTheReplicaSetUriAndHaveDistinctNodeIds() throws IOException {
        Map<String, Object> services = services();
        List<Map<String, Object>> nodes = services.values().stream().map(ComposeFileTest::map)
                .filter(s -> String.valueOf(s.get("image")).startsWith("renkei/server:")).toList();
        assertThat(nodes).hasSize(2);
        Map<String, Object> env1 = map(nodes.get(0).get("environment"));
        Map<String, Object> env2 = map(nodes.get(1).get("environment"));
        String uri = String.valueOf(env1.get("SPRING_MONGODB_URI"));
        assertThat(uri).isEqualTo(String.valueOf(env2.get("SPRING_MONGODB_URI")))
                .isEqualTo("mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0");
        assertThat(env1.get("RENKEI_AUDIT_NODE_ID")).isNotNull();
        assertThat(env2.get("RENKEI_AUDIT_NODE_ID")).isNotNull().isNotEqualTo(env1.get("RENKEI_AUDIT_NODE_ID"));
        // One audit key (the verifier takes one public key) and one VAPID key for both; separate state.
        assertThat(env1.get("RENKEI_AUDIT_SIGNING_KEY_FILE")).isEqualTo(env2.get("RENKEI_AUDIT_SIGNING_KEY_FILE"));
        assertThat(env1.get("RENKEI_NOTIFY_VAPID_KEY_FILE")).isEqualTo(env2.get("RENKEI_NOTIFY_VAPID_KEY_FILE"));
        assertThat(env1.get("RENKEI_CRYPTO_MASTER_KEY_FILE")).isNotNull();
        assertThat(nodes.get(0).get("volumes")).isNotEqualTo(nodes.get(1).get("volumes"));
        // Only the proxy publishes ports: neither the nodes (nor their management port) nor MongoDB.
        services.forEach((name, s) -> {
            if (!"proxy".equals(name)) {
                assertThat(map(s).get("ports")).as(name).isNull();
            }
        });
    }

    @Test
    void theProxyTerminatesTlsAndForwardsTheWebSocketWithItsUpgradeHeaders() throws IOException {
        Map<String, Object> proxy = map(services().get("proxy"));
        assertThat(list(proxy.get("ports"))).contains("443:443");
        String conf = Files.readString(DEPLOY.resolve("nginx").resolve("renkei.conf"));
        assertThat(String.valueOf(proxy.get("volumes"))).contains("./nginx/renkei.conf");

        Matcher upstream = Pattern.compile("upstream renkei \\{([^}]*)}").matcher(conf);
        assertThat(upstream.find()).isTrue();
        assertThat(upstream.group(1)).contains("server renkei-1:8080", "server renkei-2:8080");

        Matcher ws = Pattern.compile("location /ws \\{([^}]*)}").matcher(conf);
        assertThat(ws.find()).isTrue();
        String wsBlock = ws.group(1);
        assertThat(wsBlock).contains("proxy_pass http://renkei;", "proxy_http_version 1.1;",
                "proxy_set_header Upgrade    $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
                "proxy_set_header Host              $host;", "X-Forwarded-Proto $scheme;");
        assertThat(conf).contains("map $http_upgrade $connection_upgrade", "listen 443 ssl;", "ssl_certificate ",
                "ssl_protocols       TLSv1.3 TLSv1.2;");
    }
}
