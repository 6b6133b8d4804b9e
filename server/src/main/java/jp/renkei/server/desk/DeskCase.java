package jp.renkei.server.desk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * One consultation (相談) of a desk, at one version. The plain part (desk, time, channel, consulter type,
 * categories, status, follow-up dates, providers introduced, hand-overs) is what lists, reports and
 * follow-ups need; {@link Content} holds what identifies or describes the person and is stored sealed
 * (SP-CRY-01).
 *
 * @param month the Japan-time month of {@code occurredAt}: the month the case counts in
 */
record DeskCase(String id, String deskId, long version, Instant occurredAt, YearMonth month, String channel,
                String consulterType, List<String> categories, String status, List<FollowUp> followUps,
                List<IntroducedProvider> providers, List<Handover> handovers, Content content,
                Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    DeskCase {
        categories = List.copyOf(categories);
        followUps = List.copyOf(followUps);
        providers = List.copyOf(providers);
        handovers = List.copyOf(handovers);
    }

    /** The sealed part: the consulter, the person, the question, the answer, the referral, follow-up texts. */
    record Content(String consulterOrganization, String consulterName, Subject subject, String text, String answer,
                   String referral, List<String> followUpTexts) {
        Content {
            followUpTexts = List.copyOf(followUpTexts);
        }
    }

    /** The person concerned, all optional. */
    record Subject(String name, String ageBand, String sex, String area) {
        static final Subject NONE = new Subject(null, null, null, null);
    }

    /** A follow-up's plain part; its text is {@code content.followUpTexts} at the same index. */
    record FollowUp(String id, LocalDate due, boolean done, Instant doneAt, String doneBy) {
    }

    /** A provider introduced in the answer: the organisation's id and its name at the time. */
    record IntroducedProvider(String organizationId, String name, String kind, Instant at, String by) {
    }

    /**
     * A hand-over to a care team ({@code room}: a linked patient room; {@code referral}: the organisation
     * asked to open one) with the consent it rests on (SP-CON-03).
     */
    record Handover(String kind, String roomId, String organizationId, String organizationName, String consentBy,
                    String consentMethod, LocalDate consentDate, Instant at, String by) {
    }

    boolean open() {
        return "open".equals(status);
    }

    /** The text of follow-up {@code i}. */
    String followUpText(int i) {
        return i < content.followUpTexts().size() ? content.followUpTexts().get(i) : null;
    }

    DeskCase next(Instant at, String by) {
        return new DeskCase(id, deskId, version + 1, occurredAt, month, channel, consulterType, categories, status,
                followUps, providers, handovers, content, createdAt, createdBy, at, by);
    }

    DeskCase withFollowUps(List<FollowUp> list) {
        return new DeskCase(id, deskId, version, occurredAt, month, channel, consulterType, categories, status, list,
                providers, handovers, content, createdAt, createdBy, updatedAt, updatedBy);
    }

    DeskCase withStatus(String s) {
        return new DeskCase(id, deskId, version, occurredAt, month, channel, consulterType, categories, s, followUps,
                providers, handovers, content, createdAt, createdBy, updatedAt, updatedBy);
    }

    DeskCase withProviders(List<IntroducedProvider> list) {
        return new DeskCase(id, deskId, version, occurredAt, month, channel, consulterType, categories, status,
                followUps, list, handovers, content, createdAt, createdBy, updatedAt, updatedBy);
    }

    DeskCase withHandovers(List<Handover> list) {
        return new DeskCase(id, deskId, version, occurredAt, month, channel, consulterType, categories, status,
                followUps, providers, list, content, createdAt, createdBy, updatedAt, updatedBy);
    }
}
