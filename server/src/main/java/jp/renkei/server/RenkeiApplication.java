package jp.renkei.server;

import java.time.Clock;

import org.springframework.context.annotation.Bean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Renkei server: patient rooms, live notes and the web client. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenkeiApplication {

    /** The one clock every time-dependent rule reads (grant expiry, session limits), so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        // Audit verification runs without starting the server (docs/security.md, "Audit trail").
        if (args.length > 0 && args[0].equals("--verify-audit")) {
            System.exit(jp.renkei.server.audit.VerifyAuditTrail.run(args, System.out));
        }
        SpringApplication.run(RenkeiApplication.class, args);
    }
}
