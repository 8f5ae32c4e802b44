import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ProblemError } from '@ctp/service-kit';
import { describe, expect, it } from 'vitest';
import { tierAtStartOf, tieringApiKey, tieringClient } from './tiering-client.js';

const keysDir = () => mkdtempSync(join(tmpdir(), 'sla-tiering-client-'));
const config = (changes: Partial<Parameters<typeof tieringApiKey>[0]> = {}) => ({
  NODE_ENV: 'test' as const,
  API_KEYS_FILE: join(keysDir(), 'api-keys.json'),
  TIERING_URL: 'http://127.0.0.1:9',
  TIERING_API_KEY: 'tiering-key',
  TIERING_TIMEOUT_MS: 2_000,
  ...changes,
});

describe('the tiering client', () => {
  it("maps tiering's tier-at answer to the tier at start a case records", () => {
    const answer = { customerId: 'C-1', requestedId: 'C-1', mergedAway: false, asOf: '2026-03-04T06:00:00Z', tier: 'gold', computedTier: 'gold', override: null, tierPolicy: { policyId: 'default', policyVersion: 3 } };
    expect(tierAtStartOf(answer)).toEqual({ tier: 'gold', tierPolicyId: 'default', tierPolicyVersion: 3 });
    expect(tierAtStartOf({ ...answer, tierPolicy: null })).toBeNull();
    expect(() => tierAtStartOf({ tier: 'gold' })).toThrow();
  });

  it('takes TIERING_API_KEY, else in development and tests the analyst key of dev-keys.json beside API_KEYS_FILE', () => {
    expect(tieringApiKey(config())).toBe('tiering-key');
    const dir = keysDir();
    writeFileSync(join(dir, 'dev-keys.json'), JSON.stringify({ analyst: 'dev-analyst-key', agent: 'dev-agent-key' }));
    expect(tieringApiKey(config({ TIERING_API_KEY: undefined, API_KEYS_FILE: join(dir, 'api-keys.json') }))).toBe('dev-analyst-key');
  });

  it('refuses to start without a key in production, or when no development key exists', () => {
    expect(() => tieringApiKey(config({ TIERING_API_KEY: undefined, NODE_ENV: 'production' }))).toThrow(ConfigError);
    expect(() => tieringApiKey(config({ TIERING_API_KEY: undefined }))).toThrow(/TIERING_API_KEY: not set and .*dev-keys\.json has no analyst key/);
  });

  it('answers a 503 problem with Retry-After when tiering cannot be reached', async () => {
    const lookup = tieringClient(config({ TIERING_URL: 'http://127.0.0.1:9' }));
    const refused = await lookup.tierAt('C-1', '2026-03-04T06:00:00Z').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 503, code: 'CTP_NOT_READY', headers: { 'retry-after': '2' } });
  });
});
