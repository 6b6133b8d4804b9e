package jp.renkei.server.oncall;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jp.renkei.protocol.Ids;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.room.EventProjection;
import jp.renkei.server.room.StoredEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts an urgent note's escalation when the note is posted (the escalation is then stored and due at
 * once), and records the first acknowledgement by someone it was meant for, which stops it. As an
 * {@link EventProjection} it runs with the event, under the room's write lock, and is idempotent; it never
 * appends: the tick ({@link Escalations}) records each step in the room.
 *
 * <p>Notes stamped long before now (demo data, a catch-up after an outage) start no escalation.
 */
@Component
class UrgentNoteProjection implements EventProjection {

    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final EscalationStore store;
    private final AccountRepository accounts;
    private final Rotas rotas;
    private final EscalationSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    UrgentNoteProjection(EscalationStore store, AccountRepository accounts, Rotas rotas, EscalationSettings settings,
                         JsonMapper json, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.rotas = rotas;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void apply(StoredEvent e) {
        switch (e.kind()) {
            case NOTE_POSTED -> {
                JsonNode note = json.readTree(e.body()).path("note");
                if (!note.path("urgent").asBoolean(false) || !settings.enabled()
                        || e.ts().isBefore(clock.instant().minus(MAX_AGE))) {
                    return;
                }
                List<String> mentions = new ArrayList<>();
                note.path("mentions").forEach(m -> mentions.add(m.asString()));
                String sender = e.sender().userId();
                String orgId = accounts.findUser(sender).map(UserAccount::organizationId).orElse(null);
                Integer minutes = rotas.of(orgId).escalationMinutes();
                store.create(e.eventId(), e.roomId(), e.seq(), sender, orgId, e.ts(),
                        minutes == null ? settings.defaultMinutes() : minutes, mentions);
            }
            case NOTE_ACKNOWLEDGED -> {
                String noteId = json.readTree(e.body()).path("noteId").asString();
                if (Ids.seqOf(e.roomId(), noteId) < 1) {
                    return;
                }
                store.find(noteId).ifPresent(esc -> {
                    if (esc.ackBy() == null && esc.notified().contains(e.sender().userId())
                            && store.acknowledge(noteId, e.sender().userId(), e.ts())) {
                        store.pend(noteId, e.ts()); // the tick tells the room and stops it
                    }
                });
            }
            default -> {
                // Not a note event.
            }
        }
    }
}
