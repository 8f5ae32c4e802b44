import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A secret from the environment, else from its file; in development a missing file is created
 * with 32 random bytes (base64), so a first start needs no setup. Elsewhere a missing secret is
 * an error naming both ways to provide it. Services starting together race to create it: the secret is
 * written whole to a file of this process and then linked into place, so no reader sees it half written.
 */
export async function resolveSecret(options: {
  readonly name: string;
  readonly value: string | undefined;
  readonly file: string;
  readonly development: boolean;
}): Promise<string> {
  if (options.value) return options.value;
  try {
    return (await readFile(options.file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!options.development) {
    throw new Error(`${options.name} is not set and ${options.file} does not exist: set one of them`);
  }
  await mkdir(dirname(options.file), { recursive: true });
  const secret = randomBytes(32).toString('base64');
  const draft = `${options.file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, options.file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(options.file, 'utf8')).trim();
  } finally {
    await rm(draft, { force: true });
  }
}

/** The unsubscribe links' key (`unsubscribeSettings`): from the environment, else its file, generated in development. */
export function unsubscribeSecret(config: { readonly UNSUBSCRIBE_SECRET?: string | undefined; readonly UNSUBSCRIBE_SECRET_FILE: string; readonly NODE_ENV: string }): Promise<string> {
  return resolveSecret({ name: 'UNSUBSCRIBE_SECRET', value: config.UNSUBSCRIBE_SECRET, file: config.UNSUBSCRIBE_SECRET_FILE, development: config.NODE_ENV === 'development' });
}
