package jp.renkei.server.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.renkei.server.support.ApiClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the fuzz properties. Values that must name real fixture objects are placeholders
 * ({@code {{ROOM_A}}}, {@code {{MEMBER}}} ...) replaced when a case is sent, so shrunk samples stay
 * readable and generation does not depend on the running server.
 */
final class Gen {

    static final String ROOM_A = "{{ROOM_A}}";
    static final String ROOM_B = "{{ROOM_B}}";
    static final String HOST = "{{HOST}}";
    static final String MEMBER = "{{MEMBER}}";
    static final String OUTSIDER = "{{OUTSIDER}}";
    static final String BYSTANDER = "{{BYSTANDER}}";

    private Gen() {
    }

    /** Replaces the placeholders with the fixture's ids. */
    static String resolve(String s, FuzzTestBase.Fixture fx) {
        return s.replace(ROOM_A, fx.roomA()).replace(ROOM_B, fx.roomB()).replace(HOST, fx.host().id())
                .replace(MEMBER, fx.member().id()).replace(OUTSIDER, fx.outsider().id())
                .replace(BYSTANDER, fx.bystander().id());
    }

    /** Strings that have broken parsers, queries and paths elsewhere. */
    static Arbitrary<String> nasty() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().numeric().ofMaxLength(12)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(2, Arbitraries.strings().withChars("\0\r\n\t:\\\"'{}[]$./%;&=?#<> c-").ofMaxLength(16)),
                Tuple.of(4, Arbitraries.of("", " ", "$gt", "{\"$gt\":\"\"}", "$where", "../", "../../etc/passwd",
                        "..%2F..%2F", "%00", "%", "\u0000", "\\", "\\c", "\\x", "\"", "'", "<script>alert(1)</script>",
                        "r-../../etc", "r-" + "a".repeat(41), "r-abc", "r-abcdef:1", "u-", "u-../x", "null", "NaN",
                        "-1", "0", "1e309", "9999999999999999999", "\uD800", "\uFEFF", "𠮷野家", "ＡＢＣ", "\r\n\r\n",
                        "a:b", "r-AAAAAA*", "r-AAAAAA)(", "__proto__", "constructor")),
                Tuple.of(1, Arbitraries.of(4001, 5000, 20_000, 70_000).map(n -> "あ".repeat(n / 3) + "x".repeat(n - n / 3))));
    }

    /** Ids: the fixture's real ones, their look-alikes and forgeries. */
    static Arbitrary<String> id() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(ROOM_A, ROOM_B, HOST, MEMBER, OUTSIDER, BYSTANDER,
                        ROOM_A + ":1", ROOM_A + ":3", ROOM_A + ":5", ROOM_A + ":0", ROOM_A + ":999999999",
                        ROOM_A + ":-1", ROOM_A + ":01", ROOM_B + ":1", ROOM_A + "x", ROOM_A.toLowerCase(),
                        " " + ROOM_A, ROOM_A + "/", ROOM_A + "%00", "r-" + ROOM_A, "u-nobody", "o-test-nurse")),
                Tuple.of(2, nasty()));
    }

    /** Any JSON value, small enough to nest. */
    static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                nasty().map(s -> (Object) s), id().map(s -> (Object) s),
                Arbitraries.of(0, 1, -1, 37, 1.5, 36.55, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.0, 4001)
                        .map(n -> (Object) n),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<Object> list = jsonValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.oneOf(nasty(), Arbitraries.of("roomId", "txnId", "note",
                "kind", "text", "$gt", "visit", "vitals", "seq", "noteId")), jsonValue(depth - 1))
                .ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(1, list), Tuple.of(1, map));
    }

    /** One structural change to a JSON object tree. */
    record Mutation(int op, int where, String key, Object value) {
    }

    /** One change to the JSON text. */
    record TextChange(int op, int where, String junk) {
    }

    static Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000),
                        Arbitraries.oneOf(nasty(), Arbitraries.of("roomId", "txnId", "noteId", "seq", "kind", "extra")),
                        jsonValue(2))
                .as(Mutation::new).list().ofMaxSize(3);
    }

    static Arbitrary<List<TextChange>> textChanges() {
        Arbitrary<List<TextChange>> some = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 100_000), nasty())
                .as(TextChange::new).list().ofMinSize(1).ofMaxSize(2);
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(List.<TextChange>of())), Tuple.of(1, some));
    }

    /** A JSON body: a template made wrong by the mutations, then perhaps broken as text. */
    static String body(Map<String, Object> template, List<Mutation> mutations, List<TextChange> text) {
        Map<String, Object> tree = deepCopy(template);
        for (Mutation m : mutations) {
            apply(tree, m);
        }
        String json = ApiClient.JSON.writeValueAsString(tree);
        for (TextChange t : text) {
            int at = json.isEmpty() ? 0 : t.where() % json.length();
            json = switch (t.op()) {
                case 0 -> json.substring(0, at);                               // truncated
                case 1 -> json.substring(0, at) + t.junk() + json.substring(at); // junk inserted
                case 2 -> json.replaceFirst("\"", "'");                        // wrong quotes
                case 3 -> json + t.junk();                                     // trailing garbage
                default -> json.replaceFirst("\\{", "{\"roomId\":" + ApiClient.JSON.writeValueAsString(t.junk()) + ","); // duplicate key
            };
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> root, Mutation m) {
        // Every (container, key) slot of the tree, in a stable order.
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            root.put(m.key(), deepCopy(m.value()));
            return;
        }
        Object[] slot = slots.get(m.where() % slots.size());
        Object container = slot[0];
        Object key = slot[1];
        // Generated values may be immutable; later mutations change them in place.
        m = new Mutation(m.op(), m.where(), m.key(), deepCopy(m.value()));
        switch (m.op()) {
            case 0 -> set(container, key, m.value());
            case 1 -> {
                if (container instanceof Map<?, ?> map) {
                    map.remove(key);
                } else {
                    ((List<Object>) container).remove((int) (Integer) key);
                }
            }
            case 2 -> {
                if (container instanceof Map<?, ?> map) {
                    ((Map<String, Object>) map).put(m.key(), m.value());
                } else {
                    ((List<Object>) container).add(m.value());
                }
            }
            default -> set(container, key, new ArrayList<>(java.util.Collections.singletonList(get(container, key))));
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof Map<?, ?> map) {
            for (Object k : new ArrayList<>(map.keySet())) {
                slots.add(new Object[] {map, k});
                collect(map.get(k), slots);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Object[] {list, i});
                collect(list.get(i), slots);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object container, Object key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(key, value);
        } else {
            ((List<Object>) container).set((Integer) key, value);
        }
    }

    private static Object get(Object container, Object key) {
        return container instanceof Map<?, ?> map ? map.get(key) : ((List<?>) container).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return node;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Valid-looking command bodies, by destination, for the mutations to start from. */
    static Map<String, Object> commandTemplate(String destination, String room, String txn) {
        Map<String, Object> note = map("kind", "free", "text", "訪問しました", "urgent", false, "mentions", new ArrayList<>(List.of(HOST)));
        Map<String, Object> visit = map("kind", "visit", "urgent", true, "visit", map("vitals",
                map("temperature", 37.4, "systolic", 152, "diastolic", 90, "pulse", 104, "spo2", 91, "respiratoryRate", 24),
                "changes", "起座呼吸あり", "nextCheck", "体重測定"));
        return switch (destination) {
            case "/app/notes.post" -> map("roomId", room, "txnId", txn, "note", txn.hashCode() % 2 == 0 ? note : visit);
            case "/app/notes.edit" -> map("roomId", room, "noteId", room + ":4", "baseVersion", 1, "txnId", txn, "note", note);
            case "/app/notes.ack" -> map("roomId", room, "noteId", room + ":4");
            default -> map("roomId", room, "seq", 3);
        };
    }
}
