package jp.renkei.server.auth;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.registration.HttpSessionPublicKeyCredentialCreationOptionsRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * パスキー on the settings page (SP-AUTH-02): a user logged in with both factors registers, lists and
 * removes their own passkeys. Registration is the WebAuthn ceremony in two calls: {@code options}
 * (a challenge kept in the session) and the authenticator's answer, verified by webauthn4j through
 * Spring Security's relying party. Nothing is stored unless the answer verifies.
 *
 * <p>My devices (SP-MOB-02): each passkey is a registered device, with a name its owner can edit, when it
 * was created and last used, and whether it is this session's device. Removing one revokes the device:
 * every session signed in (or unlocked) with it ends at once, and its client is told
 * {@code device_revoked} at its next contact and wipes its local data. A passkey registered in a session
 * makes that session's device a registered one (it locks when idle instead of ending).
 */
@RestController
@RequestMapping("/api/account/passkeys")
class PasskeyController {

    static final int MAX_LABEL = 40;
    static final int MAX_BODY = 16 * 1024;

    private final CurrentUser currentUser;
    private final Passkeys passkeys;
    private final CredentialStore credentials;
    private final AuditTrail audit;
    private final AuthSessions sessions;
    private final AccessPolicy policy;
    private final HttpSessionPublicKeyCredentialCreationOptionsRepository pending =
            new HttpSessionPublicKeyCredentialCreationOptionsRepository();

    PasskeyController(CurrentUser currentUser, Passkeys passkeys, CredentialStore credentials, AuditTrail audit,
                      AuthSessions sessions, AccessPolicy policy) {
        this.sessions = sessions;
        this.policy = policy;
        this.currentUser = currentUser;
        this.passkeys = passkeys;
        this.credentials = credentials;
        this.audit = audit;
    }

    /**
     * One passkey (a registered device) as its owner sees it; the id is the base64url credential id;
     * {@code thisDevice}: the session asking was signed in or unlocked with it.
     */
    record PasskeyView(String id, String label, String createdAt, String lastUsedAt, boolean thisDevice) {
    }

    /** {@code {"label": "..."}}. */
    record RenameRequest(String label) {
    }

    @GetMapping
    List<PasskeyView> list(Principal principal, HttpServletRequest request) {
        UserAccount me = currentUser.of(principal);
        audit.record(new AuditEntry(me.id(), "passkey.list", "account", me.id(), null, true, "own", request.getRemoteAddr()));
        String current = sessions.credentialOf(sessionId(request));
        return passkeys.of(me.id()).stream().map(r -> view(r, current)).toList();
    }

    /** Renames one of the user's own devices. */
    @PatchMapping("/{id}")
    ResponseEntity<String> rename(@PathVariable String id, @RequestBody(required = false) RenameRequest body,
                                  Principal principal, HttpServletRequest request) {
        UserAccount me = currentUser.of(principal);
        CredentialRecord record = passkeys.of(me.id()).stream()
                .filter(r -> id.length() <= 1400 && r.getCredentialId().toBase64UrlString().equals(id)).findFirst()
                .orElse(null);
        Decision decision = policy.decide(me.subject(), Action.RENAME_DEVICE, null, record == null ? null : me.id(),
                Target.organization(me.organizationId()));
        if (record == null || !decision.allowed()) {
            throw denied(me, "not_found", request, new DomainException(ErrorCode.NOT_FOUND));
        }
        String label = body == null || body.label() == null ? "" : body.label().strip();
        if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("label", label.isEmpty() ? "required" : "invalid");
        }
        passkeys.rename(me.id(), id, label);
        audit.record(new AuditEntry(me.id(), "device.rename", "account", me.id(), null, true, decision.reason().code(),
                request.getRemoteAddr()));
        CredentialRecord renamed = passkeys.of(me.id()).stream()
                .filter(r -> r.getCredentialId().toBase64UrlString().equals(id)).findFirst().orElse(record);
        return json(passkeys.json().writeValueAsString(view(renamed, sessions.credentialOf(sessionId(request)))));
    }

    private static String sessionId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getId();
    }

    /** Starts a registration: the creation options for {@code navigator.credentials.create}. */
    @PostMapping("/options")
    ResponseEntity<String> options(Principal principal, HttpServletRequest request, HttpServletResponse response) {
        UserAccount me = currentUser.of(principal);
        if (passkeys.of(me.id()).size() >= passkeys.maxPerUser()) {
            audit.record(new AuditEntry(me.id(), "passkey.register", "account", me.id(), null, false, "too_many",
                    request.getRemoteAddr()));
            throw DomainException.invalid("passkeys", "too_many");
        }
        passkeys.entityFor(me);
        PublicKeyCredentialCreationOptions options = passkeys.operations().createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(SecurityContextHolder.getContext().getAuthentication()));
        pending.save(request, response, options);
        return json(passkeys.json().writeValueAsString(options));
    }

    /** Finishes a registration: {@code {"label": "...", "credential": <PublicKeyCredential JSON>}}. */
    @PostMapping
    ResponseEntity<String> register(@RequestBody(required = false) String body, Principal principal,
                                    HttpServletRequest request, HttpServletResponse response) {
        UserAccount me = currentUser.of(principal);
        PublicKeyCredentialCreationOptions options = pending.load(request);
        // A challenge is answered once, right or wrong.
        pending.save(request, response, null);
        if (body == null || body.length() > MAX_BODY) {
            throw denied(me, "too_large", request, DomainException.invalid("credential", "too_large"));
        }
        RelyingPartyPublicKey key;
        try {
            key = passkeys.json().readValue(body, RelyingPartyPublicKey.class);
        } catch (RuntimeException e) {
            throw denied(me, "malformed", request, DomainException.invalid("credential", "malformed"));
        }
        String label = key.getLabel().strip();
        if (label.isEmpty() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw denied(me, "bad_label", request, DomainException.invalid("label", label.isEmpty() ? "required" : "invalid"));
        }
        if (options == null || !me.id().equals(options.getUser().getName())) {
            throw denied(me, "no_challenge", request, DomainException.invalid("credential", "no_challenge"));
        }
        CredentialRecord record;
        try {
            record = passkeys.operations().registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
                    new RelyingPartyPublicKey(key.getCredential(), label)));
        } catch (RuntimeException e) {
            // webauthn4j refused it: wrong origin or rp id, another challenge, a bad signature, a known id.
            throw denied(me, "not_verified", request, DomainException.invalid("credential", "not_verified"));
        }
        audit.record(new AuditEntry(me.id(), "passkey.register", "account", me.id(), null, true, "registered",
                request.getRemoteAddr()));
        // This device now has a passkey: the session locks when idle instead of ending (SP-AUTH-06).
        String credentialId = record.getCredentialId().toBase64UrlString();
        sessions.registerDevice(sessionId(request), credentialId);
        return json(passkeys.json().writeValueAsString(view(record, credentialId)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Principal principal, HttpServletRequest request) {
        UserAccount me = currentUser.of(principal);
        List<CredentialRecord> mine = passkeys.of(me.id());
        boolean known = id.length() <= 1400 && mine.stream().anyMatch(r -> r.getCredentialId().toBase64UrlString().equals(id));
        if (!known) {
            throw denied(me, "not_found", request, new DomainException(ErrorCode.NOT_FOUND));
        }
        // Staff must keep a second factor (SP-AUTH-02): the last one goes only through a reset link.
        if (mine.size() == 1 && credentials.totpSecret(me.id()).isEmpty()) {
            throw denied(me, "last_second_factor", request,
                    new DomainException(ErrorCode.FORBIDDEN, null, "last_second_factor", null));
        }
        Decision decision = policy.decide(me.subject(), Action.REVOKE_DEVICE, null, me.id(),
                Target.organization(me.organizationId()));
        if (!decision.allowed()) {
            throw denied(me, decision.reason().code(), request,
                    new DomainException(ErrorCode.FORBIDDEN, null, decision.reason().code(), null));
        }
        passkeys.delete(me.id(), id);
        // SP-MOB-02: the device's sessions end now (this one too, if it is this device).
        int ended = sessions.endAllWithCredential(id);
        audit.record(new AuditEntry(me.id(), "passkey.delete", "account", me.id(), null, true,
                "deleted:sessions_ended=" + ended, request.getRemoteAddr()));
        return ResponseEntity.noContent().build();
    }

    private DomainException denied(UserAccount me, String why, HttpServletRequest request, DomainException e) {
        String action = switch (why) {
            case "too_large", "malformed", "bad_label", "no_challenge", "not_verified", "too_many" -> "passkey.register";
            default -> "passkey.delete";
        };
        audit.record(new AuditEntry(me.id(), action, "account", me.id(), null, false, why, request.getRemoteAddr()));
        return e;
    }

    static PasskeyView view(CredentialRecord r, String currentCredentialId) {
        String id = r.getCredentialId().toBase64UrlString();
        return new PasskeyView(id, r.getLabel(),
                r.getCreated() == null ? null : r.getCreated().toString(),
                r.getLastUsed() == null ? null : r.getLastUsed().toString(), id.equals(currentCredentialId));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
