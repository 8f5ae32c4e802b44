import { migrate } from '@ctp/event-store';
import type { PostgresTimerStore } from '@ctp/timers';
import type { OpenedCase } from '../domain/case-state.js';

/** A case as the reactions look it up: whose it is, the calendars its clocks count on, whether it is open. */
export interface IndexedCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly calendarIds: readonly string[];
  readonly open: boolean;
  /** The case stream's revision the entry was taken at: an older one never overwrites a newer one. */
  readonly revision: number;
}

/**
 * Open cases by customer and by calendar, for the tier and calendar reactions: a table beside the timer
 * table (same database and schema), written by the case reaction from the folded stream. A case that
 * closes or merges stays in it, marked not open.
 */
export interface OpenCases {
  /** Records the entries; answers the ids of the cases seen for the first time. */
  record(cases: readonly IndexedCase[]): Promise<string[]>;
  ofCustomer(customerId: string): Promise<string[]>;
  onCalendar(calendarId: string): Promise<string[]>;
}

export function indexedCase(state: OpenedCase, revision: number): IndexedCase {
  const calendarIds = [...new Set(state.clocks.map(({ target }) => target.calendarId))].toSorted();
  const open = state.status !== 'closed' && state.mergedInto === null;
  return { caseId: state.caseId, customerId: state.customerId, calendarIds, open, revision };
}

/** Creates the table if needed, in the timer store's schema. */
export async function openCaseIndex(timers: Pick<PostgresTimerStore, 'pool' | 'schema'>, table = 'sla_open_cases'): Promise<OpenCases> {
  const name = `"${timers.schema}"."${table}"`;
  await migrate(
    timers.pool,
    name,
    `CREATE TABLE IF NOT EXISTS ${name} (
       case_id text PRIMARY KEY, customer_id text NOT NULL, calendar_ids text[] NOT NULL, open boolean NOT NULL, revision int NOT NULL);
     CREATE INDEX IF NOT EXISTS "${table}_customer" ON ${name} (customer_id) WHERE open;
     CREATE INDEX IF NOT EXISTS "${table}_calendars" ON ${name} USING gin (calendar_ids) WHERE open;`,
  );
  const ids = async (sql: string, value: string) => (await timers.pool.query<{ case_id: string }>(sql, [value])).rows.map(({ case_id }) => case_id);
  return {
    async record(cases) {
      if (cases.length === 0) return [];
      const { rows } = await timers.pool.query<{ case_id: string; inserted: boolean }>(
        `INSERT INTO ${name} (case_id, customer_id, calendar_ids, open, revision)
         SELECT c.case_id, c.customer_id, ARRAY(SELECT jsonb_array_elements_text(c.calendar_ids)), c.open, c.revision
         FROM jsonb_to_recordset($1::jsonb) AS c(case_id text, customer_id text, calendar_ids jsonb, open boolean, revision int)
         ON CONFLICT (case_id) DO UPDATE SET customer_id = excluded.customer_id, calendar_ids = excluded.calendar_ids, open = excluded.open, revision = excluded.revision
         WHERE ${name}.revision <= excluded.revision
         RETURNING case_id, (xmax = 0) AS inserted`,
        [JSON.stringify(cases.map(({ caseId, customerId, calendarIds, open, revision }) => ({ case_id: caseId, customer_id: customerId, calendar_ids: calendarIds, open, revision })))],
      );
      return rows.filter(({ inserted }) => inserted).map(({ case_id }) => case_id);
    },
    ofCustomer: (customerId) => ids(`SELECT case_id FROM ${name} WHERE customer_id = $1 AND open ORDER BY case_id`, customerId),
    onCalendar: (calendarId) => ids(`SELECT case_id FROM ${name} WHERE calendar_ids @> ARRAY[$1::text] AND open ORDER BY case_id`, calendarId),
  };
}

