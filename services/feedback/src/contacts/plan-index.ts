import { migrate } from '@ctp/event-store';
import type { PostgresTimerStore } from '@ctp/timers';

/**
 * Which customers' plans follow which tier policy, for the reaction to a new policy version: a table
 * beside the timer table (same database and schema), written after each change to a contact stream.
 */
export interface ContactPlanIndex {
  /** The plan's policy at the stream's `revision`; an older revision never overwrites a newer one. */
  record(customerId: string, policyId: string | null, revision: number): Promise<void>;
  onPolicy(policyId: string): Promise<string[]>;
}

export async function contactPlanIndex(timers: Pick<PostgresTimerStore, 'pool' | 'schema'>, table = 'feedback_contact_plans'): Promise<ContactPlanIndex> {
  const name = `"${timers.schema}"."${table}"`;
  await migrate(
    timers.pool,
    name,
    `CREATE TABLE IF NOT EXISTS ${name} (customer_id text PRIMARY KEY, policy_id text, revision int NOT NULL);
     CREATE INDEX IF NOT EXISTS "${table}_policy" ON ${name} (policy_id) WHERE policy_id IS NOT NULL;`,
  );
  return {
    async record(customerId, policyId, revision) {
      await timers.pool.query(
        `INSERT INTO ${name} (customer_id, policy_id, revision) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id) DO UPDATE SET policy_id = excluded.policy_id, revision = excluded.revision WHERE ${name}.revision <= excluded.revision`,
        [customerId, policyId, revision],
      );
    },
    onPolicy: async (policyId) => (await timers.pool.query<{ customer_id: string }>(`SELECT customer_id FROM ${name} WHERE policy_id = $1 ORDER BY customer_id`, [policyId])).rows.map(({ customer_id }) => customer_id),
  };
}

