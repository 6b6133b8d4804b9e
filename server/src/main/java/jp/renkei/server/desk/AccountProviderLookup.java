package jp.renkei.server.desk;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.renkei.policy.OrganizationKind;
import jp.renkei.server.account.AccountRepository;
import jp.renkei.server.account.Organization;
import org.springframework.stereotype.Component;

/**
 * The provider search over the organisations of the account module, until a provider directory is
 * plugged in: a capability is what an organisation's kind implies (a 訪問看護ステーション does
 * {@code home_nursing}), nothing finer. Reads the organisations collection whole (a city has a few
 * hundred).
 */
@Component
class AccountProviderLookup implements ProviderLookup {

    /** Capabilities implied by each kind of organisation. */
    static final Map<OrganizationKind, List<String>> BY_KIND = Map.of(
            OrganizationKind.CLINIC, List.of("clinic", "home_visit"),
            OrganizationKind.CLINIC_WITH_BEDS, List.of("clinic", "home_visit", "beds"),
            OrganizationKind.HOSPITAL, List.of("hospital", "beds", "discharge_support"),
            OrganizationKind.HOME_NURSING_STATION, List.of("home_nursing"),
            OrganizationKind.PHARMACY, List.of("pharmacy"),
            OrganizationKind.CARE_MANAGEMENT_OFFICE, List.of("care_management"),
            OrganizationKind.HOME_CARE_PROVIDER, List.of("home_care"),
            OrganizationKind.SUPPORT_CENTER, List.of("support_center"));

    static final List<String> CAPABILITIES = List.of("clinic", "home_visit", "hospital", "beds", "discharge_support",
            "home_nursing", "pharmacy", "care_management", "home_care", "support_center");

    private final AccountRepository accounts;

    AccountProviderLookup(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<Provider> search(String capability, String area, String text, int limit) {
        return accounts.allOrganizations().stream().map(AccountProviderLookup::provider)
                .filter(p -> !p.capabilities().isEmpty())
                .filter(p -> blank(capability) || p.capabilities().contains(capability))
                .filter(p -> blank(area) || area.equals(p.area()))
                .filter(p -> blank(text) || p.name().contains(text.strip()))
                .sorted(Comparator.comparing(Provider::name)).limit(limit).toList();
    }

    @Override
    public Optional<Provider> find(String organizationId) {
        return accounts.findOrganization(organizationId).map(AccountProviderLookup::provider)
                .filter(p -> !p.capabilities().isEmpty());
    }

    @Override
    public List<String> capabilities() {
        return CAPABILITIES;
    }

    private static Provider provider(Organization o) {
        return new Provider(o.id(), o.name(), o.kind().wire(), o.area(), BY_KIND.getOrDefault(o.kind(), List.of()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
