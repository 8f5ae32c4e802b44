import { postgresUrl } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractLoad } from '../contract/concurrency-contract.js';
import { eventStoreContract } from '../contract/event-store-contract.js';
import { freshStream, testEvent } from '../contract/fixtures.js';
import { followWhileWriting } from '../contract/follow-while-writing.js';
import { createEventStore } from '../create-event-store.js';
import { EventIdConflictError } from '../errors.js';
import { appendStatement, appendStatementValues } from './append-statement-sql.js';
import { createPostgresEventStore } from './postgres-event-store.js';
import { naiveReader, openPostgresSubject, type PostgresSubject } from './test-support/postgres-subject.js';

eventStoreContract({ name: 'PostgreSQL', holdsTransactionsOpen: true, atomicAcrossStreams: true, open: () => openPostgresSubject(postgresUrl()) });

describe('PostgreSQL adapter', () => {
  let subject: PostgresSubject;
  beforeAll(async () => {
    subject = await openPostgresSubject(postgresUrl());
  });
  afterAll(() => subject.close());

  it('would fail the concurrency test with a reader that trusts position order alone', async () => {
    const report = await followWhileWriting(subject, naiveReader(subject), { ...contractLoad, appendsPerWriter: 60 });
    const read = new Set(report.readIds);
    const skipped = report.appendedIds.filter((id) => !read.has(id));
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('keeps event ids unique across streams', async () => {
    const { store } = subject;
    const [first, second] = [freshStream(), freshStream()];
    const event = testEvent(first);
    await store.append(first, [event], { expectedRevision: 'no_stream' });
    const elsewhere = store.append(second, [{ ...event, streamId: second }], { expectedRevision: 'no_stream' });
    await expect(elsewhere).rejects.toEqual(expect.objectContaining({ name: 'EventIdConflictError', existingStreamId: first }));
    const racing = freshStream();
    const shared = testEvent(racing);
    const outcomes = await Promise.allSettled([racing, freshStream(), freshStream()].map((streamId) => store.append(streamId, [{ ...shared, streamId }], { expectedRevision: 'any' })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(EventIdConflictError);
  });

  it('stores envelope columns and data as jsonb, positions as a sequence', async () => {
    const streamId = freshStream();
    const result = await subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
    const { rows } = await subject.admin.query(
      `SELECT global_position::text AS position, pg_typeof(data)::text AS data_type, type, stream_id, revision::int, transaction_id IS NOT NULL AS has_xid
       FROM "${subject.schema}".events WHERE stream_id = $1`,
      [streamId],
    );
    expect(rows).toEqual([{ position: result.lastPosition, data_type: 'jsonb', type: 'ThingHappened', stream_id: streamId, revision: 0, has_xid: true }]);
  });

  it('migrates idempotently: opening the same schema again keeps its events', async () => {
    const streamId = freshStream();
    await subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
    const [again, twice] = await Promise.all([0, 1].map(() => createPostgresEventStore(postgresUrl(), { schema: subject.schema })));
    expect(await again!.readStream(streamId)).toHaveLength(1);
    await Promise.all([again!.close(), twice!.close()]);
  });

  it('keeps events restored from another cluster readable: their transaction ids are settled on start', async () => {
    const streamId = freshStream();
    const result = await subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
    await subject.admin.query(`UPDATE "${subject.schema}".events SET transaction_id = ((pg_current_xact_id()::text::bigint + 1000000)::text)::xid8 WHERE stream_id = $1`, [streamId]);
    expect(await subject.store.headPosition()).not.toBe(result.lastPosition);
    const restarted = await createPostgresEventStore(postgresUrl(), { schema: subject.schema });
    expect(await restarted.headPosition()).toBe(result.lastPosition);
    await restarted.close();
  });

  it('is not held back by a transaction in flight elsewhere in the cluster: another store’s append, another write', async () => {
    const other = await openPostgresSubject(postgresUrl());
    const writer = await subject.admin.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_current_xact_id()');
      const elsewhere = freshStream();
      await other.appendHeldOpen!(elsewhere, [testEvent(elsewhere)], 'no_stream', async () => {
        const streamId = freshStream();
        const result = await subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
        expect(await subject.store.headPosition()).toBe(result.lastPosition);
        expect((await subject.store.readAll({ after: null, limit: 100_000 })).map((event) => event.streamId)).toContain(streamId);
        expect(await other.store.headPosition()).toBeNull();
      });
      expect(await other.store.headPosition()).not.toBeNull();
    } finally {
      await writer.query('ROLLBACK');
      writer.release();
      await other.close();
    }
  });

  it('names a committed append as the newest while an earlier append in flight holds the head behind it', async () => {
    const held = freshStream();
    await subject.appendHeldOpen!(held, [testEvent(held)], 'no_stream', async () => {
      const streamId = freshStream();
      const result = await subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 'no_stream' });
      expect(await subject.store.newestPosition()).toBe(result.lastPosition);
      expect(await subject.store.headPosition()).not.toBe(result.lastPosition);
    });
  });

  it('is chosen by createEventStore for postgres:// and postgresql:// URLs', async () => {
    const url = postgresUrl().replace(/^postgres(ql)?:/, 'postgresql:');
    const store = await createEventStore(url, { schema: subject.schema });
    expect(await store.headPosition()).toEqual(await subject.store.headPosition());
    await store.close();
  });

  it('an append that waits for the stream lock reads the revision again: it expects the one committed meanwhile', async () => {
    const streamId = freshStream();
    let waiting: Promise<{ lastRevision: number }> | undefined;
    await subject.appendHeldOpen!(streamId, [testEvent(streamId)], 'no_stream', async () => {
      waiting = subject.store.append(streamId, [testEvent(streamId)], { expectedRevision: 0 });
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect((await waiting!).lastRevision).toBe(1);
    expect((await subject.store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1]);
  });

  it('refuses to run inside a transaction that already wrote', async () => {
    const client = await subject.admin.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      const streamId = freshStream();
      const attempt = client.query(`SELECT * FROM "${subject.schema}".append_events($1, 'any', null, $2::jsonb)`, [streamId, JSON.stringify([testEvent(streamId)])]);
      await expect(attempt).rejects.toEqual(expect.objectContaining({ code: 'EV003' }));
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      const statement = client.query({ ...appendStatement(subject.schema, 1), values: appendStatementValues(streamId, 'any', [testEvent(streamId)]) });
      await expect(statement).rejects.toEqual(expect.objectContaining({ code: 'EV003' }));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
