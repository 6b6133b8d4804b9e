package jp.renkei.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Renkei server: patient rooms, live notes and the web client. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenkeiApplication {

    public static void main(String[] args) {
        SpringApplication.run(RenkeiApplication.class, args);
    }
}
