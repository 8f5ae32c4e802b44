import { documentedRuleCodes } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { contactErrorCodes } from './contact-errors.js';

describe('the contact cadence rule codes', () => {
  it('documents each in docs/errors.md and no other', () => {
    expect(documentedRuleCodes('Business rules of feedback: contact cadence').toSorted()).toEqual([...contactErrorCodes].toSorted());
  });
});
