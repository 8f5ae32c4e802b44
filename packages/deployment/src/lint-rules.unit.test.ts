import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from './workspace.js';

const eslint = new ESLint({ cwd: findRepoRoot(import.meta.dirname) });

/** The rules that fired on `code` as if it were the file at `filePath` (relative to the repository root). */
async function rulesFiring(filePath: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => message.ruleId);
}

describe('the lint rules that keep time, chance and I/O out of services and packages', () => {
  it('fails Date.now() in a domain folder', async () => {
    expect(await rulesFiring('services/tiering/src/domain/x.ts', 'export const now = () => Date.now();\n')).toEqual(['no-restricted-syntax']);
  });

  it.each([
    ['an argument-less new Date() in a route', 'services/intake/src/customers/x.ts', 'export const now = () => new Date();\n'],
    ['Math.random() in a reaction', 'services/tiering/src/reactions/x.ts', 'export const pick = () => Math.random();\n'],
    ['Date.now() in a new service', 'services/sla/src/cases/x.ts', 'export const now = () => Date.now();\n'],
    ["Date.now() in a package's route code", 'packages/service-kit/src/http/x.ts', 'export const now = () => Date.now();\n'],
    ['an argument-less new Date() in a projection', 'packages/projections/src/runtime/x.ts', 'export const now = () => new Date();\n'],
    ['an argument-less new Date() in the calendar', 'packages/calendar/src/x.ts', 'export const today = () => new Date();\n'],
    ['Math.random() in a shared domain package', 'packages/identity/src/x.ts', 'export const pick = () => Math.random();\n'],
  ])('fails %s', async (_, filePath, code) => {
    expect(await rulesFiring(filePath, code)).toEqual(['no-restricted-syntax']);
  });

  it('lets a date be built from a value', async () => {
    expect(await rulesFiring('services/tiering/src/domain/x.ts', 'export const at = (iso: string) => new Date(iso);\n')).toEqual([]);
  });

  it.each([
    ['main.ts, where the real clock is made', 'services/tiering/src/main.ts'],
    ['tests', 'services/tiering/src/domain/x.unit.test.ts'],
    ['test support', 'services/tiering/src/test-support/x.ts'],
    ["the kit's clock, which every service takes", 'packages/service-kit/src/config/clock.ts'],
    ['the timer worker (its default clock and real-time sleeps)', 'packages/timers/src/timer-worker.ts'],
    ['benchmarks', 'packages/benchmarks/src/x.ts'],
    ['the test kit', 'packages/test-kit/src/x.ts'],
    ['the importer command-line tool', 'packages/importer/src/x.ts'],
  ])('lets %s read the wall clock', async (_, filePath) => {
    expect(await rulesFiring(filePath, 'export const clock = () => new Date(Date.now());\n')).toEqual([]);
  });

  it.each(['kafkajs', 'mongodb', 'pg', '@eventstore/db-client', 'fastify', 'mongodb/lib/bson'])('fails an import of %s in a domain folder', async (driver) => {
    expect(await rulesFiring('services/tiering/src/domain/x.ts', `import * as driver from '${driver}';\nexport const used = driver;\n`)).toEqual(['no-restricted-imports']);
    expect(await rulesFiring('packages/some-package/src/domain/x.ts', `import * as driver from '${driver}';\nexport const used = driver;\n`)).toEqual(['no-restricted-imports']);
  });

  it('lets a driver be imported outside domain folders', async () => {
    expect(await rulesFiring('services/tiering/src/routes/x.ts', "import * as driver from 'mongodb';\nexport const used = driver;\n")).toEqual([]);
  });
});
