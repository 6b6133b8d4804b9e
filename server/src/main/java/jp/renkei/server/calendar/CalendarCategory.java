package jp.renkei.server.calendar;

import java.util.Locale;

/**
 * What a calendar item is: a kind of home visit, or a one-off meeting. The Japanese label is what the
 * UI and the iCalendar feed show (domain glossary).
 */
public enum CalendarCategory {
    HOME_MEDICAL("訪問診療", true),
    HOME_NURSING("訪問看護", true),
    HOME_PHARMACY("訪問薬剤管理指導", true),
    HOME_CARE("訪問介護", true),
    HOME_REHAB("訪問リハビリ", true),
    HOME_DENTAL("訪問歯科", true),
    DAY_SERVICE("デイサービス", true),
    SHORT_STAY("ショートステイ", true),
    SERVICE_CONFERENCE("サービス担当者会議", false),
    PRE_DISCHARGE_CONFERENCE("退院前カンファレンス", false),
    OTHER("その他の予定", false);

    private final String label;
    private final boolean visit;

    CalendarCategory(String label, boolean visit) {
        this.label = label;
        this.visit = visit;
    }

    /** The Japanese label, e.g. 訪問看護. */
    public String label() {
        return label;
    }

    /** Whether this is a visit by one profession (which then must be named). */
    public boolean isVisit() {
        return visit;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of a wire value, or {@code null}. */
    public static CalendarCategory fromWire(String value) {
        for (CalendarCategory c : values()) {
            if (c.wire().equals(value)) {
                return c;
            }
        }
        return null;
    }
}
