import { unwatchFile, watchFile } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { apiKeyFileSchema, ApiKeyStore, generateApiKey, hashApiKey, type ApiKeyFile } from './api-keys.js';
import { roles, type Role } from './roles.js';

export const DEV_KEYS_FILE = 'dev-keys.json';

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
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`API key file ${path} is invalid: ${where}`);
  }
  return parsed.data;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function writeAtomically(path: string, content: string) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, path);
}

/**
 * Creates one development key per role unless the key file exists: `dev-keys.json` beside it
 * holds the plain keys for the developer, the key file only their hashes for the services. A lock
 * file makes concurrent first starts of several services agree on one set of keys.
 */
export async function ensureDevKeys(hashedPath: string): Promise<{ created: boolean; devKeysPath: string }> {
  const dir = dirname(hashedPath);
  const devKeysPath = join(dir, DEV_KEYS_FILE);
  await mkdir(dir, { recursive: true });
  try {
    await readFile(hashedPath);
    await addMissingRoles(hashedPath, devKeysPath);
    return { created: false, devKeysPath };
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const lockPath = join(dir, 'api-keys.lock');
  let lock;
  try {
    lock = await open(lockPath, 'wx');
  } catch {
    await waitForFile(hashedPath);
    return { created: false, devKeysPath };
  }
  try {
    const plain = Object.fromEntries(roles.map((role) => [role, generateApiKey(role)])) as Record<Role, string>;
    const hashed: ApiKeyFile = {
      keys: roles.map((role) => devKeyEntry(role, plain[role])),
    };
    await writeAtomically(devKeysPath, `${JSON.stringify(plain, null, 2)}\n`);
    await writeAtomically(hashedPath, `${JSON.stringify(hashed, null, 2)}\n`);
    return { created: true, devKeysPath };
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}

/** The development integrator key speaks for any source system (`*`), so the demo data's merges pass. */
function devKeyEntry(role: Role, plain: string): ApiKeyFile['keys'][number] {
  return { id: `dev-${role}`, role, hash: hashApiKey(plain), ...(role === 'integrator' ? { sourceSystems: ['*'] } : {}) };
}

/**
 * Development keys made before a role existed (privacy) or before integrator keys were bound to
 * source systems get the new role's key and the binding; keys made by hand (no dev-keys.json) are left alone.
 */
async function addMissingRoles(hashedPath: string, devKeysPath: string) {
  let plain: Record<string, string>;
  try {
    plain = JSON.parse(await readFile(devKeysPath, 'utf8')) as Record<string, string>;
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const hashed = apiKeyFileSchema.parse(JSON.parse(await readFile(hashedPath, 'utf8')));
  const missing = roles.filter((role) => !hashed.keys.some((key) => key.id === `dev-${role}`));
  const integrator = hashed.keys.find((key) => key.id === 'dev-integrator');
  const unbound = integrator !== undefined && integrator.sourceSystems === undefined;
  if (missing.length === 0 && !unbound) return;
  const lockPath = join(dirname(hashedPath), 'api-keys.lock');
  let lock;
  try {
    lock = await open(lockPath, 'wx');
  } catch {
    await waitForAbsence(lockPath); // another service's start is adding them
    return;
  }
  try {
    for (const role of missing) plain[role] = generateApiKey(role);
    const keys = hashed.keys.map((key) => (key.id === 'dev-integrator' && unbound ? { ...key, sourceSystems: ['*'] } : key));
    for (const role of missing) keys.push(devKeyEntry(role, plain[role]!));
    await writeAtomically(devKeysPath, `${JSON.stringify(plain, null, 2)}\n`);
    await writeAtomically(hashedPath, `${JSON.stringify({ keys }, null, 2)}\n`);
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}

async function waitForAbsence(path: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await readFile(path);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForFile(path: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await readFile(path);
      return;
    } catch (error) {
      if (!isMissing(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
