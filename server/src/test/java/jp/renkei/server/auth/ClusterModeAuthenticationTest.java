package jp.renkei.server.auth;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link AuthenticationTest} again in cluster mode: the same rules hold with the sessions kept in the store
 * (SharedSessionFilter) and the session state followed through the change stream.
 */
@TestPropertySource(properties = "renkei.cluster.enabled=true")
class ClusterModeAuthenticationTest extends AuthenticationTest {
}
