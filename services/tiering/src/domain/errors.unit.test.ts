import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tieringErrorCodes } from './errors.js';

/** The rule codes in docs/errors.md's table of tiering's business rules. */
function documentedRules(): string[] {
  const doc = readFileSync(resolve(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith('Business rules of tiering'));
  if (!section) throw new Error('docs/errors.md has no section "Business rules of tiering"');
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]!);
}

describe("tiering's rule codes", () => {
  it.each(tieringErrorCodes)('documents %s in docs/errors.md', (code) => {
    expect(documentedRules()).toContain(code);
  });

  it('documents no rule tiering does not have', () => {
    expect(documentedRules().toSorted()).toEqual([...tieringErrorCodes].toSorted());
  });
});
