package jp.renkei.server.desk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jp.renkei.server.directory.DirectorySearch;
import jp.renkei.server.directory.ProviderEntry;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The desk's providers from the provider directory (事業所さがし): what a provider can do (人工呼吸器,
 * 成年後見の診断書, …) as its own administrator keeps it, and the providers the city listed that are not on
 * Renkei. The organisations Renkei already has (their kind: 訪問看護, 薬局, …) still answer too, through
 * {@link AccountProviderLookup}, so a desk can ask either "which kind" or "who can do this". A directory
 * entry kept for an organisation is that organisation (one row, its id); an entry without one is known by
 * the entry's id.
 */
@Primary
@Component
class DirectoryProviderLookup implements ProviderLookup {

    private final DirectorySearch directory;
    private final AccountProviderLookup accounts;

    DirectoryProviderLookup(DirectorySearch directory, AccountProviderLookup accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    @Override
    public List<Provider> search(String capability, String area, String text, int limit) {
        Map<String, Provider> found = new LinkedHashMap<>();
        boolean directoryCapability = capability != null && !capability.isBlank()
                && directory.capabilityIds().contains(capability);
        if (capability == null || capability.isBlank() || directoryCapability) {
            Set<String> caps = directoryCapability ? Set.of(capability) : Set.of();
            for (ProviderEntry e : directory.search(new DirectorySearch.Query(caps, null, null, false, text))) {
                Provider p = provider(e);
                if (blank(area) || serves(e, area)) {
                    found.putIfAbsent(p.organizationId(), p);
                }
            }
        }
        if (!directoryCapability) {
            for (Provider p : accounts.search(capability, area, text, limit)) {
                found.putIfAbsent(p.organizationId(), p);
            }
        }
        List<Provider> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparing(Provider::name));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    @Override
    public Optional<Provider> find(String id) {
        Optional<Provider> listed = directory.findProvider(id).map(DirectoryProviderLookup::provider);
        return listed.isPresent() ? listed : accounts.find(id);
    }

    @Override
    public List<String> capabilities() {
        Set<String> all = new LinkedHashSet<>(directory.capabilityIds());
        all.addAll(accounts.capabilities());
        return List.copyOf(all);
    }

    private static Provider provider(ProviderEntry e) {
        String area = e.areas().isEmpty() ? null : e.areas().get(0).municipality();
        return new Provider(e.organizationId() != null ? e.organizationId() : e.id(), e.name(), e.kind(), area,
                List.copyOf(e.capabilities()));
    }

    /** Whether the entry serves {@code area} (a 区 as the desk writes it, or the full municipality). */
    private static boolean serves(ProviderEntry e, String area) {
        return e.areas().stream().anyMatch(a -> a.municipality() != null
                && (a.municipality().equals(area) || a.municipality().endsWith(area)));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
