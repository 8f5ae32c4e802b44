import type { Writable } from 'node:stream';
import { emptyCounts, type Fact, type FactCounts } from '../facts.js';

const chunkChars = 1 << 16;

async function write(writable: Writable, chunk: string): Promise<void> {
  if (writable.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      writable.off('drain', done);
      writable.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    writable.once('drain', done);
    writable.once('error', done);
  });
}

/**
 * Writes facts as text lines, in chunks and with backpressure; leaves `writable` open and returns
 * the count of each fact type written.
 */
export async function writeLines(
  facts: Iterable<Fact> | AsyncIterable<Fact>,
  writable: Writable,
  line: (fact: Fact) => string,
  header = '',
): Promise<FactCounts> {
  const counts = emptyCounts();
  let buffer = header;
  for await (const fact of facts) {
    counts[fact.type]++;
    buffer += line(fact) + '\n';
    if (buffer.length >= chunkChars) {
      await write(writable, buffer);
      buffer = '';
    }
  }
  if (buffer) await write(writable, buffer);
  return counts;
}

/** One JSON fact per line, ready to POST in batches to intake's /v1/events. */
export function toNdjson(facts: Iterable<Fact> | AsyncIterable<Fact>, writable: Writable): Promise<FactCounts> {
  return writeLines(facts, writable, (fact) => JSON.stringify(fact));
}
