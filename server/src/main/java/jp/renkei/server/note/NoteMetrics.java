package jp.renkei.server.note;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Notes' meters (docs/operations.md, "Metrics"): {@code renkei.posts}, notes stored by this node (a retried
 * transaction answered with its earlier event is not counted again). No tags: nothing about who, which
 * room or what was written.
 */
@Component
class NoteMetrics {

    private final Counter posts;

    NoteMetrics(MeterRegistry registry) {
        this.posts = Counter.builder("renkei.posts")
                .description("Notes (including visit notes) stored by this node")
                .baseUnit("notes")
                .register(registry);
    }

    void posted() {
        posts.increment();
    }
}
