package jp.renkei.loadgen;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the body of a post: a visiting nurse's visit note (訪問記録) with vital signs and Japanese
 * observations, padded to about the requested size in UTF-8 bytes (whole command, as sent). The note
 * text starts with a marker {@code [lg:<postId>]} from which a receiver finds the post, and so its
 * send time, without parsing the JSON.
 */
final class NoteFactory {

    static final String MARKER = "[lg:";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAD = "夕方に再度体温を測定し、37.5℃以上であれば訪問看護ステーションへ連絡するようご家族に依頼しました。";
    private static final int VARIANTS = 16;

    /** Pre-serialised command bodies in four parts, around the room id, the txn id and the post id. */
    private final String[][] parts;
    private final int bytes;

    NoteFactory(int targetBytes) {
        parts = new String[VARIANTS][];
        for (int v = 0; v < VARIANTS; v++) {
            String template = template(v, targetBytes);
            int room = template.indexOf("@ROOM@");
            int txn = template.indexOf("@TXN@");
            int id = template.indexOf("@ID@");
            parts[v] = new String[] {template.substring(0, room), template.substring(room + 6, txn),
                    template.substring(txn + 5, id), template.substring(id + 4)};
        }
        bytes = utf8(postNote(Topology.roomId(0), "lg-xxxxxx-1000", 1000));
    }

    /** The JSON body of a {@code /app/notes.post} command. */
    String postNote(String roomId, String txnId, long postId) {
        String[] p = parts[(int) (postId % VARIANTS)];
        return new StringBuilder(p[0].length() + p[3].length() + 200)
                .append(p[0]).append(roomId).append(p[1]).append(txnId).append(p[2]).append(postId).append(p[3])
                .toString();
    }

    /** The size of a typical command body in UTF-8 bytes. */
    int bytes() {
        return bytes;
    }

    /** The post id in a delivered body, or -1. */
    static long postIdOf(String body) {
        int at = body.indexOf(MARKER);
        if (at < 0) {
            return -1;
        }
        long id = 0;
        int i = at + MARKER.length();
        int digits = 0;
        while (i < body.length()) {
            char c = body.charAt(i++);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : id;
    }

    private static String template(int variant, int targetBytes) {
        String padding = "";
        String json = build(variant, padding);
        // Pad the "changes" field until the command reaches the target size (or the field limit).
        while (utf8(json) < targetBytes && padding.length() + PAD.length() <= 900) {
            padding += PAD;
            json = build(variant, padding);
        }
        if (utf8(json) < targetBytes) {
            int missing = targetBytes - utf8(json);
            padding += "。".repeat(Math.min(900 - padding.length(), Math.max(0, missing / 3)));
            json = build(variant, padding);
        } else if (!padding.isEmpty()) {
            // Trim back towards the target, a character (3 bytes) at a time.
            while (utf8(json) > targetBytes + 2 && !padding.isEmpty()) {
                padding = padding.substring(0, padding.length() - 1);
                json = build(variant, padding);
            }
        }
        return json;
    }

    private static String build(int v, String padding) {
        ObjectNode vitals = JSON.createObjectNode();
        vitals.put("temperature", new java.math.BigDecimal("36." + (v % 10)));
        vitals.put("systolic", 118 + v);
        vitals.put("diastolic", 70 + v % 8);
        vitals.put("pulse", 68 + v);
        vitals.put("spo2", 95 + v % 4);
        vitals.put("respiratoryRate", 16 + v % 4);
        ObjectNode visit = JSON.createObjectNode();
        visit.set("vitals", vitals);
        visit.put("medication", "朝・夕の内服はお薬カレンダーどおり服用済み。残薬なし。");
        visit.put("meals", "朝食は全量摂取、昼食は7割。水分は1日約1000mlとのこと。");
        visit.put("excretion", "排便は2日に1回、普通便。排尿は問題なし。");
        visit.put("sleep", "夜間に2回覚醒するが再入眠できている。");
        visit.put("skin", "仙骨部の発赤（d1）は消退傾向。エアマットを継続。");
        visit.put("adl", "室内は伝い歩き。入浴はデイサービスで実施。");
        visit.put("mood", "穏やか。日付の見当識は保たれている。");
        visit.put("changes", "特になし。" + padding);
        visit.put("nextCheck", "仙骨部の発赤を再確認してください。");
        ObjectNode note = JSON.createObjectNode();
        note.put("kind", "visit");
        note.put("text", MARKER + "@ID@] 定期訪問（訪問看護）。全身状態は安定しています。");
        note.put("urgent", false);
        note.set("visit", visit);
        ObjectNode cmd = JSON.createObjectNode();
        cmd.put("roomId", "@ROOM@");
        cmd.put("txnId", "@TXN@");
        cmd.set("note", note);
        return JSON.writeValueAsString(cmd);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
