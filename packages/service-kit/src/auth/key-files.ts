import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { apiKeyFileSchema, ApiKeyStore, type ApiKeyFile } from './api-keys.js';

export async function readApiKeyStore(path: string): Promise<ApiKeyStore> {
  return new ApiKeyStore(await readApiKeyFile(path));
}

/**
 * Reloads the key file into `store` whenever it changes (polled every `intervalMs`): keys added,
 * revoked or given an expiry take effect without a restart. A file that cannot be read or is
 * invalid keeps the keys in force and is reported. Returns a function that stops watching.
 */
export function watchApiKeyFile(
  path: string,
  store: ApiKeyStore,
  options: { intervalMs: number; onReload: (size: number) => void; onError: (error: unknown) => void },
): () => void {
  const listener = () => {
    readApiKeyFile(path).then(
      (file) => {
        store.replace(file);
        options.onReload(store.size);
      },
      options.onError,
    );
  };
  watchFile(path, { interval: options.intervalMs, persistent: false }, listener);
  return () => unwatchFile(path, listener);
}

async function readApiKeyFile(path: string): Promise<ApiKeyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new Error(
      `API key file ${path} does not exist: set API_KEYS_FILE, or create development keys with ` +
        '"node packages/service-kit/dist/cli/dev-keys.js" (NODE_ENV=development creates them on start)',
    );
  }
  const raw: unknown = JSON.parse(text);
  const parsed = apiKeyFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`API key file ${path} is invalid: ${parsed.error.issues.map((issue) => describeIssue(raw, issue)).join('; ')}`);
  return parsed.data;
}

/** An issue of the key file, naming the key by its id (the operator's name for it), not only by its index. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, field] = issue.path;
  const entry = top === 'keys' && typeof index === 'number' ? (raw as { keys: unknown[] }).keys[index] : undefined;
  const id = entry !== null && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string' ? ` (key "${entry.id}")` : '';
  const missingHolder = field === 'holder' && issue.path.length === 3 && entry !== null && typeof entry === 'object' && !('holder' in entry);
  const message = missingHolder ? 'no holder: add "holder": {"kind": "person" or "system", "name": "..."}, whom the key is issued to' : issue.message;
  return `${issue.path.join('.')}${id}: ${message}`;
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
