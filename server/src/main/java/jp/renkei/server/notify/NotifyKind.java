package jp.renkei.server.notify;

/**
 * Why a user is notified, in order of precedence (one event notifies a user once, with the first kind
 * that applies and that the user has switched on). Each kind has one fixed, generic phrase: never a
 * name, a note's text or a room title (SP-MOB-04).
 */
enum NotifyKind {
    /** An urgent note (緊急) in one of my rooms. */
    URGENT("urgent", "緊急の連絡があります"),
    /**
     * An urgent note went unacknowledged and I am to look into it, though I may not read its room (the
     * sender's facility administrator, or the physician on call who is not a member): no content at all.
     */
    ATTENTION("attention", "確認が必要な緊急の連絡があります"),
    /** 緊急閲覧 was opened in one of my rooms (SP-AUTHZ-04). */
    EMERGENCY("emergency", "緊急閲覧が開始されました"),
    /** A note mentions me (addressed to me). */
    MENTION("mention", "あなた宛ての連絡があります"),
    /** Someone replied to my note (返信). */
    REPLY("reply", "あなたの連絡に返信があります"),
    /** Someone acknowledged my note (確認しました). */
    ACK("ack", "あなたの連絡が確認されました"),
    /** A bed inquiry (照会) to my clinic, or an answer to my office's inquiry. */
    BEDS("beds", "空床照会に新しい連絡があります"),
    /** A handoff sheet (入退院の情報提供) to my office, a reminder of one not yet acknowledged, or an answer. */
    HANDOFF("handoff", "入退院の情報提供に新しい連絡があります");

    /** The phrase when the kind is not known to the app (e.g. an older service worker). */
    static final String GENERIC = "新しい連絡があります";

    private final String wire;
    private final String phrase;

    NotifyKind(String wire, String phrase) {
        this.wire = wire;
        this.phrase = phrase;
    }

    String wire() {
        return wire;
    }

    String phrase() {
        return phrase;
    }
}
