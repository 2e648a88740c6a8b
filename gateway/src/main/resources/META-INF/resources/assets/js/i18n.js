// French by default, English on demand; the choice is kept on the device and sets <html lang>.
// Static text carries data-i18n="key" (text) or data-i18n-attr="attr:key;attr:key"; dynamic parts re-render
// through onLangChange.
import { MESSAGES } from './messages.js';

const STORAGE_KEY = 'relais.lang';
const listeners = new Set();

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: French, not persisted
  }
}

let lang = MESSAGES[stored()] ? stored() : 'fr';
document.documentElement.lang = lang;

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!MESSAGES[next] || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* not persisted, still switched */
  }
  document.documentElement.lang = next;
  applyI18n(document);
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** t('places', {count: 3}) picks the plural form; {name} placeholders are replaced. */
export function t(key, params = {}) {
  let value = MESSAGES[lang][key] ?? MESSAGES.fr[key];
  if (value == null) return key;
  if (typeof value === 'object') {
    const form = new Intl.PluralRules(lang === 'fr' ? 'fr-FR' : 'en-GB').select(params.count ?? 0);
    value = value[form] ?? value.other;
  }
  return value.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}
