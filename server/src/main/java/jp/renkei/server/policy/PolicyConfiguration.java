package jp.renkei.server.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jp.renkei.policy.AccessPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access policy the server enforces: the built-in policy file, or the one named by
 * {@code renkei.policy.file}. The file is validated at startup; a bad line stops the server with a
 * {@link jp.renkei.policy.PolicyFileException} naming the file and the line.
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

    @Bean
    AccessPolicy accessPolicy(@Value("${renkei.policy.file:}") String file) throws IOException {
        AccessPolicy policy;
        if (file.isBlank()) {
            policy = new AccessPolicy();
        } else {
            Path path = Path.of(file);
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                policy = AccessPolicy.from(reader, path.toString());
            }
        }
        log.info("Access policy {} version {} ({} rules){}", policy.file().name(), policy.file().version(),
                policy.file().rules().size(), file.isBlank() ? "" : " from " + file);
        return policy;
    }
}
