package jp.renkei.server.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.renkei.server.support.ApiClient;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;

/** What the offline browser tests read from the page (IndexedDB, service worker) and from the server. */
final class OfflineScripts {

    private OfflineScripts() {
    }

    /**
     * The outbox as stored in IndexedDB: {exists, count, plain (the stored rows with the ciphertext read
     * as text), keyType, extractable, alg}. Never creates the database when it is missing.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> storedOutbox(WebDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Object r = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const names = (await indexedDB.databases()).map((d) => d.name);
                  if (!names.includes('renkei-secure')) return { exists: false, count: 0 };
                  const db = await new Promise((res, rej) => {
                    const r = indexedDB.open('renkei-secure');
                    r.onsuccess = () => res(r.result);
                    r.onerror = () => rej(r.error);
                  });
                  if (!db.objectStoreNames.contains('outbox')) { db.close(); return { exists: true, count: 0 }; }
                  const t = db.transaction(['outbox', 'keys', 'drafts'], 'readonly');
                  const get = (r) => new Promise((res) => { r.onsuccess = () => res(r.result); });
                  const rows = await get(t.objectStore('outbox').getAll());
                  const drafts = await get(t.objectStore('drafts').getAll());
                  const key = await get(t.objectStore('keys').get('content'));
                  db.close();
                  const text = (s) => new TextDecoder().decode(s.data);
                  const plain = JSON.stringify(rows.map((x) => ({ ...x, sealed: text(x.sealed) })))
                    + JSON.stringify(drafts.map((x) => ({ ...x, sealed: text(x.sealed) })));
                  return { exists: true, count: rows.length, drafts: drafts.length, plain,
                    keyType: key ? Object.prototype.toString.call(key) : null,
                    extractable: key ? key.extractable : null, alg: key ? key.algorithm.name : null };
                })().then(done, (e) => done({ error: String(e) }));
                """);
        return (Map<String, Object>) r;
    }

    /** Waits until a service worker controls the page; returns how many requests its caches hold. */
    static long waitForServiceWorker(WebDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object n = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  await navigator.serviceWorker.ready;
                  for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) {
                    await new Promise((r) => setTimeout(r, 100));
                  }
                  if (!navigator.serviceWorker.controller) return -1;
                  let count = 0;
                  for (const name of await caches.keys()) count += (await (await caches.open(name)).keys()).length;
                  return count;
                })().then(done, (e) => done(-2));
                """);
        return ((Number) n).longValue();
    }

    /** Every URL in the page's caches. */
    @SuppressWarnings("unchecked")
    static List<String> cachedUrls(WebDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const urls = [];
                  for (const name of await caches.keys()) {
                    for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
                  }
                  return urls;
                })().then(done, () => done([]));
                """);
    }

    /** The texts of the notes in a room, in order, as another member reads them over the API. */
    static List<String> noteTexts(ApiClient member, String roomId) {
        JsonNode page = member.get("/api/rooms/" + roomId + "/events?limit=100").json();
        List<String> texts = new ArrayList<>();
        for (JsonNode e : page.path("events")) {
            if ("note.posted".equals(e.path("kind").asString())) {
                texts.add(e.path("content").path("note").path("text").asString());
            }
        }
        return texts;
    }
}
