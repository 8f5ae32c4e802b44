#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys } from '../auth/key-files.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: '.local' } } });
const dir = resolve(values.dir ?? '.local');
const { created, devKeysPath } = await ensureDevKeys(join(dir, 'api-keys.json'));
process.stdout.write(`${created ? 'Generated' : 'Found'} development API keys: ${devKeysPath}\n`);
