import type { EventToAppend, GlobalPosition, RecordedEvent } from '@ctp/contracts';
import { toGlobalPosition } from '@ctp/contracts';
import type pg from 'pg';
import { checkAppend, checkReadAll } from '../append-checks.js';
import { pollingSubscription } from '../polling-subscription.js';
import { checkAppendMany, resultsInOrder } from '../append-many.js';
import { appendStatement, appendStatementValues, maxStatementEvents } from './append-statement-sql.js';
import type { AppendResult, EventStore, ExpectedRevision, ReadAllOptions, ReadStreamOptions, StreamAppend, SubscribeToAllOptions, Subscription } from '../port.js';
import { CommitAnnouncer } from './commit-announcer.js';
import { FeedNotifier } from './feed-notifier.js';
import { migrate } from './migrate.js';
import { notifyChannel, quoteSchema } from './names.js';
import { isUniqueViolation, translateAppendManyError, translatePgError } from './pg-errors.js';
import { eventColumns, expectedParameters, toAppendDocument, toAppendResult, toRecordedEvent, type AppendRow, type EventRow } from './rows.js';
import { schemaSql } from './schema-sql.js';
import { settledSql } from './settled-sql.js';
import { postgresPool } from './pool.js';

export interface PostgresEventStoreOptions {
  /** Schema holding the tables; one per environment, or one per test file. Default `event_store`. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** How long a caught-up subscription waits for a notification before polling anyway. */
  readonly pollIntervalMs?: number;
  /** Create or update the schema on start (default true). */
  readonly migrate?: boolean;
}


export async function createPostgresEventStore(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
  const schema = options.schema ?? 'event_store';
  quoteSchema(schema);
  const pool = postgresPool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5_000 });
  try {
    if (options.migrate ?? true) await migrate(pool, `event-store:${schema}`, schemaSql(schema));
  } catch (error) {
    await pool.end();
    throw translatePgError(error, '', 'any');
  }
  return new PostgresEventStore(pool, url, schema, options.pollIntervalMs ?? 250);
}

export class PostgresEventStore implements EventStore {
  private readonly table: string;
  private readonly settled: string;
  private readonly subscriptions = new Set<Subscription>();
  private readonly notifier: FeedNotifier;
  private readonly subscriberErrors = new Set<(error: unknown) => void>();
  private readonly announcer: CommitAnnouncer;
  private readonly statements = new Map<number, { name: string; text: string }>();

  constructor(
    readonly pool: pg.Pool,
    url: string,
    readonly schema: string,
    private readonly pollIntervalMs: number,
  ) {
    this.table = `${quoteSchema(schema)}.events`;
    this.settled = settledSql(schema);
    this.announcer = new CommitAnnouncer(pool, notifyChannel(schema));
    this.notifier = new FeedNotifier(url, notifyChannel(schema), (error) => {
      for (const report of this.subscriberErrors) report(error);
    });
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const expected = options.expectedRevision;
    checkAppend(streamId, events, expected);
    const rows = (events.length <= maxStatementEvents && (await this.appendByStatement(streamId, events, expected))) || (await this.appendByFunction(streamId, events, expected));
    if (!rows.every((row) => row.o_duplicate)) this.announcer.announce();
    return toAppendResult(streamId, rows);
  }

  /** The one-statement append; null when append_events must settle it (see append-statement-sql.ts). */
  private async appendByStatement(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendRow[] | null> {
    let rows: Omit<AppendRow, 'o_duplicate'>[];
    try {
      rows = (await this.pool.query({ ...this.statementFor(events.length), values: appendStatementValues(streamId, expected, events) })).rows;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw translatePgError(error, streamId, expected);
    }
    if (rows.length === 0) return null;
    return rows.map((row) => ({ ...row, o_duplicate: false })).sort((a, b) => Number(a.o_revision) - Number(b.o_revision));
  }

  private statementFor(count: number): { name: string; text: string } {
    let statement = this.statements.get(count);
    if (!statement) this.statements.set(count, (statement = appendStatement(this.schema, count)));
    return statement;
  }

  private async appendByFunction(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendRow[]> {
    const query = {
      name: `ctp-append-${this.schema}`,
      text: `SELECT * FROM ${quoteSchema(this.schema)}.append_events($1, $2, $3, $4::jsonb)`,
      values: [streamId, ...expectedParameters(expected), JSON.stringify(events.map(toAppendDocument))],
    };
    try {
      return (await this.pool.query<AppendRow>(query)).rows;
    } catch (error) {
      throw translatePgError(error, streamId, expected);
    }
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppendMany(appends);
    if (appends.length === 0) return [];
    const parts = appends.map(({ streamId, events, expectedRevision }) => {
      const [kind, revision] = expectedParameters(expectedRevision);
      return { streamId, kind, revision, events: events.map(toAppendDocument) };
    });
    let rows: { o_event_id: string; o_revision: string; o_position: string }[];
    try {
      rows = (await this.pool.query({ name: `ctp-append-streams-${this.schema}`, text: `SELECT * FROM ${quoteSchema(this.schema)}.append_streams($1::jsonb)`, values: [JSON.stringify(parts)] })).rows;
    } catch (error) {
      throw translateAppendManyError(error, appends);
    }
    this.announcer.announce();
    return resultsInOrder(appends, new Map(rows.map((row) => [row.o_event_id, { revision: Number(row.o_revision), globalPosition: row.o_position }])));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const { rows } = await this.query<EventRow>(`SELECT ${eventColumns} FROM ${this.table} WHERE stream_id = ANY ($1::text[]) ORDER BY stream_id, revision`, [[...streams.keys()]]);
    for (const row of rows) streams.get(row.stream_id)!.push(toRecordedEvent(row));
    return streams;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.query<EventRow>(
      `SELECT ${eventColumns} FROM ${this.table}
       WHERE stream_id = $1 AND revision >= $2 AND ($3::bigint IS NULL OR revision <= $3)
         AND ($4::timestamptz IS NULL OR recorded_at <= $4)
       ORDER BY revision`,
      [streamId, options.fromRevision ?? 0, options.toRevision ?? null, options.recordedUntil ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    checkReadAll(options);
    const after = options.after === null ? '0' : toGlobalPosition(options.after);
    const { rows } = await this.query<EventRow>(
      `SELECT ${eventColumns} FROM ${this.table}
       WHERE global_position > $1 AND ${this.settled} ORDER BY global_position LIMIT $2`,
      [after, options.limit],
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    if (options.after !== null) toGlobalPosition(options.after);
    const notifier = this.notifier;
    notifier.ensureListening();
    const source = {
      readAll: (read: ReadAllOptions) => this.readAll(read),
      generation: () => notifier.generation,
      wait: (seen: number, ms: number, signal: AbortSignal) => notifier.wait(seen, ms, signal),
    };
    const report = (error: unknown) => options.onError?.(error);
    const subscription = pollingSubscription(source, options, { pollIntervalMs: this.pollIntervalMs, maxReadFailures: 5 });
    this.subscriptions.add(subscription);
    this.subscriberErrors.add(report);
    void subscription.finished
      .catch(() => undefined)
      .finally(() => {
        this.subscriptions.delete(subscription);
        this.subscriberErrors.delete(report);
      });
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    const { rows } = await this.query<{ position: string }>(
      `SELECT global_position::text AS position FROM ${this.table} WHERE ${this.settled} ORDER BY global_position DESC LIMIT 1`,
    );
    return rows[0]?.position ?? null;
  }

  async newestPosition(): Promise<GlobalPosition | null> {
    const { rows } = await this.query<{ position: string }>(`SELECT global_position::text AS position FROM ${this.table} ORDER BY global_position DESC LIMIT 1`);
    return rows[0]?.position ?? null;
  }

  async close(): Promise<void> {
    this.announcer.stop();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.notifier.close();
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw translatePgError(error, '', 'any');
    }
  }
}
