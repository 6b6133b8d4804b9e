package jp.renkei.server.photo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import jp.renkei.policy.Action;
import jp.renkei.policy.RoomKind;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.EventKind;
import jp.renkei.protocol.Violation;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.photo.PhotoRepository.Photo;
import jp.renkei.server.room.Room;
import jp.renkei.server.room.RoomAccess;
import jp.renkei.server.room.RoomLogs;
import jp.renkei.server.error.DomainException;
import org.springframework.stereotype.Service;

/**
 * Photos (写真) attached to notes: upload, the room's photo rules, attaching to a note, and viewing
 * through short-lived links. Every upload, link, view and download is audited with ids only
 * (SP-AUD-01), allowed or denied.
 */
@Service
public class PhotoService {

    private final RoomAccess access;
    private final RoomLogs logs;
    private final PhotoRules rules;
    private final PhotoRepository photos;
    private final PhotoLinks links;
    private final AuditTrail audit;
    private final DecodeGate decoders;
    private final SecureRandom random = new SecureRandom();

    PhotoService(RoomAccess access, RoomLogs logs, PhotoRules rules, PhotoRepository photos, PhotoLinks links,
                 AuditTrail audit, DecodeGate decoders) {
        this.decoders = decoders;
        this.access = access;
        this.logs = logs;
        this.rules = rules;
        this.photos = photos;
        this.links = links;
        this.audit = audit;
    }

    /** An uploaded photo, pending until a note references it. */
    public record Uploaded(String photoId, int width, int height) {
    }

    /**
     * Stores an uploaded photo (already size-limited by the caller) after checking the policy, the
     * room's photo rules and the image itself. Nothing is stored unless every check passes.
     *
     * @param faces the uploader's statement that a face is shown (no face detection is attempted)
     */
    public Uploaded upload(UserAccount user, String roomId, byte[] bytes, boolean faces, String origin) {
        return audited(user, "photo.upload", null, roomId, origin, () -> {
            Room room = access.require(user, roomId, Action.UPLOAD_PHOTO);
            PhotoRules.Rules r = rules.of(roomId, defaults(room));
            if (!r.photos() || (faces && !r.faces())) {
                throw new DomainException(ErrorCode.PHOTO_NOT_ALLOWED);
            }
            // Memory is bounded: a few decodes at once, each within a pixel budget; else 503 + Retry-After.
            ImageProcessor.Processed p = decoders.run(() -> ImageProcessor.process(bytes));
            String photoId = "p-" + HexFormat.of().formatHex(randomBytes(12));
            photos.store(new Photo(photoId, roomId, user.id(), faces, p.width(), p.height(), 0, 0, null),
                    p.image(), p.thumbnail());
            return new Uploaded(photoId, p.width(), p.height());
        }, u -> u.photoId());
    }

    /** The room's photo rules as recorded by its host, else the room's default. */
    public PhotoRules.Rules rules(UserAccount user, String roomId) {
        Room room = access.require(user, roomId, Action.READ_TIMELINE);
        return rules.of(roomId, defaults(room));
    }

    /**
     * The rules of a room whose host has not chosen (SP-CON-04; docs/security.md, "Photos by default"):
     * a patient room whose consent is in force shares photos that show no face (wounds and pressure
     * ulcers are what the team photographs); faces only when the host records that the patient agreed.
     * A network room holds no patient data: no photos unless its host allows them.
     */
    static PhotoRules.Rules defaults(Room room) {
        return room.kind() == RoomKind.PATIENT && room.consent() != null && room.consent().inForce()
                ? new PhotoRules.Rules(true, false) : PhotoRules.Rules.NONE;
    }

    /** The host records the room's photo consent (SP-CON-04); the change is an event of the room's log. */
    public void setRules(UserAccount user, String roomId, boolean allowPhotos, boolean allowFaces, String origin) {
        audited(user, "photo.rules", null, roomId, origin, () -> logs.exclusive(roomId, () -> {
            access.require(user, roomId, Action.SET_PHOTO_RULES);
            logs.append(roomId, EventKind.PHOTO_RULES_CHANGED, user.person(),
                    new RulesChanged(allowPhotos, allowPhotos && allowFaces), null, CommandAudit.none());
            return Boolean.TRUE;
        }), b -> null);
    }

    /** Content of {@code photo_rules.changed}. */
    record RulesChanged(boolean photos, boolean faces) {
    }

    /** Signed, short-lived links to the photo and its thumbnail for this user. */
    public Link link(UserAccount user, String roomId, String photoId, String origin) {
        return audited(user, "photo.link", photoId, roomId, origin, () -> {
            access.require(user, roomId, Action.VIEW_PHOTO);
            Photo p = visible(user, roomId, photoId);
            PhotoLinks.Signed full = links.sign(p.photoId(), "full", user.id());
            PhotoLinks.Signed thumb = links.sign(p.photoId(), "thumb", user.id());
            String base = "/api/rooms/" + roomId + "/photos/" + photoId;
            return new Link(base + "?exp=" + full.exp() + "&sig=" + full.sig(),
                    base + "/thumb?exp=" + thumb.exp() + "&sig=" + thumb.sig(), full.exp());
        }, l -> photoId);
    }

    /** Links to a photo; {@code expiresAt} in epoch seconds. */
    public record Link(String url, String thumbUrl, long expiresAt) {
    }

    /** The decrypted JPEG of a photo or its thumbnail, after the link, the session user and the policy. */
    public byte[] download(UserAccount user, String roomId, String photoId, boolean thumb, Long exp, String sig,
                           String origin) {
        return audited(user, thumb ? "photo.view" : "photo.download", photoId, roomId, origin, () -> {
            links.verify(photoId, thumb ? "thumb" : "full", user.id(), exp, sig);
            access.require(user, roomId, Action.VIEW_PHOTO);
            return photos.read(visible(user, roomId, photoId), thumb);
        }, b -> photoId);
    }

    /**
     * Checks the photos a note is about to reference (call under the room's write lock): each exists in
     * this room, was uploaded by the poster, and is pending or already attached to {@code noteId}
     * (an edit keeping its photos).
     */
    public void requireAttachable(UserAccount user, String roomId, List<String> photoIds, String noteId) {
        if (photoIds == null) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < photoIds.size(); i++) {
            String field = "note.photos[" + i + "]";
            Photo p = photos.find(photoIds.get(i)).filter(x -> x.roomId().equals(roomId)).orElse(null);
            if (p == null) {
                violations.add(new Violation(field, "not_found"));
            } else if (!p.uploaderId().equals(user.id())) {
                violations.add(new Violation(field, "not_yours"));
            } else if (p.noteId() != null && !p.noteId().equals(noteId)) {
                violations.add(new Violation(field, "already_attached"));
            }
        }
        if (!violations.isEmpty()) {
            throw DomainException.invalid(violations);
        }
    }

    /** Marks the photos as attached to the note that was just stored. */
    public void attach(List<String> photoIds, String noteId) {
        if (photoIds != null) {
            photoIds.forEach(id -> photos.attach(id, noteId));
        }
    }

    /** A photo of this room; a pending one is visible to its uploader only. */
    private Photo visible(UserAccount user, String roomId, String photoId) {
        return photos.find(photoId)
                .filter(p -> p.roomId().equals(roomId))
                .filter(p -> p.noteId() != null || p.uploaderId().equals(user.id()))
                .orElseThrow(() -> new DomainException(ErrorCode.PHOTO_NOT_FOUND));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Runs {@code action} and records the outcome in the audit trail (ids and codes only). */
    private <T> T audited(UserAccount user, String action, String photoId, String roomId, String origin,
                          Supplier<T> body, java.util.function.Function<T, String> resource) {
        try {
            T result = body.get();
            audit.record(new AuditEntry(user.id(), action, "photo", resource.apply(result), roomId, true, "ok",
                    origin));
            return result;
        } catch (DomainException e) {
            audit.record(new AuditEntry(user.id(), action, "photo", photoId, roomId, false,
                    e.reason() != null ? e.reason() : e.code().code(), origin));
            throw e;
        }
    }
}
