package jp.renkei.server.photo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jp.renkei.server.error.DomainException;
import org.junit.jupiter.api.Test;

/** Photo links expire after five minutes and are bound to photo, variant and user. */
class PhotoLinksTest {

    private static final byte[] KEY = new byte[32];
    private static final Instant T0 = Instant.parse("2026-11-14T09:00:00Z");

    @Test
    void aLinkIsValidForFiveMinutesForItsUserPhotoAndVariantOnly() {
        PhotoLinks now = new PhotoLinks(KEY, Clock.fixed(T0, ZoneOffset.UTC));
        PhotoLinks.Signed s = now.sign("p-1", "full", "u-a");
        assertThatCode(() -> now.verify("p-1", "full", "u-a", s.exp(), s.sig())).doesNotThrowAnyException();
        assertThatThrownBy(() -> now.verify("p-1", "thumb", "u-a", s.exp(), s.sig())).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> now.verify("p-2", "full", "u-a", s.exp(), s.sig())).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> now.verify("p-1", "full", "u-b", s.exp(), s.sig())).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> now.verify("p-1", "full", "u-a", s.exp() + 1, s.sig())).isInstanceOf(DomainException.class);

        PhotoLinks later = new PhotoLinks(KEY, Clock.fixed(T0.plus(Duration.ofSeconds(301)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify("p-1", "full", "u-a", s.exp(), s.sig()))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code",
                        jp.renkei.protocol.ErrorCode.PHOTO_LINK_INVALID);
        PhotoLinks otherKey = new PhotoLinks(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, Clock.fixed(T0, ZoneOffset.UTC));
        assertThatThrownBy(() -> otherKey.verify("p-1", "full", "u-a", s.exp(), s.sig())).isInstanceOf(DomainException.class);
    }
}
