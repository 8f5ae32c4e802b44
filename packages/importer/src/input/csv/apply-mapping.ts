import { nameUuid } from '@ctp/contracts';
import type { Reason } from '../rows.js';
import { convert, type Converted } from './conversions.js';
import { envelopeTargets, type FieldSource, type Mapping } from './mapping.js';

export type Mapped = { readonly fact: Record<string, unknown> } | { readonly reasons: Reason[] };

const absent: Converted = { ok: true, value: undefined };

function resolve(source: FieldSource, record: Readonly<Record<string, string>>, type: unknown): Converted {
  if ('value' in source) return { ok: true, value: source.value };
  if ('column' in source) {
    const cell = record[source.column] ?? '';
    if (cell === '') return absent;
    const converted = convert(cell, source.as, source.offset);
    return converted.ok ? converted : { ok: false, message: `column ${source.column}: ${converted.message}` };
  }
  const empty = source.uuidFrom.find((column) => (record[column] ?? '') === '');
  if (empty !== undefined) return { ok: false, message: `column ${empty} is empty, so no id can be derived` };
  return { ok: true, value: nameUuid([String(type), ...source.uuidFrom.map((column) => record[column]!)]) };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/**
 * Builds an intake fact from a CSV record by column name. An empty cell leaves its field out;
 * an id derived with `uuidFrom` also depends on the fact's type, so two kinds of fact never share one.
 */
export function applyMapping(mapping: Mapping, record: Readonly<Record<string, string>>): Mapped {
  const fact: Record<string, unknown> = { data: {} };
  const reasons: Reason[] = [];
  const ordered = Object.entries(mapping.fields).sort(([, a], [, b]) => Number('uuidFrom' in a) - Number('uuidFrom' in b));
  for (const [target, source] of ordered) {
    const resolved = resolve(source, record, fact.type);
    if (!resolved.ok) {
      reasons.push({ code: 'IMPORT_MAPPING_FAILED', path: target, message: resolved.message });
    } else if (resolved.value !== undefined) {
      setPath(fact, target, resolved.value);
    } else if ((envelopeTargets as readonly string[]).includes(target)) {
      const column = 'column' in source ? source.column : '?';
      reasons.push({ code: 'IMPORT_MAPPING_FAILED', path: target, message: `column ${column} is empty` });
    }
  }
  return reasons.length > 0 ? { reasons } : { fact };
}
