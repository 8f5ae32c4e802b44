#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys } from '../auth/dev-keys.js';
import { resolveSecret } from '../config/dev-secret.js';

/** Development secrets in one folder: API keys per role, the master key that wraps customer keys, the unsubscribe links' HMAC key. */
const { values } = parseArgs({ options: { dir: { type: 'string', default: '.local' } } });
const dir = resolve(values.dir ?? '.local');
const { created, devKeysPath } = await ensureDevKeys(join(dir, 'api-keys.json'));
await resolveSecret({ name: 'DATA_MASTER_KEY', value: undefined, file: join(dir, 'data-master-key'), development: true });
await resolveSecret({ name: 'UNSUBSCRIBE_SECRET', value: undefined, file: join(dir, 'unsubscribe-secret'), development: true });
process.stdout.write(`${created ? 'Generated' : 'Found'} development API keys: ${devKeysPath}\n`);
