import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems } from './catalogue.js';

const errorsDoc = readFileSync(resolve(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');

describe('problem catalogue', () => {
  it.each(Object.values(problems))('documents $code in docs/errors.md with its status', ({ code, status }) => {
    expect(errorsDoc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
  });

  it('uses unique codes with HTTP error statuses', () => {
    for (const [key, problem] of Object.entries(problems)) {
      expect(problem.code).toBe(key);
      expect(problem.status).toBeGreaterThanOrEqual(400);
    }
  });
});
