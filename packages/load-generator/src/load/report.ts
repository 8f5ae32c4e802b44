import type { LoadResult } from './run-load.js';

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (value: number) => `${Math.round(value)} ms`;

export interface CpuUse {
  readonly name: string;
  readonly seconds: number;
}

/** The run as text: what was sent and accepted, accepted-to-visible per read model, errors by kind, CPU seconds per event. */
export function loadReport(result: LoadResult, cpu: readonly CpuUse[], ratePerSecond: number): string {
  const sent = Object.values(result.sent).reduce((sum, count) => sum + count, 0);
  const lines = [
    `sent ${sent} operations in ${result.sendingSeconds.toFixed(1)} s (asked ${ratePerSecond}/s, got ${(sent / Math.max(result.sendingSeconds, 1 / ratePerSecond)).toFixed(1)}/s): ${Object.entries(result.sent).map(([kind, count]) => `${kind} ${count}`).join(', ')}`,
    `accepted ${result.accepted.length}; every read had shown its write or given up ${result.seconds.toFixed(1)} s after the first was sent`,
    '',
    'accepted -> visible, per read model:',
  ];
  for (const [readModel, latencies] of Object.entries(result.visibleMs).toSorted(([a], [b]) => a.localeCompare(b))) {
    const sorted = latencies.toSorted((a, b) => a - b);
    lines.push(`  ${readModel}: ${sorted.length} writes, p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? 0)}`);
  }
  for (const [readModel, count] of Object.entries(result.notVisible)) lines.push(`  ${readModel}: ${count} writes NOT visible in time`);
  lines.push('', 'errors by kind:');
  const errors = Object.entries(result.errors).toSorted(([, a], [, b]) => b - a);
  if (errors.length === 0) lines.push('  none');
  for (const [kind, count] of errors) lines.push(`  ${kind}: ${count}`);
  const retried = Object.entries(result.retried).toSorted(([, a], [, b]) => b - a);
  if (retried.length > 0) lines.push('', 'answers sent or asked again after (service away or not ready):', ...retried.map(([kind, count]) => `  ${kind}: ${count}`));
  lines.push('', 'CPU seconds per accepted operation, per process (its child processes included):');
  if (cpu.length === 0) lines.push('  no process given (--pids <directory of <name>.pid files>)');
  for (const { name, seconds } of cpu) lines.push(`  ${name}: ${seconds.toFixed(2)} s in all, ${result.accepted.length === 0 ? '-' : ms((seconds * 1000) / result.accepted.length)} per operation`);
  return `${lines.join('\n')}\n`;
}
