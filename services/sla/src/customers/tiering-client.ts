import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, problems, ProblemError, type ConfigOf } from '@ctp/service-kit';
import { z } from 'zod';
import type { serviceDefinition } from '../definition.js';
import type { TierAtStart, TierLookup } from '../sla-deps.js';

type Config = Pick<ConfigOf<typeof serviceDefinition>, 'NODE_ENV' | 'API_KEYS_FILE' | 'TIERING_URL' | 'TIERING_API_KEY' | 'TIERING_TIMEOUT_MS'>;

/** What sla reads of tiering's `GET /v1/customers/{id}/tier?asOf=` answer. */
const tierAtSchema = z.object({
  tier: z.string().min(1),
  tierPolicy: z.object({ policyId: z.string().min(1), policyVersion: z.int().min(1) }).nullable(),
});

/** The tier at start a case records: null when tiering knows no tier policy version for it. */
export function tierAtStartOf(body: unknown): TierAtStart | null {
  const { tier, tierPolicy } = tierAtSchema.parse(body);
  return tierPolicy ? { tier, tierPolicyId: tierPolicy.policyId, tierPolicyVersion: tierPolicy.policyVersion } : null;
}

const retryAfterSeconds = '2';

const notReady = (detail: string, cause?: unknown) =>
  Object.assign(new ProblemError(problems.CTP_NOT_READY, detail, [], {}, { 'retry-after': retryAfterSeconds }), { cause });

/**
 * Tiering's API key: TIERING_API_KEY, else in development and tests the analyst key of the development
 * keys beside API_KEYS_FILE (`dev-keys.json`, written by the kit on a development start).
 */
export function tieringApiKey(config: Config): string {
  if (config.TIERING_API_KEY) return config.TIERING_API_KEY;
  const devKeys = join(dirname(config.API_KEYS_FILE), 'dev-keys.json');
  const refuse = (why: string) => new ConfigError('sla', [{ variable: 'TIERING_API_KEY', message: `not set ${why}: give sla a tiering API key with a role that may read tiers (analyst)` }]);
  if (config.NODE_ENV === 'production') throw refuse('(required in production)');
  try {
    return z.object({ analyst: z.string().min(1) }).parse(JSON.parse(readFileSync(devKeys, 'utf8'))).analyst;
  } catch (error) {
    throw Object.assign(refuse(`and ${devKeys} has no analyst key (${error instanceof Error ? error.message : String(error)})`), { cause: error });
  }
}

/**
 * Asks tiering which tier a customer had at an instant. No tier then (404) is null; tiering unreachable,
 * slow or failing is a 503 with Retry-After for the caller, since a case cannot open without it.
 */
export function tieringClient(config: Config, fetchImpl: typeof fetch = fetch): TierLookup {
  const apiKey = tieringApiKey(config);
  return {
    tierAt: async (customerId, asOf) => {
      const url = new URL(`/v1/customers/${encodeURIComponent(customerId)}/tier`, config.TIERING_URL);
      url.searchParams.set('asOf', asOf);
      let response: Response;
      try {
        response = await fetchImpl(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(config.TIERING_TIMEOUT_MS) });
      } catch (error) {
        throw notReady(`tiering did not answer within ${config.TIERING_TIMEOUT_MS} ms (${error instanceof Error ? error.message : String(error)})`, error);
      }
      if (response.status === 404) return null;
      if (response.status >= 500 || response.status === 429) throw notReady(`tiering answered ${response.status}`);
      if (!response.ok) throw new Error(`tiering refused the tier lookup with ${response.status}: check TIERING_API_KEY (${await response.text()})`);
      return tierAtStartOf(await response.json());
    },
  };
}
