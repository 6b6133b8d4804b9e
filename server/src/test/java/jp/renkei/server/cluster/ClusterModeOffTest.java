package jp.renkei.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import jp.renkei.server.room.EventRepository;
import jp.renkei.server.support.ServerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Single-node mode (the default): no feed, no thread, no health component, events carry no origin. */
class ClusterModeOffTest extends ServerTestBase {

    @Autowired
    ApplicationContext context;
    @Autowired
    EventRepository events;

    @Test
    void nothingOfClusterModeExists() {
        assertThat(context.getBeanNamesForType(ChangeStreamFeed.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RemoteChanges.class)).isEmpty();
        assertThat(context.containsBean("changeStreamHealthIndicator")).isFalse();
        assertThat(events.origin()).isNull();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("cluster-feed-"));
    }
}
