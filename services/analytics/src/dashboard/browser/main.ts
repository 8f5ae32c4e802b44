/// <reference lib="dom" />
import { AccessRefused, getJson, session } from './api.js';
import { customerView } from './customer.js';
import { closeDrill } from './drill.js';
import { filtersFromUrl, type DashboardContext } from './filters.js';
import { language, setLanguage, t, translateShell } from './i18n.js';
import { loginView } from './login.js';
import { overviewView } from './overview.js';

const view = document.getElementById('view')!;
const message = document.getElementById('message')!;
const search = document.getElementById('search') as HTMLFormElement;
const logout = document.getElementById('logout')!;

function say(text: string | null): void {
  message.textContent = text ?? '';
  message.hidden = text === null;
}

/** A refused key or role: back to the login with the reason shown; the key is dropped. */
function refused(error: AccessRefused): void {
  session.clear();
  showLogin();
  say(`${t(error.status === 401 ? 'refused401' : 'refused403')} (${error.message})`);
}

function showLogin(): void {
  closeDrill();
  search.hidden = true;
  logout.hidden = true;
  view.replaceChildren(loginView(() => void show()));
}

async function show(): Promise<void> {
  translateShell();
  closeDrill();
  if (session.key() === null) return showLogin();
  say(null);
  try {
    const context = await getJson<DashboardContext>('/v1/analytics/dashboard/context');
    search.hidden = false;
    logout.hidden = false;
    const customer = new URLSearchParams(location.search).get('customer');
    view.replaceChildren(customer ? customerView(customer, refused) : overviewView(context, filtersFromUrl(context), refused));
  } catch (error) {
    if (error instanceof AccessRefused) return refused(error);
    say(`${t('failed')}: ${(error as Error).message}`);
  }
}

search.addEventListener('submit', (event) => {
  event.preventDefault();
  const customer = String(new FormData(search).get('customer') ?? '').trim();
  if (customer === '') return;
  history.pushState(null, '', `/dashboard?customer=${encodeURIComponent(customer)}`);
  void show();
});
logout.addEventListener('click', () => {
  session.clear();
  history.pushState(null, '', '/dashboard');
  showLogin();
  say(null);
});
document.getElementById('language')!.addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  void show();
});
window.addEventListener('popstate', () => void show());
void show();
