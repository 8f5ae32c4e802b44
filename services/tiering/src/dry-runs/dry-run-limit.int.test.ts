import { bearer, testApp } from '@ctp/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { rollOut } from '../rollout/rollout.js';
import { freshTieringStores } from '../test-support/tiering-store.js';
import { policyInForce } from '../tiering-deps.js';
import { dryRunRoutes } from './dry-run-routes.js';

const now = new Date('2026-03-16T02:00:00Z');

/** Review finding (OWASP API4): a dry run over every customer ran on the same budget as a cheap GET, any number at once. */
describe('dry runs at once', () => {
  const given = freshTieringStores('dry_run_limit', now);

  it('runs as many as allowed and answers one more with 429 and retry-after at once; a slot frees when a run ends', async () => {
    const { depsWith } = await given();
    const deps = depsWith();
    await rollOut(deps, { id: 'tier-policy-rollout:default:1', dueAt: now, policyVersion: 1 });
    const { policyId: _id, policyVersion: _version, ...policy } = (await policyInForce(deps, now.getTime())) as unknown as Record<string, unknown>;
    const app = await testApp({ routes: dryRunRoutes(deps, { concurrency: 1 }), bodyLimitBytes: 1_048_576 });
    const dryRun = () => app.inject({ method: 'POST', url: '/v1/tier-policy/dry-run', headers: bearer('analyst'), payload: { policy, asOf: '2026-03-15' } });
    const [first, second] = await Promise.all([dryRun(), dryRun()]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 429]);
    const refused = first.statusCode === 429 ? first : second;
    expect(refused.json()).toMatchObject({ code: 'CTP_RATE_LIMITED', detail: expect.stringContaining('dry runs already running') });
    expect(refused.headers['retry-after']).toBe('5');
    expect((await dryRun()).statusCode).toBe(200);
    await app.close();
  }, 60_000);
});
