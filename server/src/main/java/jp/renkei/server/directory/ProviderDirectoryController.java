package jp.renkei.server.directory;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.error.DomainException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider directory for signed-in users over HTTP (docs/protocol.md, the directory section). Thin:
 * {@link DirectoryService} decides and audits. What a user sees of an entry is decided per request by
 * the policy ({@code VIEW_DIRECTORY}): staff get every field, anyone else only the public ones.
 */
@RestController
@RequestMapping("/api/directory")
class ProviderDirectoryController {

    /** The body of {@code PUT /vocabulary/{id}}. */
    record CapabilityInput(String ja, String en) {
    }

    /** The body of {@code POST /providers/{id}/confirm}: a new status, or none to confirm it unchanged. */
    record ConfirmInput(String acceptance) {
    }

    private final CurrentUser currentUser;
    private final DirectoryService service;
    private final EntryViews views;
    private final DirectoryCsv csv;
    private final ContactWindowService windows;

    ProviderDirectoryController(CurrentUser currentUser, DirectoryService service, EntryViews views, DirectoryCsv csv,
                                ContactWindowService windows) {
        this.currentUser = currentUser;
        this.service = service;
        this.views = views;
        this.csv = csv;
        this.windows = windows;
    }

    @GetMapping("/providers")
    Map<String, Object> search(@RequestParam(name = "capability", required = false) List<String> capabilities,
                               @RequestParam(required = false) String municipality,
                               @RequestParam(required = false) String district,
                               @RequestParam(required = false) String accepting,
                               @RequestParam(name = "q", required = false) String text, Principal principal) {
        UserAccount user = currentUser.of(principal);
        var query = SearchParams.of(capabilities, municipality, district, accepting, text, service.vocabularyIds());
        List<ProviderEntry> found = service.search(query);
        Map<String, Object> out = frame(user);
        out.put("entries", render(user, found));
        return out;
    }

    @GetMapping("/providers/{id}")
    Map<String, Object> entry(@PathVariable String id, Principal principal) {
        UserAccount user = currentUser.of(principal);
        ProviderEntry e = service.existing(id);
        return render(user, List.of(e)).get(0);
    }

    /** The entries of the user's own organisation, with whether each is stale (the administrator's banner). */
    @GetMapping("/providers/mine")
    Map<String, Object> mine(Principal principal) {
        UserAccount user = currentUser.of(principal);
        List<ProviderEntry> own = service.ofOrganization(user.organizationId()).stream()
                .filter(e -> service.mayEdit(user, e)).toList();
        Map<String, Object> out = frame(user);
        out.put("entries", render(user, own));
        return out;
    }

    @PostMapping("/providers")
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) ProfileInput body,
                                               @RequestParam(required = false) String organizationId,
                                               Principal principal) {
        UserAccount user = currentUser.of(principal);
        ProviderEntry e = service.create(user, body, organizationId);
        return ResponseEntity.status(HttpStatus.CREATED).body(render(user, List.of(e)).get(0));
    }

    @PutMapping("/providers/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) ProfileInput body,
                               Principal principal) {
        UserAccount user = currentUser.of(principal);
        return render(user, List.of(service.update(user, id, body))).get(0);
    }

    @PostMapping("/providers/{id}/confirm")
    Map<String, Object> confirm(@PathVariable String id, @RequestBody(required = false) ConfirmInput body,
                                Principal principal) {
        UserAccount user = currentUser.of(principal);
        return render(user, List.of(service.confirm(user, id, body == null ? null : body.acceptance()))).get(0);
    }

    /** The body of {@code PUT /providers/{id}/organization}. */
    record LinkInput(String organizationId) {
    }

    @PutMapping("/providers/{id}/organization")
    Map<String, Object> link(@PathVariable String id, @RequestBody(required = false) LinkInput body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        return render(user, List.of(service.link(user, id, body == null ? null : body.organizationId()))).get(0);
    }

    @GetMapping("/vocabulary")
    Map<String, Object> vocabulary(Principal principal) {
        return frame(currentUser.of(principal));
    }

    @PutMapping("/vocabulary/{id}")
    Capability saveCapability(@PathVariable String id, @RequestBody(required = false) CapabilityInput body,
                              Principal principal) {
        if (body == null) {
            throw DomainException.invalid("body", "required");
        }
        return service.saveCapability(currentUser.of(principal), id, body.ja(), body.en());
    }

    /** A city's list as CSV (all or nothing; errors by line and column). */
    @PostMapping(path = "/providers/import", consumes = {"text/csv", "text/plain"})
    Map<String, Object> importCsv(@RequestBody(required = false) byte[] body, Principal principal) {
        UserAccount user = currentUser.of(principal);
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            throw DomainException.invalid("file", "not_utf8");
        }
        List<ProviderEntry> stored = csv.importCsv(user, text);
        return Map.of("stored", stored.size(), "ids", stored.stream().map(ProviderEntry::id).toList());
    }

    @GetMapping("/providers/export.csv")
    ResponseEntity<byte[]> exportCsv(Principal principal) {
        UserAccount user = currentUser.of(principal);
        byte[] bytes = csv.exportCsv(user);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("renkei-directory.csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(bytes);
    }

    // ---- contact windows (ケアマネタイム)

    @GetMapping("/contact-windows/me")
    Map<String, Object> myWindows(Principal principal) {
        return windows.view(currentUser.of(principal).id());
    }

    @PutMapping("/contact-windows/me")
    Map<String, Object> setMyWindows(@RequestBody(required = false) ContactWindowService.WindowsInput body,
                                     Principal principal) {
        UserAccount user = currentUser.of(principal);
        windows.set(user, body);
        return windows.view(user.id());
    }

    /**
     * The windows of up to 20 people (the composer, when writing to them): professional information, for
     * staff only.
     */
    @GetMapping("/contact-windows")
    Map<String, Object> windowsOf(@RequestParam(name = "userIds", required = false) List<String> userIds,
                                  Principal principal) {
        UserAccount user = currentUser.of(principal);
        if (!service.seesProfessional(user)) {
            throw new DomainException(ErrorCode.FORBIDDEN, null, "public_fields_only", null);
        }
        List<String> ids = userIds == null ? List.of() : userIds.stream()
                .flatMap(s -> java.util.Arrays.stream(s.split(","))).filter(s -> !s.isBlank()).distinct().toList();
        if (ids.size() > 20) {
            throw DomainException.invalid("userIds", "too_many");
        }
        if (ids.stream().anyMatch(s -> !s.matches("u-[A-Za-z0-9-]{1,40}"))) {
            throw DomainException.invalid("userIds", "bad_format");
        }
        return Map.of("zone", service.settings().zone().getId(), "people", ids.stream().map(windows::view).toList());
    }

    private Map<String, Object> frame(UserAccount user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", service.now().toString());
        out.put("zone", service.settings().zone().getId());
        out.put("staleAfterDays", service.settings().staleAfterDays());
        out.put("professional", service.seesProfessional(user));
        out.put("canManage", service.mayManage(user));
        out.put("canEditVocabulary", service.mayEditVocabulary(user));
        out.put("vocabulary", service.vocabulary().all());
        out.put("municipalities", service.municipalities());
        return out;
    }

    private List<Map<String, Object>> render(UserAccount user, List<ProviderEntry> entries) {
        Instant now = service.now();
        if (!service.seesProfessional(user)) {
            return entries.stream().map(e -> views.publicView(e, now)).toList();
        }
        var people = views.peopleWithWindows(windows.publishers());
        return entries.stream().map(e -> views.professional(e, now, people, user)).toList();
    }
}
