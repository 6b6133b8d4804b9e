package jp.renkei.server.desk;

import java.util.List;
import java.util.Optional;

/**
 * Where the desk finds providers to introduce: by capability, area and name. This module's own
 * implementation ({@link AccountProviderLookup}) searches the organisations Renkei already has and knows
 * only what their kind implies; a provider directory with real capabilities (ventilators, guardianship
 * certificates, ケアマネタイム) replaces it by declaring its own {@code ProviderLookup} bean as
 * {@code @Primary}. Implementations hold no patient data.
 */
public interface ProviderLookup {

    /** A provider as the desk shows and records it. */
    record Provider(String organizationId, String name, String kind, String area, List<String> capabilities) {
    }

    /**
     * Providers matching all the given criteria ({@code null} or blank: any), by name; at most
     * {@code limit}.
     *
     * @param capability one of {@link #capabilities()}
     * @param area       the area (区) exactly as the provider records it
     * @param text       a fragment of the name
     */
    List<Provider> search(String capability, String area, String text, int limit);

    /** One provider by organisation id. */
    Optional<Provider> find(String organizationId);

    /** The capabilities this lookup can search by (wire values). */
    List<String> capabilities();
}
