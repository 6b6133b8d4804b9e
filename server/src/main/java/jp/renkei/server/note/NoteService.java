package jp.renkei.server.note;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jp.renkei.policy.Action;
import jp.renkei.protocol.Commands.AckNote;
import jp.renkei.protocol.Commands.EditNote;
import jp.renkei.protocol.Commands.MarkRead;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Ids;
import jp.renkei.protocol.NoteValidator;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.protocol.ServerMessages.NoteAcknowledged;
import jp.renkei.protocol.ServerMessages.NoteEdited;
import jp.renkei.protocol.ServerMessages.Stored;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.photo.PhotoService;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomCache;
import jp.renkei.server.room.RoomRepository;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Service;
import jp.renkei.server.room.EventRepository;
import jp.renkei.server.room.RoomEventListener;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.room.StoredEvent;
import jp.renkei.server.room.TxnRepository;

/**
 * Notes: post, edit (a new version; the original stays), acknowledge (確認しました) and read markers
 * (既読). Each command is checked and appended under the room's write lock, so a retry with the
 * same transaction id is answered with the original event and never stored twice.
 */
@Service
public class NoteService {

    private final RoomLogs logs;
    private final RoomAccess access;
    private final NoteStateRepository state;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final RoomCache cache;
    private final List<RoomEventListener> listeners;
    private final PhotoService photos;
    private final TxnRepository txns;
    private final NoteMetrics metrics;

    NoteService(RoomLogs logs, RoomAccess access, NoteStateRepository state, EventRepository events,
                RoomRepository rooms, RoomCache cache, List<RoomEventListener> listeners, PhotoService photos,
                TxnRepository txns, NoteMetrics metrics) {
        this.metrics = metrics;
        this.photos = photos;
        this.txns = txns;
        this.logs = logs;
        this.access = access;
        this.state = state;
        this.events = events;
        this.rooms = rooms;
        this.cache = cache;
        this.listeners = listeners;
    }

    /**
     * Posts a note, or answers a retried transaction with the event it stored.
     *
     * @param audit the command's audit entry, written with the event (see {@link CommandAudit})
     * @throws DomainException for invalid input, a refusal of the policy or an unknown room
     */
    public Stored post(UserAccount user, PostNote cmd, CommandAudit audit) {
        return post(user, cmd, audit, Instant.now());
    }

    /** Posts with a given server time; only demo data uses a time other than now. */
    public Stored post(UserAccount user, PostNote cmd, CommandAudit audit, Instant at) {
        String roomId = requireRoomId(cmd.roomId());
        List<Violation> violations = new ArrayList<>(NoteValidator.validate(cmd.note(), "note"));
        requireTxnId(cmd.txnId(), violations);
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        String txnKey = txnKey(roomId, user, cmd.txnId());
        return logs.exclusive(roomId, () -> {
            Room room = access.require(user, roomId, Action.POST_NOTE);
            long earlier = txns.findTxn(txnKey);
            if (earlier > 0) {
                return new Stored(roomId, earlier, Ids.eventId(roomId, earlier), true);
            }
            requireMentionsAreMembers(room, cmd.note());
            requireReplyTarget(roomId, cmd.note());
            photos.requireAttachable(user, roomId, cmd.note().photos(), null); // photo consent (SP-CON-04)
            StoredEvent e = logs.append(roomId, EventKind.NOTE_POSTED, user.person(), new PostedBody(cmd.note()),
                    txnKey, audit, at);
            photos.attach(cmd.note().photos(), e.eventId());
            metrics.posted();
            return new Stored(roomId, e.seq(), e.eventId(), false);
        });
    }

    /**
     * Adds a version to the user's own note (the original stays in the log).
     *
     * @param audit the command's audit entry, written with the event (see {@link CommandAudit})
     * @throws DomainException for invalid input, a refusal, an unknown note or a stale base version
     */
    public Stored edit(UserAccount user, EditNote cmd, CommandAudit audit) {
        String roomId = requireRoomId(cmd.roomId());
        List<Violation> violations = new ArrayList<>(NoteValidator.validate(cmd.note(), "note"));
        requireTxnId(cmd.txnId(), violations);
        if (Ids.seqOf(roomId, cmd.noteId()) < 1) {
            violations.add(new Violation("noteId", "bad_format"));
        }
        if (cmd.baseVersion() < 1) {
            violations.add(new Violation("baseVersion", "out_of_range"));
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
        String txnKey = txnKey(roomId, user, cmd.txnId());
        return logs.exclusive(roomId, () -> {
            access.require(user, roomId, Action.READ_TIMELINE);
            long earlier = txns.findTxn(txnKey);
            if (earlier > 0) {
                return new Stored(roomId, earlier, Ids.eventId(roomId, earlier), true);
            }
            NoteStateRepository.NoteHead head = state.findHead(cmd.noteId())
                    .orElseThrow(() -> new DomainException(ErrorCode.NOTE_NOT_FOUND));
            Room room = access.require(user, roomId, Action.EDIT_NOTE, head.authorId(), null);
            if (head.version() != cmd.baseVersion()) {
                throw new DomainException(ErrorCode.STALE_VERSION,
                        "The note is at version " + head.version() + "; reload it and edit again.");
            }
            requireMentionsAreMembers(room, cmd.note());
            requireReplyTarget(roomId, cmd.note());
            photos.requireAttachable(user, roomId, cmd.note().photos(), cmd.noteId()); // photo consent (SP-CON-04)
            StoredEvent e = logs.append(roomId, EventKind.NOTE_EDITED, user.person(),
                    new NoteEdited(cmd.noteId(), head.version() + 1, cmd.note()), txnKey, audit);
            photos.attach(cmd.note().photos(), cmd.noteId());
            return new Stored(roomId, e.seq(), e.eventId(), false);
        });
    }

    /**
     * Acknowledges a note (確認しました) once; a repeat is answered with the first acknowledgement.
     *
     * @param audit the command's audit entry, written with the event (see {@link CommandAudit})
     * @throws DomainException for invalid input, a refusal or an unknown note
     */
    public Stored acknowledge(UserAccount user, AckNote cmd, CommandAudit audit) {
        return acknowledge(user, cmd, audit, Instant.now());
    }

    /** Acknowledges with a given server time; only demo data uses a time other than now. */
    public Stored acknowledge(UserAccount user, AckNote cmd, CommandAudit audit, Instant at) {
        String roomId = requireRoomId(cmd.roomId());
        if (Ids.seqOf(roomId, cmd.noteId()) < 1) {
            throw DomainException.invalid("noteId", "bad_format");
        }
        return logs.exclusive(roomId, () -> {
            access.require(user, roomId, Action.ACK_NOTE);
            if (state.findHead(cmd.noteId()).isEmpty()) {
                throw new DomainException(ErrorCode.NOTE_NOT_FOUND);
            }
            long earlier = state.findAck(cmd.noteId(), user.id());
            if (earlier > 0) {
                return new Stored(roomId, earlier, Ids.eventId(roomId, earlier), true);
            }
            StoredEvent e = logs.append(roomId, EventKind.NOTE_ACKNOWLEDGED, user.person(),
                    new NoteAcknowledged(cmd.noteId()), null, audit, at);
            return new Stored(roomId, e.seq(), e.eventId(), false);
        });
    }

    /** Moves the user's read marker forward. Returns the marker after the command. */
    public long markRead(UserAccount user, MarkRead cmd) {
        String roomId = requireRoomId(cmd.roomId());
        Room room = access.require(user, roomId, Action.MARK_READ);
        if (cmd.seq() < 1 || cmd.seq() > room.head().seq()) {
            throw new DomainException(ErrorCode.INVALID_SEQ);
        }
        long current = room.member(user.id()).readSeq();
        if (cmd.seq() <= current) {
            return current;
        }
        StoredEvent event = events.find(roomId, cmd.seq()).orElseThrow(() -> new DomainException(ErrorCode.INVALID_SEQ));
        if (rooms.advanceReadMarker(roomId, user.id(), event.seq(), event.notes())) {
            Room after = cache.refresh(roomId).orElseThrow();
            for (RoomEventListener listener : listeners) {
                listener.onReadMarker(after, user.id(), event.seq());
            }
        }
        return cmd.seq();
    }

    private static void requireMentionsAreMembers(Room room, NoteContent note) {
        if (note.mentions() == null) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < note.mentions().size(); i++) {
            if (room.member(note.mentions().get(i)) == null) {
                violations.add(new Violation("note.mentions[" + i + "]", "not_a_member"));
            }
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
    }

    /** A reply names a note of the same room (its id is the event id of a {@code note.posted}). */
    private void requireReplyTarget(String roomId, NoteContent note) {
        String target = note.replyTo();
        if (target != null && (Ids.seqOf(roomId, target) < 1 || state.findHead(target).isEmpty())) {
            throw DomainException.invalid("note.replyTo", "not_found");
        }
    }

    private static String requireRoomId(String roomId) {
        if (!Ids.isValidRoomId(roomId)) {
            throw new DomainException(ErrorCode.ROOM_NOT_FOUND);
        }
        return roomId;
    }

    private static void requireTxnId(String txnId, List<Violation> violations) {
        if (txnId == null) {
            violations.add(new Violation("txnId", "required"));
        } else if (!Ids.isValidClientId(txnId)) {
            violations.add(new Violation("txnId", "bad_format"));
        }
    }

    private static String txnKey(String roomId, UserAccount user, String txnId) {
        return roomId + "|" + user.id() + "|" + txnId;
    }

    /** The stored body of {@code note.posted}; the note id is the event id, added when shown. */
    record PostedBody(NoteContent note) {
    }
}
