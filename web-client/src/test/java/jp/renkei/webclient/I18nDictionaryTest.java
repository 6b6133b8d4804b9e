package jp.renkei.webclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Japanese and English UI dictionaries ({@code js/i18n/ja.js}, {@code js/i18n/en.js}, and for the screens
 * fetched on first use {@code ja-more.js}, {@code en-more.js}) have the same keys, no key in both parts, no
 * empty texts and the same {@code {placeholders}} per key. The files are read as the browser
 * gets them (from the classpath) and parsed as a JS object literal of string keys and string values
 * ({@link #parse}); anything else in them fails the test rather than being skipped.
 */
class I18nDictionaryTest {

    private static final String DIR = "META-INF/resources/js/i18n/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /** A language's whole dictionary: the first download's part and the part loaded with later screens. */
    private static Map<String, String> language(String lang) {
        Map<String, String> first = dictionary(lang + ".js");
        Map<String, String> more = dictionary(lang + "-more.js");
        Set<String> both = new TreeSet<>(first.keySet());
        both.retainAll(more.keySet());
        assertThat(both).as("keys in both %s.js and %s-more.js", lang, lang).isEmpty();
        Map<String, String> all = new LinkedHashMap<>(first);
        all.putAll(more);
        return all;
    }

    @Test
    void eachPartHasTheSameKeysInBothLanguages() {
        assertThat(dictionary("ja.js").keySet()).isEqualTo(dictionary("en.js").keySet());
        assertThat(dictionary("ja-more.js").keySet()).isEqualTo(dictionary("en-more.js").keySet());
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() {
        Map<String, String> ja = language("ja");
        Map<String, String> en = language("en");
        assertThat(ja).as("ja.js").hasSizeGreaterThan(100);
        Set<String> missingInEn = new TreeSet<>(ja.keySet());
        missingInEn.removeAll(en.keySet());
        Set<String> missingInJa = new TreeSet<>(en.keySet());
        missingInJa.removeAll(ja.keySet());
        assertThat(missingInEn).as("keys of ja.js missing from en.js").isEmpty();
        assertThat(missingInJa).as("keys of en.js missing from ja.js").isEmpty();
    }

    @Test
    void noTextIsEmpty() {
        for (String file : new String[] {"ja.js", "en.js", "ja-more.js", "en-more.js"}) {
            dictionary(file).forEach((key, text) -> assertThat(text.strip()).as("%s %s", file, key).isNotEmpty());
        }
    }

    @Test
    void bothLanguagesUseTheSamePlaceholders() {
        Map<String, String> en = language("en");
        language("ja").forEach((key, ja) -> {
            if (en.containsKey(key)) {
                assertThat(placeholders(en.get(key))).as("placeholders of %s", key).isEqualTo(placeholders(ja));
            }
        });
    }

    @Test
    void theParserReadsTheFormsTheFilesUseAndRefusesOthers() {
        Map<String, String> parsed = parse("// c\nexport default {\n  'a.b': 'x',\n  /* c */ 'c': \"it's\",\n"
                + "  'd': 'a\\'b\\n',\n};\n");
        assertThat(parsed).containsExactly(Map.entry("a.b", "x"), Map.entry("c", "it's"), Map.entry("d", "a'b\n"));
        assertThatThrownBy(() -> parse("export default { 'a': 'x', 'a': 'y' };"))
                .hasMessageContaining("duplicate key 'a'");
        assertThatThrownBy(() -> parse("export default { 'a': someVariable };"))
                .hasMessageContaining("a string");
        assertThatThrownBy(() -> parse("export default { 'a': 'x' + 'y' };"))
                .hasMessageContaining("expected ',' or '}'");
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, String> dictionary(String file) {
        try (InputStream in = I18nDictionaryTest.class.getClassLoader().getResourceAsStream(DIR + file)) {
            assertThat(in).as(DIR + file + " on the classpath").isNotNull();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses {@code export default { 'key': 'text', ... };}: comments, single- or double-quoted strings
     * with backslash escapes, a trailing comma. Duplicate keys and any other value are errors.
     */
    static Map<String, String> parse(String js) {
        Lexer lx = new Lexer(js);
        lx.expectWord("export");
        lx.expectWord("default");
        lx.expect('{');
        Map<String, String> entries = new LinkedHashMap<>();
        while (true) {
            if (lx.peek() == '}') {
                break;
            }
            int at = lx.pos;
            String key = lx.string();
            lx.expect(':');
            String value = lx.string();
            if (entries.put(key, value) != null) {
                throw new IllegalArgumentException("duplicate key '" + key + "' at " + lx.where(at));
            }
            char next = lx.peek();
            if (next == ',') {
                lx.pos++;
            } else if (next != '}') {
                throw new IllegalArgumentException("expected ',' or '}' at " + lx.where(lx.pos));
            }
        }
        lx.expect('}');
        if (lx.peek() == ';') {
            lx.pos++;
        }
        if (lx.peek() != 0) {
            throw new IllegalArgumentException("unexpected text after the object at " + lx.where(lx.pos));
        }
        return entries;
    }

    /** Just enough of a JS lexer for the dictionaries. */
    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        /** The next significant character (0 at the end), after whitespace and comments. */
        char peek() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (s.startsWith("//", pos)) {
                    int end = s.indexOf('\n', pos);
                    pos = end < 0 ? s.length() : end + 1;
                } else if (s.startsWith("/*", pos)) {
                    int end = s.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated comment at " + where(pos));
                    }
                    pos = end + 2;
                } else {
                    return c;
                }
            }
            return 0;
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + where(pos));
            }
            pos++;
        }

        void expectWord(String word) {
            peek();
            if (!s.startsWith(word, pos)) {
                throw new IllegalArgumentException("expected '" + word + "' at " + where(pos));
            }
            pos += word.length();
        }

        String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw new IllegalArgumentException("expected a string at " + where(pos));
            }
            int start = pos++;
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\n') {
                    break;
                }
                if (c == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string at " + where(start));
        }

        String where(int at) {
            int line = 1;
            for (int i = 0; i < at && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
            return "line " + line;
        }
    }
}
