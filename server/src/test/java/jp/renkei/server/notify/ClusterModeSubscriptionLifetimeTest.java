package jp.renkei.server.notify;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link SubscriptionLifetimeTest} again in cluster mode: whether a shared PC's sign-in still holds is asked
 * of the shared sessions (by the handle stored with its subscription).
 */
@TestPropertySource(properties = "renkei.cluster.enabled=true")
class ClusterModeSubscriptionLifetimeTest extends SubscriptionLifetimeTest {
}
