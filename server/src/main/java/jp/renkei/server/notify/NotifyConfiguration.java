package jp.renkei.server.notify;

import java.nio.file.Path;

import com.interaso.webpush.VapidKeys;
import jp.renkei.server.store.EmbeddedMongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The VAPID key pair: {@code renkei.notify.vapid-key-file}, else {@code vapid.key} in the data folder. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    @Bean
    VapidKeys vapidKeys(NotifySettings settings, EmbeddedMongoProperties embedded) {
        Path file = settings.vapidKeyFile() != null ? settings.vapidKeyFile() : embedded.dataDir().resolve("vapid.key");
        return VapidKeyFile.loadOrCreate(file);
    }
}
