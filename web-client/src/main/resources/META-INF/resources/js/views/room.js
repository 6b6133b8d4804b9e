// views/room.js — one room: header, timeline (history + live events), composer and members panel;
// moves the read marker when the newest event is on screen.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import * as live from '../live.js';
import * as store from '../store.js';
import { roomTitle, ageOf, formatDate } from '../format.js';
import { errorMessage } from '../errors.js';
import { connectionBadge, topBar, toast } from '../ui.js';
import { createTimeline } from './timeline.js';
import { createComposer } from './composer.js';
import { openMembers } from './members.js';
import { consentBanner, openConsentSheet, openConsentPanel } from './consent.js';
import { grantUntil, rememberGrant, tokyoHm } from './emergency.js';
import { createPhotoGallery } from './photos.js';
import { createPhotoRules } from './photo-rules.js';
import { closureBanner, closureLabel, closureSection, reopenRoom } from './closure.js';
// posts go through the encrypted outbox; half-written notes are kept as drafts.
import * as outbox from '../outbox.js';
import * as drafts from '../drafts.js';
import { createOutboxPanel } from './outbox-panel.js';
import { confirmDialog } from '../dialog.js';
import * as offlineCache from '../offline-cache.js';
import { createCareStrip } from './oncall.js';

const PAGE = 50;

function patientLine(p) {
  if (!p) return null;
  const age = ageOf(p.birthDate);
  return [
    p.nameKana,
    p.birthDate ? (age == null ? formatDate(p.birthDate) : t('patient.birthAge', { date: formatDate(p.birthDate), age })) : null,
    p.sex ? t(`sex.${p.sex}`) : null,
    p.careLevel ? t(`careLevel.${p.careLevel}`) : null,
    p.area,
  ].filter(Boolean).join(' · ');
}

/** The room screen. onBack() returns to the list; onGone() is called when access ends. */
export function roomView({ roomId, onBack, onGone }) {
  const me = store.currentUser();
  let detail = null;
  let timeline = null;
  let composer = null;
  let membersPanel = null;
  let unwatch = () => {};
  let headSeqLoaded = 0;
  let lastReadSent = 0;
  let readTimer = null;
  let loadingOlder = false;
  let destroyed = false;
  let observer = null;
  let wasOnline = true;
  // Consent and 緊急閲覧 (SP-CON-01, SP-AUTHZ-04).
  let consent = null; // the latest consent.recorded content seen in this room's timeline
  let emergencyUntil = null; // a non-member reading under a break-the-glass grant: its end (ISO)
  let endTimer = null;
  let ended = false;
  // 写真: the room's photo rules, its photo thumbnails/viewer, and the 写真の共有 section.
  let photoRules = { photos: false, faces: false };
  const gallery = createPhotoGallery({ roomId, me });
  let photoRulesSection = null;
  let rulesSeq = 0; // seq of the last photo_rules.changed applied live: an older answer must not undo it
  let outboxPanel = null;
  let draftTimer = null;
  let openedOffline = false; // shown from the kept details without signal: reloaded once connected

  const headerSlot = h('div', { class: 'header-slot' });
  const bannerSlot = h('div', { class: 'banner-slot' });
  const body = h('div', { class: 'room-body' }, h('p', { class: 'loading' }, t('common.loading')));
  // 主治医・副主治医 and いま対応 (who covers now), under the header of a patient room.
  const careStrip = createCareStrip({ roomId, members: () => (detail ? detail.members : []) });
  const el = h('div', { class: 'screen room', 'data-testid': 'room-view', 'data-room-id': roomId },
    headerSlot, careStrip.el, bannerSlot, body);

  function myMember() {
    return detail && detail.members.find((m) => m.person.userId === me.userId);
  }

  function isHost() {
    const mine = myMember();
    return Boolean(detail && ((mine && mine.role === 'host') || detail.hostUserId === me.userId));
  }

  /** Reading a room one is not a member of: only under a break-the-glass grant (read-only). */
  function isEmergency() {
    return Boolean(detail && !myMember());
  }

  function consentMissing() {
    return Boolean(detail && detail.kind === 'patient' && detail.consentRecorded === false && !detail.archived);
  }

  function canAct() {
    return Boolean(detail && !detail.archived && !isEmergency() && !consentMissing());
  }

  /** The composer follows canAct(); without consent it says why; under 緊急閲覧 it is not shown at all. */
  function applyComposerState() {
    if (!composer) return;
    const why = detail && detail.closure ? t('closure.composerBlocked')
      : consentMissing() ? t('consent.composerBlocked') : null;
    composer.setEnabled(canAct(), why);
    composer.el.hidden = isEmergency();
  }

  /** userId → name of everyone known (the timeline's cache plus the current members), for consent sheets. */
  function knownNames() {
    const names = timeline ? timeline.names : new Map();
    for (const m of (detail && detail.members) || []) names.set(m.person.userId, m.person.name);
    return names;
  }

  function openConsent() {
    openConsentSheet({ roomId, current: consent, names: knownNames(), onRecorded: refreshDetail });
  }

  /** The latest consent record: from what is loaded, else by paging back through the history. */
  async function findConsent() {
    if (consent || !timeline) return consent;
    let before = timeline.minSeq;
    for (let i = 0; i < 20 && before > 1; i += 1) {
      const page = await api.getEvents(roomId, { before, limit: 100 });
      const found = [...page.events].reverse().find((e) => e.kind === 'consent.recorded');
      if (found) return found.content;
      if (!page.hasMore || !page.events.length) break;
      before = page.events[0].seq;
    }
    return null;
  }

  async function openConsentMenu() {
    let current;
    try {
      current = await findConsent();
    } catch {
      current = null; // the panel says it could not show the record; recording again still works
    }
    if (destroyed) return;
    openConsentPanel({
      roomId, current, names: knownNames(), onRecorded: refreshDetail, onWithdrawn: refreshDetail,
    });
  }

  function renderBanner() {
    if (openedOffline && !ended) {
      replace(bannerSlot, h('div', { class: 'room-banner banner-warn', role: 'status', 'data-testid': 'offline-banner' },
        h('p', null, t('offline.room'))));
      return;
    }
    if (ended || !detail) {
      replace(bannerSlot);
      return;
    }
    if (isEmergency()) {
      replace(bannerSlot, h('div', { class: 'room-banner banner-danger', role: 'status', 'data-testid': 'emergency-banner' },
        h('p', null, emergencyUntil ? t('emergency.banner', { until: tokyoHm(emergencyUntil) }) : t('emergency.bannerNoEnd'))));
    } else if (detail.closure) {
      replace(bannerSlot, closureBanner({
        closure: detail.closure,
        host: isHost(),
        onReopen: () => reopenRoom({ roomId, onReopened: refreshDetail }),
      }));
    } else if (consentMissing()) {
      replace(bannerSlot, consentBanner({ host: isHost(), onRecord: openConsent }));
    } else {
      replace(bannerSlot);
    }
  }

  /** 緊急閲覧 ended (the grant ran out or was refused): drop the content, say so, offer the way back. */
  function showEnded() {
    if (ended || destroyed) return;
    ended = true;
    unwatch();
    clearTimeout(endTimer);
    clearTimeout(readTimer);
    if (observer) observer.disconnect();
    if (timeline) timeline.closeSheets();
    if (membersPanel) membersPanel.close();
    timeline = null;
    renderBanner();
    replace(body, h('div', { class: 'room-banner banner-warn ended', role: 'alert', 'data-testid': 'emergency-ended' },
      h('p', null, t('emergency.ended')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: onBack }, t('emergency.backToList'))));
  }

  function setEmergencyUntil(until) {
    if (!until || (emergencyUntil && emergencyUntil >= until)) return;
    emergencyUntil = until;
    rememberGrant(roomId, until);
    clearTimeout(endTimer);
    // The server ends the grant by itself; this only tells the reader on time (the next read would fail).
    endTimer = setTimeout(showEnded, Math.max(0, new Date(until).getTime() - Date.now()) + 1000);
    renderBanner();
  }

  /** Consent and grant state carried by timeline events (history and live alike). */
  function noteStateEvent(ev) {
    const c = (ev && ev.content) || {};
    if (ev.kind === 'consent.recorded' && (!consent || ev.seq > consent.seq)) {
      consent = { ...c, seq: ev.seq };
    } else if (ev.kind === 'emergency.opened' && c.userId === me.userId && !myMember()) {
      setEmergencyUntil(c.until);
    }
  }

  function setPhotoRules(rules) {
    photoRules = { photos: Boolean(rules && rules.photos), faces: Boolean(rules && rules.photos && rules.faces) };
    if (composer) composer.setPhotoRules(photoRules, photosOffText());
    if (photoRulesSection) photoRulesSection.refresh();
  }

  /** Why there is no 写真を追加, and who can change it (SP-CON-04: the host records the photo rules). */
  function photosOffText() {
    if (!detail || photoRules.photos) return null;
    if (consentMissing()) return t('photo.offNoConsent');
    if (isHost()) return t('photo.offYouAreHost');
    const host = detail.members.find((m) => m.role === 'host' || m.person.userId === detail.hostUserId);
    return host ? t('photo.offAskHost', { host: host.person.name }) : t('photo.offAskHostUnnamed');
  }

  /** Members who may not read the rules (e.g. family) just never see 写真を追加. */
  async function loadPhotoRules() {
    const asked = rulesSeq;
    try {
      const rules = await api.getPhotoRules(roomId);
      if (!destroyed && rulesSeq === asked) setPhotoRules(rules);
    } catch {
      // keep the last known rules; uploads are checked by the server anyway
    }
  }

  function renderHeader() {
    const membersButton = h('button', {
      type: 'button', class: 'btn btn-tool', 'data-testid': 'members-button', 'aria-label': t('members.title'),
      onclick: openMembersPanel, disabled: !detail,
    }, `👥 ${detail ? detail.members.length : ''}`);
    const subtitle = detail
      ? [
        detail.kind === 'patient' ? patientLine(detail.patient) : t('rooms.kindNetwork'),
        detail.closure ? closureLabel(detail.closure) : detail.archived ? t('room.archived') : null,
      ].filter(Boolean).join(' · ')
      : null;
    // Visit calendar: patient rooms only.
    const calendarButton = detail && detail.kind === 'patient' ? h('button', {
      type: 'button', class: 'btn btn-tool', 'data-testid': 'calendar-button', 'aria-label': t('cal.button'),
      onclick: () => { location.hash = `#/room/${roomId}/calendar`; },
    }, `📅 ${t('cal.button')}`) : null;
    // 同意の記録 / 同意の撤回 for the host once consent exists (before that the banner offers it).
    const consentButton = detail && detail.kind === 'patient' && isHost() && !detail.archived && !consentMissing()
      ? h('button', {
        type: 'button', class: 'btn btn-tool', 'data-testid': 'consent-button', 'aria-label': t('consent.title'),
        onclick: openConsentMenu,
      }, `📝 ${t('consent.button')}`) : null;
    replace(headerSlot, topBar({
      onBack: leave,
      title: detail ? roomTitle(detail.kind, detail.title, detail.patient) : t('common.loading'),
      subtitle,
      actions: [connectionBadge(), calendarButton, consentButton, membersButton].filter(Boolean),
    }));
    renderBanner();
  }

  // --- read marker ----------------------------------------------------------------------------
  function scheduleRead() {
    clearTimeout(readTimer);
    readTimer = setTimeout(sendRead, 400);
  }

  function sendRead() {
    if (destroyed || !timeline || isEmergency() || document.visibilityState !== 'visible' || !timeline.isAtBottom()) return;
    const seq = timeline.maxSeq;
    if (seq <= lastReadSent) return;
    lastReadSent = seq;
    live.command('/app/rooms.read', { roomId, seq }).then(() => {
      store.markReadLocally(roomId, seq);
      const mine = myMember();
      if (mine && mine.readSeq < seq) {
        mine.readSeq = seq;
        timeline.refreshReads();
      }
    }).catch(() => {
      if (lastReadSent === seq) lastReadSent = seq - 1; // try again next time
    });
  }

  // --- membership changes ---------------------------------------------------------------------
  function membersChanged() {
    renderHeader();
    if (timeline) timeline.refreshReads();
    if (composer) composer.membersChanged();
    if (membersPanel) membersPanel.refresh();
  }

  function addMember(member) {
    if (!member || !member.person || detail.members.some((m) => m.person.userId === member.person.userId)) return;
    detail.members.push(member);
    membersChanged();
  }

  function dropMember(userId) {
    const before = detail.members.length;
    detail.members = detail.members.filter((m) => m.person.userId !== userId);
    if (detail.members.length !== before) membersChanged();
  }

  function gone(messageKey) {
    if (destroyed) return;
    if (emergencyUntil || (!detail && grantUntil(roomId)) || isEmergency()) {
      showEnded();
      return;
    }
    toast(t(messageKey), { kind: 'warn' });
    store.dropRoom(roomId);
    onGone();
  }

  /** The room was purged (SP-RET-03): nothing of it stays on this device, then back to the list. */
  function purgedGone() {
    offlineCache.forget(`room:${roomId}`);
    drafts.remove(roomId).catch(() => {});
    gone('closure.purgedGone');
  }

  // --- live messages --------------------------------------------------------------------------
  function onMessage(msg) {
    if (msg.roomId && msg.roomId !== roomId) return;
    if (msg.type === 'event') {
      const fromMe = msg.sender && msg.sender.userId === me.userId;
      timeline.add([msg], { fromMe });
      noteStateEvent(msg);
      const c = msg.content || {};
      if (msg.kind === 'consent.recorded' || msg.kind === 'consent.withdrawn') {
        if (msg.kind === 'consent.recorded') detail.consentRecorded = true;
        else detail.archived = true; // a withdrawal freezes the room (SP-CON-01)
        applyComposerState();
        timeline.repaint();
        renderHeader();
        refreshDetail();
      }
      if (msg.kind && msg.kind.startsWith('care.')) careStrip.refresh();
      if (msg.kind === 'room.closed' || msg.kind === 'room.reopened') {
        // Care ended or resumed: read-only at once, then the banner and the closure from the server.
        detail.archived = msg.kind === 'room.closed';
        applyComposerState();
        refreshDetail();
      } else if (msg.kind === 'room.purged') {
        purgedGone();
        return;
      }
      if (msg.kind === 'photo_rules.changed') {
        if (Number(msg.seq) > rulesSeq) {
          rulesSeq = Number(msg.seq);
          setPhotoRules(c);
        }
      } else if (msg.kind === 'member.invited' && c.member) {
        addMember({ person: c.member, role: c.role || 'member', joinedAt: msg.ts, readSeq: 0 });
      } else if (msg.kind === 'member.removed' || msg.kind === 'member.left') {
        if (c.userId === me.userId) {
          gone(msg.kind === 'member.left' ? 'room.left' : 'room.revoked');
          return;
        }
        dropMember(c.userId);
      }
      scheduleRead();
    } else if (msg.type === 'receipt') {
      const m = detail.members.find((x) => x.person.userId === msg.userId);
      if (m && Number(msg.readSeq) > Number(m.readSeq)) {
        m.readSeq = Number(msg.readSeq);
        timeline.refreshReads();
      }
    } else if (msg.type === 'revoked') {
      gone('room.revoked');
    }
  }

  function onSubscribeReply(reply) {
    // The ok reply's headSeq is not taken as held: the catch-up events after it may still be lost
    // with the connection, and the next since-seq must ask for them again.
    if (reply.type === 'ok') return;
    if (reply.code === 'ROOM_NOT_FOUND' || reply.code === 'FORBIDDEN') gone('room.revoked');
    else if (reply.code === 'CONTENT_DESTROYED') purgedGone();
    else if (reply.code === 'INVALID_SEQ') reload();
    else toast(errorMessage(reply), { kind: 'error' });
  }

  // --- loading --------------------------------------------------------------------------------
  async function loadOlder() {
    if (loadingOlder || !timeline || !timeline.hasMore) return;
    loadingOlder = true;
    timeline.setLoadingOlder(true);
    try {
      const page = await api.getEvents(roomId, { before: timeline.minSeq, limit: PAGE });
      if (destroyed) return;
      timeline.add(page.events, { older: true });
      timeline.setHasMore(page.hasMore);
    } catch (err) {
      toast(errorMessage(err), { kind: 'error' });
    } finally {
      loadingOlder = false;
      if (timeline) timeline.setLoadingOlder(false);
    }
  }

  function openMembersPanel() {
    if (!detail || membersPanel) return;
    photoRulesSection = createPhotoRules({
      roomId,
      rules: () => photoRules,
      canEdit: () => isHost() && canAct(),
      onSaved: setPhotoRules,
    });
    // ケアを終了する: the host of an open patient room (SP-RET-02).
    const closing = detail.kind === 'patient' && isHost() && !detail.closure && !isEmergency()
      ? closureSection({
        roomId,
        onClosed: () => {
          if (membersPanel) membersPanel.close();
          refreshDetail();
        },
      }) : null;
    membersPanel = openMembers({
      roomId,
      me,
      extra: h('div', null, photoRulesSection.el, closing),
      detail: () => detail,
      onInvited: addMember,
      onRemoved: dropMember,
      onLeft: () => {
        membersPanel = null;
        photoRulesSection = null;
        gone('room.left');
      },
      readOnly: isEmergency(),
      onOpenConsent: () => {
        if (membersPanel) membersPanel.close();
        if (consentMissing()) openConsent();
        else openConsentMenu();
      },
      onClose: () => {
        membersPanel = null;
        photoRulesSection = null;
      },
    });
  }

  async function refreshDetail() {
    try {
      const d = await api.getRoom(roomId);
      if (destroyed) return;
      detail = d;
      if (!composer || !timeline) return;
      applyComposerState();
      timeline.repaint();
      membersChanged();
      loadPhotoRules();
    } catch (err) {
      if (err.code === 'ROOM_NOT_FOUND') gone('room.revoked');
      else if (err.code === 'CONTENT_DESTROYED') purgedGone();
    }
  }

  async function load() {
    let page;
    try {
      [detail, page] = await Promise.all([api.getRoom(roomId), api.getEvents(roomId, { limit: PAGE })]);
      openedOffline = false;
      // Kept (encrypted) so the room opens without signal next time; never under 緊急閲覧.
      if (myMember()) offlineCache.remember(`room:${roomId}`, detail);
    } catch (err) {
      if (destroyed) return;
      // Without signal: the room as last opened (details only; the notes come when connected).
      const kept = err.code === 'NETWORK' ? await offlineCache.recall(`room:${roomId}`) : null;
      if (destroyed) return;
      if (kept) {
        detail = kept;
        page = { events: [], hasMore: false, headSeq: 0 };
        openedOffline = true;
      } else if (err.code === 'CONTENT_DESTROYED') {
        purgedGone();
        return;
      } else if (err.code === 'ROOM_NOT_FOUND') {
        if (grantUntil(roomId)) {
          showEnded();
          return;
        }
        gone('room.notFound');
        return;
      } else {
        replace(body, h('div', { class: 'load-error' },
          h('p', { class: 'form-error', role: 'alert' }, errorMessage(err)),
          h('button', { type: 'button', class: 'btn btn-primary', onclick: reload }, t('action.retry'))));
        return;
      }
    }
    if (destroyed) return;
    if (isEmergency()) setEmergencyUntil(grantUntil(roomId));
    renderHeader();
    if (detail.kind === 'patient' && myMember() && me.profession !== 'family' && !openedOffline) careStrip.refresh();
    headSeqLoaded = page.headSeq || 0;
    lastReadSent = (myMember() && Number(myMember().readSeq)) || 0;

    timeline = createTimeline({
      me,
      members: () => (detail ? detail.members : []),
      canAct,
      onLoadOlder: loadOlder,
      onAck: async (n) => {
        timeline.setAckPending(n.noteId, true);
        try {
          await live.command('/app/notes.ack', { roomId, noteId: n.noteId });
          n.acks.set(me.userId, me.name);
        } catch (err) {
          toast(errorMessage(err), { kind: 'error' });
        } finally {
          timeline.setAckPending(n.noteId, false);
        }
      },
      onEdit: (n) => composer.startEdit(n),
      onReply: (n) => composer.startReply(n),
      gallery,
    });
    composer = createComposer({
      roomId,
      me,
      members: () => (detail ? detail.members : []),
      // New notes wait in the outbox while there is no connection (sent in order, same txnId).
      send: (destination, b) => (destination === '/app/notes.post' ? outbox.post(b) : live.command(destination, b)),
      latestVersion: (noteId) => {
        const n = timeline.noteById(noteId);
        return n ? n.versions[n.versions.length - 1].version : 1;
      },
      noteById: (noteId) => timeline.noteById(noteId),
      // A duplicate reply (a retry of something already stored) needs no word: the note is there.
      onSent: (result, { editing }) => {
        if (!editing) {
          clearTimeout(draftTimer);
          drafts.remove(roomId);
          timeline.scrollToBottom();
        }
      },
      gallery,
    });
    composer.setPhotoRules(photoRules, photosOffText());
    loadPhotoRules();
    if (outboxPanel) outboxPanel.destroy();
    outboxPanel = createOutboxPanel({ roomId });
    replace(body, timeline.el, outboxPanel.el, composer.el);
    applyComposerState();
    composer.el.addEventListener('input', saveDraftSoon);
    composer.el.addEventListener('change', saveDraftSoon);
    drafts.load(roomId).then((d) => {
      if (d && !destroyed && composer) composer.restoreDraft(d);
    });

    timeline.add(page.events);
    for (const ev of page.events) noteStateEvent(ev);
    timeline.setHasMore(page.hasMore);
    timeline.scrollToBottom();

    unwatch = live.watchRoom(roomId, {
      sinceSeq: () => Math.max(timeline.maxSeq, headSeqLoaded),
      onMessage,
      onReply: onSubscribeReply,
    });

    timeline.el.addEventListener('scroll', () => {
      if (timeline.isAtBottom()) scheduleRead();
    }, { passive: true });
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadOlder();
    }, { root: timeline.el });
    const olderButton = timeline.el.querySelector('[data-testid="load-older"]');
    requestAnimationFrame(() => {
      if (!destroyed) {
        timeline.scrollToBottom();
        observer.observe(olderButton);
      }
    });
    scheduleRead();
  }

  function reload() {
    unwatch();
    if (observer) observer.disconnect();
    if (timeline) timeline.closeSheets();
    timeline = null;
    replace(body, h('p', { class: 'loading' }, t('common.loading')));
    load();
  }

  // --- drafts ------------------------------------------------------------------------
  function saveDraftSoon() {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 400);
  }

  function saveDraft() {
    clearTimeout(draftTimer);
    if (composer) drafts.save(roomId, composer.draft()).catch(() => {});
  }

  function hasDraft() {
    return Boolean(composer && composer.draft());
  }

  /** 戻る: with unsent text, asks first (the draft stays on this device, encrypted). */
  async function leave() {
    if (hasDraft()) {
      saveDraft();
      const ok = await confirmDialog({
        title: t('draft.leaveTitle'), message: t('draft.leaveMessage'), ok: t('draft.leaveOk'),
      });
      if (!ok || destroyed) return;
    }
    onBack();
  }

  const onBeforeUnload = (e) => {
    if (!hasDraft()) return;
    saveDraft();
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  const onVisible = () => {
    if (document.visibilityState === 'visible') scheduleRead();
  };
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', onVisible);
  const offState = live.onState((s) => {
    if (s === 'connected' && openedOffline && timeline) {
      // Opened without signal: now load the real room (the draft is kept and comes back).
      saveDraft();
      openedOffline = false;
      wasOnline = true;
      reload();
      return;
    }
    // After a reconnect, read markers and membership may have moved while we were away.
    if (s === 'connected' && !wasOnline && timeline) refreshDetail();
    wasOnline = s === 'connected';
  });

  renderHeader();
  load();

  return {
    el,
    roomId,
    destroy() {
      destroyed = true;
      clearTimeout(endTimer);
      careStrip.destroy();
      unwatch();
      offState();
      clearTimeout(readTimer);
      if (observer) observer.disconnect();
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (draftTimer) saveDraft();
      if (outboxPanel) outboxPanel.destroy();
      window.removeEventListener('focus', onVisible);
      if (membersPanel) membersPanel.close();
      if (timeline) timeline.closeSheets();
      if (composer) composer.closeSheets();
      gallery.destroy();
    },
  };
}

