// api.js — the HTTP API: JSON requests with the session cookie and the CSRF header on unsafe methods.

const csrf = { header: 'X-CSRF-TOKEN', token: null };
let onUnauthenticated = () => {};

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

/** Called when the server says the session has ended (401 UNAUTHENTICATED). */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
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
  let data = null;
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
  if (err.code === 'UNAUTHENTICATED' && !path.startsWith('/api/login')) onUnauthenticated();
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
  return remember(await request('POST', '/api/login', { username, password }));
}

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
export const searchUsers = (q) => request('GET', `/api/directory/users?${new URLSearchParams({ q })}`);

// ---- Vacant-bed board (空床情報), docs/protocol.md §17
export const listBedNotices = () => request('GET', '/api/beds/notices');
export const publishBedNotice = (body) => request('POST', '/api/beds/notices', body);
export const updateBedNotice = (id, body) => request('PUT', `/api/beds/notices/${enc(id)}`, body);
export const withdrawBedNotice = (id) => request('DELETE', `/api/beds/notices/${enc(id)}`);
export const sendBedInquiry = (id, body) => request('POST', `/api/beds/notices/${enc(id)}/inquiries`, body);
export const listBedInquiries = () => request('GET', '/api/beds/inquiries');
export const bedInquiryStep = (id, step, body = {}) => request('POST', `/api/beds/inquiries/${enc(id)}/${step}`, body);
