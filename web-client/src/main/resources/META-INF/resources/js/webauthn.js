// webauthn.js — the browser half of a passkey ceremony (SP-AUTH-02): turns the server's JSON options
// into navigator.credentials arguments and the authenticator's answer back into JSON. The encoding
// follows Spring Security's own spring-security-webauthn.js; PublicKeyCredential.parse…FromJSON is
// not used because older iPhones lack it.

function b64urlDecode(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

function b64urlEncode(buffer) {
  let bin = '';
  for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Whether this browser can use passkeys at all. */
export function supported() {
  return Boolean(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
}

/**
 * Whether this device has a built-in authenticator that verifies its user (fingerprint, face, device
 * PIN): where the offer to sign in with a passkey from now on makes sense.
 */
export async function platformAvailable() {
  if (!supported() || typeof PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable !== 'function') return false;
  try {
    return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

/** Creates a passkey from creation options JSON; resolves to the credential as JSON. */
export async function create(options) {
  const publicKey = {
    ...options,
    user: { ...options.user, id: b64urlDecode(options.user.id) },
    challenge: b64urlDecode(options.challenge),
    excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: b64urlDecode(c.id) })),
  };
  const cred = await navigator.credentials.create({ publicKey });
  const r = cred.response;
  return {
    id: cred.id,
    rawId: b64urlEncode(cred.rawId),
    response: {
      attestationObject: b64urlEncode(r.attestationObject),
      clientDataJSON: b64urlEncode(r.clientDataJSON),
      transports: r.getTransports ? r.getTransports() : [],
    },
    type: cred.type,
    clientExtensionResults: cred.getClientExtensionResults(),
    authenticatorAttachment: cred.authenticatorAttachment,
  };
}

/** Signs a request options challenge with a passkey; resolves to the assertion as JSON. */
export async function get(options) {
  const publicKey = {
    ...options,
    challenge: b64urlDecode(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: b64urlDecode(c.id) })),
  };
  const cred = await navigator.credentials.get({ publicKey });
  const r = cred.response;
  return {
    id: cred.id,
    rawId: b64urlEncode(cred.rawId),
    response: {
      authenticatorData: b64urlEncode(r.authenticatorData),
      clientDataJSON: b64urlEncode(r.clientDataJSON),
      signature: b64urlEncode(r.signature),
      userHandle: r.userHandle ? b64urlEncode(r.userHandle) : undefined,
    },
    type: cred.type,
    clientExtensionResults: cred.getClientExtensionResults(),
    authenticatorAttachment: cred.authenticatorAttachment,
  };
}

/**
 * Asks this device's authenticator to verify its user (fingerprint, face or device PIN) with one of
 * this site's passkeys, without the server: used to open the app without signal on a device whose
 * session locks (SP-AUTH-06), where the server cannot be asked. Resolves true only when the authenticator
 * reports user verification (flag UV in the authenticator data); false when refused or unavailable.
 */
export async function verifyUserLocally() {
  if (!supported()) return false;
  try {
    const challenge = crypto.getRandomValues(new Uint8Array(32));
    const cred = await navigator.credentials.get({ publicKey: {
      challenge, rpId: location.hostname, userVerification: 'required', timeout: 60000,
    } });
    const data = new Uint8Array(cred.response.authenticatorData);
    return data.length > 32 && (data[32] & 0x04) !== 0;
  } catch {
    return false;
  }
}
