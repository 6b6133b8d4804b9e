package jp.renkei.server.oncall;

/**
 * The collections of this module and why each {@code _id} is what it is (every read that matters is a
 * key lookup; see docs/architecture.md, "Data model").
 */
final class OncallCollections {

    /** {@code _id} room id: the room's 主治医, 副主治医 and cover periods, derived from its log. */
    static final String CARE_TEAMS = "care_teams";
    /** {@code _id} organisation id: the organisation's on-call rota entries and escalation interval. */
    static final String ROTAS = "oncall_rotas";
    /** {@code _id} note id: an urgent note's escalation (who was told, which step, acknowledged by whom). */
    static final String ESCALATIONS = "urgent_escalations";
    /** {@code _id} note id: escalations with a step still due; small, scanned by each tick. */
    static final String PENDING = "urgent_pending";
    /** {@code _id} user id: content-free alerts for someone who may not read the room (latest first, bounded). */
    static final String ALERTS = "oncall_alerts";

    private OncallCollections() {
    }
}
