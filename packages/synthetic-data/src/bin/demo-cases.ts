#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadDemoCases } from '../cases-loader.js';
import { generateDemoCases } from '../cases.js';

const usage = 'usage: demo-cases --seed 42 --customers 1000 [--cases 150] --now <ISO instant> (--url http://127.0.0.1:8083 | --print)\n  the API key of an integrator in CTP_API_KEY';

function options() {
  const { values } = parseArgs({
    strict: true,
    options: { seed: { type: 'string' }, customers: { type: 'string' }, cases: { type: 'string', default: '150' }, now: { type: 'string' }, url: { type: 'string' }, print: { type: 'boolean', default: false } },
  });
  const whole = (name: string, text: string | undefined) => {
    if (!text || !/^\d+$/.test(text)) throw new RangeError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const now = new Date(values.now ?? NaN);
  if (Number.isNaN(now.getTime())) throw new RangeError(`--now must be an ISO instant, got ${JSON.stringify(values.now)}`);
  if (!values.print && !values.url) throw new RangeError('--url or --print is required');
  const seed = values.seed !== undefined && /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (seed === undefined) throw new RangeError('--seed is required');
  return { seed, customers: whole('customers', values.customers), cases: whole('cases', values.cases), now, url: values.url, print: values.print };
}

async function main(): Promise<number> {
  let args;
  try {
    args = options();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  const cases = generateDemoCases(args);
  if (args.print || !args.url) {
    for (const demoCase of cases) process.stdout.write(`${JSON.stringify(demoCase)}\n`);
    return 0;
  }
  const apiKey = process.env.CTP_API_KEY;
  if (!apiKey) {
    process.stderr.write(`CTP_API_KEY is not set\n${usage}\n`);
    return 2;
  }
  const result = await loadDemoCases(cases, { url: args.url.replace(/\/$/, ''), apiKey });
  const refused = Object.entries(result.refused).map(([rule, count]) => `, ${count} refused (${rule})`).join('');
  process.stdout.write(`${result.opened} cases opened with ${result.steps} steps, ${result.existing} already there${refused}\n`);
  for (const failure of result.failures) process.stderr.write(`${failure}\n`);
  return result.failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
