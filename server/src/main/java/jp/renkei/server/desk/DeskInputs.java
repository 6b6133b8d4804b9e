package jp.renkei.server.desk;

import java.util.List;

/** HTTP bodies of the consultation desk (docs/protocol.md, the consultation desk section). */
public final class DeskInputs {

    private DeskInputs() {
    }

    /**
     * A case as a desk worker records or edits it. On an edit, {@code version} is the version the worker
     * loaded (a stale one is refused); follow-ups without an id are new.
     */
    public record CaseInput(Long version, String occurredAt, String channel, String consulterType,
                            String consulterOrganization, String consulterName, SubjectInput subject,
                            List<String> categories, String text, String answer, String referral,
                            List<FollowUpInput> followUps, String status) {
    }

    /** The person the consultation is about, all optional; an age band rather than a birth date. */
    public record SubjectInput(String name, String ageBand, String sex, String area) {
    }

    /** A follow-up: what to do by when (a date in Japan time). */
    public record FollowUpInput(String id, String due, String what, Boolean done) {
    }

    /** A search: words (≤ 100 characters) and the list's filters, all optional. */
    record SearchInput(String q, String category, String status, String month) {
    }

    record StatusInput(Long version, String status) {
    }

    record VersionInput(Long version) {
    }

    record ProvidersInput(Long version, List<String> organizationIds) {
    }

    /**
     * Hand-over to a care team: {@code kind} {@code room} links a patient room the worker is a member of,
     * {@code referral} records the organisation asked to open one. The consent comes with it (SP-CON-03).
     */
    record HandoverInput(Long version, String kind, String roomId, String organizationId, ConsentInput consent) {
    }

    /** Who agreed to the hand-over, how and when. */
    record ConsentInput(Boolean given, String by, String method, String date) {
    }

    record CategoryInput(String name, Boolean active) {
    }
}
