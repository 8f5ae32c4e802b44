import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { FatalError } from '../errors.js';
import { csvSource } from './csv/csv-source.js';
import { loadMapping } from './csv/mapping.js';
import { ndjsonSource } from './ndjson-source.js';
import type { RowSource } from './rows.js';

export type InputFormat = 'ndjson' | 'csv';

export async function openSource(input: string, format: InputFormat, mappingPath: string | undefined): Promise<RowSource> {
  try {
    if (!(await stat(input)).isFile()) throw new FatalError(`${input} is not a file`);
    await access(input, constants.R_OK);
  } catch (error) {
    if (error instanceof FatalError) throw error;
    throw new FatalError(`cannot read ${input}: ${(error as Error).message}`);
  }
  if (format === 'ndjson') return ndjsonSource(input);
  if (!mappingPath) throw new FatalError('a CSV input needs --mapping <file.json>');
  return csvSource(input, await loadMapping(mappingPath));
}
