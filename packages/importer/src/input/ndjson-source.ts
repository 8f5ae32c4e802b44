import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Row, RowSource } from './rows.js';

async function* lines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of reader) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() !== '') yield { line, text };
  }
}

function toRow(text: string, line: number, index: number): Row {
  try {
    const fact: unknown = JSON.parse(text);
    return { kind: 'fact', index, line, source: fact, fact };
  } catch (error) {
    const reason = { code: 'IMPORT_INVALID_JSON', path: '', message: `not valid JSON: ${(error as Error).message}` };
    return { kind: 'invalid', index, line, source: text, reasons: [reason] };
  }
}

/** One fact per non-blank line, already in the intake format; the server checks the rest. */
export function ndjsonSource(path: string): RowSource {
  return {
    async *rows() {
      let index = 0;
      for await (const { line, text } of lines(path)) yield toRow(text, line, index++);
    },
    async count() {
      let count = 0;
      for await (const _line of lines(path)) count++;
      return count;
    },
  };
}
