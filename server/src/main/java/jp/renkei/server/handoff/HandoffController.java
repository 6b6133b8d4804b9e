package jp.renkei.server.handoff;

import java.security.Principal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.renkei.protocol.Violation;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import jp.renkei.server.handoff.HandoffInputs.AnswerInput;
import jp.renkei.server.handoff.HandoffInputs.ConferenceInput;
import jp.renkei.server.handoff.HandoffInputs.CreateInput;
import jp.renkei.server.handoff.HandoffInputs.EditInput;
import jp.renkei.server.handoff.HandoffInputs.HoursInput;
import jp.renkei.server.handoff.HandoffInputs.ReceiveInput;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Handoff sheets over HTTP (docs/protocol.md, handoff section). Thin: {@link HandoffService} decides and audits. */
@RestController
@RequestMapping("/api/handoffs")
class HandoffController {

    private final CurrentUser currentUser;
    private final HandoffService service;
    private final HandoffTemplates templates;
    private final HandoffOffices offices;

    HandoffController(CurrentUser currentUser, HandoffService service, HandoffTemplates templates,
                      HandoffOffices offices) {
        this.currentUser = currentUser;
        this.service = service;
        this.templates = templates;
        this.offices = offices;
    }

    @GetMapping("/me")
    Map<String, Object> me(Principal principal) {
        return service.capabilities(currentUser.of(principal));
    }

    @GetMapping("/templates")
    Map<String, Object> templates(Principal principal) {
        currentUser.of(principal);
        return Map.of("templates", templates.all().stream().map(templates::definition).toList());
    }

    @PostMapping("/templates")
    ResponseEntity<JsonNode> addTemplate(@RequestBody(required = false) JsonNode body, Principal principal) {
        HandoffTemplate t = service.addTemplate(currentUser.of(principal), body);
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.definition(t));
    }

    /** Offices a sheet may be addressed to (names and kinds: the form's picker). */
    @GetMapping("/receivers")
    Map<String, Object> receivers(Principal principal) {
        UserAccount user = currentUser.of(principal);
        if (!user.profession().isCareStaff() || user.organizationId() == null) {
            return Map.of("organizations", List.of());
        }
        return Map.of("organizations", offices.directory().stream()
                .filter(o -> !o.id().equals(user.organizationId()))
                .map(o -> Map.of("id", o.id(), "name", o.name(), "kind", o.kind().wire())).toList());
    }

    @GetMapping
    Map<String, Object> inbox(@RequestParam(defaultValue = "all") String box,
                              @RequestParam(required = false) String state,
                              @RequestParam(required = false) String dueBy, Principal principal) {
        LocalDate due = null;
        if (dueBy != null) {
            try {
                due = LocalDate.parse(dueBy);
            } catch (DateTimeException e) {
                throw DomainException.invalid("dueBy", "bad_format");
            }
        }
        return Map.of("handoffs", service.inbox(currentUser.of(principal), box, state, due));
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) CreateInput body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        Handoff h = service.create(user, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(service.read(user, h.id(), null));
    }

    @GetMapping("/{id}")
    Map<String, Object> read(@PathVariable String id, @RequestParam(required = false) Integer version,
                             Principal principal) {
        return service.read(currentUser.of(principal), id, version);
    }

    @PutMapping("/{id}")
    Map<String, Object> edit(@PathVariable String id, @RequestBody(required = false) EditInput body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.edit(user, id, body);
        return service.read(user, id, null);
    }

    @PostMapping("/{id}/send")
    Map<String, Object> send(@PathVariable String id, Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.send(user, id);
        return service.read(user, id, null);
    }

    @PostMapping("/{id}/receive")
    Map<String, Object> receive(@PathVariable String id, @RequestBody(required = false) ReceiveInput body,
                                Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.receive(user, id, body);
        return service.read(user, id, null);
    }

    @PostMapping("/{id}/answer")
    Map<String, Object> answer(@PathVariable String id, @RequestBody(required = false) AnswerInput body,
                               Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.answer(user, id, body);
        return service.read(user, id, null);
    }

    @PostMapping("/{id}/conference")
    Map<String, Object> conference(@PathVariable String id, @RequestBody(required = false) ConferenceInput body,
                                   Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.conference(user, id, body);
        return service.read(user, id, null);
    }

    @GetMapping(value = "/{id}/fhir", produces = "application/fhir+json")
    Map<String, Object> fhir(@PathVariable String id, Principal principal) {
        UserAccount user = currentUser.of(principal);
        Handoff[] h = new Handoff[1];
        HandoffService.Sealed s = service.readForExport(user, id, "handoff.fhir", h);
        if (h[0].admission()) {
            throw DomainException.invalid("id", "not_a_discharge_sheet");
        }
        return HandoffFhir.bundle(h[0], s, templates.find(h[0].templateId(), h[0].templateVersion()),
                service.organizationName(h[0].senderOrgId()), service.organizationName(h[0].receiverOrgId()),
                service.now(), service.zone());
    }

    @GetMapping("/offices/{orgId}/hours")
    Map<String, Object> hours(@PathVariable String orgId, Principal principal) {
        currentUser.of(principal);
        return hoursView(service.hours(orgId));
    }

    @PutMapping("/offices/{orgId}/hours")
    Map<String, Object> setHours(@PathVariable String orgId, @RequestBody(required = false) HoursInput body,
                                 Principal principal) {
        UserAccount user = currentUser.of(principal);
        OfficeHours hours = parseHours(body);
        service.setHours(user, orgId, hours);
        return hoursView(hours);
    }

    private static Map<String, Object> hoursView(OfficeHours h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days", h.days().stream().sorted().map(DayOfWeek::name).map(d -> d.substring(0, 3)).toList());
        m.put("open", h.open().toString());
        m.put("close", h.close().toString());
        return m;
    }

    private static OfficeHours parseHours(HoursInput in) {
        List<Violation> v = new ArrayList<>();
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (in.days() == null || in.days().isEmpty() || in.days().size() > 7) {
            v.add(new Violation("days", "required"));
        } else {
            for (String d : in.days()) {
                DayOfWeek day = null;
                for (DayOfWeek w : DayOfWeek.values()) {
                    if (w.name().substring(0, 3).equals(d)) {
                        day = w;
                    }
                }
                if (day == null) {
                    v.add(new Violation("days", "unknown_value"));
                    break;
                }
                days.add(day);
            }
        }
        LocalTime open = time("open", in.open(), v);
        LocalTime close = time("close", in.close(), v);
        if (open != null && close != null && !open.isBefore(close)) {
            v.add(new Violation("close", "before_open"));
        }
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        return new OfficeHours(days, open, close);
    }

    private static LocalTime time(String field, String value, List<Violation> v) {
        if (value == null || !value.matches("[0-2][0-9]:[0-5][0-9]")) {
            v.add(new Violation(field, value == null ? "required" : "bad_format"));
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeException e) {
            v.add(new Violation(field, "bad_format"));
            return null;
        }
    }
}
