package jp.renkei.server.handoff;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jp.renkei.policy.Reason;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.live.LiveChannel;
import jp.renkei.server.live.LiveTopic;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live inbox updates ({@value Destinations#HANDOFFS}): each change of a sheet sends
 * {@code handoff.changed} (ids and state only) to the subscriptions of care staff of its two offices who
 * may see it now (the policy asked again at each delivery, against the current account); the screen then
 * reloads the list or the sheet over HTTP, where the contents are read and audited. Audit: each SUBSCRIBE
 * and each delivery (batched).
 */
@Component
class HandoffLive implements LiveTopic {

    static final int MAX_PER_SESSION = 4;

    private record Sub(LiveChannel channel, String userId) {
    }

    private final HandoffService service;
    private final AccountRepository accounts;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Map<String, Map<String, Sub>> subs = new ConcurrentHashMap<>();

    HandoffLive(HandoffService service, AccountRepository accounts, AuditTrail audit, JsonMapper json) {
        this.service = service;
        this.accounts = accounts;
        this.audit = audit;
        this.json = json;
        service.onChange(this::deliver);
    }

    @Override
    public boolean handles(String destination) {
        return Destinations.HANDOFFS.equals(destination);
    }

    @Override
    public void subscribe(UserAccount user, LiveChannel channel, Map<String, String> headers) {
        boolean allowed = user.organizationId() != null && user.profession().isCareStaff();
        audit.record(new AuditEntry(user.id(), "handoff.subscribe", "handoff", null, null, allowed,
                allowed ? "subscribed" : Reason.PROFESSION_NOT_ALLOWED.code(), null));
        if (!allowed) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, Reason.PROFESSION_NOT_ALLOWED.code(), null);
        }
        Map<String, Sub> mine = subs.computeIfAbsent(channel.sessionId(), k -> new ConcurrentHashMap<>());
        if (mine.size() >= MAX_PER_SESSION && !mine.containsKey(channel.subscriptionId())) {
            throw DomainException.invalid("id", "too_many");
        }
        mine.put(channel.subscriptionId(), new Sub(channel, user.id()));
    }

    @Override
    public void unsubscribe(String sessionId, String subscriptionId) {
        Map<String, Sub> mine = subs.get(sessionId);
        if (mine != null) {
            mine.remove(subscriptionId);
        }
    }

    @Override
    public void sessionClosed(String sessionId) {
        subs.remove(sessionId);
    }

    private void deliver(Handoff h) {
        byte[] body = json.writeValueAsBytes(HandoffViews.changed(h));
        for (Map<String, Sub> mine : subs.values()) {
            for (Sub s : mine.values()) {
                UserAccount user = accounts.findUser(s.userId()).orElse(null);
                if (user == null || !user.active() || user.organizationId() == null
                        || !(user.organizationId().equals(h.senderOrgId()) || user.organizationId().equals(h.receiverOrgId()))) {
                    continue;
                }
                boolean allowed = service.mayView(user, h);
                if (allowed) {
                    s.channel().send(body);
                    audit.recordBatched(new AuditEntry(user.id(), "handoff.deliver", "handoff", h.id(), h.roomId(),
                            true, "delivered", null));
                }
            }
        }
    }
}
