import { documentedRuleCodes } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { ruleCodes } from './fact-rules.js';

const documentedRules = () => documentedRuleCodes('Business rules of intake');

describe("intake's rule codes", () => {
  it.each(ruleCodes)('documents %s in docs/errors.md', (code) => {
    expect(documentedRules()).toContain(code);
  });

  it('documents no rule intake does not have', () => {
    expect(documentedRules().toSorted()).toEqual([...ruleCodes].toSorted());
  });
});
