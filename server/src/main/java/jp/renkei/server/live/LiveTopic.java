package jp.renkei.server.live;

import java.util.Map;

import jp.renkei.server.account.UserAccount;

/**
 * A family of STOMP destinations served by a feature outside this package (e.g. the bed board), with
 * the same rules as rooms: {@link LiveInboundInterceptor} hands it SUBSCRIBE frames for the destinations
 * it {@linkplain #handles handles}, and tells it about UNSUBSCRIBE and closed sessions. The topic
 * authorizes the subscription itself (throwing {@code DomainException}, answered on {@code /me/replies}) and
 * checks access again at each delivery.
 */
public interface LiveTopic {

    /** Whether this topic serves {@code destination}. */
    boolean handles(String destination);

    /**
     * Authorizes and registers a subscription.
     *
     * @param user    the subscribing account (current, checked)
     * @param channel where to send this subscription's messages
     * @param headers the SUBSCRIBE frame's native headers (first value of each)
     * @throws jp.renkei.server.error.DomainException to refuse
     */
    void subscribe(UserAccount user, LiveChannel channel, Map<String, String> headers);

    /** The client ended a subscription (it may not be one of this topic's). */
    void unsubscribe(String sessionId, String subscriptionId);

    /** The connection closed. */
    void sessionClosed(String sessionId);
}
