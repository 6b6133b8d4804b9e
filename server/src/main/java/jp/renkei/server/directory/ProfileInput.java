package jp.renkei.server.directory;

import java.util.List;

import jp.renkei.server.directory.ProviderEntry.Area;

/**
 * A profile as written by its administrator (HTTP body of {@code PUT …/providers/{id}}) or read from a
 * CSV row. {@code baseVersion} is the version the writer read ({@code STALE_VERSION} when it moved on);
 * ignored on create and import.
 */
record ProfileInput(String name, String kind, String address, List<Area> areas, String hours, String phone,
                    String fax, String directLine, List<String> capabilities, String acceptance, String note,
                    List<String> publicFields, Long baseVersion) {
}
