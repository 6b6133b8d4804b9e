/**
 * Feature. The provider directory (事業所情報): each organisation's profile with capabilities from an
 * operator-kept vocabulary, the areas it serves and its acceptance status (新規受け入れ) with its freshness;
 * a public page without sign-in that shows only the fields each entry marks public; CSV import and export;
 * and each professional's contact windows (ケアマネタイム). Interfaces for others: {@link
 * jp.renkei.server.directory.DirectorySearch} (the consultation desk's search) and {@link
 * jp.renkei.server.directory.ContactWindows} (the notify module asks whether a mention must wait).
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "directory", allowedDependencies = {"account", "audit", "error", "store"})
package jp.renkei.server.directory;
