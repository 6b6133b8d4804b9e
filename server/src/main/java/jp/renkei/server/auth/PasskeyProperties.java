package jp.renkei.server.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkey (WebAuthn) settings ({@code renkei.webauthn.*}).
 *
 * @param rpId       the relying party id: the site's host name (a passkey works only on this domain and
 *                   its subdomains); {@code localhost} for development
 * @param rpName     the name authenticators show
 * @param origins    the exact origins pages may call from ({@code https://care.example.jp}); empty means
 *                   {@code http://<rpId>:<port>} and {@code https://<rpId>:<port>} of this server, which
 *                   is right for development but not behind a reverse proxy
 * @param maxPerUser how many passkeys one account may register
 */
@ConfigurationProperties("renkei.webauthn")
public record PasskeyProperties(
        @DefaultValue("localhost") String rpId,
        @DefaultValue("Renkei") String rpName,
        List<String> origins,
        @DefaultValue("10") int maxPerUser) {
}
