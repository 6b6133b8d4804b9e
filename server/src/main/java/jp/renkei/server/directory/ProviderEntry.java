package jp.renkei.server.directory;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One organisation's directory entry. Organisation data only: never a patient. An entry may be linked to
 * an organisation on Renkei ({@code organizationId}): then its facility administrator keeps it; an entry
 * without one (a provider not on Renkei, from the city's list) is kept by the operator.
 *
 * @param id             stable id ({@code p-…})
 * @param organizationId the organisation on Renkei whose administrator keeps it, or {@code null}
 * @param name           the organisation's name
 * @param kind           one of {@link DirectoryRules#KINDS}
 * @param address        postal address
 * @param areas          the areas it serves
 * @param hours          opening hours as written by the organisation (e.g. 月〜金 9:00–18:00)
 * @param phone          the public phone number
 * @param fax            the FAX number
 * @param directLine     a direct line for professionals only (never public)
 * @param capabilities   capability ids of the vocabulary
 * @param acceptance     新規受け入れ: {@code accepting} (可), {@code consult} (要相談), {@code not_accepting} (不可)
 * @param confirmedAt    when the acceptance status was last confirmed (saved or confirmed unchanged)
 * @param note           連携メモ for professionals only (never public)
 * @param publicFields   which of {@link DirectoryRules#CONFIGURABLE} fields the public page shows
 * @param version        incremented on each change (optimistic concurrency)
 * @param updatedAt      last change
 * @param updatedBy      who made it (user id)
 */
public record ProviderEntry(String id, String organizationId, String name, String kind, String address,
                            List<Area> areas, String hours, String phone, String fax, String directLine,
                            List<String> capabilities, String acceptance, Instant confirmedAt, String note,
                            Set<String> publicFields, long version, Instant updatedAt, String updatedBy) {

    /**
     * An area served: a municipality (e.g. 岡山市北区) and optionally one school district (小学校区) in it;
     * without a district the whole municipality is served.
     */
    public record Area(String municipality, String district) {

        /** Whether an entry serving this area serves the asked one (district {@code null}: any district). */
        boolean serves(String askedMunicipality, String askedDistrict) {
            if (!municipality.equals(askedMunicipality)) {
                return false;
            }
            return askedDistrict == null || district == null || district.equals(askedDistrict);
        }
    }

    public ProviderEntry {
        areas = List.copyOf(areas);
        capabilities = List.copyOf(capabilities);
        publicFields = Set.copyOf(publicFields);
    }
}
