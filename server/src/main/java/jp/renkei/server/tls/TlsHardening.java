package jp.renkei.server.tls;

import org.apache.tomcat.util.net.SSLHostConfig;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the {@code tls} profile (SP-NET-01, {@code application-tls.properties}) cannot say in properties:
 * Tomcat picks the cipher suite by the server's order in {@code server.ssl.ciphers} rather than the
 * client's, so a client that prefers a weaker (still allowed) suite gets the strongest one it offers,
 * as the IPA guideline recommends. Without TLS configured this does nothing.
 */
@Configuration(proxyBeanMethods = false)
class TlsHardening {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> serverCipherOrder() {
        // Connector customizers run after Boot has applied server.ssl.*, so the host configs exist here.
        return factory -> factory.addConnectorCustomizers(connector -> {
            for (SSLHostConfig host : connector.findSslHostConfigs()) {
                host.setHonorCipherOrder(true);
            }
        });
    }
}
