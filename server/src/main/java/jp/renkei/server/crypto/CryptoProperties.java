package jp.renkei.server.crypto;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master key comes from (SP-CRY-01, SP-CRY-02). Exactly one source is used, in this order:
 * a PKCS#12 keystore entry, a key file, or (embedded demo setup only) a key generated once into the
 * embedded data folder.
 *
 * @param masterKeyFile         a file holding the 256-bit master key: 32 raw bytes, or their Base64 text
 * @param keystore              a PKCS#12 keystore holding the master key as a secret-key entry
 * @param keystorePassword      the keystore's password (also used for the entry)
 * @param keyAlias              the entry's alias
 * @param previousMasterKeyFile during a rotation: the old master key; room keys still wrapped under it
 *                              are re-wrapped under the current one at startup
 */
@ConfigurationProperties("renkei.crypto")
public record CryptoProperties(Path masterKeyFile, Path keystore, String keystorePassword, String keyAlias,
                               Path previousMasterKeyFile) {
}
