package jp.renkei.server.directory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The directory's search, the interface other modules (the consultation desk) use: which providers have
 * every one of these capabilities, serve this area, and take new patients now. Thread-safe; answers from
 * memory. What a caller may show of an entry is its own business: the HTTP layer of this module shows the
 * public fields to the public and everything to signed-in staff ({@link EntryViews}).
 */
public interface DirectorySearch {

    /**
     * A search. Every part is optional.
     *
     * @param capabilities capability ids the provider must have, all of them (AND); empty: any
     * @param municipality the municipality served (e.g. 岡山市北区), or {@code null} for anywhere
     * @param district     a school district within it, or {@code null}; an entry serving the whole
     *                     municipality serves every district
     * @param acceptingNow only entries whose acceptance status is 可 ({@code accepting}) and not stale
     * @param text         part of the name or address, or {@code null}
     */
    record Query(Set<String> capabilities, String municipality, String district, boolean acceptingNow, String text) {
        public Query {
            capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        }
    }

    /** The matching entries, accepting first, then by name. At most {@value #MAX_RESULTS}. */
    List<ProviderEntry> search(Query query);

    /**
     * The consultation desk's usual question: providers with all of {@code capabilities} serving
     * {@code municipality} (any district; {@code null} for anywhere), only those taking new patients now
     * when {@code acceptingNow}.
     */
    default List<ProviderEntry> search(Set<String> capabilities, String municipality, boolean acceptingNow) {
        return search(new Query(capabilities, municipality, null, acceptingNow, null));
    }

    /** The entry with id {@code id}, or the one kept for organisation {@code id}; empty if neither. */
    Optional<ProviderEntry> findProvider(String id);

    /** The capability vocabulary's ids, in list order. */
    List<String> capabilityIds();

    /** The most entries one search answers. */
    int MAX_RESULTS = 200;
}
