/**
 * Feature. Notes and visit records: post, edit, acknowledge, read markers ({@code NoteService},
 * the interface the live layer calls), their derived state and the history pages.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "note", allowedDependencies = {"account", "audit", "photo", "room", "store", "error"})
package jp.renkei.server.note;
