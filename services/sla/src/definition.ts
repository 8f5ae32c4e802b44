import { defineService, personalDataSettings, readModelSettings, timerSettings } from '@ctp/service-kit';
import { z } from 'zod';

/** sla: service cases and complaints on business-calendar clocks. */
export const serviceDefinition = defineService({
  name: 'sla',
  port: 8083,
  settings: {
    ...readModelSettings,
    ...personalDataSettings,
    ...timerSettings,
    /** The SLA policy new cases match; its first version is the defaults (docs/sla.md) unless an admin published one. */
    SLA_POLICY_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).default('default'),
    /** Tiering, asked for the customer's tier at case start (`GET /v1/customers/{id}/tier?asOf=`). */
    TIERING_URL: z.url().default('http://127.0.0.1:8082'),
    /** Tiering's API key (a role that may read tiers: analyst); development and tests fall back to the analyst key of dev-keys.json beside API_KEYS_FILE. */
    TIERING_API_KEY: z.string().min(1).optional(),
    /** The team new crisis cases are routed to (CaseRouted rule crisis_team). */
    CRISIS_TEAM: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/).default('crisis-response'),
    /** The team queue new cases of customers without a dedicated manager go to (CaseRouted rule tier_queue). */
    SERVICE_TEAM: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/).default('service-desk'),
    /** How long a tier lookup may take before the case command answers 503. */
    TIERING_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  },
});
