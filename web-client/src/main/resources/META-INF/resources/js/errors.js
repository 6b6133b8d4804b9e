// errors.js — turns an error reply (HTTP or STOMP) into plain words for people.

import { t, has } from './i18n.js';

/** The label of a field path from a violation, e.g. "note.visit.vitals.pulse" → 脈拍. */
export function fieldLabel(path) {
  const p = String(path || '').replace(/^note\./, '').replace(/\[\d+\]$/, '');
  const key = `field.${p}`;
  return has(key) ? t(key) : p;
}

/** The words for one violation problem code. */
export function problemText(problem) {
  return has(`problem.${problem}`) ? t(`problem.${problem}`) : t('problem.other');
}

/** One line per violation: "脈拍: 範囲外の値です". */
export function violationLines(violations) {
  return (violations || []).map((v) => `${fieldLabel(v.field)}: ${problemText(v.problem)}`);
}

/**
 * A message for an error object with {code, reason, violations}; codes the client makes up itself
 * are NETWORK, TIMEOUT and OFFLINE.
 */
export function errorMessage(err) {
  const code = err && err.code;
  if (code === 'FORBIDDEN' && err.reason && has(`reason.${err.reason}`)) {
    return t(`reason.${err.reason}`);
  }
  if (code && has(`error.${code}`)) return t(`error.${code}`);
  return t('error.generic');
}

/** Message plus violation lines, for places that show everything as text. */
export function errorLines(err) {
  return [errorMessage(err), ...violationLines(err && err.violations)];
}
