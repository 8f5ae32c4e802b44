import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleCodes } from './fact-rules.js';

/** The rule codes in docs/errors.md's table of intake's business rules. */
function documentedRules(): string[] {
  const doc = readFileSync(resolve(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith('Business rules of intake'));
  if (!section) throw new Error('docs/errors.md has no section "Business rules of intake"');
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]!);
}

describe("intake's rule codes", () => {
  it.each(ruleCodes)('documents %s in docs/errors.md', (code) => {
    expect(documentedRules()).toContain(code);
  });

  it('documents no rule intake does not have', () => {
    expect(documentedRules().toSorted()).toEqual([...ruleCodes].toSorted());
  });
});
