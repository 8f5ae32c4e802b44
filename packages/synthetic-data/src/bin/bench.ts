#!/usr/bin/env node
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { generateHistory } from '../generate-history.js';
import { toNdjson } from '../writers/ndjson.js';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const window = { seed: 42, from: '2025-01-01', to: '2026-01-01' } as const;

function generateOnly(customers: number): { facts: number; seconds: number; heapMb: number } {
  const started = performance.now();
  let facts = 0;
  let heap = 0;
  for (const _ of generateHistory({ ...window, customers })) {
    if (++facts % 25_000 === 0) heap = Math.max(heap, process.memoryUsage().heapUsed);
  }
  return { facts, seconds: (performance.now() - started) / 1000, heapMb: heap / 1e6 };
}

async function toDevNull(customers: number): Promise<number> {
  const started = performance.now();
  const sink = createWriteStream('/dev/null');
  await toNdjson(generateHistory({ ...window, customers }), sink);
  sink.end();
  await finished(sink);
  return (performance.now() - started) / 1000;
}

const rows = [['customers', 'facts', 'generate s', 'facts/s', 'max heap MB', 'generate+NDJSON s']];
for (const customers of sizes) {
  const { facts, seconds, heapMb } = generateOnly(customers);
  const written = await toDevNull(customers);
  rows.push([customers, facts, seconds.toFixed(1), Math.round(facts / seconds), heapMb.toFixed(0), written.toFixed(1)].map(String));
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) process.stdout.write(row.map((cell, column) => cell.padStart(widths[column]!)).join('  ') + '\n');
