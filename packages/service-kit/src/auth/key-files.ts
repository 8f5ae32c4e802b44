import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { apiKeyFileSchema, ApiKeyStore, generateApiKey, hashApiKey, type ApiKeyFile } from './api-keys.js';
import { roles, type Role } from './roles.js';

export const DEV_KEYS_FILE = 'dev-keys.json';

export async function readApiKeyStore(path: string): Promise<ApiKeyStore> {
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
  return new ApiKeyStore(parsed.data);
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
      keys: roles.map((role) => ({ id: `dev-${role}`, role, hash: hashApiKey(plain[role]) })),
    };
    await writeAtomically(devKeysPath, `${JSON.stringify(plain, null, 2)}\n`);
    await writeAtomically(hashedPath, `${JSON.stringify(hashed, null, 2)}\n`);
    return { created: true, devKeysPath };
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
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
