package jp.renkei.server.browser;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link BedsideSignInBrowserTest} again in cluster mode, in Chromium: the shared session's cookie (its
 * SameSite and HttpOnly flags), sign-in, lock and unlock behave as with the container's sessions.
 */
@TestPropertySource(properties = "renkei.cluster.enabled=true")
class ClusterModeBedsideSignInBrowserTest extends BedsideSignInBrowserTest {
}
