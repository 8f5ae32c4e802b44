/// <reference lib="dom" />
import { session } from './api.js';
import { t } from './i18n.js';
import { el } from './render.js';

/** The login form: the key is kept in sessionStorage, then `done` shows the page asked for. */
export function loginView(done: () => void): HTMLElement {
  const input = el('input', { id: 'api-key', name: 'key', type: 'password', required: '', autocomplete: 'off', spellcheck: 'false' });
  const form = el('form', { class: 'login', id: 'login' },
    el('h1', {}, t('loginTitle')),
    el('p', {}, t('loginHelp')),
    el('label', { for: 'api-key' }, t('apiKey')), input,
    el('button', { type: 'submit' }, t('login')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    session.save(input.value);
    done();
  });
  queueMicrotask(() => input.focus());
  return form;
}
