package jp.renkei.server.auth;

import jp.renkei.server.crypto.CryptoProperties;
import jp.renkei.server.crypto.MasterKeyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At startup, before any login: TOTP secrets stored in plain form by earlier versions are encrypted,
 * and during a master-key rotation ({@code renkei.crypto.previous-master-key-file}) those under the
 * old key are re-encrypted under the new one, as {@code RoomKeys} does for room keys.
 */
@Component
class TotpSecretsAtRest {

    private static final Logger log = LoggerFactory.getLogger(TotpSecretsAtRest.class);

    TotpSecretsAtRest(CredentialStore credentials, CryptoProperties crypto) {
        int changed = credentials.encryptAtRest(crypto.previousMasterKeyFile() == null ? null
                : MasterKeyLoader.readFile(crypto.previousMasterKeyFile()));
        if (changed > 0) {
            log.info("Encrypted {} TOTP secrets under the current master key", changed);
        }
    }
}
