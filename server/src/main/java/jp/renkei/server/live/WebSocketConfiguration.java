package jp.renkei.server.live;

import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.Limits;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;

/**
 * STOMP over WebSocket at {@value Destinations#WEBSOCKET_ENDPOINT}.
 *
 * <p>Both client channels run in the calling thread. Inbound: the container reads one connection's
 * messages one at a time, so a client's commands are handled in the order it sent them, and a
 * failure reaches {@link StompErrorHandler} (Spring's "preserve receive order" option would swallow
 * it and leave the client waiting). Outbound: frames reach the socket in the order they were sent,
 * which {@link LiveDelivery} relies on.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    /** Heart-beat period both ways (STOMP CONNECTED announces {@code 20000,20000}). */
    static final long HEARTBEAT_MILLIS = 20_000;

    private final LiveInboundInterceptor inbound;
    private final StompErrorHandler errorHandler;

    WebSocketConfiguration(LiveInboundInterceptor inbound, StompErrorHandler errorHandler) {
        this.inbound = inbound;
        this.errorHandler = errorHandler;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Same origin only (the default): a page on another site cannot open a socket with the
        // user's cookie (cross-site WebSocket hijacking).
        registry.addEndpoint(Destinations.WEBSOCKET_ENDPOINT)
                // The client address, for the audit entries of this session's frames (SP-AUD-01), and the
                // HTTP session id, so that ending the session closes the socket (auth.AuthSessions).
                .addInterceptors(new jp.renkei.server.audit.AuditHandshakeInterceptor(),
                        new HttpSessionHandshakeInterceptor());
        registry.setErrorHandler(errorHandler);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes(Destinations.APP_PREFIX);
        // Renkei serves every subscription itself (LiveInboundInterceptor); Spring's simple broker is
        // enabled only for STOMP heart-beats, which find dead phone connections within a minute.
        ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
        heartbeats.setPoolSize(1);
        heartbeats.setThreadNamePrefix("stomp-heartbeat-");
        heartbeats.initialize();
        registry.enableSimpleBroker("/unused-broker")
                .setHeartbeatValue(new long[] {HEARTBEAT_MILLIS, HEARTBEAT_MILLIS})
                .setTaskScheduler(heartbeats);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.executor(new SyncTaskExecutor());
        registration.interceptors(inbound);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(new SyncTaskExecutor());
        registration.interceptors(new HeartbeatNegotiation());
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(Limits.MAX_FRAME_BYTES + 1024)
                .setSendBufferSizeLimit(4 * 1024 * 1024)
                .setSendTimeLimit(15_000)
                // Messages arrive in parts of the container's small buffer and are assembled up to the
                // frame limit only when one is that large (measured: sessions per GiB).
                .addDecoratorFactory(handler -> new FrameAssembler(handler, Limits.MAX_FRAME_BYTES,
                        Limits.MAX_FRAME_BYTES));
    }

    /**
     * Container message buffers, allocated per session when it opens: small, because
     * {@link FrameAssembler} assembles larger messages and refuses those over the frame limit by
     * closing the connection with status 1009 (message too big): a stream cannot be resynchronised
     * after an oversized frame. At the frame limit these two buffers would cost 192 KiB per idle session.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_BUFFER);
        container.setMaxBinaryMessageBufferSize(CONTAINER_BUFFER);
        return container;
    }

    /**
     * Characters (text) or bytes (binary) the container buffers before handing over a part: a visit
     * note of about 1,000 bytes arrives in one or two parts.
     */
    static final int CONTAINER_BUFFER = 1024;

    /**
     * Bytes of each connection's socket read and write buffers (Tomcat's default: 8 KiB each). A
     * WebSocket keeps them for its lifetime, so at 10,000 idle sessions the default costs 160 MB; larger
     * reads and writes simply take more than one buffer's worth (measured: sessions per GiB).
     */
    static final int SOCKET_BUFFER = 4 * 1024;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSocketBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER));
        });
    }
}
