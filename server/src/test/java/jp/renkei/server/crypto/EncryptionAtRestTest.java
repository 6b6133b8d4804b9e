package jp.renkei.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import com.mongodb.client.MongoDatabase;
import jp.renkei.policy.Profession;
import jp.renkei.protocol.Commands.PostNote;
import jp.renkei.protocol.Notes.NoteContent;
import jp.renkei.protocol.Notes.VisitRecord;
import jp.renkei.protocol.Resources.CreateRoom;
import jp.renkei.protocol.Resources.PatientProfile;
import jp.renkei.server.audit.CommandAudit;
import jp.renkei.server.account.UserAccount;
import jp.renkei.server.store.Collections;
import jp.renkei.server.store.EmbeddedMongoServer;
import jp.renkei.server.support.ApiClient;
import jp.renkei.server.support.ServerTestBase;
import jp.renkei.server.note.NoteService;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SP-CRY-01 end to end: after notes are posted, neither the database file's bytes nor the documents
 * read with the raw driver contain their text, while the API shows it; destroying the room key makes
 * the history answer {@code CONTENT_DESTROYED}.
 */
class EncryptionAtRestTest extends ServerTestBase {

    private static final String MARKER = "秘匿マーカー検査用テキスト褥瘡ステージ二";

    @Autowired
    NoteService notes;
    @Autowired
    MongoDatabase db;
    @Autowired
    EmbeddedMongoServer server;
    @Autowired
    RoomKeys roomKeys;
    @Autowired
    jp.renkei.server.room.RoomRepository roomRepository;

    @Test
    void aRawDumpShowsNoNoteTextAndShreddingMakesItUnreadable() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String roomId = newPatientRoom(nurse);
        notes.post(nurse, new PostNote(roomId, "t-free", new NoteContent("free", MARKER + " 自由記載", false, null, null)), CommandAudit.none());
        notes.post(nurse, new PostNote(roomId, "t-visit", new NoteContent("visit", null, true, null,
                new VisitRecord(null, null, null, null, null, MARKER + " 皮膚", null, null, MARKER + " 変化", null))), CommandAudit.none());

        // The API shows the text (decrypted on read).
        ApiClient api = login(nurse);
        String page = api.get("/api/rooms/" + roomId + "/events").body();
        assertThat(page).contains(MARKER + " 自由記載", MARKER + " 皮膚");

        // The raw documents: no body field, and the marker nowhere.
        for (Document d : db.getCollection(Collections.EVENTS).find(new Document("roomId", roomId))) {
            assertThat(d).doesNotContainKey("body").containsKey("sealed");
            assertThat(d.toJson()).doesNotContain(MARKER);
        }
        assertThat(db.getCollection(Collections.NOTE_HEADS).find().into(new java.util.ArrayList<>()).toString())
                .doesNotContain(MARKER);

        // The file's bytes, in the encodings a store might use. The sender's display name is stored
        // in the clear (not patient data): finding it proves the scan would find plaintext.
        byte[] file = Files.readAllBytes(server.file());
        String control = nurse.name();
        assertThat(contains(file, control.getBytes(StandardCharsets.UTF_8))).as("control string found").isTrue();
        for (var cs : new java.nio.charset.Charset[]{StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE}) {
            assertThat(contains(file, "秘匿マーカー".getBytes(cs))).as("marker in %s", cs).isFalse();
        }

        // Crypto-shredding: the history now answers with a clear code, not a crash.
        roomKeys.destroy(roomId);
        ApiClient.Response after = api.get("/api/rooms/" + roomId + "/events");
        assertThat(after.status()).isEqualTo(410);
        assertThat(after.json().path("code").asString()).isEqualTo("CONTENT_DESTROYED");
    }

    @Test
    void thePatientsNameAndTheVisitCalendarAreSealedToo() throws Exception {
        UserAccount nurse = newUser(Profession.NURSE);
        String name = "秘匿患者氏名 検査太郎";
        String roomId = rooms.create(nurse, new CreateRoom("patient", null,
                new PatientProfile(name, "ヒトク", "1940-01-01", "male", "要介護2", "北区"), CONSENT));
        String day = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusDays(1).toString();
        ApiClient api = login(nurse);
        ApiClient.Response item = api.post("/api/rooms/" + roomId + "/calendar/items", """
                {"txnId":"c1","item":{"category":"home_nursing","profession":"nurse","organization":"テスト訪問看護",
                 "start":"%sT10:00","end":"%sT11:00","visitorNote":"秘匿訪問メモ 褥瘡処置"}}""".formatted(day, day));
        assertThat(item.status()).as(item.body()).isEqualTo(201);

        // The API shows both.
        assertThat(api.get("/api/rooms/" + roomId).body()).contains(name);
        assertThat(api.get("/api/rooms/" + roomId + "/calendar?from=" + day + "&to=" + day).body())
                .contains("秘匿訪問メモ");

        // Neither the raw documents nor the file's bytes hold them.
        Document room = db.getCollection(Collections.ROOMS).find(new Document("_id", roomId)).first();
        assertThat(room).containsKey("sealed").doesNotContainKey("patient").doesNotContainKey("title");
        assertThat(room.toJson()).doesNotContain("秘匿患者氏名");
        assertThat(db.getCollection("calendars").find(new Document("_id", roomId)).first().toJson())
                .doesNotContain("秘匿訪問メモ");
        byte[] file = Files.readAllBytes(server.file());
        for (var cs : new java.nio.charset.Charset[]{StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE}) {
            assertThat(contains(file, "秘匿患者氏名".getBytes(cs))).as("patient name in %s", cs).isFalse();
            assertThat(contains(file, "秘匿訪問メモ".getBytes(cs))).as("visitor note in %s", cs).isFalse();
        }

        // Shredded, the stored room reads as an unreadable archive instead of failing.
        roomKeys.destroy(roomId);
        assertThat(roomRepository.find(roomId).orElseThrow().title()).isEqualTo("（消去済み）");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
