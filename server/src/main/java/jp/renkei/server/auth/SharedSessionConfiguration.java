package jp.renkei.server.auth;

import jp.renkei.server.crypto.MasterKey;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Cluster mode ({@code renkei.cluster.enabled=true}): sessions shared by every node through the store
 * ({@link SharedSessionFilter} ahead of Spring Security). A single node keeps the servlet container's
 * sessions, as fast as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "renkei.cluster", name = "enabled", havingValue = "true")
class SharedSessionConfiguration {

    /** Ahead of Spring Security's filters (order -100) and everything that reads the session. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    @Bean
    FilterRegistrationBean<SharedSessionFilter> sharedSessionFilter(SharedSessionStore store, MasterKey master,
                                                                    AuthSessions sessions, AuthProperties properties) {
        FilterRegistrationBean<SharedSessionFilter> registration = new FilterRegistrationBean<>(
                new SharedSessionFilter(store, new SessionAttributeCodec(master), sessions,
                        properties.idleTimeout().toMillis()));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
