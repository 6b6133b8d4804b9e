package jp.renkei.server.live;

import java.security.Principal;
import java.util.List;
import java.util.function.BiFunction;

import jp.renkei.protocol.Commands.AckNote;
import jp.renkei.protocol.Commands.EditNote;
import jp.renkei.protocol.Commands.MarkRead;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Destinations;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.ServerMessages.ErrorReply;
import jp.renkei.protocol.ServerMessages.OkReply;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditContext;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditHandshakeInterceptor;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.note.NoteService;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.error.StorageFull;
import jp.renkei.server.web.ApiExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Controller;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP commands. Each parses its JSON body, asks the note service, and answers on
 * {@code /me/replies} with {@code ok} or {@code error} and the frame's request id.
 */
@Controller
class CommandController {

    private static final Logger log = LoggerFactory.getLogger(CommandController.class);

    private final NoteService notes;
    private final CurrentUser currentUser;
    private final LiveRegistry registry;
    private final FrameSender sender;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final CommandGate gate;

    CommandController(NoteService notes, CurrentUser currentUser, LiveRegistry registry, FrameSender sender,
                      JsonMapper json, AuditTrail audit, CommandGate gate) {
        this.gate = gate;
        this.audit = audit;
        this.notes = notes;
        this.currentUser = currentUser;
        this.registry = registry;
        this.sender = sender;
        this.json = json;
    }

    @MessageMapping("/notes.post")
    void post(Message<byte[]> message, Principal principal) {
        handle(message, principal, PostNote.class, notes::post);
    }

    @MessageMapping("/notes.edit")
    void edit(Message<byte[]> message, Principal principal) {
        handle(message, principal, EditNote.class, notes::edit);
    }

    @MessageMapping("/notes.ack")
    void ack(Message<byte[]> message, Principal principal) {
        handle(message, principal, AckNote.class, notes::acknowledge);
    }

    @MessageMapping("/rooms.read")
    void read(Message<byte[]> message, Principal principal) {
        handle(message, principal, MarkRead.class, (user, cmd) -> java.util.Map.of("readSeq", notes.markRead(user, cmd)));
    }

    /** A command that stores an event: it must hand its audit entry to the log's append. */
    @FunctionalInterface
    private interface Command<T> {
        Object run(UserAccount user, T command, CommandAudit audit);
    }

    /** Moving the read marker is frequent and changes no content: its allowed entry is batched. */
    private <T> void handle(Message<byte[]> message, Principal principal, Class<T> type,
                            BiFunction<UserAccount, T, Object> frequent) {
        handle(message, principal, type, true, (user, cmd, audit) -> frequent.apply(user, cmd));
    }

    private <T> void handle(Message<byte[]> message, Principal principal, Class<T> type, Command<T> action) {
        handle(message, principal, type, false, action);
    }

    private <T> void handle(Message<byte[]> message, Principal principal, Class<T> type, boolean batched,
                            Command<T> action) {
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String requestId = stomp.getFirstNativeHeader(Destinations.HEADER_REQUEST_ID);
        LiveSession session = registry.session(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()),
                principal.getName());
        Object reply;
        T command = null;
        try (AuditContext.Scope ignored = AuditContext.open(
                AuditHandshakeInterceptor.originOf(SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders())))) {
            try {
                UserAccount user = currentUser.of(principal);
                command = parse(message.getPayload(), type);
                AuditEntry allowed = commandEntry(principal, stomp.getDestination(), command, true, "ok");
                T parsed = command;
                if (batched) {
                    Object result = gate.run(() -> action.run(user, parsed, CommandAudit.none()));
                    audit.recordBatched(allowed);
                    reply = OkReply.of(requestId, result);
                } else {
                    // The entry rides on the event's durable insert; complete() records it if none was made.
                    CommandAudit commandAudit = CommandAudit.of(allowed);
                    Object result = gate.run(() -> {
                        Object r = action.run(user, parsed, commandAudit);
                        audit.complete(commandAudit);
                        return r;
                    });
                    reply = OkReply.of(requestId, result);
                }
            } catch (DomainException e) {
                if (!AuditContext.denialRecorded()) {
                    auditCommand(principal, stomp.getDestination(), command, false, e.code().code());
                }
                reply = ErrorReply.of(requestId, e.code(), e.getMessage(), e.reason(), e.violations());
            }
        } catch (RuntimeException e) {
            if (StorageFull.is(e)) {
                sender.reply(session, ErrorReply.of(requestId, ErrorCode.STORAGE_FULL, null, null, null));
                return;
            }
            // Type and stack only: messages may carry patient data.
            log.error("Command {} failed: {}", stomp.getDestination(), e.getClass().getName(),
                    ApiExceptionHandler.withoutMessage(e));
            reply = ErrorReply.of(requestId, ErrorCode.INTERNAL, null, null, null);
        }
        sender.reply(session, reply);
    }

    /**
     * One audit entry per command (SP-AUD-01), durable before the reply: an allowed command carries its
     * entry to the log's append ({@link CommandAudit}), which writes it right before the event's durable
     * insert; a refused command's entry is recorded here. Allowed read-marker moves are batched.
     */
    private void auditCommand(Principal principal, String destination, Object command, boolean allowed, String reason) {
        audit.record(commandEntry(principal, destination, command, allowed, reason));
    }

    private static AuditEntry commandEntry(Principal principal, String destination, Object command, boolean allowed,
                                           String reason) {
        String action = switch (destination == null ? "" : destination) {
            case Destinations.POST_NOTE -> "note.post";
            case Destinations.EDIT_NOTE -> "note.edit";
            case Destinations.ACK_NOTE -> "note.ack";
            case Destinations.MARK_READ -> "room.read";
            default -> "live.send";
        };
        String roomId = null;
        String type = "room";
        String resource = null;
        if (command instanceof PostNote c) {
            roomId = c.roomId();
            resource = c.roomId();
        } else if (command instanceof EditNote c) {
            roomId = c.roomId();
            type = "note";
            resource = c.noteId();
        } else if (command instanceof AckNote c) {
            roomId = c.roomId();
            type = "note";
            resource = c.noteId();
        } else if (command instanceof MarkRead c) {
            roomId = c.roomId();
            resource = c.roomId() + ":" + c.seq();
        }
        return new AuditEntry(principal.getName(), action, type, clip(resource), clip(roomId), allowed, reason, null);
    }

    private static String clip(String id) {
        return id == null || id.length() <= 100 ? id : id.substring(0, 100);
    }

    private <T> T parse(byte[] body, Class<T> type) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw new DomainException(ErrorCode.MALFORMED_JSON);
        }
        if (tree == null || !tree.isObject()) {
            throw new DomainException(ErrorCode.MALFORMED_JSON);
        }
        try {
            return json.treeToValue(tree, type);
        } catch (DatabindException e) {
            throw DomainException.invalid(List.of(new Violation(pathOf(e),
                    e instanceof jp.renkei.server.web.StrictJson.BadText ? "bad_text" : "bad_type")));
        } catch (JacksonException e) {
            throw new DomainException(ErrorCode.MALFORMED_JSON);
        }
    }

    private static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
