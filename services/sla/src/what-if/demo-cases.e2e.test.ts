import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameUuid } from '@ctp/contracts';
import { generateDemoCases, generateHistory, loadDemoCases, type DemoCase } from '@ctp/synthetic-data';
import { eventually } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlaStack, type SlaStack } from '../test-support/sla-stack.js';

/** Thursday 12 March 2026, 14:00 in Shanghai: the demo cases lead up to it. */
const clockStart = '2026-03-12T14:00:00+08:00';
const seed = 'sla_demo';
const customers = 20;

/** The stack's development keys: in the temporary folder named after its schema. */
async function integratorKey(stack: SlaStack): Promise<string> {
  const folder = (await readdir(tmpdir())).find((name) => name.startsWith(`${stack.schema}-`))!;
  return (JSON.parse(await readFile(join(tmpdir(), folder, 'dev-keys.json'), 'utf8')) as Record<string, string>).integrator!;
}

const caseIdOf = ({ opening: { source } }: DemoCase) => nameUuid(['case', source.system, source.externalId]);

describe('demo cases on the real servers: met, warned and breached clocks in the queue', () => {
  let stack: SlaStack;
  let cases: DemoCase[];
  let loaded: Awaited<ReturnType<typeof loadDemoCases>>;

  beforeAll(async () => {
    stack = await startSlaStack({ CLOCK_START: clockStart });
    const registrations = [...generateHistory({ seed, customers, from: '2025-03-12', to: '2026-03-12' })].filter(({ type }) => type === 'CustomerRegistered');
    expect((await stack.call('intake', 'POST', '/v1/events', 'integrator', { events: registrations })).status).toBe(202);
    cases = generateDemoCases({ seed, customers, cases: 30, now: stack.clock() });
    loaded = await loadDemoCases(cases, { url: stack.service('sla').baseUrl, apiKey: await integratorKey(stack) });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('load as a helpdesk sends them, every case and step', () => {
    expect(loaded).toEqual({ opened: cases.length, steps: cases.reduce((sum, { steps }) => sum + steps.length, 0), existing: 0, refused: {}, failures: [] });
  });

  it('answered cases are met, the ones near their 24-hour target warned, the unanswered breached by the timers', async () => {
    const storyOf = (story: DemoCase['story']) => cases.find((demoCase) => demoCase.story === story)!;
    await stack.eventOf(caseIdOf(storyOf('answered')), 'SlaMet', (event) => event.data.metric === 'first_response');
    const warned = await stack.eventOf(caseIdOf(storyOf('due_soon')), 'SlaWarningRaised', (event) => event.data.metric === 'first_response');
    expect(Date.parse(warned.data.deadline)).toBeGreaterThan(stack.clock().getTime());
    await stack.eventOf(caseIdOf(storyOf('unanswered')), 'SlaBreached', (event) => event.data.metric === 'first_response');
    await stack.eventOf(caseIdOf(storyOf('waiting_now')), 'SlaClockPaused');
  });

  it('the queue shows them: the warned ones at risk, the breached ones breached', async () => {
    const total = (view: string) => async () => {
      const response = await stack.call('sla', 'GET', `/v1/cases?view=${view}`, 'agent');
      const { total: found } = (await response.json()) as { total: number };
      return response.status === 200 && found > 0 ? found : undefined;
    };
    await eventually(total('at_risk'), 'at-risk cases in the queue', () => stack.service('sla').output());
    await eventually(total('breached'), 'breached cases in the queue', () => stack.service('sla').output());
  });

  it('what-if replays them once the cases read model has them', async () => {
    const { policy } = (await (await stack.call('sla', 'GET', '/v1/sla-policies', 'analyst')).json()) as { policy: { rules: unknown[] } };
    const result = await eventually(
      async () => {
        const response = await stack.call('sla', 'POST', '/v1/sla-policies/what-if', 'analyst', { policy: { rules: policy.rules } });
        const answer = (await response.json()) as { cases: number; changes: unknown[]; metrics: Record<string, { before: { breached: number } }> };
        return response.status === 200 && answer.cases === cases.length ? answer : undefined;
      },
      'what-if over every demo case',
      () => stack.service('sla').output(),
    );
    expect(result.changes).toEqual([]);
    expect(result.metrics.first_response!.before.breached).toBeGreaterThan(0);
  });
});
