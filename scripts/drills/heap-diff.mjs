#!/usr/bin/env node
// Compares two V8 heap snapshots of one process (taken with `kill -USR2 <pid>` when the service was started with
// CTP_SERVICE_NODE_OPTIONS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>"): each heap's total, then what grew
// most between them, by kind and constructor (count and self size). Usage: node scripts/drills/heap-diff.mjs <before> <after> [rows (30)]
import { readFileSync } from 'node:fs';

function summarize(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const groups = new Map();
  let total = 0;
  for (let index = 0; index < snapshot.nodes.length; index += fields.length) {
    const type = types[snapshot.nodes[index + typeAt]];
    const key = type === 'object' || type === 'closure' ? `${type} ${snapshot.strings[snapshot.nodes[index + nameAt]]}` : type;
    const size = snapshot.nodes[index + sizeAt];
    const group = groups.get(key) ?? { count: 0, size: 0 };
    group.count += 1;
    group.size += size;
    groups.set(key, group);
    total += size;
  }
  return { groups, total };
}

const [beforeFile, afterFile, rows = '30'] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: node scripts/drills/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> [rows]');
  process.exit(2);
}
const [before, after] = [summarize(beforeFile), summarize(afterFile)];
const mib = (bytes) => (bytes / 1_048_576).toFixed(1);
console.log(`heap ${mib(before.total)} MiB -> ${mib(after.total)} MiB (${after.total >= before.total ? '+' : ''}${mib(after.total - before.total)} MiB)`);
const grown = [...after.groups].map(([key, { count, size }]) => {
  const earlier = before.groups.get(key) ?? { count: 0, size: 0 };
  return { key, count, size, countDelta: count - earlier.count, sizeDelta: size - earlier.size };
});
grown.sort((a, b) => b.sizeDelta - a.sizeDelta);
for (const { key, count, size, countDelta, sizeDelta } of grown.slice(0, Number(rows))) {
  console.log(`${key.slice(0, 60).padEnd(60)} ${String(countDelta).padStart(8)} objects ${String(Math.round(sizeDelta / 1024)).padStart(8)} KiB   now ${count} (${mib(size)} MiB)`);
}
