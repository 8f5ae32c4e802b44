import { documentedRuleCodes } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { tieringErrorCodes } from './errors.js';

const documentedRules = () => documentedRuleCodes('Business rules of tiering');

describe("tiering's rule codes", () => {
  it.each(tieringErrorCodes)('documents %s in docs/errors.md', (code) => {
    expect(documentedRules()).toContain(code);
  });

  it('documents no rule tiering does not have', () => {
    expect(documentedRules().toSorted()).toEqual([...tieringErrorCodes].toSorted());
  });
});
