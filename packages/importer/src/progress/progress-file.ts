import { createHash } from 'node:crypto';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { FatalError } from '../errors.js';

const fingerprintSchema = z.object({ bytes: z.int().min(0), headSha256: z.string() });

const progressSchema = z.object({
  version: z.literal(1),
  input: fingerprintSchema,
  settledRows: z.int().min(0),
  rejectsBytes: z.int().min(0),
  counts: z.object({ accepted: z.int(), duplicates: z.int(), rejected: z.int(), retried: z.int() }),
  updatedAt: z.string(),
});

export type Progress = z.output<typeof progressSchema>;
export type Counts = Progress['counts'];
export type Fingerprint = z.output<typeof fingerprintSchema>;

const headBytes = 64 * 1024;

/** Size and a hash of the first 64 KiB: enough to notice that the input is not the file of the last run. */
export async function fingerprintOf(path: string): Promise<Fingerprint> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, headBytes));
    await file.read(head, 0, head.length, 0);
    return { bytes: size, headSha256: createHash('sha256').update(head).digest('hex') };
  } finally {
    await file.close();
  }
}

export function freshProgress(input: Fingerprint): Progress {
  const counts = { accepted: 0, duplicates: 0, rejected: 0, retried: 0 };
  return { version: 1, input, settledRows: 0, rejectsBytes: 0, counts, updatedAt: new Date().toISOString() };
}

/** The progress of an earlier run on the same input, or a fresh start (always so with `restart`). */
export async function loadProgress(path: string, input: Fingerprint, restart: boolean): Promise<Progress> {
  if (restart) return freshProgress(input);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return freshProgress(input);
    throw new FatalError(`cannot read the progress file ${path}: ${(error as Error).message}`);
  }
  let parsed: Progress | undefined;
  try {
    parsed = progressSchema.safeParse(JSON.parse(text)).data;
  } catch {
    parsed = undefined;
  }
  if (!parsed) throw new FatalError(`${path} is not a ctp-import progress file; pass --restart to start over`);
  if (parsed.input.bytes !== input.bytes || parsed.input.headSha256 !== input.headSha256) {
    throw new FatalError(`the input changed since ${path} was written; pass --restart to import it from the start`);
  }
  return parsed;
}

/** Written beside and renamed over, so a kill leaves either the old or the new progress, never half. */
export async function saveProgress(path: string, progress: Progress): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...progress, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  await rename(temporary, path);
}
