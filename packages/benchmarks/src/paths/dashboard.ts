import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSchemaFor, freePort, repositoryRoot, startService, waitUntilReady, type ServiceProcess } from '@ctp/test-kit';
import { chromium, type Page, type Response } from 'playwright-core';
import type { Bench } from '../env.js';
import { median, withTimeout } from '../stats.js';
import { dropSchema } from './append.js';

export interface DashboardOptions {
  /** Demo customers (start.sh's default: 1,000), 24 months of history up to today. */
  readonly customers: number;
  /** Demo cases sent to sla, each with its feedback (start.sh's default: 150). */
  readonly cases: number;
  /** Times the page is opened after a new event, and again from the cached answers. */
  readonly loads: number;
  readonly log: (line: string) => void;
}

/**
 * One opening of the overview: navigation start to every panel's figures shown (an older count allowed), to every
 * panel showing the count of every event the read side holds, and the panels' own time to their first figures.
 */
export interface PageLoad {
  readonly sinceNavigationMs: number;
  readonly untilNewestMs: number;
  readonly panelsMs: number;
  /** The figure requests the page sent until its first figures were shown, and how each was answered (`x-ctp-answer`). */
  readonly answers: readonly { readonly path: string; readonly answer: string }[];
}

export interface DashboardResult {
  /** The first opening once the read models held the demo data: whatever the service had counted by then. */
  readonly coldLoad: PageLoad;
  /** The first opening once the service had counted the overview's answers ahead of its readers. */
  readonly warmLoad: PageLoad;
  readonly firstLoads: readonly PageLoad[];
  readonly cachedLoads: readonly PageLoad[];
  readonly facts: string;
  readonly loadSeconds: number;
}

const stackServices = ['relay', 'intake', 'tiering', 'sla', 'feedback', 'analytics'] as const;
const bin = (path: string) => join(repositoryRoot, path);

/**
 * The analysts' overview in Debian's Chromium over the demo data: the six services on one isolated schema,
 * topic prefix and database, the demo history loaded as scripts/lib/demo-data.sh loads it (generate, ctp-import
 * through intake, demo cases to sla, demo feedback), and once the analytics read models hold all of it, the
 * page opened `loads` times after one new purchase each (its first answers are counted) and as often again
 * right after (its answers cached).
 */
export async function dashboardBenchmark(bench: Bench, options: DashboardOptions): Promise<DashboardResult> {
  const keysDir = await mkdtemp(join(tmpdir(), `${bench.runId}-dashboard-`));
  const name = `${bench.runId}_dash`;
  const ports = new Map(await Promise.all(stackServices.map(async (service) => [service, await freePort()] as const)));
  const urls = Object.fromEntries([...ports].map(([service, port]) => [`${service.toUpperCase()}_URL`, `http://127.0.0.1:${port}`]));
  const processes: ServiceProcess[] = [];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    for (const service of stackServices) {
      const process = startService(service, ports.get(service)!, {
        NODE_ENV: 'development', EVENT_STORE_URL: bench.postgresUrl, EVENT_STORE_SCHEMA: name, AUDIT_SCHEMA: auditSchemaFor(name), KAFKA_BROKERS: bench.kafkaBrokers,
        MONGO_URL: bench.mongoUrl, MONGO_DATABASE: name, TOPIC_PREFIX: name, API_KEYS_FILE: join(keysDir, 'api-keys.json'),
        DATA_MASTER_KEY_FILE: join(keysDir, 'data-master-key'), RATE_LIMIT_PER_MINUTE: '1000000', ...urls,
      });
      processes.push(process);
      await waitUntilReady(process, 180_000);
    }
    const url = (service: (typeof stackServices)[number]) => urls[`${service.toUpperCase()}_URL`]!;
    const keys = JSON.parse(await readFile(join(keysDir, 'dev-keys.json'), 'utf8')) as Record<string, string>;
    const loadStarted = performance.now();
    const { facts, customerId } = await loadDemoData({ customers: options.customers, cases: options.cases, keysDir, keys, intake: url('intake'), sla: url('sla'), feedback: url('feedback'), log: options.log });
    const analytics = processes.at(-1)!;
    options.log(`waiting for the analytics read models (${analytics.baseUrl}, keys in ${keysDir}) to hold the demo data`);
    await settled(analytics, keys.analyst!);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } })).newPage();
    // Logged in as the page keeps it (the tab's session storage), so the first opening is timed from its navigation.
    await page.goto(`${analytics.baseUrl}/dashboard`);
    await page.evaluate(`sessionStorage.setItem('ctp.dashboard.apiKey', ${JSON.stringify(keys.analyst!)})`);
    const coldLoad = await openOverview(page, `${analytics.baseUrl}/dashboard`);
    await keptAhead(analytics.baseUrl, keys.analyst!, [...new Set(coldLoad.answers.map(({ path }) => path))]);
    const warmLoad = await openOverview(page, `${analytics.baseUrl}/dashboard`);
    const firstLoads: PageLoad[] = [];
    const cachedLoads: PageLoad[] = [];
    for (let round = 1; round <= options.loads; round += 1) {
      await recordPurchase(url('intake'), keys.integrator!, customerId, round);
      await settled(analytics, keys.analyst!);
      firstLoads.push(await openOverview(page, `${analytics.baseUrl}/dashboard`));
      cachedLoads.push(await openOverview(page, `${analytics.baseUrl}/dashboard`));
      options.log(`load ${round}: after a new event ${firstLoads.at(-1)!.sinceNavigationMs} ms (newest ${firstLoads.at(-1)!.untilNewestMs} ms), cached ${cachedLoads.at(-1)!.sinceNavigationMs} ms`);
    }
    return { coldLoad, warmLoad, firstLoads, cachedLoads, facts, loadSeconds };
  } finally {
    await browser.close();
    for (const process of processes.reverse()) await withTimeout(process.stop('SIGTERM'), 20_000, 'a service stopping').catch(() => process.stop('SIGKILL'));
    await dropSchema(bench.postgresUrl, name);
    await dropSchema(bench.postgresUrl, auditSchemaFor(name));
    await rm(keysDir, { recursive: true, force: true });
  }
}

export const medianLoad = (loads: readonly PageLoad[]): Omit<PageLoad, 'answers'> => ({
  sinceNavigationMs: median(loads.map(({ sinceNavigationMs }) => sinceNavigationMs)),
  untilNewestMs: median(loads.map(({ untilNewestMs }) => untilNewestMs)),
  panelsMs: median(loads.map(({ panelsMs }) => panelsMs)),
});

async function openOverview(page: Page, dashboardUrl: string): Promise<PageLoad> {
  const answers: { path: string; answer: string }[] = [];
  const collect = (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/v1/analytics/') && url.pathname !== '/v1/analytics/dashboard/context') answers.push({ path: `${url.pathname}${url.search}`, answer: response.headers()['x-ctp-answer'] ?? String(response.status()) });
  };
  page.on('response', collect);
  await page.goto(dashboardUrl);
  await page.waitForSelector('#overview[data-state=ready]', { timeout: 300_000 });
  page.off('response', collect);
  const sinceNavigationMs = await page.evaluate(() => Math.round(performance.now()));
  const panelsMs = Number(await page.getAttribute('#overview', 'data-load-ms'));
  await page.waitForSelector('#overview[data-fresh=true]', { timeout: 300_000 });
  return { sinceNavigationMs, untilNewestMs: await page.evaluate(() => Math.round(performance.now())), panelsMs, answers };
}

/**
 * Until the analytics service keeps an answer to each of `paths` for the read side as it is (`Cache-Control:
 * only-if-cached`: asking counts nothing), or 3 minutes have passed (a read side that keeps moving, with SLA timers
 * firing, may never hold still that long): the report says how the next opening's requests were answered.
 */
async function keptAhead(analytics: string, analystKey: string, paths: readonly string[]): Promise<void> {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
    const answers = await Promise.all(paths.map((path) => fetch(`${analytics}${path}`, { headers: { authorization: `Bearer ${analystKey}`, 'cache-control': 'only-if-cached' } })));
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));
    if (answers.every((answer) => answer.status === 200)) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

interface DemoLoad {
  readonly customers: number;
  readonly cases: number;
  readonly keysDir: string;
  readonly keys: Record<string, string>;
  readonly intake: string;
  readonly sla: string;
  readonly feedback: string;
  readonly log: (line: string) => void;
}

/** scripts/lib/demo-data.sh's three steps, against this stack; answers what was loaded and its first customer. */
async function loadDemoData({ customers, cases: caseCount, keysDir, keys, intake, sla, feedback, log }: DemoLoad): Promise<{ facts: string; customerId: string }> {
  const to = new Date().toISOString().slice(0, 10);
  const fromDate = new Date(`${to}T00:00:00Z`);
  fromDate.setUTCMonth(fromDate.getUTCMonth() - 24);
  const file = join(keysDir, 'demo.ndjson');
  const now = new Date().toISOString();
  const environment = { CTP_API_KEY: keys.integrator!, CTP_PRIVACY_KEY: keys.privacy ?? '' };
  log(`generating the demo history of ${customers} customers`);
  await run([bin('packages/synthetic-data/dist/bin/generate.js'), '--seed', '42', '--customers', String(customers), '--from', fromDate.toISOString().slice(0, 10), '--to', to, '--out', file], environment);
  log('importing it through intake');
  const imported = await run([bin('packages/importer/dist/bin/ctp-import.js'), file, '--url', intake, '--batch-size', '500', '--concurrency', '4'], environment, [0, 2]);
  log('sending the demo cases to sla');
  const cases = await run([bin('packages/synthetic-data/dist/bin/demo-cases.js'), '--seed', '42', '--customers', String(customers), '--cases', String(caseCount), '--now', now, '--url', sla], environment);
  log('sending the demo feedback');
  const answers = await run([bin('packages/synthetic-data/dist/bin/demo-feedback.js'), '--seed', '42', '--customers', String(customers), '--cases', String(caseCount), '--now', now, '--keys', join(keysDir, 'dev-keys.json'), '--feedback', feedback, '--sla', sla, '--intake', intake], environment);
  const accepted = /^accepted\s+(\d+)/m.exec(imported)?.[1] ?? '?';
  const { customerId } = JSON.parse((await readFile(file, 'utf8')).split('\n', 1)[0]!) as { customerId: string };
  return { customerId, facts: `${customers} customers (seed 42, 24 months): ${accepted} facts imported; demo cases: ${cases.trim()}; demo feedback: ${answers.trim()}` };
}

function run(args: readonly string[], environment: Record<string, string>, okCodes: readonly number[] = [0]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: repositoryRoot, env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (code) => (code !== null && okCodes.includes(code) ? done(output) : fail(new Error(`${args[0]} exited ${code}: ${(errors || output).slice(-2000)}`))));
  });
}

/** Until every analytics read model has consumed all the relay published, twice in a row a second apart (tiering and feedback react with events of their own). */
async function settled(analytics: ServiceProcess, analystKey: string): Promise<void> {
  let quietPolls = 0;
  let lastHead: string | null = null;
  for (const deadline = Date.now() + 1_800_000; Date.now() < deadline; ) {
    const response = await fetch(`${analytics.baseUrl}/v1/read-models`, { headers: { authorization: `Bearer ${analystKey}` } }).catch((error: unknown) => {
      throw new Error(`analytics did not answer (${String(error)})\n${analytics.output().slice(-4000)}`);
    });
    const { readModels } = (await response.json()) as { readModels: { head: string | null; lagEvents: number; position: string | null }[] };
    const head = readModels[0]?.head ?? null;
    const caughtUp = response.status === 200 && readModels.every((model) => model.lagEvents === 0);
    quietPolls = caughtUp && head === lastHead ? quietPolls + 1 : 0;
    lastHead = head;
    if (quietPolls >= 2) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the analytics read models did not catch up within 30 minutes\n${analytics.output().slice(-2000)}`);
}

/** One more purchase of a demo customer through intake: the read side moves, so the next overview is counted again. */
async function recordPurchase(intake: string, integratorKey: string, customerId: string, round: number): Promise<void> {
  const event = {
    id: randomUUID(), type: 'PurchaseRecorded', customerId, occurredAt: new Date().toISOString(),
    data: { orderId: `BENCH-${randomUUID().slice(0, 8)}-${round}`, amount: '120.00', margin: '30.00', currency: 'CNY', channel: 'online' },
  };
  const response = await fetch(`${intake}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${integratorKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
  if (response.status !== 202) throw new Error(`intake answered ${response.status}: ${(await response.text()).slice(0, 400)}`);
}
