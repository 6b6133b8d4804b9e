package jp.renkei.server.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.UserAccount;
import org.springframework.stereotype.Component;

/**
 * What the API shows of an entry: the professional view (every field, and the contact windows of the
 * organisation's staff) or the public view. The public view is built from an allow-list, {@link
 * DirectoryRules#ALWAYS_PUBLIC} plus the entry's own {@code publicFields} ∩ {@link
 * DirectoryRules#CONFIGURABLE}: a field that is not listed there can never reach the public page, whatever
 * is added to an entry later.
 */
@Component
class EntryViews {

    private final DirectoryService service;
    private final ContactWindowService windows;
    private final AccountRepository accounts;

    EntryViews(DirectoryService service, ContactWindowService windows, AccountRepository accounts) {
        this.service = service;
        this.windows = windows;
        this.accounts = accounts;
    }

    /** Every field, for signed-in staff. {@code people}: whose contact windows to show, by organisation. */
    Map<String, Object> professional(ProviderEntry e, Instant now, Map<String, List<UserAccount>> people, UserAccount viewer) {
        Map<String, Object> m = all(e, now);
        m.put("organizationId", e.organizationId());
        m.put("directLine", e.directLine());
        m.put("note", e.note());
        m.put("publicFields", DirectoryRules.CONFIGURABLE.stream().filter(e.publicFields()::contains).toList());
        m.put("version", e.version());
        m.put("updatedAt", e.updatedAt().toString());
        m.put("canEdit", viewer != null && service.mayEdit(viewer, e));
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (UserAccount u : e.organizationId() == null ? List.<UserAccount>of() : people.getOrDefault(e.organizationId(), List.of())) {
            Map<String, Object> p = windows.view(u.id());
            p.put("name", u.name());
            p.put("profession", u.profession().wire());
            contacts.add(p);
        }
        m.put("contactWindows", contacts);
        return m;
    }

    /** Only the public fields, for the page without sign-in and for accounts the policy gives no more. */
    Map<String, Object> publicView(ProviderEntry e, Instant now) {
        Map<String, Object> all = all(e, now);
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : all.entrySet()) {
            if (DirectoryRules.ALWAYS_PUBLIC.contains(f.getKey())
                    || (DirectoryRules.CONFIGURABLE.contains(f.getKey()) && e.publicFields().contains(f.getKey()))) {
                m.put(f.getKey(), f.getValue());
            }
        }
        return m;
    }

    /** The staff with published windows, by organisation: one pass over the (few) published windows. */
    Map<String, List<UserAccount>> peopleWithWindows(java.util.Collection<String> userIds) {
        Map<String, List<UserAccount>> out = new LinkedHashMap<>();
        accounts.findUsers(userIds).values().stream()
                .filter(u -> u.active() && u.organizationId() != null)
                .sorted(java.util.Comparator.comparing(UserAccount::name))
                .forEach(u -> out.computeIfAbsent(u.organizationId(), k -> new ArrayList<>()).add(u));
        return out;
    }

    private Map<String, Object> all(ProviderEntry e, Instant now) {
        DirectorySettings s = service.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("kind", e.kind());
        m.put("address", e.address());
        m.put("areas", e.areas().stream().map(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("municipality", a.municipality());
            am.put("district", a.district());
            return am;
        }).toList());
        m.put("hours", e.hours());
        m.put("phone", e.phone());
        m.put("fax", e.fax());
        m.put("capabilities", e.capabilities());
        m.put("acceptance", e.acceptance());
        m.put("confirmedAt", e.confirmedAt().toString());
        m.put("ageDays", DirectoryRules.ageDays(e.confirmedAt(), now, s.zone()));
        m.put("stale", DirectoryRules.stale(e.confirmedAt(), now, s.zone(), s.staleAfterDays()));
        return m;
    }
}
