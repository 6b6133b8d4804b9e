package jp.renkei.policy;

import java.util.Locale;

/** Kinds of organisation in a region's care network. */
public enum OrganizationKind {
    /** 診療所 (home-care clinic). */
    CLINIC,
    /** 病院 (its 地域連携室 runs discharges). */
    HOSPITAL,
    /** 訪問看護ステーション. */
    HOME_NURSING_STATION,
    /** 薬局. */
    PHARMACY,
    /** 居宅介護支援事業所. */
    CARE_MANAGEMENT_OFFICE,
    /** 訪問介護事業所. */
    HOME_CARE_PROVIDER,
    /** 有床診療所. */
    CLINIC_WITH_BEDS,
    /** 行政 (市区町村). */
    MUNICIPALITY,
    /** 地域包括支援センター / 在宅医療・介護連携支援センター. */
    SUPPORT_CENTER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
