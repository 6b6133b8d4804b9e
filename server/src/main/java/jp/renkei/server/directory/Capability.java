package jp.renkei.server.directory;

/**
 * One capability of the directory's vocabulary: a stable id (what entries and searches use) and its
 * Japanese and English labels.
 *
 * @param order position in lists (new ones go last)
 */
public record Capability(String id, String ja, String en, int order) {
}
