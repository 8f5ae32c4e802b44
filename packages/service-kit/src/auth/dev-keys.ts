import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { generateApiKey, hashApiKey, type ApiKeyFile } from './api-keys.js';
import { isMissing } from './key-files.js';
import { roles, type Role } from './roles.js';

export const DEV_KEYS_FILE = 'dev-keys.json';

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
  return createDevKeys(hashedPath);
}

/**
 * The first start's part: the keys made under the lock, or (another start holding it) waited for. Exported for its
 * test: a start that found no keys may take the lock only after another start has made them and let go of it.
 */
export async function createDevKeys(hashedPath: string): Promise<{ created: boolean; devKeysPath: string }> {
  const devKeysPath = join(dirname(hashedPath), DEV_KEYS_FILE);
  const made = await underKeysLock(
    hashedPath,
    async () => {
      if (await exists(hashedPath)) return false;
      const plain = Object.fromEntries(roles.map((role) => [role, generateApiKey(role)])) as Record<Role, string>;
      const hashed: ApiKeyFile = {
        keys: roles.map((role) => devKeyEntry(role, plain[role])),
      };
      await writeAtomically(devKeysPath, `${JSON.stringify(plain, null, 2)}\n`);
      await writeAtomically(hashedPath, `${JSON.stringify(hashed, null, 2)}\n`);
      return true;
    },
    async () => {
      await waitForFile(hashedPath);
      return false;
    },
  );
  return { created: made, devKeysPath };
}

/** Runs `work` holding the key files' lock; while another start holds it, `elsewhere` (given the lock's path) instead. */
async function underKeysLock<T>(hashedPath: string, work: () => Promise<T>, elsewhere: (lockPath: string) => Promise<T>): Promise<T> {
  const lockPath = join(dirname(hashedPath), 'api-keys.lock');
  let lock;
  try {
    lock = await open(lockPath, 'wx');
  } catch {
    return elsewhere(lockPath);
  }
  try {
    return await work();
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}

/** The development integrator key speaks for any source system (`*`), so the demo data's merges pass. */
function devKeyEntry(role: Role, plain: string): ApiKeyFile['keys'][number] {
  return { id: `dev-${role}`, role, holder: devHolder(role), hash: hashApiKey(plain), ...(role === 'integrator' ? { sourceSystems: ['*'] } : {}) };
}

const devHolder = (role: Role) => ({ kind: 'system' as const, name: `development (${role})` });

/** Read leniently, to upgrade: a development key file from before holders or the privacy role. */
const olderKeyFileSchema = z.object({ keys: z.array(z.looseObject({ id: z.string(), role: z.enum(roles), holder: z.unknown().optional(), sourceSystems: z.unknown().optional() })) });

/**
 * Development keys made before a role existed (privacy), before integrator keys were bound to
 * source systems or before keys named their holder get the new role's key, the binding and the
 * holder; keys made by hand (no dev-keys.json, or not `dev-<role>`) are left alone.
 */
async function addMissingRoles(hashedPath: string, devKeysPath: string) {
  if ((await upgradeOf(hashedPath, devKeysPath)) === null) return;
  await underKeysLock(
    hashedPath,
    async () => {
      // Read again under the lock: another start may have added them and let go of the lock since.
      const upgrade = await upgradeOf(hashedPath, devKeysPath);
      if (upgrade === null) return;
      await writeAtomically(devKeysPath, `${JSON.stringify(upgrade.plain, null, 2)}\n`);
      await writeAtomically(hashedPath, `${JSON.stringify({ keys: upgrade.keys }, null, 2)}\n`);
    },
    waitForAbsence, // another service's start is adding them
  );
}

/** The development key files as they should be now, or null when nothing is to be added (or they were made by hand). */
async function upgradeOf(hashedPath: string, devKeysPath: string): Promise<{ plain: Record<string, string>; keys: object[] } | null> {
  let plain: Record<string, string>;
  try {
    plain = JSON.parse(await readFile(devKeysPath, 'utf8')) as Record<string, string>;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  const hashed = olderKeyFileSchema.parse(JSON.parse(await readFile(hashedPath, 'utf8')));
  const missing = roles.filter((role) => !hashed.keys.some((key) => key.id === `dev-${role}`));
  const integrator = hashed.keys.find((key) => key.id === 'dev-integrator');
  const unbound = integrator !== undefined && integrator.sourceSystems === undefined;
  const isDevKey = (key: { id: string; role: Role }) => key.id === `dev-${key.role}`;
  const unnamed = hashed.keys.some((key) => isDevKey(key) && key.holder === undefined);
  if (missing.length === 0 && !unbound && !unnamed) return null;
  for (const role of missing) plain[role] = generateApiKey(role);
  const keys: object[] = hashed.keys.map((key) => ({
    ...key,
    ...(isDevKey(key) && key.holder === undefined ? { holder: devHolder(key.role) } : {}),
    ...(key.id === 'dev-integrator' && unbound ? { sourceSystems: ['*'] } : {}),
  }));
  for (const role of missing) keys.push(devKeyEntry(role, plain[role]!));
  return { plain, keys };
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
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
