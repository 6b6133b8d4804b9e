package jp.renkei.protocol;

import tools.jackson.databind.node.StringNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    private static final String ROOM = "r-7Fq2kP9xZ1";

    @Test
    void eventIdIsRoomColonSeq() {
        assertThat(Ids.eventId(ROOM, 1)).isEqualTo("r-7Fq2kP9xZ1:1");
        assertThat(Ids.eventId(ROOM, 123456789012L)).isEqualTo("r-7Fq2kP9xZ1:123456789012");
    }

    @Test
    void seqOfInvertsEventId() {
        for (long seq : new long[] {1, 2, 9, 10, 17, 99_999, 999_999_999_999_999_999L}) {
            assertThat(Ids.seqOf(ROOM, Ids.eventId(ROOM, seq))).as("seq %d", seq).isEqualTo(seq);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "r-7Fq2kP9xZ1:0",                    // seq starts at 1
            "r-7Fq2kP9xZ1:-1",                   // sign
            "r-7Fq2kP9xZ1:+1",                   // sign
            "r-7Fq2kP9xZ1:",                     // no digits
            "r-7Fq2kP9xZ1",                      // no separator
            "r-7Fq2kP9xZ1:1 ",                   // trailing space
            "r-7Fq2kP9xZ1: 1",                   // leading space
            "r-7Fq2kP9xZ1:1.0",                  // not an integer
            "r-7Fq2kP9xZ1:1e3",                  // exponent
            "r-7Fq2kP9xZ1:0x1F",                 // hex
            "r-7Fq2kP9xZ1:１２",                  // full-width digits (U+FF11, U+FF12)
            "r-7Fq2kP9xZ1:١٢",                   // Arabic-Indic digits
            "r-7Fq2kP9xZ1:1000000000000000000",  // 19 digits
            "r-7Fq2kP9xZ1:99999999999999999999", // overflows a long
            "r-OtherRoom1:5",                    // another room's event
            "r-7Fq2kP9xZ12:5",                   // a room whose id extends this one
            "r-7Fq2kP9xZ:5",                     // a room whose id is a prefix of this one
            "R-7Fq2kP9xZ1:5",                    // case matters
            ":5",
            "5"})
    void seqOfRefusesIdsThatAreNotEventsOfTheRoom(String eventId) {
        assertThat(Ids.seqOf(ROOM, eventId)).isEqualTo(-1);
    }

    @Test
    void seqOfRefusesNulls() {
        assertThat(Ids.seqOf(ROOM, null)).isEqualTo(-1);
        assertThat(Ids.seqOf(null, "r-7Fq2kP9xZ1:5")).isEqualTo(-1);
        assertThat(Ids.seqOf(null, null)).isEqualTo(-1);
    }

    /** Event ids have one spelling: seqOf refuses leading zeros, as the schemas do. */
    @Test
    void seqOfRefusesLeadingZeros() {
        assertThat(Ids.seqOf(ROOM, "r-7Fq2kP9xZ1:012")).isEqualTo(-1);
        assertThat(Ids.seqOf(ROOM, "r-7Fq2kP9xZ1:0")).isEqualTo(-1);
        assertThat(Ids.eventId(ROOM, 12)).isEqualTo("r-7Fq2kP9xZ1:12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r-abcdef", "r-7Fq2kP9xZ1", "r-net-kita-vns", "r--------", "r-0123456789"})
    void validRoomIds(String id) {
        assertThat(Ids.isValidRoomId(id)).isTrue();
        assertThat(Destinations.roomIdOf(Destinations.room(id))).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "r-abcde",                                      // 5 characters
            "r-７Fq2kP9xZ1",                                 // full-width digit
            "r-ａｂｃｄｅｆ",                                  // full-width letters
            "r-山田花子様の部屋",                              // kanji
            "r-abc_def",                                    // underscore
            "r-abc.def",
            "r-abcdef ",                                    // trailing space
            "r-abcdef\n",                                   // trailing newline
            " r-abcdef",
            "R-abcdef",
            "u-abcdef",
            "r-abcdef/x",
            "r-abcdef:1"})
    void invalidRoomIds(String id) {
        assertThat(Ids.isValidRoomId(id)).isFalse();
        if (id != null) {
            assertThat(Destinations.roomIdOf(Destinations.ROOM_PREFIX + id)).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"u-a", "u-1", "u-dr-tanaka", "u-ns-suzuki", "u--"})
    void validUserIds(String id) {
        assertThat(Ids.isValidUserId(id)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"u-", "u-１２３", "u-ｔａｎａｋａ",
            "u-田中", "u-dr.tanaka", "u-dr tanaka", "u-tanaka\n", "U-tanaka", "tanaka", "o-tanaka",
            "u-tanaka@clinic"})
    void invalidUserIds(String id) {
        assertThat(Ids.isValidUserId(id)).isFalse();
    }

    @Test
    void organizationIds() {
        assertThat(Ids.isValidOrganizationId("o-aozora-vns")).isTrue();
        assertThat(Ids.isValidOrganizationId("o-1")).isTrue();
        assertThat(Ids.isValidOrganizationId("o-")).isFalse();
        assertThat(Ids.isValidOrganizationId("o-あおぞら")).isFalse();
        assertThat(Ids.isValidOrganizationId("o-１")).isFalse();
        assertThat(Ids.isValidOrganizationId("u-aozora")).isFalse();
        assertThat(Ids.isValidOrganizationId(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "req-1", "9c6f1e0a-5d7b-4a43-9e0f-2f4b1a8c7d11", "!~{}[]#$%&'()*+,./:;<=>?@\\^_`|"})
    void validClientIds(String id) {
        assertThat(Ids.isValidClientId(id)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", " a", "a\t", "a\n",
            "投稿1", "ｒｅｑ１", "req\u007F", "req\u0000"})
    void invalidClientIds(String id) {
        assertThat(Ids.isValidClientId(id)).isFalse();
    }

    @Test
    void lengthBoundaries() {
        assertThat(Ids.isValidRoomId("r-" + "a".repeat(6))).isTrue();
        assertThat(Ids.isValidRoomId("r-" + "a".repeat(5))).isFalse();
        assertThat(Ids.isValidRoomId("r-" + "a".repeat(40))).isTrue();
        assertThat(Ids.isValidRoomId("r-" + "a".repeat(41))).isFalse();
        assertThat(Ids.isValidUserId("u-" + "a".repeat(40))).isTrue();
        assertThat(Ids.isValidUserId("u-" + "a".repeat(41))).isFalse();
        assertThat(Ids.isValidOrganizationId("o-" + "a".repeat(40))).isTrue();
        assertThat(Ids.isValidOrganizationId("o-" + "a".repeat(41))).isFalse();
        assertThat(Ids.isValidClientId("t".repeat(Limits.MAX_CLIENT_ID))).isTrue();
        assertThat(Ids.isValidClientId("t".repeat(Limits.MAX_CLIENT_ID + 1))).isFalse();
    }

    @Test
    void everyPrintableAsciiCharacterButSpaceIsAllowedInClientIds() {
        for (char c = 0; c < 0x80; c++) {
            assertThat(Ids.isValidClientId(String.valueOf(c))).as("U+%04X", (int) c).isEqualTo(c > 0x20 && c < 0x7F);
        }
    }

    /** The id patterns of common.schema.json accept exactly what {@link Ids} accepts. */
    @Test
    void schemaIdPatternsAgreeWithIds() {
        List<String> candidates = new ArrayList<>(List.of(
                "r-abcdef", "r-abcde", "r-7Fq2kP9xZ1", "r-７Fq2kP9xZ1", "r-abcdef\n", "r-abcdef ", "R-abcdef",
                "u-a", "u-", "u-１２３", "u-dr-tanaka", "u-dr-tanaka\n", "u-田中", "o-aozora-vns", "o-", "o-あ",
                "a", "a b", "投稿1", "req\u007F", "x\n", "", "!~", "r-7Fq2kP9xZ1:1", "r-7Fq2kP9xZ1:0",
                "r-7Fq2kP9xZ1:012", "r-7Fq2kP9xZ1:１２", "r-7Fq2kP9xZ1:1\n", "r-7Fq2kP9xZ1:999999999999999999",
                "r-7Fq2kP9xZ1:1000000000000000000"));
        for (String prefix : List.of("r-", "u-", "o-")) {
            for (int n = 0; n <= 42; n++) {
                candidates.add(prefix + "x".repeat(n));
            }
        }
        for (int n = 0; n <= 66; n++) {
            candidates.add("t".repeat(n));
        }
        for (String id : candidates) {
            assertThat(accepts("roomId", id)).as("roomId %s", id).isEqualTo(Ids.isValidRoomId(id));
            assertThat(accepts("userId", id)).as("userId %s", id).isEqualTo(Ids.isValidUserId(id));
            assertThat(accepts("organizationId", id)).as("organizationId %s", id)
                    .isEqualTo(Ids.isValidOrganizationId(id));
            assertThat(accepts("clientId", id)).as("clientId %s", id).isEqualTo(Ids.isValidClientId(id));
            int colon = id.lastIndexOf(':');
            boolean canonicalEvent = colon > 0 && Ids.isValidRoomId(id.substring(0, colon))
                    && Ids.seqOf(id.substring(0, colon), id) > 0
                    && Ids.eventId(id.substring(0, colon), Ids.seqOf(id.substring(0, colon), id)).equals(id);
            assertThat(accepts("eventId", id)).as("eventId %s", id).isEqualTo(canonicalEvent);
        }
    }

    private static boolean accepts(String def, String value) {
        return Schemas.commonDefinition(def).validate(StringNode.valueOf(value)).isEmpty();
    }

    @Test
    void destinations() {
        assertThat(Destinations.room(ROOM)).isEqualTo("/room/r-7Fq2kP9xZ1");
        assertThat(Destinations.roomIdOf("/room/r-7Fq2kP9xZ1")).isEqualTo(ROOM);
        assertThat(Destinations.roomIdOf("/me/inbox")).isNull();
        assertThat(Destinations.roomIdOf("/room/")).isNull();
        assertThat(Destinations.roomIdOf("/rooms/r-7Fq2kP9xZ1")).isNull();
        assertThat(Destinations.roomIdOf(null)).isNull();
        assertThat(Destinations.POST_NOTE).startsWith(Destinations.APP_PREFIX + "/");
        assertThat(Destinations.EDIT_NOTE).startsWith(Destinations.APP_PREFIX + "/");
        assertThat(Destinations.ACK_NOTE).startsWith(Destinations.APP_PREFIX + "/");
        assertThat(Destinations.MARK_READ).startsWith(Destinations.APP_PREFIX + "/");
    }
}
