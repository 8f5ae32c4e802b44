import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fact, newCustomerId, purchase, refund, registration, startIntake, type IntakeHarness } from '../test-support/intake-harness.js';

interface Customer {
  customerId: string;
  mergedFrom: string[];
  erased: boolean;
  profile: Record<string, unknown> & { address?: Record<string, unknown> };
  purchases: number;
  refunds: number;
  interactions: number;
  netSpend: { amount: string; currency: string };
}
interface Timeline {
  customerId: string;
  events: { type: string; customerId: string; data: Record<string, unknown>; position: string }[];
  nextBefore: string | null;
}
interface AccessLog {
  accesses: { accessedBy: { id: string; role: string; holder?: { kind: string; name: string } }; purpose: string; view: string; fieldsRevealed: string[]; justification?: string }[];
}

/** Every read of these routes names its purpose; `service` unless the path gives one. */
const withPurpose = (path: string, purpose = 'service') => (/[?&]purpose=/.test(path) ? path : `${path}${path.includes('?') ? '&' : '?'}purpose=${purpose}`);

describe('customer reads: one customer after merges, personal data by role with every read recorded, erasure', () => {
  let harness: IntakeHarness;
  const [survivor, duplicate] = [newCustomerId(), newCustomerId()];
  let position = '';

  const publish = async (events: unknown[], role = 'integrator') => {
    const response = await harness.post(events, role);
    expect(response.status, harness.intake.output().slice(-2000)).toBe(202);
    position = ((await response.json()) as { position: string }).position;
  };
  const read = async <T>(path: string, role: string): Promise<T> => {
    const response = await harness.get(withPurpose(path), role);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as T;
  };
  const accessLog = () => read<AccessLog>(`/v1/customers/${survivor}/access-log?purpose=audit`, 'auditor');

  beforeAll(async () => {
    harness = await startIntake({ relay: true, environment: { EXCHANGE_RATES: 'USD=7' } });
    await publish([
      registration(survivor, 'Wang Fang'),
      registration(duplicate, 'Wang F.'),
      purchase(survivor, 'SO-1', '100.00', 'CNY', '2026-02-01T10:00:00+08:00'),
      purchase(duplicate, 'SO-2', '10.00', 'USD', '2026-02-02T10:00:00+08:00'),
      fact('InteractionRecorded', duplicate, { interactionId: 'IX-1', channel: 'phone', kind: 'complaint', direction: 'inbound', note: 'parcel arrived broken' }, '2026-02-03T10:00:00+08:00'),
      fact('CustomersMerged', survivor, { mergedAwayIds: [duplicate], matchedOn: ['phone'] }, '2026-02-10T10:00:00+08:00'),
    ]);
    await publish([refund(duplicate, 'SO-2', '5.00', 'USD'), fact('InteractionRecorded', duplicate, { interactionId: 'IX-2', channel: 'app', kind: 'inquiry', direction: 'inbound' }, '2026-02-11T10:00:00+08:00')]);
  });
  afterAll(() => harness?.stop());

  it('shows a merged-away id as its survivor, with both histories added up and money in the reporting currency', async () => {
    const customer = await read<Customer>(`/v1/customers/${duplicate}?minPosition=${position}`, 'analyst');
    expect(customer).toMatchObject({ customerId: survivor, mergedFrom: [duplicate], purchases: 2, refunds: 1, interactions: 2, netSpend: { amount: '135.00', currency: 'CNY' } });
  });

  it('masks personal fields for an analyst and records nothing', async () => {
    const customer = await read<Customer>(`/v1/customers/${survivor}`, 'analyst');
    expect(customer.profile).toMatchObject({ name: '***', email: '***', phone: '***', address: { line1: '***', city: '***', region: 'Shanghai', country: 'CN' }, source: { system: 'crm', externalId: '***' } });
    expect((await accessLog()).accesses).toEqual([]);
  });

  it('shows them to an agent and records who, what and why; the why travels in a header, never the URL, and stays out of the log', async () => {
    const inUrl = await harness.get(`/v1/customers/${survivor}?purpose=complaint_handling&reason=${encodeURIComponent('callback about ticket 42')}`, 'agent');
    expect(inUrl.status).toBe(400);
    expect(await inUrl.json()).toMatchObject({ errors: [{ path: 'query.reason', message: expect.stringContaining('x-access-justification') }] });
    const response = await harness.get(`/v1/customers/${survivor}?purpose=complaint_handling`, 'agent', { 'x-access-justification': encodeURIComponent('callback about ticket 42') });
    expect(response.status).toBe(200);
    const customer = (await response.json()) as Customer;
    expect(harness.intake.output()).not.toContain('ticket 42');
    expect(customer.profile).toMatchObject({ name: 'Wang Fang', email: `${survivor.toLowerCase()}@example.com` });
    const [access] = (await accessLog()).accesses;
    expect(access).toMatchObject({
      accessedBy: { id: 'dev-agent', role: 'agent', holder: { kind: 'system', name: 'development (agent)' } },
      purpose: 'complaint_handling', view: 'GET /v1/customers/{id}', justification: 'callback about ticket 42',
    });
    expect(access?.fieldsRevealed).toEqual(expect.arrayContaining(['name', 'email', 'phone', 'address.line1', 'source.externalId']));
  });

  it('refuses a read without a purpose, or with one not configured, naming query.purpose and the allowed values; shows and records nothing', async () => {
    const logged = (await accessLog()).accesses.length;
    for (const path of [`/v1/customers/${survivor}`, `/v1/customers/${survivor}/timeline?purpose=curiosity`, `/v1/customers/${survivor}/access-log`]) {
      for (const role of ['agent', 'analyst', 'auditor']) {
        if (path.endsWith('access-log') !== (role === 'auditor')) continue;
        const refused = await harness.get(path, role);
        expect(refused.status, path).toBe(400);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        const body = (await refused.json()) as { errors: { path: string; message: string }[] };
        expect(body.errors).toEqual([{ path: 'query.purpose', message: expect.stringContaining('one of service, complaint_handling') }]);
      }
    }
    expect((await accessLog()).accesses.length).toBe(logged);
  });

  it('records each read of the access log itself, with the reader, its holder and purpose', async () => {
    await read<AccessLog>(`/v1/customers/${survivor}/access-log?purpose=data_subject_request`, 'auditor');
    const reads = (await harness.store.readStream('audit-access-log')).map((event) => event.data as { accessedBy: unknown; purpose: string; query: unknown; view: string });
    expect(reads.at(-1)).toMatchObject({
      accessedBy: { id: 'dev-auditor', role: 'auditor', holder: { kind: 'system', name: 'development (auditor)' } },
      purpose: 'data_subject_request', view: 'GET /v1/customers/{id}/access-log', query: { customer: survivor },
    });
  });

  it('pages the timeline newest first across the merged ids, filtered by type and time', async () => {
    const first = await read<Timeline>(`/v1/customers/${survivor}/timeline?limit=3`, 'analyst');
    expect(first.events.map((event) => event.type)).toEqual(['PurchaseRefunded', 'InteractionRecorded', 'CustomerMergedInto']);
    const second = await read<Timeline>(`/v1/customers/${survivor}/timeline?limit=3&before=${first.nextBefore}`, 'analyst');
    expect(second.events.map((event) => event.type)).toEqual(['CustomersMerged', 'InteractionRecorded', 'PurchaseRecorded']);
    expect(second.events[1]?.data.note).toBe('***');
    const rest = await read<Timeline>(`/v1/customers/${survivor}/timeline?before=${second.nextBefore}`, 'analyst');
    expect(rest.events.map((event) => event.type)).toEqual(['PurchaseRecorded', 'CustomerRegistered', 'CustomerRegistered']);
    expect(rest.nextBefore).toBeNull();
    const filtered = await read<Timeline>(`/v1/customers/${survivor}/timeline?types=PurchaseRecorded&from=2026-02-02T00:00:00%2B08:00`, 'agent');
    expect(filtered.events.map((event) => [event.type, event.customerId, event.data.orderId])).toEqual([['PurchaseRecorded', duplicate, 'SO-2']]);
    expect(filtered.nextBefore).toBeNull();
  });

  it("records a timeline read under each id whose personal data it shows: a merged-away id's note under that id (review finding)", async () => {
    const logOf = async (id: string) => (await read<AccessLog>(`/v1/customers/${id}/access-log?purpose=audit`, 'auditor')).accesses;
    const before = async (id: string) => (await logOf(id)).length;
    const [survivorBefore, duplicateBefore] = [await before(survivor), await before(duplicate)];
    const timeline = await read<Timeline>(`/v1/customers/${survivor}/timeline?types=InteractionRecorded,CustomerRegistered`, 'agent');
    expect(timeline.events.map((event) => event.data.note ?? event.data.name).filter(Boolean)).toEqual(['parcel arrived broken', 'Wang F.', 'Wang Fang']);
    const duplicateLog = (await logOf(duplicate)).slice(duplicateBefore);
    expect(duplicateLog).toEqual([expect.objectContaining({ view: 'GET /v1/customers/{id}/timeline', fieldsRevealed: expect.arrayContaining(['InteractionRecorded.note', 'CustomerRegistered.name']) })]);
    const survivorLog = (await logOf(survivor)).slice(survivorBefore);
    expect(survivorLog).toEqual([expect.objectContaining({ fieldsRevealed: expect.arrayContaining(['CustomerRegistered.name']) })]);
    expect(survivorLog[0]?.fieldsRevealed).not.toContain('InteractionRecorded.note');
  });

  it('after erasure keeps the facts, shows the personal fields as erased, records no access and refuses new facts', async () => {
    const logged = (await accessLog()).accesses.length;
    await publish([fact('CustomerErasureRequested', survivor, { requestId: 'ER-1', requestedVia: 'email' })], 'privacy');
    const customer = await read<Customer>(`/v1/customers/${survivor}?minPosition=${position}`, 'agent');
    expect(customer).toMatchObject({ erased: true, purchases: 2, profile: { name: '[erased]', email: '[erased]' } });
    const timeline = await read<Timeline>(`/v1/customers/${survivor}/timeline?types=CustomerRegistered,PurchaseRefunded`, 'agent');
    expect(timeline.events.map((event) => event.data.name ?? event.data.amount)).toEqual(['5.00', '[erased]', '[erased]']);
    expect((await accessLog()).accesses.length).toBe(logged);
    const refused = await harness.post([purchase(survivor, 'SO-3', '1.00')]);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ rule: 'customer_erased' }] });
  });
});
