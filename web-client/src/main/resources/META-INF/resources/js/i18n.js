// i18n.js — the current language (ja or en), the t() lookup, and labels for wire codes.
// Only the language preference is ever written to localStorage.
// Japanese is part of the first download; English is fetched when first chosen (or at start when it was
// chosen before), so the first visit of a Japanese user does not carry a second dictionary.

import ja from './i18n/ja.js';

const STORAGE_KEY = 'renkei.lang';
const LANGS = ['ja', 'en'];
const DICTS = { ja };
const LOADERS = { en: () => import('./i18n/en.js') };
// The texts of the screens fetched on first use, per language, once loadMore() has run.
const MORE = {};
const MORE_LOADERS = { ja: () => import('./i18n/ja-more.js'), en: () => import('./i18n/en-more.js') };
let moreWanted = false;
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && LANGS.includes(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode); Japanese is the default
  }
  return 'ja';
}

let lang = 'ja';
document.documentElement.lang = lang;

async function load(next) {
  if (!DICTS[next]) DICTS[next] = (await LOADERS[next]()).default;
  if (moreWanted) await loadMoreOf(next);
}

async function loadMoreOf(l) {
  if (!MORE[l]) MORE[l] = (await MORE_LOADERS[l]()).default;
}

/**
 * Loads the texts of the screens fetched on first use (i18n/ja-more.js, and en-more.js in English); a
 * screen module is shown only after this resolves (js/lazy.js). Japanese is loaded too: the fallback.
 */
export async function loadMore() {
  moreWanted = true;
  await loadMoreOf('ja');
  if (lang !== 'ja') await loadMoreOf(lang);
}

/**
 * Resolves once the saved language's dictionary is loaded (at once for Japanese). Until then, and if
 * English cannot be fetched (offline before it was ever loaded), texts are Japanese.
 */
export const ready = (async () => {
  const saved = initialLang();
  if (saved === 'ja') return;
  try {
    await load(saved);
    lang = saved;
    document.documentElement.lang = lang;
  } catch {
    // stay in Japanese
  }
})();

export function getLang() {
  return lang;
}

/** Switches the language (fetching its dictionary first if needed); listeners are told afterwards. */
export async function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  await load(next);
  lang = next;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore: the choice just won't be remembered
  }
  for (const fn of listeners) fn(lang);
}

/** Calls fn(lang) after every language change; returns an unsubscribe function. */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Whether the dictionary has a key (in the current language or in Japanese). */
export function has(key) {
  return key in DICTS[lang] || key in DICTS.ja || Boolean(MORE[lang] && key in MORE[lang]) || Boolean(MORE.ja && key in MORE.ja);
}

/** Looks up key and fills {name} placeholders from vars. Falls back to Japanese, then to the key. */
export function t(key, vars) {
  let s = DICTS[lang][key] ?? (MORE[lang] && MORE[lang][key]) ?? DICTS.ja[key] ?? (MORE.ja && MORE.ja[key]) ?? key;
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (vars[name] == null ? '' : String(vars[name])));
  }
  return s;
}

/** Japanese/English label of a profession wire code, or the code itself if unknown. */
export function professionLabel(code) {
  return code && has(`profession.${code}`) ? t(`profession.${code}`) : (code || '');
}

/** Label of an organisation kind wire code. */
export function orgKindLabel(code) {
  return code && has(`orgKind.${code}`) ? t(`orgKind.${code}`) : (code || '');
}
