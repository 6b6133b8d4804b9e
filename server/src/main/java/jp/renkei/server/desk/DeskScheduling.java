package jp.renkei.server.desk;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on Spring's scheduler for the nightly retention purge ({@link DeskRetention#nightly()}). */
@Configuration
@EnableScheduling
class DeskScheduling {
}
