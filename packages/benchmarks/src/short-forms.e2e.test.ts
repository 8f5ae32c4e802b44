import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(import.meta.dirname, '..');
const docs = resolve(packageDir, '../../docs/benchmarks.md');

/** Every path's short form: the same code as the recorded runs, at sizes CI can afford. Nothing about speed is asserted here. */
const shortForms = {
  BENCH_EVENTS: '1000',
  BENCH_MONGO_EVENTS: '200',
  BENCH_REPEATS: '1',
  BENCH_E2E_SECONDS: '2',
  BENCH_INTAKE_FACTS: '400',
  BENCH_INTAKE_BATCHES: '100',
  BENCH_INTAKE_CLIENTS: '2',
  BENCH_TIERING_CUSTOMERS: '300',
  BENCH_SIZE_DOCUMENTS: '2000',
  BENCH_SIZE_BASE: '200',
  BENCH_TIMERS_TOTAL: '500',
  BENCH_TIMERS_DUE: '50',
  BENCH_READS_CUSTOMERS: '1000',
  BENCH_READS_CALLS: '20',
  BENCH_READS_ROUTE_SECONDS: '1',
  BENCH_READS_MACHINE_QUIET_SECONDS: '0',
  BENCH_DASHBOARD_CUSTOMERS: '30',
  BENCH_DASHBOARD_CASES: '20',
  BENCH_DASHBOARD_LOADS: '1',
};

/** The run as `pnpm --filter @ctp/benchmarks bench` starts it (not as a test process: vitest's NODE_ENV and VITEST* stay out), its output also in `<report>.log`. */
function runBench(report: string): Promise<{ code: number | null; output: string }> {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  const log = createWriteStream(`${report}.log`);
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=@ctp/source', '--import', 'tsx', 'src/run.ts', '--only', 'append,intake,relay,projection,rebuild,size,e2e,tiering,timers,reads,dashboard'], {
      cwd: packageDir,
      env: { ...environment, ...shortForms, BENCH_REPORT: report },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => log.end(() => done({ code, output })));
  });
}

describe('the benchmarks in their short forms', () => {
  it('measure every path end to end and write a report (into a copy of docs/benchmarks.md, never the recorded one)', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'bench-short-')), 'benchmarks.md');
    copyFileSync(docs, report);
    const { code, output } = await runBench(report);
    expect(code, output.slice(-4000)).toBe(0);
    expect(output, output.slice(-4000)).not.toMatch(/ failed:/);
    const written = readFileSync(report, 'utf8');
    for (const path of ['append in-process', 'relay', 'projection', 'rebuild']) expect(written).toContain(path);
    expect(written).toMatch(/### Latest dashboard run[\s\S]*first after a new event[\s\S]*again at once/);
  }, 1_500_000);
});
