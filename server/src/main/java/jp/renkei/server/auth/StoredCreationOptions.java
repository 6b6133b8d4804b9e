package jp.renkei.server.auth;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticationExtensionsClientInputs;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;

/**
 * A passkey registration's pending options in a form a shared session can store
 * ({@link SessionAttributeCodec}): Spring Security's {@link PublicKeyCredentialCreationOptions} is not
 * serializable (its request options are), so its fields are kept as plain values or as Spring Security's
 * serializable parts, and the options are rebuilt when the registration answer arrives, on any node.
 */
record StoredCreationOptions(String rpId, String rpName, PublicKeyCredentialUserEntity user, Bytes challenge,
                             long[] algorithms, Duration timeout, List<PublicKeyCredentialDescriptor> exclude,
                             String attachment, String residentKey, String userVerification, String attestation,
                             AuthenticationExtensionsClientInputs extensions) implements Serializable {

    private static final List<PublicKeyCredentialParameters> KNOWN = List.of(PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
            PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
            PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512,
            PublicKeyCredentialParameters.RS1);
    private static final List<UserVerificationRequirement> VERIFICATION = List.of(UserVerificationRequirement.REQUIRED,
            UserVerificationRequirement.PREFERRED, UserVerificationRequirement.DISCOURAGED);

    static StoredCreationOptions of(PublicKeyCredentialCreationOptions o) {
        long[] algorithms = o.getPubKeyCredParams() == null ? new long[0]
                : o.getPubKeyCredParams().stream().mapToLong(p -> p.getAlg().getValue()).toArray();
        AuthenticatorSelectionCriteria s = o.getAuthenticatorSelection();
        return new StoredCreationOptions(o.getRp() == null ? null : o.getRp().getId(),
                o.getRp() == null ? null : o.getRp().getName(), o.getUser(), o.getChallenge(), algorithms,
                o.getTimeout(), o.getExcludeCredentials() == null ? null : new ArrayList<>(o.getExcludeCredentials()),
                s == null || s.getAuthenticatorAttachment() == null ? null : s.getAuthenticatorAttachment().getValue(),
                s == null || s.getResidentKey() == null ? null : s.getResidentKey().getValue(),
                s == null || s.getUserVerification() == null ? null : s.getUserVerification().getValue(),
                o.getAttestation() == null ? null : o.getAttestation().getValue(), o.getExtensions());
    }

    PublicKeyCredentialCreationOptions options() {
        List<PublicKeyCredentialParameters> params = new ArrayList<>();
        for (long alg : algorithms) {
            KNOWN.stream().filter(p -> p.getAlg().getValue() == alg).findFirst().ifPresent(params::add);
        }
        var builder = PublicKeyCredentialCreationOptions.builder()
                .rp(PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build())
                .user(user).challenge(challenge).pubKeyCredParams(params).timeout(timeout)
                .excludeCredentials(exclude == null ? List.of() : exclude).extensions(extensions);
        if (attachment != null || residentKey != null || userVerification != null) {
            var selection = AuthenticatorSelectionCriteria.builder();
            if (attachment != null) {
                selection.authenticatorAttachment(AuthenticatorAttachment.valueOf(attachment));
            }
            if (residentKey != null) {
                selection.residentKey(ResidentKeyRequirement.valueOf(residentKey));
            }
            VERIFICATION.stream().filter(v -> v.getValue().equals(userVerification)).findFirst()
                    .ifPresent(selection::userVerification);
            builder.authenticatorSelection(selection.build());
        }
        if (attestation != null) {
            builder.attestation(AttestationConveyancePreference.valueOf(attestation));
        }
        return builder.build();
    }
}
