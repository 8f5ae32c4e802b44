import type { EventToAppend, RecordedEvent } from '@ctp/contracts';
import { uniqueName } from '@ctp/test-kit';
import pg from 'pg';
import type { ContractSubject } from '../../contract/contract-subject.js';
import type { ExpectedRevision, ReadAllOptions } from '../../port.js';
import { appendStatement, appendStatementValues } from '../append-statement-sql.js';
import { quoteSchema } from '../names.js';
import { createPostgresEventStore, type PostgresEventStore } from '../postgres-event-store.js';
import { translatePgError } from '../pg-errors.js';
import { eventColumns, toAppendResult, toRecordedEvent, type AppendRow, type EventRow } from '../rows.js';

export interface PostgresSubject extends ContractSubject {
  readonly store: PostgresEventStore;
  readonly schema: string;
  /** Direct access to the tables, for tests that look at raw rows. */
  readonly admin: pg.Pool;
}

/** A store in a fresh schema of the test database, dropped again on close. */
export async function openPostgresSubject(url: string): Promise<PostgresSubject> {
  const schema = uniqueName('es');
  const store = await createPostgresEventStore(url, { schema, pollIntervalMs: 100 });
  const admin = new pg.Pool({ connectionString: url, max: 12 });
  const appendHeldOpen = async (streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision, whileOpen: () => Promise<void>) => {
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Omit<AppendRow, 'o_duplicate'>>({ ...appendStatement(schema, events.length), values: appendStatementValues(streamId, expected, events) });
      await whileOpen();
      await client.query('COMMIT');
      return toAppendResult(streamId, rows.map((row) => ({ ...row, o_duplicate: false })));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translatePgError(error, streamId, expected);
    } finally {
      client.release();
    }
  };

  return {
    store,
    schema,
    admin,
    appendHeldOpen,
    async close() {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await admin.end();
    },
  };
}

/** The reader this adapter must not be: trusts position order alone, so a late commit gets skipped. */
export function naiveReader(subject: PostgresSubject): { readAll(options: ReadAllOptions): Promise<RecordedEvent[]> } {
  return {
    async readAll({ after, limit }) {
      const { rows } = await subject.admin.query<EventRow>(
        `SELECT ${eventColumns} FROM ${quoteSchema(subject.schema)}.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after ?? '0', limit],
      );
      return rows.map(toRecordedEvent);
    },
  };
}
