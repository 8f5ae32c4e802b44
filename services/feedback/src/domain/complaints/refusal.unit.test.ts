import { documentedRuleCodes } from '@ctp/test-kit';
import { describe, expect, it } from 'vitest';
import { refusalCodes } from './refusal.js';

const documentedRules = () => documentedRuleCodes('Business rules of feedback: complaints');

describe('the complaint, remedy and improvement rule codes', () => {
  it('documents each in docs/errors.md and no other', () => {
    expect(documentedRules().toSorted()).toEqual([...refusalCodes].toSorted());
  });
});
