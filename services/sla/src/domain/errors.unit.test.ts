import { documentedRuleCodes } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { slaErrorCodes } from './errors.js';

const documentedRules = () => documentedRuleCodes('Business rules of sla');

describe("sla's rule codes", () => {
  it.each(slaErrorCodes)('documents %s in docs/errors.md', (code) => {
    expect(documentedRules()).toContain(code);
  });

  it('documents no rule sla does not have', () => {
    expect(documentedRules().toSorted()).toEqual([...slaErrorCodes].toSorted());
  });
});
