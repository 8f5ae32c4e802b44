import { chmod, open, stat, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { FatalError } from '../errors.js';
import type { Reason } from '../input/rows.js';

export interface Reject {
  readonly line: number;
  readonly row: unknown;
  readonly fact?: unknown;
  readonly reasons: readonly Reason[];
}

export interface RejectsFile {
  /** Bytes written so far, to record in the progress file after each batch. */
  readonly bytes: number;
  append(rejects: readonly Reject[]): Promise<void>;
  close(): Promise<void>;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Opens the rejects file (NDJSON) cut back to what the progress file accounts for: rejects
 * written for a batch whose progress was never saved are written again on resume, not twice.
 */
export async function openRejects(path: string, keepBytes: number): Promise<RejectsFile> {
  const size = await sizeOf(path);
  if (keepBytes > 0 && (size === undefined || size < keepBytes)) {
    throw new FatalError(`the rejects file ${path} is shorter than the progress file records; restore it or pass --restart`);
  }
  if (size !== undefined && keepBytes === 0) await unlink(path);
  else if (size !== undefined && size > keepBytes) await truncate(path, keepBytes);
  let handle: FileHandle | undefined;
  let bytes = keepBytes;
  return {
    get bytes() {
      return bytes;
    },
    async append(rejects) {
      if (rejects.length === 0) return;
      if (!handle) {
        // The rows are personal data: only the owner may read them, also when the file existed before.
        handle = await open(path, 'a', 0o600);
        await chmod(path, 0o600);
      }
      const text = rejects.map((reject) => `${JSON.stringify(reject)}\n`).join('');
      await handle.appendFile(text);
      bytes += Buffer.byteLength(text);
    },
    async close() {
      await handle?.close();
    },
  };
}
