import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from './service-process.js';

/** The codes in the table of one section of docs/errors.md (a `## <heading>` starting with `section`). */
export function documentedRuleCodes(section: string): string[] {
  const doc = readFileSync(resolve(repositoryRoot, 'docs/errors.md'), 'utf8');
  const found = doc.split(/^## /m).find((part) => part.startsWith(section));
  if (!found) throw new Error(`docs/errors.md has no section "${section}"`);
  return [...found.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]!);
}
