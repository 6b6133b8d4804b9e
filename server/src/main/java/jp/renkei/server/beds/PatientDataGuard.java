package jp.renkei.server.beds;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses free text that looks like patient data (SP-CON-03: notices and inquiries are facility-level
 * only). Written by hand: no library knows Japanese name and identifier conventions.
 *
 * <p>A heuristic, and honest about it. It catches: a word followed by an honorific (様, さま, さん, 殿,
 * 氏, くん, ちゃん) — so also 「皆様」, a false positive users can rephrase; label words for identities
 * (患者名, 氏名, 生年月日, 保険証, 被保険者, 記号番号, カルテ, 患者ID/番号); full dates with a year or an era
 * (1941-04-12, 昭和16年4月12日, S16.4.12), which look like a date of birth; an exact age (83歳); any
 * run of 8 or more digits, ignoring hyphens and spaces (phone numbers, insurance and patient numbers —
 * contact must therefore be a role and extension, 内線201, not a phone number); Mr/Mrs/Ms and 様 in
 * romaji. It does not catch a bare name without an honorific (「山田 花子」): no list of names is
 * complete, and the structured fields leave no place where one belongs.
 */
final class PatientDataGuard {

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー\\p{L}]\\s*(様|さま|さん|殿|氏|くん|ちゃん)"),
            Pattern.compile("患者名|氏名|名前|フルネーム|生年月日|誕生日|保険証|被保険者|保険者番号|記号番号|カルテ|患者\\s*(ID|番号|No)|診察券",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("(19|20)\\d{2}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}"),
            Pattern.compile("(明治|大正|昭和|平成|令和|[MTSHR])\\s*\\d{1,2}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}"),
            Pattern.compile("\\d{1,3}\\s*(歳|才)"),
            Pattern.compile("\\d(?:[-\\s‐－]?\\d){7,}"),
            Pattern.compile("\\b(mr|mrs|ms|miss|sama|san)\\b\\.?", Pattern.CASE_INSENSITIVE));

    private PatientDataGuard() {
    }

    /** Whether {@code text} looks like it holds a patient's name, birth date or an identifier. */
    static boolean looksLikePatientData(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        // Full-width digits and letters count as their ASCII forms.
        String normalized = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        for (Pattern p : PATTERNS) {
            if (p.matcher(normalized).find()) {
                return true;
            }
        }
        return false;
    }
}
