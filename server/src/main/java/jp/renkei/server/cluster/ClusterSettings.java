package jp.renkei.server.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode's settings ({@code renkei.cluster.*}).
 *
 * @param enabled whether this node follows other nodes' writes (the feed exists only then)
 * @param maxLag  the {@code changeStream} health component is {@code OUT_OF_SERVICE} when the last change
 *                reached this node later than this after it was written, or the stream has not answered
 *                for this long
 */
@ConfigurationProperties("renkei.cluster")
record ClusterSettings(@DefaultValue("false") boolean enabled, @DefaultValue("10s") Duration maxLag) {
}
