package jp.renkei.protocol;

import java.math.BigDecimal;
import java.util.List;

/**
 * The content of a note: free text, or a structured visit note (訪問記録), with an urgent flag (緊急)
 * and mentions. Schema: {@code schema/note-content.schema.json}.
 */
public final class Notes {

    private Notes() {
    }

    /** What kind of note it is. Wire values: {@code "free"}, {@code "visit"}. */
    public enum Kind {
        /** Free text: a message, a question to the doctor, an instruction (指示), a handover (申し送り). */
        FREE("free"),
        /** A visit note (訪問記録) with vital signs and observations. */
        VISIT("visit");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The kind of a wire value, or {@code null}. */
        public static Kind fromWire(String value) {
            for (Kind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * A note's content.
     *
     * @param kind     {@code "free"} or {@code "visit"}
     * @param text     the free text; required for {@code free}, optional summary for {@code visit};
     *                 at most {@link Limits#MAX_NOTE_TEXT} characters
     * @param urgent   whether the note is urgent (緊急); absent means not urgent. Urgent notes are
     *                 highlighted. Renkei is not an emergency channel: urgent matters also go by phone
     *                 (SP-AVL-04)
     * @param mentions user ids mentioned; each must be a member of the room; at most
     *                 {@link Limits#MAX_MENTIONS}
     * @param visit    the structured visit note; required for {@code visit}, absent for {@code free}
     * @param photos   ids of photos uploaded by the poster to this room and not attached elsewhere;
     *                 at most {@link Limits#MAX_PHOTOS_PER_NOTE}, optional
     * @param replyTo  the id of the note this one answers (返信): a note of the same room; optional. Its
     *                 author is notified ({@code reply})
     */
    public record NoteContent(String kind, String text, Boolean urgent, List<String> mentions, VisitRecord visit,
                              List<String> photos, String replyTo) {

        /** A note without photos, not a reply. */
        public NoteContent(String kind, String text, Boolean urgent, List<String> mentions, VisitRecord visit) {
            this(kind, text, urgent, mentions, visit, null, null);
        }

        /** A note that is not a reply. */
        public NoteContent(String kind, String text, Boolean urgent, List<String> mentions, VisitRecord visit,
                           List<String> photos) {
            this(kind, text, urgent, mentions, visit, photos, null);
        }

        /** Whether the note is urgent; {@code false} when absent. */
        public boolean isUrgent() {
            return Boolean.TRUE.equals(urgent);
        }
    }

    /**
     * A structured visit note (訪問記録). Every field is optional but at least one must be present.
     * Text fields hold at most {@link Limits#MAX_VISIT_FIELD} characters.
     *
     * @param vitals     vital signs (バイタル)
     * @param medication medication taken (服薬状況)
     * @param meals      meals and fluids (食事・水分)
     * @param excretion  excretion (排泄)
     * @param sleep      sleep (睡眠)
     * @param skin       skin and pressure ulcers (皮膚・褥瘡)
     * @param adl        activities of daily living (ADL)
     * @param mood       mood and cognition (精神・認知)
     * @param changes    what changed (変化・特記事項)
     * @param nextCheck  what the next visitor should check (次の訪問者への申し送り)
     */
    public record VisitRecord(Vitals vitals, String medication, String meals, String excretion, String sleep,
                              String skin, String adl, String mood, String changes, String nextCheck) {

        /** The text fields with their wire names, in display order. */
        public List<java.util.Map.Entry<String, String>> textFields() {
            return List.of(
                    java.util.Map.entry("medication", nz(medication)),
                    java.util.Map.entry("meals", nz(meals)),
                    java.util.Map.entry("excretion", nz(excretion)),
                    java.util.Map.entry("sleep", nz(sleep)),
                    java.util.Map.entry("skin", nz(skin)),
                    java.util.Map.entry("adl", nz(adl)),
                    java.util.Map.entry("mood", nz(mood)),
                    java.util.Map.entry("changes", nz(changes)),
                    java.util.Map.entry("nextCheck", nz(nextCheck)));
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    /**
     * Vital signs. Each is optional; ranges are wide plausibility bounds, not clinical norms.
     *
     * @param temperature      body temperature in °C (体温), 30.0–45.0, one decimal
     * @param systolic         systolic blood pressure in mmHg (血圧・上), 40–300
     * @param diastolic        diastolic blood pressure in mmHg (血圧・下), 20–200
     * @param pulse            pulse per minute (脈拍), 20–250
     * @param spo2             oxygen saturation in % (SpO2), 50–100
     * @param respiratoryRate  breaths per minute (呼吸数), 4–80
     */
    public record Vitals(BigDecimal temperature, Integer systolic, Integer diastolic, Integer pulse,
                         Integer spo2, Integer respiratoryRate) {
    }
}
