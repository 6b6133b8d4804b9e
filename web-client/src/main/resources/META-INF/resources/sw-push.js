/* sw-push.js — Web Push in the service worker: the `push` and `notificationclick` handlers.
 *
 * A classic script with no imports, so that the main service worker enables it with
 *   importScripts('/sw-push.js');
 * (until that is wired, js/push.js registers this file itself when the user switches notifications on).
 *
 * A push message carries no patient data (SP-MOB-04, docs/protocol.md §18.3): {v, kind, title, body, id}
 * with a fixed phrase per kind and an opaque id. The phrase shown here is chosen by kind in the
 * device's language; nothing from the message other than the kind and the id is used. Tapping opens
 * /#/n/<id>, which the app resolves after sign-in or unlock.
 */
(function () {
  'use strict';

  var PHRASES = {
    ja: {
      urgent: '緊急の連絡があります',
      attention: '確認が必要な緊急の連絡があります',
      emergency: '緊急閲覧が開始されました',
      mention: 'あなた宛ての連絡があります',
      ack: 'あなたの連絡が確認されました',
      beds: '空床照会に新しい連絡があります',
      handoff: '入退院の情報提供に新しい連絡があります',
      generic: '新しい連絡があります',
    },
    en: {
      urgent: 'There is an urgent message',
      attention: 'An urgent message needs attention',
      emergency: 'Emergency access was opened',
      mention: 'You have a new message addressed to you',
      ack: 'Your message was acknowledged',
      beds: 'There is news on a bed inquiry',
      handoff: 'There is news on an admission or discharge handoff',
      generic: 'You have a new message',
    },
  };
  var ID = /^[A-Za-z0-9_-]{22}$/;

  function language() {
    var lang = (self.navigator && self.navigator.language) || 'ja';
    return lang.toLowerCase().indexOf('ja') === 0 ? 'ja' : 'en';
  }

  self.addEventListener('push', function (event) {
    var data;
    try {
      data = event.data ? event.data.json() : {};
    } catch {
      data = {};
    }
    var phrases = PHRASES[language()];
    var kind = typeof data.kind === 'string' && Object.prototype.hasOwnProperty.call(phrases, data.kind) ? data.kind : 'generic';
    var id = typeof data.id === 'string' && ID.test(data.id) ? data.id : null;
    event.waitUntil(self.registration.showNotification('Renkei', {
      body: phrases[kind],
      tag: 'renkei-' + kind,
      renotify: true,
      data: { id: id },
    }));
  });

  self.addEventListener('notificationclick', function (event) {
    event.notification.close();
    var id = event.notification.data && event.notification.data.id;
    var path = id && ID.test(id) ? '/#/n/' + id : '/#/';
    event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        var w = windows[i];
        if (new URL(w.url).origin === self.location.origin && 'focus' in w) {
          // The open app navigates itself (js/push.js listens), keeping its state and lock screen.
          w.postMessage({ type: 'renkei.notification', path: path });
          return w.focus();
        }
      }
      return self.clients.openWindow(path);
    }));
  });
})();
