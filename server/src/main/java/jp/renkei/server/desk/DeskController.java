package jp.renkei.server.desk;

import java.security.Principal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jp.renkei.policy.Action;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.CurrentUser;
import jp.renkei.server.account.Organization;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.desk.DeskInputs.CaseInput;
import jp.renkei.server.desk.DeskInputs.CategoryInput;
import jp.renkei.server.desk.DeskInputs.HandoverInput;
import jp.renkei.server.desk.DeskInputs.ProvidersInput;
import jp.renkei.server.desk.DeskInputs.SearchInput;
import jp.renkei.server.desk.DeskInputs.StatusInput;
import jp.renkei.server.desk.DeskInputs.VersionInput;
import jp.renkei.server.error.DomainException;
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

/** The consultation desk over HTTP (docs/protocol.md). Thin: {@link DeskService} decides and audits. */
@RestController
@RequestMapping("/api/desk")
class DeskController {

    private final CurrentUser currentUser;
    private final DeskService service;
    private final DeskReports reports;
    private final DeskRetention retention;
    private final DeskCategories categories;
    private final ProviderLookup providers;
    private final AccountRepository accounts;

    DeskController(CurrentUser currentUser, DeskService service, DeskReports reports, DeskRetention retention,
                   DeskCategories categories, ProviderLookup providers, AccountRepository accounts) {
        this.currentUser = currentUser;
        this.service = service;
        this.reports = reports;
        this.retention = retention;
        this.categories = categories;
        this.providers = providers;
        this.accounts = accounts;
    }

    /** What this user may do (the screens offer 相談窓口 only to desk workers), the vocabularies and the zone. */
    @GetMapping("/me")
    Map<String, Object> me(Principal principal) {
        UserAccount user = currentUser.of(principal);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deskId", user.organizationId());
        m.put("deskName", accounts.findOrganization(user.organizationId()).map(Organization::name).orElse(null));
        m.put("isWorker", service.may(user, Action.READ_DESK_CASE));
        m.put("canViewCity", service.may(user, Action.VIEW_CITY_DESK_REPORT));
        m.put("canManageCategories", service.may(user, Action.MANAGE_DESK_CATEGORIES));
        m.put("canPurge", service.may(user, Action.PURGE_DESK_CASES));
        m.put("zone", service.zone().getId());
        m.put("today", service.today().toString());
        m.put("categories", categories.all().stream().map(DeskViews::category).toList());
        m.put("channels", DeskValidation.CHANNELS);
        m.put("consulterTypes", DeskValidation.CONSULTER_TYPES);
        m.put("ageBands", DeskValidation.AGE_BANDS);
        m.put("capabilities", providers.capabilities());
        m.put("retentionYears", retention.years());
        return m;
    }

    @PostMapping("/cases")
    ResponseEntity<Map<String, Object>> record(@RequestBody(required = false) CaseInput body, Principal principal) {
        DeskCase c = service.record(currentUser.of(principal), body);
        return ResponseEntity.status(HttpStatus.CREATED).body(DeskViews.full(c, service.today(), names()));
    }

    /** The desk's cases by category, status and month (no words in the address: see {@link #search}). */
    @GetMapping("/cases")
    Map<String, Object> list(@RequestParam(required = false) String category,
                             @RequestParam(required = false) String status, @RequestParam(required = false) String month,
                             Principal principal) {
        return cases(service.search(currentUser.of(principal), null, category, status, month));
    }

    /**
     * The same with words to look for. A POST body, not a query string: the words may be a person's name,
     * and addresses end up in logs and histories.
     */
    @PostMapping("/cases/search")
    Map<String, Object> search(@RequestBody(required = false) SearchInput body, Principal principal) {
        SearchInput in = body == null ? new SearchInput(null, null, null, null) : body;
        return cases(service.search(currentUser.of(principal), in.q(), in.category(), in.status(), in.month()));
    }

    private Map<String, Object> cases(List<DeskCase> found) {
        LocalDate today = service.today();
        return Map.of("cases", found.stream().map(c -> DeskViews.summary(c, today)).toList(),
                "limit", DeskService.MAX_RESULTS);
    }

    @GetMapping("/cases/{id}")
    Map<String, Object> read(@PathVariable String id, Principal principal) {
        DeskService.Read r = service.read(currentUser.of(principal), id);
        LocalDate today = service.today();
        Function<String, String> names = names();
        Map<String, Object> m = DeskViews.full(r.current(), today, names);
        m.put("history", r.history().stream().map(v -> DeskViews.version(v, today, names)).toList());
        return m;
    }

    @PutMapping("/cases/{id}")
    Map<String, Object> edit(@PathVariable String id, @RequestBody(required = false) CaseInput body, Principal principal) {
        return DeskViews.full(service.edit(currentUser.of(principal), id, body), service.today(), names());
    }

    @PostMapping("/cases/{id}/status")
    Map<String, Object> status(@PathVariable String id, @RequestBody(required = false) StatusInput body,
                               Principal principal) {
        return DeskViews.full(service.setStatus(currentUser.of(principal), id, body), service.today(), names());
    }

    @PostMapping("/cases/{id}/follow-ups/{followUpId}/done")
    Map<String, Object> followUpDone(@PathVariable String id, @PathVariable String followUpId,
                                     @RequestBody(required = false) VersionInput body, Principal principal) {
        return DeskViews.full(service.followUpDone(currentUser.of(principal), id, followUpId,
                body == null ? null : body.version()), service.today(), names());
    }

    @PostMapping("/cases/{id}/providers")
    Map<String, Object> introduce(@PathVariable String id, @RequestBody(required = false) ProvidersInput body,
                                  Principal principal) {
        return DeskViews.full(service.introduce(currentUser.of(principal), id, body), service.today(), names());
    }

    @PostMapping("/cases/{id}/handover")
    Map<String, Object> handover(@PathVariable String id, @RequestBody(required = false) HandoverInput body,
                                 Principal principal) {
        return DeskViews.full(service.handover(currentUser.of(principal), id, body), service.today(), names());
    }

    @GetMapping("/follow-ups")
    Map<String, Object> followUps(Principal principal) {
        return Map.of("today", service.today().toString(),
                "followUps", service.followUps(currentUser.of(principal)).stream().map(DeskViews::followUp).toList());
    }

    @GetMapping("/providers")
    Map<String, Object> providers(@RequestParam(required = false) String capability,
                                  @RequestParam(required = false) String area, @RequestParam(required = false) String q,
                                  Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.require(user, Action.RECORD_DESK_CASE, user.organizationId(), "desk.providers.search", null);
        DeskValidation v = new DeskValidation();
        v.oneOf("capability", capability == null || capability.isBlank() ? null : capability, providers.capabilities(), false);
        String a = v.text("area", area, DeskValidation.MAX_SHORT, false, false);
        String text = v.text("q", q, DeskValidation.MAX_SHORT, false, false);
        DeskValidation.throwIfAny(v);
        return Map.of("providers", providers.search(capability, a, text, 50));
    }

    /** The month's counts: the city's (every desk and the total) with {@code scope=city}, else the own desk's. */
    @GetMapping("/report")
    Map<String, Object> report(@RequestParam(required = false) String month,
                               @RequestParam(required = false, defaultValue = "desk") String scope, Principal principal) {
        DeskReports.Report r = reports.report(currentUser.of(principal), monthOf(month), city(scope));
        return DeskViews.report(r, categories.all());
    }

    @GetMapping("/report.csv")
    ResponseEntity<byte[]> reportCsv(@RequestParam(required = false) String month,
                                     @RequestParam(required = false, defaultValue = "desk") String scope,
                                     Principal principal) {
        DeskReports.Report r = reports.report(currentUser.of(principal), monthOf(month), city(scope));
        String name = "desk-report-" + r.month() + (r.city() ? "-city" : "") + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(reports.csv(r));
    }

    @PostMapping("/categories")
    ResponseEntity<Map<String, Object>> addCategory(@RequestBody(required = false) CategoryInput body,
                                                    Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.require(user, Action.MANAGE_DESK_CATEGORIES, null, "desk.category.add", null);
        String name = categoryName(body, null);
        return ResponseEntity.status(HttpStatus.CREATED).body(DeskViews.category(categories.add(name)));
    }

    @PutMapping("/categories/{id}")
    Map<String, Object> changeCategory(@PathVariable String id, @RequestBody(required = false) CategoryInput body,
                                       Principal principal) {
        UserAccount user = currentUser.of(principal);
        service.require(user, Action.MANAGE_DESK_CATEGORIES, null, "desk.category.change", null);
        DeskCategories.Category old = categories.find(id).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND));
        String name = categoryName(body, id);
        return DeskViews.category(categories.change(old, name, body.active() == null ? old.active() : body.active()));
    }

    @PostMapping("/purge")
    Map<String, Object> purge(Principal principal) {
        int n = retention.purge(currentUser.of(principal));
        return Map.of("purged", n, "retentionYears", retention.years());
    }

    private String categoryName(CategoryInput body, String id) {
        DeskValidation v = new DeskValidation();
        String name = v.text("name", body == null ? null : body.name(), DeskValidation.MAX_CATEGORY_NAME, true, false);
        if (name != null) {
            v.check(!categories.nameTaken(name, id), "name", "duplicate");
        }
        DeskValidation.throwIfAny(v);
        return name;
    }

    private YearMonth monthOf(String month) {
        YearMonth ym = DeskValidation.month(month);
        return ym == null ? YearMonth.from(service.today()) : ym;
    }

    private static boolean city(String scope) {
        return switch (scope) {
            case "city" -> true;
            case "desk" -> false;
            default -> throw DomainException.invalid("scope", "not_allowed");
        };
    }

    private Function<String, String> names() {
        return id -> id == null ? null : "system".equals(id) ? "system"
                : accounts.findUser(id).map(UserAccount::name).orElse(id);
    }
}
