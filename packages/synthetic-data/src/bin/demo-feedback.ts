#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoCases } from '../cases.js';
import { loadDemoFeedback, type PartCounts } from '../feedback-loader.js';

const usage =
  'usage: demo-feedback --seed 42 --customers 1000 [--cases 150] --now <ISO instant> --keys .local/dev-keys.json\n' +
  '  [--feedback http://127.0.0.1:8084] [--sla http://127.0.0.1:8083] [--intake http://127.0.0.1:8081]\n' +
  '  the keys file maps integrator, agent and admin to API keys; --seed, --customers and --cases as demo-cases was given';

function options() {
  const { values } = parseArgs({
    strict: true,
    options: {
      seed: { type: 'string' }, customers: { type: 'string' }, cases: { type: 'string', default: '150' }, now: { type: 'string' }, keys: { type: 'string' },
      feedback: { type: 'string', default: 'http://127.0.0.1:8084' }, sla: { type: 'string', default: 'http://127.0.0.1:8083' }, intake: { type: 'string', default: 'http://127.0.0.1:8081' },
    },
  });
  const whole = (name: string, text: string | undefined) => {
    if (!text || !/^\d+$/.test(text)) throw new RangeError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const now = new Date(values.now ?? NaN);
  if (Number.isNaN(now.getTime())) throw new RangeError(`--now must be an ISO instant, got ${JSON.stringify(values.now)}`);
  if (values.seed === undefined) throw new RangeError('--seed is required');
  if (!values.keys) throw new RangeError('--keys is required');
  const keys = JSON.parse(readFileSync(values.keys, 'utf8')) as Record<string, string | undefined>;
  const missing = ['integrator', 'agent', 'admin'].filter((role) => !keys[role]);
  if (missing.length > 0) throw new RangeError(`${values.keys} has no key for ${missing.join(', ')}`);
  const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const strip = (url: string) => url.replace(/\/$/, '');
  return {
    seed, customers: whole('customers', values.customers), cases: whole('cases', values.cases), now,
    keys: { integrator: keys.integrator!, agent: keys.agent!, admin: keys.admin! },
    feedbackUrl: strip(values.feedback), slaUrl: strip(values.sla), intakeUrl: strip(values.intake),
  };
}

const said = (what: string, counts: PartCounts) => `${what} ${Object.entries(counts).map(([key, n]) => `${n} ${key}`).join(', ') || 'none'}`;

async function main(): Promise<number> {
  let args;
  try {
    args = options();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  let result;
  try {
    result = await loadDemoFeedback(generateDemoCases(args), args);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const parts = [said('complaints:', result.complaints), said('remedies:', result.remedies), said('improvement actions:', result.actions), said('survey invitations:', result.surveys), said('contact obligations:', result.contacts)];
  process.stdout.write(`${parts.join('; ')}\n`);
  for (const failure of result.failures) process.stderr.write(`${failure}\n`);
  return result.failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
