import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { bearer, testApp } from '@ctp/service-kit/testing';
import { eventually, postgresUrl, uniqueName } from '@ctp/test-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRoutes } from './audit-routes.js';
import { openAuditStore, type AuditStore } from './audit-store.js';
import { AuditSealer } from './sealer.js';
import { parseSigningKey } from './signing-key.js';
import { customerHistory } from './test-support/audit-fixture.js';
import type { VerificationResult } from './verify.js';

const run = promisify(execFile);
const verifier = join(import.meta.dirname, 'verifier', 'audit-verify.mjs');
const customers = ['C-A1', 'C-A2', 'C-A3'];

describe('tamper evidence on the PostgreSQL event store', () => {
  const schema = uniqueName('audit');
  let stores: ProtectedStores;
  let audit: AuditStore;
  let sealer: AuditSealer;
  let app: FastifyInstance;
  let dir: string;
  const clock = () => new Date();

  const startSealer = async (seed = randomBytes(32).toString('base64')) => {
    sealer = new AuditSealer({ events: stores.reader, audit, key: parseSigningKey(seed), clock, checkpointEvery: 5, checkpointIntervalMs: 200 });
    await sealer.start();
  };
  // The newest committed position, not the head: the head trails while any transaction of the cluster is in flight
  // (gap safety), so a sealer at the head may not have seen the events just appended (CI's run of 7 December).
  const reaches = (which: () => AuditSealer) => async () => ((await stores.reader.newestPosition()) === which().sealedPosition() ? true : undefined);
  const sealedToHead = async () => {
    await eventually(reaches(() => sealer), 'the sealer to reach the head', () => '');
    // The interval checkpoint covers the tail once the interval ran out.
    await eventually(async () => ((await audit.state()).checkpointSeq === (await audit.state()).seq ? true : undefined), 'a checkpoint of the tail', () => '');
  };
  const verify = async (query: string): Promise<VerificationResult> => {
    const response = await app.inject({ method: 'GET', url: `/v1/audit/verify?${query}`, headers: bearer('auditor') });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const offline = async (query: string, trustedKeys?: Record<string, string>): Promise<{ code: number; result: VerificationResult }> => {
    const response = await app.inject({ method: 'GET', url: `/v1/audit/export?${query}`, headers: bearer('auditor') });
    expect(response.statusCode, response.body).toBe(200);
    const file = join(dir, `${randomBytes(4).toString('hex')}.json`);
    await writeFile(file, response.body);
    const args = [verifier, file];
    if (trustedKeys) {
      await writeFile(`${file}.keys`, JSON.stringify(trustedKeys));
      args.push('--trusted-keys', `${file}.keys`);
    }
    const outcome = await run(process.execPath, args).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    return { code: outcome.code, result: JSON.parse(outcome.stdout) };
  };
  const sql = (text: string, values: unknown[] = []) => audit.pool.query(text, values);
  const eventRow = async (streamId: string, revision: number) =>
    (await sql(`SELECT global_position::text AS position, event_id::text AS id, data FROM "${schema}".events WHERE stream_id = $1 AND revision = $2`, [streamId, revision])).rows[0] as { position: string; id: string; data: unknown };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ctp-audit-'));
    stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    audit = await openAuditStore(postgresUrl(), `${schema}_audit`);
    for (const customer of customers) await stores.store.append(`customer-${customer}`, customerHistory(customer, 3), { expectedRevision: 'no_stream' });
    await startSealer();
    await sealedToHead();
    app = await testApp({ routes: auditRoutes({ events: stores.reader, audit, sealer, clock }) });
  });

  afterAll(async () => {
    await app?.close();
    await sealer?.stop();
    await audit?.close();
    await stores?.close();
  });

  it('verifies an untouched store: whole feed, a stream, a customer, and the exported bundle offline', async () => {
    const all = await verify('all=true');
    expect(all).toMatchObject({ verified: true, eventsVerified: 12, eventsNotYetSealed: 0, streams: 3, firstBrokenLink: null });
    expect(all.checkpointsVerified).toBeGreaterThanOrEqual(3);
    expect(all.latestCheckpointCovered).toMatchObject({ seq: 12 });
    expect(await verify('stream=customer-C-A2')).toMatchObject({ verified: true, eventsVerified: 4, latestCheckpointCovered: { seq: 10 } });
    expect(await verify('customer=C-A3')).toMatchObject({ verified: true, eventsVerified: 4 });
    const bundle = await offline('customer=C-A2');
    expect(bundle.code).toBe(0);
    expect(bundle.result).toMatchObject({ verified: true, eventsVerified: 4, latestCheckpointCovered: { seq: 10 } });
    expect(bundle.result.checkpointsVerified).toBeGreaterThanOrEqual(2);
  });

  it('covers personal fields as ciphertext: the seal is over the data as stored', async () => {
    const row = await eventRow('customer-C-A1', 0);
    expect(JSON.stringify(row.data)).not.toContain('Li Wei');
  });

  it('names the event whose row was altered in PostgreSQL, through the route and the offline bundle', async () => {
    const target = await eventRow('customer-C-A2', 2);
    const seal = (await audit.streamSeals('customer-C-A2')).find((candidate) => candidate.revision === 2)!;
    await sql(`UPDATE "${schema}".events SET data = jsonb_set(data, '{channel}', '"email"') WHERE stream_id = $1 AND revision = $2`, ['customer-C-A2', 2]);
    try {
      const expected = { reason: 'hash_mismatch', streamId: 'customer-C-A2', revision: 2, globalPosition: target.position, eventId: target.id, expectedHash: seal.eventHash };
      for (const query of ['stream=customer-C-A2', 'customer=C-A2', 'all=true']) {
        const result = await verify(query);
        expect(result.verified, query).toBe(false);
        expect(result.firstBrokenLink, query).toMatchObject(expected);
        expect(result.firstBrokenLink!.foundHash).not.toBe(seal.eventHash);
      }
      expect((await verify('customer=C-A1')).verified).toBe(true);
      const bundle = await offline('customer=C-A2');
      expect(bundle.code).toBe(1);
      expect(bundle.result.verified).toBe(false);
      expect(bundle.result.firstBrokenLink).toMatchObject(expected);
    } finally {
      await sql(`UPDATE "${schema}".events SET data = $3 WHERE stream_id = $1 AND revision = $2`, ['customer-C-A2', 2, JSON.stringify(target.data)]);
    }
    expect((await verify('all=true')).verified).toBe(true);
  });

  it('names a sealed event deleted from the store and an envelope field changed', async () => {
    const target = await eventRow('customer-C-A3', 3);
    const full = (await sql(`SELECT * FROM "${schema}".events WHERE stream_id = 'customer-C-A3' AND revision = 3`)).rows[0] as Record<string, unknown>;
    await sql(`DELETE FROM "${schema}".events WHERE stream_id = 'customer-C-A3' AND revision = 3`);
    try {
      expect((await verify('all=true')).firstBrokenLink).toMatchObject({ reason: 'event_missing', streamId: 'customer-C-A3', revision: 3, globalPosition: target.position });
      expect((await verify('stream=customer-C-A3')).firstBrokenLink).toMatchObject({ reason: 'event_missing', revision: 3 });
    } finally {
      const columns = Object.keys(full);
      await sql(`INSERT INTO "${schema}".events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((column) => (column === 'data' || column === 'actor' ? JSON.stringify(full[column]) : full[column])));
    }
    const actor = await eventRow('customer-C-A1', 1);
    await sql(`UPDATE "${schema}".events SET actor = jsonb_set(actor, '{id}', '"someone-else"') WHERE stream_id = 'customer-C-A1' AND revision = 1`);
    try {
      expect((await verify('all=true')).firstBrokenLink).toMatchObject({ reason: 'hash_mismatch', streamId: 'customer-C-A1', revision: 1, globalPosition: actor.position });
    } finally {
      await sql(`UPDATE "${schema}".events SET actor = jsonb_set(actor, '{id}', '"key-erp-1"') WHERE stream_id = 'customer-C-A1' AND revision = 1`);
    }
    expect((await verify('all=true')).verified).toBe(true);
  });

  it('fails a checkpoint whose signature was tampered with, through the route and offline', async () => {
    const [first, second] = await audit.checkpoints();
    await sql(`UPDATE "${schema}_audit".audit_checkpoints SET signature = $1 WHERE seq = $2`, [second!.signature, first!.seq]);
    try {
      expect((await verify('all=true')).firstBrokenLink).toMatchObject({ reason: 'checkpoint_signature_invalid', globalPosition: first!.position });
      const bundle = await offline('customer=C-A1');
      expect(bundle.code).toBe(1);
      expect(bundle.result.firstBrokenLink).toMatchObject({ reason: 'checkpoint_signature_invalid', globalPosition: first!.position });
    } finally {
      await sql(`UPDATE "${schema}_audit".audit_checkpoints SET signature = $1 WHERE seq = $2`, [first!.signature, first!.seq]);
    }
    expect((await offline('customer=C-A1')).code).toBe(0);
  });

  it('rotates the signing key: new checkpoints carry the new key id, every public key is served, a wrong pinned key fails offline', async () => {
    const before = await audit.publicKeys();
    await sealer.stop();
    await startSealer();
    await stores.store.append('customer-C-A4', customerHistory('C-A4', 4), { expectedRevision: 'no_stream' });
    await sealedToHead();
    const keys = (await app.inject({ method: 'GET', url: '/v1/audit/keys', headers: bearer('auditor') })).json<{ keys: Record<string, string> }>().keys;
    expect(Object.keys(keys)).toHaveLength(2);
    const latest = (await audit.latestCheckpoint())!;
    expect(Object.keys(before)).not.toContain(latest.keyId);
    const all = await verify('all=true');
    expect(all).toMatchObject({ verified: true, eventsVerified: 17, latestCheckpointCovered: { seq: 17, keyId: latest.keyId } });
    expect((await offline('customer=C-A4', keys)).code).toBe(0);
    expect((await offline('customer=C-A4', before)).result.firstBrokenLink).toMatchObject({ reason: 'checkpoint_unknown_key' });
    const status = (await app.inject({ method: 'GET', url: '/v1/audit/status', headers: bearer('auditor') })).json();
    expect(status).toMatchObject({ caughtUp: true, sealedEvents: 17, latestCheckpoint: { seq: 17 } });
  });

  it('seals each event once with a second sealer running, and goes on after a restart', async () => {
    const second = new AuditSealer({ events: stores.reader, audit, key: parseSigningKey(randomBytes(32).toString('base64')), clock, checkpointEvery: 5, checkpointIntervalMs: 200 });
    const before = (await audit.state()).seq;
    await second.start();
    try {
      for (const customer of ['C-B1', 'C-B2', 'C-B3']) await stores.store.append(`customer-${customer}`, customerHistory(customer, 2), { expectedRevision: 'no_stream' });
      await eventually(reaches(() => second), 'the second sealer to reach the head', () => `second at ${second.sealedPosition()}, first at ${sealer.sealedPosition()}`);
      await sealedToHead();
    } finally {
      await second.stop();
    }
    await sealer.stop();
    await startSealer();
    await stores.store.append('customer-C-B4', customerHistory('C-B4', 2), { expectedRevision: 'no_stream' });
    await sealedToHead();
    expect((await audit.state()).seq).toBe(before + 12);
    expect(await verify('all=true')).toMatchObject({ verified: true, eventsVerified: before + 12, latestCheckpointCovered: { seq: before + 12 } });
  });

  it('names an event inserted below the sealed position', async () => {
    // A position the sealer passes with no event at it (a sequence value burnt), then a row forged there.
    const gap = ((await sql(`SELECT nextval('"${schema}".global_position')::text AS gap`)).rows[0] as { gap: string }).gap;
    await stores.store.append('customer-C-G1', customerHistory('C-G1', 0), { expectedRevision: 'no_stream' });
    await sealedToHead();
    expect((await verify('all=true')).verified).toBe(true);
    const template = (await sql(`SELECT * FROM "${schema}".events WHERE stream_id = 'customer-C-A1' AND revision = 1`)).rows[0] as Record<string, unknown>;
    const forged = { ...template, global_position: gap, transaction_id: '0', event_id: '00000000-0000-4000-8000-000000000001', stream_id: 'customer-C-FORGED', revision: '0' };
    const columns = Object.keys(forged);
    await sql(`INSERT INTO "${schema}".events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((column) => (column === 'data' || column === 'actor' ? JSON.stringify(forged[column as keyof typeof forged]) : forged[column as keyof typeof forged])));
    try {
      expect((await verify('all=true')).firstBrokenLink).toMatchObject({ reason: 'unsealed_event_in_sealed_range', streamId: 'customer-C-FORGED', revision: 0, globalPosition: gap });
      expect((await verify('stream=customer-C-FORGED')).firstBrokenLink).toMatchObject({ reason: 'unsealed_event_in_sealed_range' });
    } finally {
      await sql(`DELETE FROM "${schema}".events WHERE global_position = $1`, [gap]);
    }
  });

  it('answers only auditors and asks for exactly one scope', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/audit/verify?all=true', headers: bearer('analyst') })).statusCode).toBe(403);
    const both = await app.inject({ method: 'GET', url: '/v1/audit/verify?all=true&stream=customer-C-A1', headers: bearer('auditor') });
    expect(both.statusCode).toBe(400);
    expect(both.headers['content-type']).toContain('application/problem+json');
  });
});
