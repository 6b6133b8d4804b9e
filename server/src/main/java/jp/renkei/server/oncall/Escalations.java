package jp.renkei.server.oncall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Profession;
import jp.renkei.policy.Target;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.ServerMessages.Person;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.note.NoteStateRepository;
import jp.renkei.server.notify.EscalationPush;
import jp.renkei.server.notify.UrgentNoteRouting;
import jp.renkei.server.oncall.EscalationStore.Escalation;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.room.TxnRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Escalates urgent notes that nobody they were meant for has acknowledged. Each step is due
 * {@code minutes} (the sender's organisation's setting, else {@code renkei.escalation.default-minutes})
 * after the one before: at once its addressees (the mentioned members, else the 主治医 and the host) are
 * told; then told again; then whoever covers now (副主治医 in a cover period, the physician on call, else
 * the 主治医); then the sender's facility administrator. Each step is a room event
 * ({@code urgent.escalated}), an audit entry and Web Push; the first acknowledgement by anyone it was
 * meant for stops it (and is recorded as a last step).
 *
 * <p>Driven by the application's {@link Clock}: {@link #tick()} takes every step that is due, called on a
 * schedule and directly by tests after moving the clock. Its state is stored ({@link EscalationStore}),
 * so a restart resumes it (a tick runs when the application is ready). A step's room event carries a
 * transaction key, and the step itself is a conditional update of the stored step: two ticks that race
 * (here, or on two nodes) record it once.
 */
@Service
class Escalations implements UrgentNoteRouting, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    /** The sender of the steps' room events: the server itself. */
    static final Person SYSTEM = new Person("system", "Renkei", null, null, null);

    static final String[] STEPS = {null, "notified", "renotified", "covering", "administrator"};
    static final String ACKNOWLEDGED = "acknowledged";

    private final EscalationStore store;
    private final Alerts alerts;
    private final RoomLogs logs;
    private final RoomCache rooms;
    private final RoomAccess access;
    private final AccessPolicy policy;
    private final AccountRepository accounts;
    private final CareTeamService careTeams;
    private final NoteStateRepository notes;
    private final TxnRepository txns;
    private final EscalationPush push;
    private final AuditTrail audit;
    private final Clock clock;
    private final EscalationSettings settings;
    private final ScheduledExecutorService scheduler;

    Escalations(EscalationStore store, Alerts alerts, RoomLogs logs, RoomCache rooms, RoomAccess access,
                AccessPolicy policy, AccountRepository accounts, CareTeamService careTeams, NoteStateRepository notes,
                TxnRepository txns, EscalationPush push, AuditTrail audit, Clock clock, EscalationSettings settings) {
        this.store = store;
        this.alerts = alerts;
        this.logs = logs;
        this.rooms = rooms;
        this.access = access;
        this.policy = policy;
        this.accounts = accounts;
        this.careTeams = careTeams;
        this.notes = notes;
        this.txns = txns;
        this.push = push;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "escalation");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean routesUrgentNotes() {
        return settings.enabled();
    }

    /** Resumes stored escalations at start, then ticks on a schedule. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (settings.enabled()) {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {
                    log.warn("escalation tick failed: {}", e.toString());
                }
            }, 0, settings.tickSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Runs a tick soon on the escalation thread: a new urgent note's addressees are told at once. */
    void tickSoon() {
        if (!settings.enabled() || !settings.wakeOnEvents()) {
            return;
        }
        try {
            scheduler.execute(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {
                    log.warn("escalation tick failed: {}", e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("escalation thread stopped");
        }
    }

    /**
     * Takes every step due at the clock's now. Returns how many steps this call recorded. One tick at a
     * time on a node; the stored step guards against other nodes.
     */
    synchronized int tick() {
        Instant now = clock.instant();
        int taken = 0;
        for (String noteId : store.due(now)) {
            try {
                taken += advance(noteId, now) ? 1 : 0;
            } catch (RuntimeException e) {
                // Ids only in logs. The escalation stays pending and is tried at the next tick.
                log.warn("escalation of {} failed: {}", noteId, e.toString());
            }
        }
        return taken;
    }

    /** Takes the next step of one escalation if it is due; returns whether a step was recorded here. */
    boolean advance(String noteId, Instant now) {
        Escalation e = store.find(noteId).orElse(null);
        Room room = e == null ? null : rooms.get(e.roomId()).orElse(null);
        if (e == null || room == null || room.archived()) {
            store.unpend(noteId);
            return false;
        }
        if (e.ackBy() == null) {
            String acker = firstAcknowledger(e);
            if (acker != null && store.acknowledge(noteId, acker, now)) {
                e = store.find(noteId).orElseThrow();
            }
        }
        if (e.ackBy() != null) {
            return announceAcknowledged(e);
        }
        if (e.step() >= 4) {
            store.unpend(noteId);
            return false;
        }
        if (e.nextDue().isAfter(now)) {
            store.pend(noteId, e.nextDue());
            return false;
        }
        int next = e.step() + 1;
        Map<String, String> to = recipients(e, room, next, now);
        boolean taken = record(e, next, STEPS[next], to, now);
        if (taken) {
            deliver(e, room, STEPS[next], to, now);
            if (next >= 4) {
                store.unpend(noteId);
            } else {
                store.pend(noteId, e.postedAt().plusSeconds(60L * e.minutes() * next));
            }
        }
        return taken;
    }

    /**
     * Appends the step's room event (once: its transaction key) and takes the step (once: a conditional
     * update), under the room's write lock.
     */
    private boolean record(Escalation e, int next, String step, Map<String, String> to, Instant now) {
        String txnKey = e.roomId() + "|system|esc-" + e.seq() + "-" + step;
        return logs.exclusive(e.roomId(), () -> {
            Escalation fresh = store.find(e.noteId()).orElse(null);
            if (fresh == null || fresh.step() != e.step() || fresh.ackBy() != null) {
                return false;
            }
            if (txns.findTxn(txnKey) < 0) {
                logs.append(e.roomId(), EventKind.URGENT_ESCALATED, SYSTEM, body(e, step, to), txnKey, CommandAudit.none());
            }
            return store.claim(e.noteId(), e.step(), next, to.keySet(), now);
        });
    }

    private boolean announceAcknowledged(Escalation e) {
        String txnKey = e.roomId() + "|system|esc-" + e.seq() + "-" + ACKNOWLEDGED;
        boolean told = logs.exclusive(e.roomId(), () -> {
            if (txns.findTxn(txnKey) < 0) {
                logs.append(e.roomId(), EventKind.URGENT_ESCALATED, SYSTEM,
                        body(e, ACKNOWLEDGED, Map.of(e.ackBy(), "acknowledger")), txnKey, CommandAudit.none());
            }
            return store.announceAck(e.noteId());
        });
        store.unpend(e.noteId());
        if (told) {
            audit.record(new AuditEntry("system", "urgent.escalate", "note", e.noteId(), e.roomId(), true, ACKNOWLEDGED, null));
        }
        return told;
    }

    /** Whom step {@code next} tells, each with their role (insertion order kept). */
    private Map<String, String> recipients(Escalation e, Room room, int next, Instant now) {
        Map<String, String> to = new LinkedHashMap<>();
        CareTeam team = careTeams.team(e.roomId());
        switch (next) {
            case 1, 2 -> {
                // Mentioned care staff (a mentioned family member never gets the staff timeline's notes).
                Map<String, UserAccount> mentioned = accounts.findUsers(e.mentions());
                for (String m : e.mentions()) {
                    UserAccount u = mentioned.get(m);
                    if (room.member(m) != null && u != null && u.profession().isCareStaff()) {
                        to.put(m, "addressee");
                    }
                }
                if (to.isEmpty()) {
                    if (team.attendingId() != null) {
                        to.put(team.attendingId(), "attending");
                    }
                    if (room.hostUserId() != null) {
                        to.putIfAbsent(room.hostUserId(), "host");
                    }
                }
            }
            case 3 -> {
                CoverResolver.Covering covering = careTeams.covering(team, now);
                String role = switch (covering.basis()) {
                    case COVER -> "deputy";
                    case ON_CALL -> "on_call";
                    default -> "attending";
                };
                // Widen the circle: whoever covers now, unless they were told already (the 主治医 in the
                // daytime) or sent the note; then the 副主治医.
                boolean coveringFits = covering.userId() != null && !covering.userId().equals(e.senderId())
                        && !e.notified().contains(covering.userId());
                if (coveringFits) {
                    to.put(covering.userId(), role);
                } else if (team.deputyId() != null && !team.deputyId().equals(e.senderId())) {
                    to.put(team.deputyId(), "deputy");
                } else if (covering.userId() != null && !covering.userId().equals(e.senderId())) {
                    to.put(covering.userId(), role);
                }
            }
            default -> {
                if (e.senderOrgId() != null) {
                    for (UserAccount u : accounts.usersOf(e.senderOrgId())) {
                        if (u.active() && u.profession() == Profession.FACILITY_ADMIN) {
                            to.put(u.id(), "facility_admin");
                        }
                    }
                }
            }
        }
        to.remove(e.senderId());
        return to;
    }

    /**
     * Web Push and the in-app list: members who may read the room get {@code urgent}; anyone else only a
     * content-free alert, if the policy allows it ({@code RECEIVE_ESCALATION_ALERT}); audited per person.
     */
    private void deliver(Escalation e, Room room, String step, Map<String, String> to, Instant now) {
        audit.record(new AuditEntry("system", "urgent.escalate", "note", e.noteId(), e.roomId(), true, step, null));
        List<String> members = new ArrayList<>();
        for (String userId : to.keySet()) {
            UserAccount user = accounts.findUser(userId).orElse(null);
            if (user == null || !user.active()) {
                continue;
            }
            if (room.member(userId) != null && access.mayReceive(user, room)) {
                members.add(userId);
                continue;
            }
            boolean allowed = policy.decide(user.subject(), Action.RECEIVE_ESCALATION_ALERT, null, null,
                    Target.organization(e.senderOrgId())).allowed();
            audit.record(new AuditEntry(userId, "urgent.alert", "note", e.noteId(), null, allowed,
                    allowed ? "alert_without_content" : "not_allowed", null));
            if (allowed) {
                alerts.add(userId, new Alerts.Alert(e.noteId(), e.roomId(), e.senderId(), step, now));
                push.attention(userId);
            }
        }
        if (!members.isEmpty()) {
            push.toMembers(e.roomId(), members);
        }
    }

    private String firstAcknowledger(Escalation e) {
        for (String userId : e.notified()) {
            if (notes.findAck(e.noteId(), userId) > 0) {
                return userId;
            }
        }
        return null;
    }

    private Map<String, Object> body(Escalation e, String step, Map<String, String> to) {
        List<Map<String, Object>> people = new ArrayList<>();
        Map<String, UserAccount> users = accounts.findUsers(to.keySet());
        to.forEach((id, role) -> {
            UserAccount u = users.get(id);
            Person p = u == null ? new Person(id, null, null, null, null) : u.person();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("person", p);
            entry.put("role", role);
            people.add(entry);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("noteId", e.noteId());
        body.put("step", step);
        body.put("to", people);
        body.put("minutes", e.minutes());
        return body;
    }

    /** The escalation of a note, if it had one. */
    Optional<Escalation> of(String noteId) {
        return store.find(noteId);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
