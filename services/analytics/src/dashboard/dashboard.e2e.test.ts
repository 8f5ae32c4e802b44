import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { nameUuid, streamIdFor } from '@ctp/contracts';
import { createPostgresEventStore, type EventStore } from '@ctp/event-store';
import { eventually, postgresUrl, startServiceStack, type ServiceStack } from '@ctp/test-kit';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, registration, surveyConsent } from '../test-support/intake-facts.js';
import { overviewRequests } from './overview-requests.js';

/**
 * The analysts' dashboard in Debian's Chromium against the real services: a small history sent through
 * intake, sla and feedback (as in read-side.e2e.test.ts), then the page read as an analyst would. The
 * services start on Wednesday 4 March 2026, 14:00 in Shanghai; the overview's default period is January
 * to March 2026.
 */
const clockStart = '2026-03-04T14:00:00+08:00';
const minutes = 60_000;
const results = fileURLToPath(new URL('../../../../.local/test-results/', import.meta.url));
const screenshots = `${results}screenshots/`;

type Row = Record<string, unknown>;

describe('the analysts’ dashboard in a browser: overview, filters, drill-down to the events, keyboard, login, customer 360', () => {
  let stack: ServiceStack;
  let reader: EventStore;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const browserLog: string[] = [];
  const id = () => randomUUID().slice(0, 8);
  const [a, b, c] = [`C-A${id()}`, `C-B${id()}`, `C-C${id()}`];
  const [breachedCase, metCase] = [`K-${id()}`, `K-${id()}`];
  const dashboard = () => `${stack.service('analytics').baseUrl}/dashboard`;
  const output = () => stack.service('analytics').output();
  const shot = (name: string) => page.screenshot({ path: `${screenshots}dashboard-${name}.png`, fullPage: true });

  const post = async (service: string, path: string, body: unknown, role = 'agent') => {
    const response = await stack.call(service, 'POST', path, role, body);
    const answer = (await response.json()) as Row;
    expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
    return answer;
  };
  const rowsOnceSettled = (path: string, settled: (rows: Row[]) => boolean) =>
    eventually(async () => {
      const response = await stack.call('analytics', 'GET', path, 'analyst');
      const { rows } = (await response.json()) as { rows: Row[] };
      return response.status === 200 && settled(rows) ? rows : undefined;
    }, `analytics ${path}`, output);

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    // The overview's default answers are counted again ahead of its readers at most once a second.
    stack = await startServiceStack(['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'], { CLOCK_START: clockStart, SURVEY_DELAY_MINUTES: '0', DASHBOARD_WARM_SECONDS: '1' });
    reader = await createPostgresEventStore(postgresUrl(), { schema: stack.schema, migrate: false });
    const facts = [
      registration(a), registration(b), registration(c), surveyConsent(b),
      purchase(a, 'SO-A1', '2026-01-10'), purchase(a, 'SO-A2', '2026-02-15'), purchase(a, 'SO-A3', '2026-03-02'),
      purchase(b, 'SO-B1', '2026-02-20'), purchase(c, 'SO-C1', '2025-01-05'),
    ];
    const sent = await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: facts });
    expect(sent.status, await sent.text()).toBe(202);
    // A phone complaint of A opened 20 minutes ago (first response already late), an email inquiry of B answered and resolved at once.
    const openedAt = new Date(stack.clock().getTime() - 20 * minutes).toISOString();
    await post('sla', '/v1/cases', { caseId: breachedCase, customerId: a, channel: 'phone', type: 'complaint', priority: 'normal', subject: 'Charged twice', openedAt, source: { system: 'callcentre', externalId: `CC-${breachedCase}` } }, 'integrator');
    await post('sla', '/v1/cases', { caseId: metCase, customerId: b, channel: 'email', type: 'inquiry', priority: 'normal', subject: 'Opening hours' });
    await post('sla', `/v1/cases/${metCase}/replies`, { body: 'We open at nine.' });
    await post('sla', `/v1/cases/${metCase}/status`, { to: 'resolved', reason: 'answered' });
    const invited = await eventually(
      async () => (await reader.readStream(streamIdFor('survey', nameUuid(['survey-case', metCase])))).find(({ type }) => type === 'SurveyInvited'),
      `the survey of case ${metCase}`,
      () => stack.service('feedback').output(),
    );
    await post('feedback', `/v1/surveys/${(invited.data as { invitationId: string }).invitationId}/responses`, { answers: { csat: 5, ces: 6 } }, 'integrator');
    // The page is opened once the read models hold the history (they follow the store with a lag).
    await rowsOnceSettled('/v1/analytics/service-levels/compliance?from=2026-03&to=2026-03&groupBy=metric&metric=first_response', (rows) => rows[0]?.met === 1 && rows[0]?.breached === 1);
    await rowsOnceSettled('/v1/analytics/satisfaction/trend?from=2026-03&to=2026-03', (rows) => rows[0]?.answered === 1);
    await rowsOnceSettled('/v1/analytics/complaints/rate?from=2026-03&to=2026-03', (rows) => rows[0]?.complaints === 1);
    await rowsOnceSettled('/v1/analytics/churn/risks', (rows) => rows.length >= 2);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    // The browser's console and errors are kept with the screenshots (a page error fails no check by itself, but tells why one failed).
    page.on('console', (message) => browserLog.push(`console ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => browserLog.push(`page error: ${error.message}`));
    page.on('response', (response) => void (response.status() >= 400 && browserLog.push(`${response.status()} ${response.url()}`)));
  }, 900_000);
  afterAll(async () => {
    await writeFile(`${results}dashboard-browser.log`, `${browserLog.join('\n')}\n`);
    await browser?.close();
    await stack?.stop();
    await reader?.close();
  });

  const login = async (key: string) => {
    await page.goto(dashboard());
    await page.fill('#api-key', key);
    await page.click('#login button[type=submit]');
  };
  const slaRow = (metric: string) => page.locator('#panel-sla tbody tr', { hasText: metric });
  const overviewReady = () => page.waitForSelector('#overview[data-state=ready]', { timeout: 30_000 });

  it('the page itself carries no data: the shell is public, every figure needs a key, and a wrong key is refused with a clear message', async () => {
    const shell = await fetch(dashboard());
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-type')).toContain('text/html');
    expect(await shell.text()).not.toContain(breachedCase);
    expect((await fetch(`${stack.service('analytics').baseUrl}/v1/analytics/dashboard/context`)).status).toBe(401);

    await login('ctp_analyst_not-a-key-anyone-was-given');
    await page.waitForSelector('#message:not([hidden])');
    expect(await page.textContent('#message')).toContain('The API key was refused');
    expect(await page.isVisible('#api-key')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('ctp.dashboard.apiKey'))).toBeNull();
    await shot('wrong-key');

    // An agent's key is a real key whose role may not read the figures: refused as well, and said so.
    await login(stack.keys.agent!);
    await page.waitForSelector('#message:not([hidden])');
    expect(await page.textContent('#message')).toContain('role may not read the dashboard');
  });

  it('the first opening finds every answer of the overview counted ahead of it, and asks for nothing else', async () => {
    const requests = overviewRequests('2026-03');
    for (const path of requests) {
      await eventually(async () => ((await stack.call('analytics', 'GET', path, 'analyst', undefined, { 'cache-control': 'only-if-cached' })).status === 200 ? true : undefined), `${path} kept before anyone asked`, output);
    }
    const answers: { path: string; answer: string | null }[] = [];
    const collect = (response: Response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/v1/analytics/') && url.pathname !== '/v1/analytics/dashboard/context') answers.push({ path: `${url.pathname}${url.search}`, answer: response.headers()['x-ctp-answer'] ?? null });
    };
    page.on('response', collect);
    try {
      await page.goto(dashboard());
      await page.fill('#api-key', stack.keys.analyst!);
      const started = performance.now();
      await page.click('#login button[type=submit]');
      await overviewReady();
      const firstOpeningMs = Math.round(performance.now() - started);
      await writeFile(`${results}dashboard-first-opening.json`, `${JSON.stringify({ measuredAt: new Date().toISOString(), firstOpeningMs, answers }, null, 2)}\n`);
      process.stdout.write(`dashboard overview, first opening: figures shown ${firstOpeningMs} ms after the key was sent\n`);
    } finally {
      page.off('response', collect);
      await page.click('#logout');
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter(({ path }) => !requests.includes(path))).toEqual([]);
    expect(answers.filter(({ answer }) => answer !== 'cached')).toEqual([]);
  });

  it('the overview loads with every area’s figures; the time to its figures is measured and recorded', async () => {
    await login(stack.keys.analyst!);
    await overviewReady();
    // Measured once more from a fresh navigation with the key already in the tab: navigation start to every panel shown.
    const started = performance.now();
    await page.goto(dashboard());
    await overviewReady();
    const wallMs = Math.round(performance.now() - started);
    const { sinceNavigationMs, panelsMs } = await page.evaluate(() => ({ sinceNavigationMs: Math.round(performance.now()), panelsMs: Number(document.querySelector<HTMLElement>('#overview')!.dataset.loadMs) }));
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#overview .chart')].every((chart) => chart.dataset.rendered === 'true'));
    const chartsDrawnMs = await page.evaluate(() => Math.round(performance.now()));
    const load = { measuredAt: new Date().toISOString(), sinceNavigationMs, panelsMs, chartsDrawnMs, wallMs, data: 'three customers, two cases, one survey answer' };
    await writeFile(`${results}dashboard-load.json`, `${JSON.stringify(load, null, 2)}\n`);
    process.stdout.write(`dashboard overview: figures shown ${sinceNavigationMs} ms after navigation start (panels ${panelsMs} ms), charts drawn at ${chartsDrawnMs} ms, test wall clock ${wallMs} ms\n`);

    expect(await page.textContent('#overview')).toContain('2026-01');
    const firstResponse = slaRow('first_response');
    expect(await firstResponse.locator('td').nth(1).textContent()).toBe('50%');
    expect(await firstResponse.locator('td').nth(2).textContent()).toBe('1');
    expect(await firstResponse.locator('td').nth(3).textContent()).toBe('1');
    expect(await page.locator('#panel-satisfaction .kpi').first().textContent()).toContain('100%');
    expect(await page.locator('#panel-complaints tbody tr', { hasText: '2026-03' }).first().textContent()).toContain('100%');
    expect(await page.locator('#panel-targets tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel-tiers tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel-churn a.customer-link').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#overview .chart[data-rendered=true] svg').count()).toBe(await page.locator('#overview .chart').count());
    await shot('overview');

    // Every table downloads as CSV: the same figures, from the route's format=csv with the analyst's key.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#panel-sla button.csv')]);
    expect(download.suggestedFilename()).toBe('sla-compliance.csv');
    const [header, ...lines] = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(header!.split(',').slice(0, 6)).toEqual(['metric', 'met', 'breached', 'running', 'stopped', 'compliance']);
    expect(lines.find((line) => line.startsWith('first_response,'))!.split(',').slice(0, 6)).toEqual(['first_response', '1', '1', '0', '0', '0.5']);
  });

  it('a filter changes the numbers: channel email leaves only the inquiry answered at once', async () => {
    await page.selectOption('#filters select[name=channel]', 'email');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#overview')?.dataset.state === 'ready' && document.querySelector<HTMLElement>('#overview')?.dataset.filters?.includes('email'));
    expect(page.url()).toContain('channel=email');
    const firstResponse = slaRow('first_response');
    expect(await firstResponse.locator('td').nth(1).textContent()).toBe('100%');
    expect(await firstResponse.locator('td').nth(3).textContent()).toBe('0');
    expect(await page.locator('#panel-complaints tbody tr', { hasText: '2026-03' }).first().locator('td').nth(2).textContent()).toBe('0');
    await shot('filtered-email');
  });

  it('a drill-down reaches the events: the breached first response, its clock, then the events with their positions', async () => {
    await page.goto(dashboard());
    await overviewReady();
    await slaRow('first_response').locator('td').nth(3).locator('button.figure-link').click();
    await page.waitForSelector('#drill:not([hidden]) .facts');
    expect(await page.textContent('#drill')).toContain(breachedCase);
    await shot('drill-facts');
    await page.locator('#drill .facts button.figure-link[data-drill^="/v1/analytics/events?"]').first().click();
    await page.waitForSelector('#drill .events');
    const events = await page.locator('#drill .events tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
    expect(events.map(([, type]) => type)).toEqual(expect.arrayContaining(['SlaClockStarted', 'SlaBreached']));
    for (const [position] of events) expect(position).toMatch(/^\d+$/);
    expect(new Set(events.map(([, , streamId]) => streamId))).toEqual(new Set([streamIdFor('case', breachedCase)]));
    await shot('drill-events');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#drill')).toBe(true);
  });

  it('keyboard: Tab reaches a figure and Enter opens the facts behind it', async () => {
    await page.goto(dashboard());
    await overviewReady();
    let focused: string | null = null;
    for (let presses = 0; presses < 300 && focused === null; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.matches('#overview .panel [data-drill]') ? document.activeElement.getAttribute('data-drill') : null));
    }
    expect(focused).not.toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#drill:not([hidden]) .drill-body :is(.facts, .events, p)');
    expect(await page.textContent('#drill .note')).toBe(focused);
    await shot('keyboard-drill');
    await page.keyboard.press('Escape');
  });

  it('customer 360: reached from the churn list and by the search box, showing what analytics keeps of the customer and no personal field', async () => {
    await page.goto(dashboard());
    await overviewReady();
    await page.locator('#panel-churn a.customer-link', { hasText: a }).click();
    await page.waitForSelector('#customer[data-state=ready]');
    expect(page.url()).toContain(`customer=${a}`);
    const text = (await page.textContent('#customer')) ?? '';
    expect(text).toContain(a);
    expect(text).toContain(breachedCase);
    expect(text).not.toContain('Zhao Lei');
    await shot('customer-360');

    await page.fill('#search input[name=customer]', b);
    await page.press('#search input[name=customer]', 'Enter');
    await page.waitForFunction((customer) => document.querySelector('#customer[data-state=ready] h1')?.textContent?.includes(customer), b);
    expect(await page.textContent('#customer')).toContain(metCase);
  });

  it('labels in Simplified Chinese at a toggle, and log out clears the key', async () => {
    await page.goto(dashboard());
    await overviewReady();
    await page.click('#language');
    // The overview was ready before the toggle: wait for the one drawn in the new language to be ready.
    await page.waitForFunction(() => document.querySelector('#panel-sla h2')?.textContent === 'SLA 达成率' && document.querySelector<HTMLElement>('#overview')?.dataset.state === 'ready');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await shot('overview-zh');
    await page.click('#language');
    await page.click('#logout');
    expect(await page.isVisible('#api-key')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('ctp.dashboard.apiKey'))).toBeNull();
  });

  it('after a new event the overview shows the last count at once, marked as such, then the new count when the service has it', async () => {
    // A period of its own: the service counts the default one again ahead of its readers, which would race the stale answer.
    const period = `${dashboard()}?from=2025-12&to=2026-03`;
    await login(stack.keys.analyst!);
    await page.goto(period);
    await page.waitForSelector('#overview[data-fresh=true]', { timeout: 60_000 });
    const met = () => slaRow('first_response').locator('td').nth(2).textContent();
    expect(await met()).toBe('1');
    const answeredAtOnce = `K-${id()}`;
    await post('sla', '/v1/cases', { caseId: answeredAtOnce, customerId: c, channel: 'email', type: 'inquiry', priority: 'normal', subject: 'Delivery times' });
    await post('sla', `/v1/cases/${answeredAtOnce}/replies`, { body: 'Two working days.' });
    await rowsOnceSettled('/v1/analytics/service-levels/compliance?from=2026-03&to=2026-03&groupBy=metric&metric=first_response', (rows) => rows[0]?.met === 2);

    await page.goto(period);
    await overviewReady();
    expect(await page.getAttribute('#panel-sla .panel-body', 'data-answer')).toBe('stale');
    expect(await page.isVisible('#panel-sla .stale-note')).toBe(true);
    expect(await met()).toBe('1');
    await shot('overview-stale');
    await page.waitForSelector('#overview[data-fresh=true]', { timeout: 60_000 });
    expect(await met()).toBe('2');
    expect(await page.isVisible('#panel-sla .stale-note')).toBe(false);
  });
});
