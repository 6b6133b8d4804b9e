// api.js — the HTTP API: JSON requests with the session cookie and the CSRF header on unsafe methods.

const csrf = { header: 'X-CSRF-TOKEN', token: null };
let onUnauthenticated = () => {};
let onLocked = () => {};

/** An HTTP error with the fields of the server's ErrorReply. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.code) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? 'NETWORK' : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL');
    this.reason = (body && body.reason) || null;
    this.violations = (body && body.violations) || [];
  }
}

/**
 * Called when the server says the session has ended (401 UNAUTHENTICATED), with the error: its reason
 * is `device_revoked` when this device was revoked (the app then wipes its local data).
 */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/** Called when the server says the session is locked (423 SESSION_LOCKED, SP-AUTH-06). */
export function setLockedHandler(fn) {
  onLocked = fn;
}

/** The CSRF header name and token, for the STOMP CONNECT frame. */
export function csrfInfo() {
  return { header: csrf.header, token: csrf.token };
}

function remember(session) {
  if (session && session.csrfToken) {
    csrf.token = session.csrfToken;
    csrf.header = session.csrfHeader || 'X-CSRF-TOKEN';
  }
  return session;
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf.token) headers[csrf.header] = csrf.token;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 204) return { status: 204, data: null };
  let data;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  return { status: res.status, ok: res.ok, data };
}

async function request(method, path, body, retried = false) {
  const res = await send(method, path, body);
  if (res.status === 204) return null;
  if (res.ok) return res.data;
  // The CSRF filter refusing a stale token (403, reason "csrf"): refresh the token once and retry.
  const csrfRefused = res.status === 403 && (!(res.data && res.data.code) || res.data.reason === 'csrf');
  if (csrfRefused && method !== 'GET' && !retried) {
    const session = await getSession();
    if (session.authenticated || path === '/api/login') return request(method, path, body, true);
    onUnauthenticated();
    throw new ApiError(401, { code: 'UNAUTHENTICATED' });
  }
  const err = new ApiError(res.status, res.data);
  if (err.code === 'UNAUTHENTICATED' && !path.startsWith('/api/login')) onUnauthenticated(err);
  if (err.code === 'SESSION_LOCKED') onLocked(err);
  throw err;
}

const enc = encodeURIComponent;

/** GET /api/session → SessionInfo (also refreshes the CSRF token). */
export async function getSession() {
  const res = await send('GET', '/api/session');
  if (!res.ok || !res.data) throw new ApiError(res.status, res.data);
  return remember(res.data);
}

/** POST /api/login → SessionInfo with a new CSRF token; 401 AUTH_FAILED on bad credentials. */
export async function login(username, password) {
  // The password step: answers {step: 'second_factor', methods, csrfHeader, csrfToken} (SP-AUTH-02).
  return remember(await request('POST', '/api/login', { username, password }));
}

/** POST /api/login/totp → SessionInfo: the second factor, a code from the authenticator app. */
export async function loginTotp(code) {
  return remember(await request('POST', '/api/login/totp', { code }));
}

// ---- Authentication and staff administration ----

/** POST /api/enrolment/start: what the one-time link is for, and the TOTP secret to add to an app. */
export async function enrolmentStart(token) {
  return request('POST', '/api/enrolment/start', { token });
}

/** POST /api/enrolment/complete: sets the password and enrols the second factor. */
export async function enrolmentComplete(token, password, code) {
  return request('POST', '/api/enrolment/complete', { token, password, code });
}

/** POST /api/account/password. */
export async function changePassword(currentPassword, newPassword) {
  return request('POST', '/api/account/password', { currentPassword, newPassword });
}

/** GET /api/admin/users: the staff of the administrator's organisation. */
export async function staff() {
  return request('GET', '/api/admin/users');
}

/** POST /api/admin/users/{id}/reset-link → {link, expiresAt}. */
export async function resetLink(userId) {
  return request('POST', `/api/admin/users/${encodeURIComponent(userId)}/reset-link`, {});
}

/** POST /api/admin/users/{id}/offboard → what happened to the leaver's rooms. */
export async function offboard(userId) {
  return request('POST', `/api/admin/users/${encodeURIComponent(userId)}/offboard`, {});
}

// ---- Passkeys ----

/** POST /api/login/passkey/options: the challenge for the passkey step of a login. */
export const loginPasskeyOptions = () => request('POST', '/api/login/passkey/options', {});
/** POST /api/login/passkey → SessionInfo: the second factor, a passkey's signature. */
export async function loginPasskey(credential) {
  return remember(await request('POST', '/api/login/passkey', credential));
}
/** POST /api/login/passkey-first/options: the challenge of a one-step passkey sign-in (user verification required). */
export const passkeyFirstOptions = () => request('POST', '/api/login/passkey-first/options', {});
/** POST /api/login/passkey-first → SessionInfo: signed in with the passkey alone. */
export async function passkeyFirst(credential) {
  return remember(await request('POST', '/api/login/passkey-first', credential));
}
/** POST /api/session/lock: the app went to the background (a registered device). */
export const lockSession = () => request('POST', '/api/session/lock', {});
/** POST /api/session/unlock/options: the challenge for unlocking with this device's passkey. */
export const unlockOptions = () => request('POST', '/api/session/unlock/options', {});
/** POST /api/session/unlock → SessionInfo. */
export async function unlockSession(credential) {
  return remember(await request('POST', '/api/session/unlock', credential));
}
export const renamePasskey = (id, label) => request('PATCH', `/api/account/passkeys/${encodeURIComponent(id)}`, { label });
export const staffDevices = (userId) => request('GET', `/api/admin/users/${encodeURIComponent(userId)}/passkeys`);
export const revokeStaffDevice = (userId, id) =>
  request('DELETE', `/api/admin/users/${encodeURIComponent(userId)}/passkeys/${encodeURIComponent(id)}`);
export const listPasskeys = () => request('GET', '/api/account/passkeys');
export const passkeyOptions = () => request('POST', '/api/account/passkeys/options', {});
export const registerPasskey = (label, credential) => request('POST', '/api/account/passkeys', { label, credential });
export const deletePasskey = (id) => request('DELETE', `/api/account/passkeys/${encodeURIComponent(id)}`);

/** POST /api/logout, then fetch a fresh anonymous session (and its CSRF token). */
export async function logout() {
  try {
    await request('POST', '/api/logout');
  } finally {
    await getSession().catch(() => null);
  }
}

export const listRooms = () => request('GET', '/api/rooms');
export const createRoom = (body) => request('POST', '/api/rooms', body);
export const getRoom = (roomId) => request('GET', `/api/rooms/${enc(roomId)}`);

/** GET /api/rooms/{id}/events; omit before for the newest page. */
export function getEvents(roomId, { before, limit = 50 } = {}) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (before != null) q.set('before', String(before));
  return request('GET', `/api/rooms/${enc(roomId)}/events?${q}`);
}

export const inviteMember = (roomId, userId) => request('POST', `/api/rooms/${enc(roomId)}/members`, { userId });
export const removeMember = (roomId, userId) => request('DELETE', `/api/rooms/${enc(roomId)}/members/${enc(userId)}`);
// --- Audit review (facility administrators, SP-AUD-04) ---
export function getAudit({ view, actor, from, to, page = 0, size = 50, technical = true }) {
  const q = new URLSearchParams({ view, page: String(page), size: String(size), technical: String(technical) });
  if (actor) q.set('actor', actor);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return request('GET', `/api/admin/audit?${q}`);
}
export const searchUsers = (q) => request('GET', `/api/directory/users?${new URLSearchParams({ q })}`);

// --- visit calendar -------------------------------------------------------------------
const range = (from, to) => new URLSearchParams({ from, to });
export const getCalendar = (roomId, from, to) => request('GET', `/api/rooms/${enc(roomId)}/calendar?${range(from, to)}`);
export const getFamilyCalendar = (roomId, from, to) =>
  request('GET', `/api/rooms/${enc(roomId)}/family-calendar?${range(from, to)}`);
export const listFamilyRooms = () => request('GET', '/api/family/rooms');
export const getAgenda = (from, to) => request('GET', `/api/agenda?${range(from, to)}`);
export const addCalendarItem = (roomId, body) => request('POST', `/api/rooms/${enc(roomId)}/calendar/items`, body);
export const changeCalendarItem = (roomId, itemId, body) =>
  request('PUT', `/api/rooms/${enc(roomId)}/calendar/items/${enc(itemId)}`, body);
export const cancelCalendarItem = (roomId, itemId, body) =>
  request('POST', `/api/rooms/${enc(roomId)}/calendar/items/${enc(itemId)}/cancel`, body);
export const cancelOccurrence = (roomId, itemId, body) =>
  request('POST', `/api/rooms/${enc(roomId)}/calendar/items/${enc(itemId)}/occurrences/cancel`, body);
export const moveOccurrence = (roomId, itemId, body) =>
  request('POST', `/api/rooms/${enc(roomId)}/calendar/items/${enc(itemId)}/occurrences/move`, body);
export const getFeed = () => request('GET', '/api/calendar-feed');
export const regenerateFeed = () => request('POST', '/api/calendar-feed');
export const revokeFeed = () => request('DELETE', '/api/calendar-feed');

// --- consent (SP-CON-01, 02) and break the glass (SP-AUTHZ-04) ----------------------------------
export const recordConsent = (roomId, body) => request('POST', `/api/rooms/${enc(roomId)}/consent`, body);
export const withdrawConsent = (roomId, date) => request('POST', `/api/rooms/${enc(roomId)}/consent/withdraw`, { date });
/** Family accounts by name (at least 2 characters), for naming them in the consent. */
export const searchFamily = (q) => request('GET', `/api/directory/users?${new URLSearchParams({ q, profession: 'family' })}`);
export const openEmergency = (roomId, reason) => request('POST', `/api/rooms/${enc(roomId)}/emergency-access`, { reason });
export const listEmergencyGrants = () => request('GET', '/api/admin/emergency-grants');
export const reviewEmergencyGrant = (grantId, comment) =>
  request('POST', `/api/admin/emergency-grants/${enc(grantId)}/review`, { comment });
// --- photos (SP-CON-04) ------------------------------------------------------------------
export const getPhotoRules = (roomId) => request('GET', `/api/rooms/${enc(roomId)}/photo-rules`);
export const setPhotoRules = (roomId, rules) => request('PUT', `/api/rooms/${enc(roomId)}/photo-rules`, rules);
/** Short-lived links {url, thumbUrl, expiresAt} for this user; every call is audited. */
export const getPhotoLink = (roomId, photoId) => request('GET', `/api/rooms/${enc(roomId)}/photos/${enc(photoId)}/link`);

/**
 * POST /api/rooms/{roomId}/photos?faces=… with the file itself as the body (not multipart: see
 * docs/protocol.md 6.6a). XMLHttpRequest rather than fetch because only it reports upload progress.
 * onProgress(fraction 0..1). Resolves {photoId, width, height}; rejects with an ApiError.
 */
export function uploadPhoto(roomId, file, faces, onProgress, retried = false) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/rooms/${enc(roomId)}/photos?faces=${faces ? 'true' : 'false'}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrf.token) xhr.setRequestHeader(csrf.header, csrf.token);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onload = () => {
      const data = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300 && data) {
        resolve(data);
        return;
      }
      // A stale CSRF token (403 without a code, or reason "csrf"): refresh it once and send again.
      const csrfRefused = xhr.status === 403 && (!(data && data.code) || data.reason === 'csrf');
      if (csrfRefused && !retried) {
        getSession().then(
          () => uploadPhoto(roomId, file, faces, onProgress, true).then(resolve, reject),
          () => reject(new ApiError(0, null)));
        return;
      }
      const err = new ApiError(xhr.status, data);
      if (err.code === 'UNAUTHENTICATED') onUnauthenticated();
      reject(err);
    };
    xhr.send(file);
  });
}
// ---- Vacant-bed board (空床情報), docs/protocol.md §17
export const bedCapabilities = () => request('GET', '/api/beds/me');
export const listBedNotices = () => request('GET', '/api/beds/notices');
export const publishBedNotice = (body) => request('POST', '/api/beds/notices', body);
export const updateBedNotice = (id, body) => request('PUT', `/api/beds/notices/${enc(id)}`, body);
export const withdrawBedNotice = (id) => request('DELETE', `/api/beds/notices/${enc(id)}`);
export const sendBedInquiry = (id, body) => request('POST', `/api/beds/notices/${enc(id)}/inquiries`, body);
export const listBedInquiries = () => request('GET', '/api/beds/inquiries');
export const bedInquiryStep = (id, step, body = {}) => request('POST', `/api/beds/inquiries/${enc(id)}/${step}`, body);
// ---- Web Push (通知), docs/protocol.md §18
export const getVapidKey = () => request('GET', '/api/notify/vapid-key');
export const savePushSubscription = (body) => request('PUT', '/api/notify/subscription', body);
export const deletePushSubscription = (endpoint) => request('DELETE', '/api/notify/subscription', { endpoint });
export const getNotifySettings = () => request('GET', '/api/notify/settings');
export const saveNotifySettings = (body) => request('PUT', '/api/notify/settings', body);
/** Where a notification's opaque id leads: {kind: 'room', roomId} or {kind: 'beds', inquiryId}. */
export const resolveNotification = (id) => request('GET', `/api/notify/targets/${enc(id)}`);

// --- when care ends: closing, reopening, and the administrator's purge (protocol §18x) ------------
export const closeRoom = (roomId, body) => request('POST', `/api/rooms/${enc(roomId)}/closure`, body);
export const reopenRoom = (roomId) => request('POST', `/api/rooms/${enc(roomId)}/closure/reopen`, {});
export const retentionDue = () => request('GET', '/api/admin/retention/due');
export const purgeRooms = (roomIds) => request('POST', '/api/admin/retention/purge', { roomIds });
// ---- Handoff sheets (入退院連携, docs/protocol.md handoff section).
export const handoffCapabilities = () => request('GET', '/api/handoffs/me');
export const handoffTemplates = () => request('GET', '/api/handoffs/templates');
export const handoffReceivers = () => request('GET', '/api/handoffs/receivers');
export function listHandoffs({ box = 'incoming', state = '', dueBy = '' } = {}) {
  const q = new URLSearchParams({ box });
  if (state) q.set('state', state);
  if (dueBy) q.set('dueBy', dueBy);
  return request('GET', `/api/handoffs?${q}`);
}
export const createHandoff = (body) => request('POST', '/api/handoffs', body);
export const getHandoff = (id) => request('GET', `/api/handoffs/${enc(id)}`);
export const editHandoff = (id, body) => request('PUT', `/api/handoffs/${enc(id)}`, body);
export const handoffStep = (id, step, body = {}) => request('POST', `/api/handoffs/${enc(id)}/${step}`, body);
// ---- On call: care team, rotas, escalation of urgent notes (docs/protocol.md §18x) ----
export const getCareTeam = (roomId) => request('GET', `/api/rooms/${enc(roomId)}/care-team`);
export const setCareRoles = (roomId, body) => request('PUT', `/api/rooms/${enc(roomId)}/care-team/roles`, body);
export const addCover = (roomId, body) => request('POST', `/api/rooms/${enc(roomId)}/care-team/covers`, body);
export const removeCover = (roomId, coverId) => request('DELETE', `/api/rooms/${enc(roomId)}/care-team/covers/${enc(coverId)}`);
export const oncallMe = () => request('GET', '/api/oncall/me');
export const getRota = (orgId) => request('GET', `/api/oncall/rotas/${enc(orgId)}`);
export const addRotaEntry = (orgId, body) => request('POST', `/api/oncall/rotas/${enc(orgId)}/entries`, body);
export const removeRotaEntry = (orgId, entryId) => request('DELETE', `/api/oncall/rotas/${enc(orgId)}/entries/${enc(entryId)}`);
export const setRotaSettings = (orgId, body) => request('PUT', `/api/oncall/rotas/${enc(orgId)}/settings`, body);
export const oncallAlerts = () => request('GET', '/api/oncall/alerts');
// ---- Provider directory (事業所さがし) and contact windows (ケアマネタイム) ----

/** GET /api/directory/providers?… (query string built by the caller). */
export const searchDirectory = (query) => request('GET', `/api/directory/providers${query ? `?${query}` : ''}`);
/** GET /api/directory/providers/mine: the facility administrator's own entries, with staleness. */
export const myDirectoryEntries = () => request('GET', '/api/directory/providers/mine');
/** PUT /api/directory/providers/{id}: the whole profile with baseVersion. */
export const saveDirectoryEntry = (id, body) => request('PUT', `/api/directory/providers/${enc(id)}`, body);
/** POST /api/directory/providers/{id}/confirm: confirm the acceptance status (unchanged when null). */
export const confirmDirectoryEntry = (id, acceptance) => request('POST', `/api/directory/providers/${enc(id)}/confirm`, acceptance ? { acceptance } : {});
/** GET/PUT /api/directory/contact-windows/me. */
export const myContactWindows = () => request('GET', '/api/directory/contact-windows/me');
export const saveMyContactWindows = (body) => request('PUT', '/api/directory/contact-windows/me', body);
/** GET /api/directory/contact-windows?userIds=…: the composer's hint. */
export const contactWindows = (ids) => request('GET', `/api/directory/contact-windows?userIds=${ids.map(enc).join(',')}`);
/** POST /api/directory/providers/import: a CSV file as it is (operator); all or nothing. */
export async function importDirectoryCsv(file) {
  const headers = { Accept: 'application/json', 'Content-Type': 'text/csv' };
  if (csrf.token) headers[csrf.header] = csrf.token;
  let res;
  try {
    res = await fetch('/api/directory/providers/import', { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    // no body
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
/** PUT /api/directory/vocabulary/{id}: add or relabel a capability (operator). */
export const saveCapability = (id, ja, en) => request('PUT', `/api/directory/vocabulary/${enc(id)}`, { ja, en });
// 相談窓口 (consultation desk): docs/protocol.md, the consultation desk section.
export const deskMe = () => request('GET', '/api/desk/me');
export const recordDeskCase = (body) => request('POST', '/api/desk/cases', body);
export const editDeskCase = (id, body) => request('PUT', `/api/desk/cases/${enc(id)}`, body);
export const getDeskCase = (id) => request('GET', `/api/desk/cases/${enc(id)}`);
/** The words go in a POST body, never in the address (they may be a person's name). */
export const searchDeskCases = ({ q, category, status, month }) =>
  request('POST', '/api/desk/cases/search', { q: q || null, category: category || null, status: status || null, month: month || null });
export const setDeskCaseStatus = (id, version, status) => request('POST', `/api/desk/cases/${enc(id)}/status`, { version, status });
export const deskFollowUpDone = (id, followUpId, version) =>
  request('POST', `/api/desk/cases/${enc(id)}/follow-ups/${enc(followUpId)}/done`, { version });
export const deskFollowUps = () => request('GET', '/api/desk/follow-ups');
export const searchDeskProviders = (capability, area, q) => {
  const params = new URLSearchParams();
  if (capability) params.set('capability', capability);
  if (area) params.set('area', area);
  if (q) params.set('q', q);
  return request('GET', `/api/desk/providers?${params}`);
};
export const introduceDeskProviders = (id, version, organizationIds) =>
  request('POST', `/api/desk/cases/${enc(id)}/providers`, { version, organizationIds });
export const handOverDeskCase = (id, body) => request('POST', `/api/desk/cases/${enc(id)}/handover`, body);
export const deskReport = (month, scope) => request('GET', `/api/desk/report?${new URLSearchParams({ month, scope })}`);
/** The CSV's address (a plain download link: the session cookie goes with it). */
export const deskReportCsvUrl = (month, scope) => `/api/desk/report.csv?${new URLSearchParams({ month, scope })}`;
export const addDeskCategory = (name) => request('POST', '/api/desk/categories', { name });
export const changeDeskCategory = (id, name, active) => request('PUT', `/api/desk/categories/${enc(id)}`, { name, active });
