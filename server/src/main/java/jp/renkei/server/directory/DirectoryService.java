package jp.renkei.server.directory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jp.renkei.policy.AccessPolicy;
import jp.renkei.policy.Action;
import jp.renkei.policy.Decision;
import jp.renkei.policy.Target;
import jp.renkei.protocol.ErrorCode;
import jp.renkei.protocol.Violation;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.audit.AuditEntry;
import jp.renkei.server.audit.AuditTrail;
import jp.renkei.server.error.DomainException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Every step of the provider directory: asks the policy, validates, audits (allowed and denied) and writes.
 * The entries are held in memory (loaded at start, written through, {@link DirectoryRepository}); the
 * search is a filter over them. Changes run under one lock, so a version check and its write are one step
 * on this node.
 */
@Service
public class DirectoryService implements DirectorySearch {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DirectoryRepository repository;
    private final CapabilityVocabulary vocabulary;
    private final AccountRepository accounts;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final DirectorySettings settings;
    private final Clock clock;
    private final Map<String, ProviderEntry> entries = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    DirectoryService(DirectoryRepository repository, CapabilityVocabulary vocabulary, AccountRepository accounts,
                     AccessPolicy policy, AuditTrail audit, DirectorySettings settings, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.vocabulary = vocabulary;
        this.accounts = accounts;
        this.policy = policy;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        repository.loadAll().forEach(e -> entries.put(e.id(), e));
    }

    Instant now() {
        return clock.instant();
    }

    DirectorySettings settings() {
        return settings;
    }

    CapabilityVocabulary vocabulary() {
        return vocabulary;
    }

    /** Whether {@code user} sees the professional-only fields (policy {@code VIEW_DIRECTORY}). */
    boolean seesProfessional(UserAccount user) {
        return user != null && policy.decide(user.subject(), Action.VIEW_DIRECTORY, null).allowed();
    }

    /** Whether {@code user} may change entry {@code e}. */
    boolean mayEdit(UserAccount user, ProviderEntry e) {
        return editDecision(user, e).allowed();
    }

    /** Refuses (and audits) anyone who may not keep the regional list. */
    void requireManage(UserAccount user, String action) {
        require(user, policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null), action, null);
    }

    boolean mayManage(UserAccount user) {
        return policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null).allowed();
    }

    boolean mayEditVocabulary(UserAccount user) {
        return policy.decide(user.subject(), Action.EDIT_DIRECTORY_VOCABULARY, null).allowed();
    }

    boolean stale(ProviderEntry e) {
        return DirectoryRules.stale(e.confirmedAt(), now(), settings.zone(), settings.staleAfterDays());
    }

    @Override
    public Optional<ProviderEntry> findProvider(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ProviderEntry byId = entries.get(id);
        return byId != null ? Optional.of(byId)
                : entries.values().stream().filter(e -> id.equals(e.organizationId())).findFirst();
    }

    @Override
    public List<String> capabilityIds() {
        return vocabulary.all().stream().map(Capability::id).toList();
    }

    @Override
    public List<ProviderEntry> search(Query q) {
        Instant now = now();
        String text = q.text() == null ? null : q.text().strip().toLowerCase(Locale.ROOT);
        return entries.values().stream()
                .filter(e -> e.capabilities().containsAll(q.capabilities()))
                .filter(e -> q.municipality() == null || e.areas().stream().anyMatch(a -> a.serves(q.municipality(), q.district())))
                .filter(e -> !q.acceptingNow() || ("accepting".equals(e.acceptance())
                        && !DirectoryRules.stale(e.confirmedAt(), now, settings.zone(), settings.staleAfterDays())))
                .filter(e -> text == null || text.isEmpty() || e.name().toLowerCase(Locale.ROOT).contains(text)
                        || (e.address() != null && e.address().toLowerCase(Locale.ROOT).contains(text)))
                .sorted(Comparator.comparingInt((ProviderEntry e) -> DirectoryRules.ACCEPTANCE.indexOf(e.acceptance()))
                        .thenComparing(ProviderEntry::name))
                .limit(MAX_RESULTS)
                .toList();
    }

    /** Every municipality some entry serves, for the area filter. */
    List<String> municipalities() {
        return entries.values().stream().flatMap(e -> e.areas().stream()).map(ProviderEntry.Area::municipality)
                .distinct().sorted().toList();
    }

    Optional<ProviderEntry> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(entries.get(id));
    }

    ProviderEntry existing(String id) {
        return find(id).orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND));
    }

    /** The entries of {@code user}'s own organisation (the administrator's banner and form). */
    List<ProviderEntry> ofOrganization(String organizationId) {
        if (organizationId == null) {
            return List.of();
        }
        return entries.values().stream().filter(e -> organizationId.equals(e.organizationId()))
                .sorted(Comparator.comparing(ProviderEntry::name)).toList();
    }

    /** All entries, by name (export). */
    List<ProviderEntry> all() {
        return entries.values().stream().sorted(Comparator.comparing(ProviderEntry::name).thenComparing(ProviderEntry::id)).toList();
    }

    /**
     * Adds an entry (the operator). {@code organizationId}, when given, links it to an organisation on
     * Renkei, whose facility administrator keeps it from then on.
     */
    public ProviderEntry create(UserAccount user, ProfileInput in, String organizationId) {
        Decision d = policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null);
        require(user, d, "directory.create", null);
        if (organizationId != null && accounts.findOrganization(organizationId).isEmpty()) {
            throw DomainException.invalid("organizationId", "unknown");
        }
        validate(in);
        synchronized (lock) {
            if (entries.size() >= DirectoryRules.MAX_ENTRIES) {
                throw DomainException.invalid("entries", "too_many");
            }
            ProviderEntry e = build(newId(), organizationId, in, now(), 1, user.id());
            repository.insert(e);
            entries.put(e.id(), e);
            audit.record(new AuditEntry(user.id(), "directory.create", "provider", e.id(), null, true, d.reason().code(), null));
            return e;
        }
    }

    /**
     * Saves a profile: a new acceptance status, capabilities, areas, fields' visibility. Saving confirms the
     * acceptance status (its "as of" becomes now). {@code STALE_VERSION} when someone saved in between.
     */
    public ProviderEntry update(UserAccount user, String id, ProfileInput in) {
        ProviderEntry current = existing(id);
        Decision d = editDecision(user, current);
        require(user, d, "directory.update", id);
        validate(in);
        if (in.baseVersion() == null) {
            throw DomainException.invalid("baseVersion", "required");
        }
        synchronized (lock) {
            current = existing(id);
            if (current.version() != in.baseVersion()) {
                throw staleVersion(user, "directory.update", id);
            }
            ProviderEntry e = build(id, current.organizationId(), in, now(), current.version() + 1, user.id());
            write(e, current.version(), user, "directory.update");
            audit.record(new AuditEntry(user.id(), "directory.update", "provider", id, null, true, d.reason().code(), null));
            return e;
        }
    }

    /**
     * Confirms the acceptance status as it is, or sets a new one (確認しました / 受け入れ状況の更新): the
     * "as of" date becomes today.
     */
    public ProviderEntry confirm(UserAccount user, String id, String acceptance) {
        ProviderEntry current = existing(id);
        Decision d = editDecision(user, current);
        require(user, d, "directory.confirm", id);
        if (acceptance != null && !DirectoryRules.ACCEPTANCE.contains(acceptance)) {
            throw DomainException.invalid("acceptance", "unknown");
        }
        synchronized (lock) {
            current = existing(id);
            Instant now = now();
            ProviderEntry e = new ProviderEntry(id, current.organizationId(), current.name(), current.kind(),
                    current.address(), current.areas(), current.hours(), current.phone(), current.fax(),
                    current.directLine(), current.capabilities(), acceptance == null ? current.acceptance() : acceptance,
                    now, current.note(), current.publicFields(), current.version() + 1, now, user.id());
            write(e, current.version(), user, "directory.confirm");
            audit.record(new AuditEntry(user.id(), "directory.confirm", "provider", id, null, true, d.reason().code(), null));
            return e;
        }
    }

    /**
     * Hands an entry of the regional list over to an organisation that joined Renkei (the operator): from
     * then on its facility administrator keeps it. Only an entry not yet linked.
     */
    public ProviderEntry link(UserAccount user, String id, String organizationId) {
        ProviderEntry current = existing(id);
        Decision d = policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null);
        require(user, d, "directory.link", id);
        if (organizationId == null || accounts.findOrganization(organizationId).isEmpty()) {
            throw DomainException.invalid("organizationId", "unknown");
        }
        synchronized (lock) {
            current = existing(id);
            if (current.organizationId() != null) {
                throw DomainException.invalid("organizationId", "already_linked");
            }
            ProviderEntry e = new ProviderEntry(id, organizationId, current.name(), current.kind(), current.address(),
                    current.areas(), current.hours(), current.phone(), current.fax(), current.directLine(),
                    current.capabilities(), current.acceptance(), current.confirmedAt(), current.note(),
                    current.publicFields(), current.version() + 1, now(), user.id());
            write(e, current.version(), user, "directory.link");
            audit.record(new AuditEntry(user.id(), "directory.link", "provider", id, null, true, d.reason().code(), null));
            return e;
        }
    }

    /** Adds or relabels a capability (the operator). Ids never change. */
    public Capability saveCapability(UserAccount user, String id, String ja, String en) {
        Decision d = policy.decide(user.subject(), Action.EDIT_DIRECTORY_VOCABULARY, null);
        require(user, d, "directory.vocabulary", id);
        List<Violation> v = new ArrayList<>();
        if (id == null || !CapabilityVocabulary.ID.matcher(id).matches()) {
            v.add(new Violation("id", "bad_format"));
        }
        label(ja, "ja", v);
        label(en, "en", v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
        synchronized (lock) {
            Optional<Capability> old = vocabulary.find(id);
            if (old.isEmpty() && vocabulary.size() >= CapabilityVocabulary.MAX_CAPABILITIES) {
                throw DomainException.invalid("id", "too_many");
            }
            Capability c = new Capability(id, ja.strip(), en.strip(), old.map(Capability::order).orElse(vocabulary.nextOrder()));
            vocabulary.save(c);
            audit.record(new AuditEntry(user.id(), "directory.vocabulary", "capability", id, null, true, d.reason().code(), null));
            return c;
        }
    }

    /**
     * Stores the rows of an import, all or nothing: the caller ({@link DirectoryCsv}) has already checked
     * every row. Rows with an id update that entry (version + 1), rows without create one.
     */
    List<ProviderEntry> storeImport(UserAccount user, List<DirectoryCsv.Row> rows) {
        Decision d = policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null);
        require(user, d, "directory.import", null);
        List<ProviderEntry> stored = new ArrayList<>();
        synchronized (lock) {
            long creates = rows.stream().filter(r -> r.id() == null || !entries.containsKey(r.id())).count();
            if (entries.size() + creates > DirectoryRules.MAX_ENTRIES) {
                throw DomainException.invalid("entries", "too_many");
            }
            Instant now = now();
            for (DirectoryCsv.Row r : rows) {
                ProviderEntry current = r.id() == null ? null : entries.get(r.id());
                if (current != null && current.organizationId() != null) {
                    // DirectoryCsv refuses changed rows of entries kept by their facility and drops unchanged ones.
                    throw new IllegalStateException("import row for a linked entry");
                }
                Instant confirmed = r.confirmedAt() != null ? r.confirmedAt() : now;
                ProviderEntry e = build(r.id() == null ? newId() : r.id(), null, r.input(), confirmed,
                        current == null ? 1 : current.version() + 1, user.id());
                e = new ProviderEntry(e.id(), e.organizationId(), e.name(), e.kind(), e.address(), e.areas(), e.hours(),
                        e.phone(), e.fax(), e.directLine(), e.capabilities(), e.acceptance(), confirmed, e.note(),
                        e.publicFields(), e.version(), now, user.id());
                if (current == null) {
                    repository.insert(e);
                } else if (!repository.replace(e, current.version())) {
                    throw new DomainException(ErrorCode.STALE_VERSION);
                }
                entries.put(e.id(), e);
                stored.add(e);
            }
            audit.record(new AuditEntry(user.id(), "directory.import", "provider", null, null, true,
                    d.reason().code() + ":" + stored.size(), null));
        }
        return stored;
    }

    /** Entries written by the demo data (their ids start with {@code p-demo-}). */
    public List<ProviderEntry> demoEntries() {
        return entries.values().stream().filter(e -> e.id().startsWith("p-demo-")).toList();
    }

    /** The clock's now, for the demo data's "confirmed n days ago". */
    public Instant nowForDemo() {
        return now();
    }

    /** Stores a demo entry as given (the demo region only; no request, no policy). */
    public void addForDemo(ProviderEntry e) {
        synchronized (lock) {
            if (!entries.containsKey(e.id())) {
                repository.insert(e);
                entries.put(e.id(), e);
            }
        }
    }

    /** Checks {@code user} may export, and records it. */
    void auditExport(UserAccount user, int count) {
        Decision d = policy.decide(user.subject(), Action.VIEW_DIRECTORY, null);
        require(user, d, "directory.export", null);
        audit.record(new AuditEntry(user.id(), "directory.export", "provider", null, null, true,
                d.reason().code() + ":" + count, null));
    }

    void validate(ProfileInput in) {
        if (in == null) {
            throw DomainException.invalid("body", "required");
        }
        List<Violation> v = new ArrayList<>();
        DirectoryRules.check(in, vocabularyIds(), "", v);
        if (!v.isEmpty()) {
            throw DomainException.invalid(v);
        }
    }

    Set<String> vocabularyIds() {
        return vocabulary.all().stream().map(Capability::id).collect(Collectors.toSet());
    }

    static ProviderEntry build(String id, String organizationId, ProfileInput in, Instant now, long version, String by) {
        Set<String> pub = in.publicFields() == null ? DirectoryRules.DEFAULT_PUBLIC : new HashSet<>(in.publicFields());
        return new ProviderEntry(id, organizationId, DirectoryRules.clean(in.name()), in.kind(),
                DirectoryRules.clean(in.address()), DirectoryRules.cleanAreas(in.areas()), DirectoryRules.clean(in.hours()),
                DirectoryRules.phoneNumber(in.phone()), DirectoryRules.phoneNumber(in.fax()),
                DirectoryRules.phoneNumber(in.directLine()),
                DirectoryRules.distinct(in.capabilities()), in.acceptance(), now, DirectoryRules.clean(in.note()), pub,
                version, now, by);
    }

    private Decision editDecision(UserAccount user, ProviderEntry e) {
        // An entry linked to an organisation is kept by its facility administrator; one that is not, by the
        // operator who keeps the regional list.
        return e.organizationId() == null
                ? policy.decide(user.subject(), Action.MANAGE_DIRECTORY, null)
                : policy.decide(user.subject(), Action.EDIT_PROVIDER_PROFILE, null, null, Target.organization(e.organizationId()));
    }

    private void write(ProviderEntry e, long expectedVersion, UserAccount user, String action) {
        if (!repository.replace(e, expectedVersion)) {
            throw staleVersion(user, action, e.id());
        }
        entries.put(e.id(), e);
    }

    private DomainException staleVersion(UserAccount user, String action, String id) {
        audit.record(new AuditEntry(user.id(), action, "provider", id, null, false, "stale_version", null));
        return new DomainException(ErrorCode.STALE_VERSION, "The entry has changed since you loaded it.");
    }

    private void require(UserAccount user, Decision d, String action, String id) {
        if (!d.allowed()) {
            audit.record(new AuditEntry(user.id(), action, "provider", id, null, false, d.reason().code(), null));
            throw new DomainException(ErrorCode.FORBIDDEN, null, d.reason().code(), null);
        }
    }

    private static void label(String s, String field, List<Violation> v) {
        if (s == null || s.isBlank()) {
            v.add(new Violation(field, "required"));
        } else if (s.strip().codePointCount(0, s.strip().length()) > CapabilityVocabulary.MAX_LABEL) {
            v.add(new Violation(field, "too_long"));
        }
    }

    private static String newId() {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return "p-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('_', '-');
    }
}
