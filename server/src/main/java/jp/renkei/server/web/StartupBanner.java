package jp.renkei.server.web;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Prints where to open Renkei once the server is ready (after demo data is loaded), so the README's
 * run command ends with a URL.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        System.out.println();
        System.out.println("  Renkei is running: open http://localhost:" + port + "/");
        System.out.println("  Demo users are listed in README.md (e.g. yamamoto / Renkei-demo-2026).");
        System.out.println();
    }
}
