package jp.renkei.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints where to open Renkei once the server is ready (after demo data is loaded), so the README's
 * run command ends with a URL, and where the management port answers. With structured (JSON) logs
 * ({@code logging.structured.format.console}, profile {@code json-logs}) the same is one log line
 * instead, so that every line on the console stays JSON.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", "8080");
        String management = env.getProperty("local.management.port");
        String managementAddress = env.getProperty("management.server.address", "127.0.0.1");
        if (env.getProperty("logging.structured.format.console") != null) {
            log.info("Renkei is running on port {}; management port {}", port, management == null ? port : management);
            return;
        }
        System.out.println();
        System.out.println("  Renkei is running: open http://localhost:" + port + "/");
        System.out.println("  Demo users are listed in README.md (e.g. yamamoto / Renkei-demo-2026).");
        if (management != null) {
            System.out.println("  Health and metrics: http://" + managementAddress + ":" + management
                    + "/actuator/health and /actuator/prometheus");
        }
        System.out.println();
    }
}
