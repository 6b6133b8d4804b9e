package jp.renkei.protocol;

/**
 * The kinds of room events. Every event has a per-room sequence number; events are immutable.
 * Clients must ignore kinds they do not know (new kinds are not a breaking change).
 */
public enum EventKind {
    /** The room was created. Content: {@link ServerMessages.RoomCreated}. Always seq 1. */
    ROOM_CREATED("room.created"),
    /** A member joined by invitation. Content: {@link ServerMessages.MemberJoined}. */
    MEMBER_INVITED("member.invited"),
    /** The host removed a member. Content: {@link ServerMessages.MemberGone}. */
    MEMBER_REMOVED("member.removed"),
    /** A member left. Content: {@link ServerMessages.MemberGone}. */
    MEMBER_LEFT("member.left"),
    /** A note was posted. Content: {@link ServerMessages.NotePosted}. */
    NOTE_POSTED("note.posted"),
    /** A note was edited; the earlier versions stay in the timeline. Content: {@link ServerMessages.NoteEdited}. */
    NOTE_EDITED("note.edited"),
    /** A member acknowledged a note (確認しました). Content: {@link ServerMessages.NoteAcknowledged}. */
    NOTE_ACKNOWLEDGED("note.acknowledged"),
    CONSENT_RECORDED("consent.recorded"),
    CONSENT_WITHDRAWN("consent.withdrawn"),
    EMERGENCY_OPENED("emergency.opened"),

    // ---- Visit calendar (issue 4). Content: see docs/protocol.md, "Calendar events".
    /** A visit or event was added to the room's calendar. Content: {@code {itemId, version, item}}. */
    CALENDAR_ITEM_ADDED("calendar.item.added"),
    /** A calendar item was changed as a whole (times, rule, visitor). Content: {@code {itemId, version, item}}. */
    CALENDAR_ITEM_CHANGED("calendar.item.changed"),
    /** A calendar item was cancelled with all its occurrences. Content: {@code {itemId, version}}. */
    CALENDAR_ITEM_CANCELLED("calendar.item.cancelled"),
    /** One occurrence was cancelled. Content: {@code {itemId, version, occurrence}}. */
    CALENDAR_OCCURRENCE_CANCELLED("calendar.occurrence.cancelled"),
    /** One occurrence was moved. Content: {@code {itemId, version, occurrence, start, end}}. */
    CALENDAR_OCCURRENCE_MOVED("calendar.occurrence.moved"),

    /**
     * The host recorded the room's photo rules (SP-CON-04). Content: {@code {"photos": bool,
     * "faces": bool}} (branch photos).
     */
    PHOTO_RULES_CHANGED("photo_rules.changed"),

    /**
     * The room passed to another host because the host left their organisation (退職, SP-AUTHZ-05).
     * Sender: the facility administrator. Content: {@link ServerMessages.HostChanged}.
     */
    HOST_CHANGED("host.changed"),

    /**
     * Care ended: the host closed the patient room (終了). From this event on the room is read-only, the family's
     * access ends at {@code familyAccessUntil}, and the retention period runs. Content: {@link ServerMessages.RoomClosed}.
     */
    ROOM_CLOSED("room.closed"),
    /** The host reopened a closed room (the patient came home again). Content: {@link ServerMessages.RoomReopened}. */
    ROOM_REOPENED("room.reopened"),
    /**
     * The room's retention period ended and an administrator confirmed the purge: right after this event the
     * room's key is destroyed and nothing of the room can be read again. Sender: the administrator.
     * Content: {@link ServerMessages.RoomPurged}.
     */
    ROOM_PURGED("room.purged"),
    // ---- Who covers a patient, and urgent notes that cannot be missed (docs/protocol.md, "On call").
    /**
     * The host or the 主治医 set the room's 主治医 and 副主治医 (members who are physicians; either may be
     * {@code null}). Content: {@code {"attending": Person|null, "deputy": Person|null}}.
     */
    CARE_ROLES_CHANGED("care.roles.changed"),
    /**
     * A cover period: from {@code from} until {@code to} the 副主治医 covers. Content:
     * {@code {"coverId", "from", "to"}} (instants, shown in Japan time).
     */
    CARE_COVER_ADDED("care.cover.added"),
    /** A cover period was removed. Content: {@code {"coverId"}}. */
    CARE_COVER_REMOVED("care.cover.removed"),
    /**
     * One step of an urgent note's escalation, by the server (sender {@code system}). Content:
     * {@code {"noteId", "step", "to": [{"person": Person, "role"}], "minutes"}}; step is {@code notified},
     * {@code renotified}, {@code covering}, {@code administrator} or {@code acknowledged}.
     */
    URGENT_ESCALATED("urgent.escalated");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The kind of a wire value, or {@code null}. */
    public static EventKind fromWire(String value) {
        for (EventKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        return null;
    }
}
