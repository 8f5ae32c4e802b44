import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomerId, purchase, refund, registration, startIntake, type IntakeHarness } from './test-support/intake-harness.js';

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const customerRoutes = ['', '/timeline', '/access-log'];
const idsOutsideThePattern = ['a%20b', '_ab', 'a+b', 'caf%C3%A9', '%E5%AE%A2%E6%88%B7', '%00', 'C'.repeat(101)];

describe('intake answers bad input with 400 problem+json naming the field, and writes nothing', () => {
  let harness: IntakeHarness;
  beforeAll(async () => {
    harness = await startIntake({ relay: false, environment: { EXCHANGE_RATES: 'USD=7.1' } });
  });
  afterAll(() => harness?.stop());

  const problemOf = async (response: Response, status: number) => {
    expect(response.status, harness.intake.output().slice(-2000)).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  };

  it.each(customerRoutes.flatMap((route) => idsOutsideThePattern.map((id) => [route, id])))('GET /v1/customers/{id}%s refuses the id %s', async (route, id) => {
    const problem = await problemOf(await harness.get(`/v1/customers/${id}${route}?purpose=service`, 'admin'), 400);
    expect(problem).toMatchObject({ code: 'CTP_VALIDATION_FAILED', errors: [{ path: 'params.customerId' }] });
  });

  it.each([
    ['1.234', 'CNY'],
    ['0.001', 'CNY'],
    ['1.234', 'USD'],
  ])('refuses %s %s for a registered customer, naming the amount', async (amount, currency) => {
    const customerId = newCustomerId();
    expect((await harness.post([registration(customerId), purchase(customerId, 'SO-1', '10.00')])).status).toBe(202);
    const problem = await problemOf(await harness.post([purchase(customerId, 'SO-2', '5.00'), purchase(customerId, 'SO-3', amount, currency), refund(customerId, 'SO-1', amount, currency)]), 400);
    expect(problem.code).toBe('CTP_VALIDATION_FAILED');
    expect(problem.errors?.map((error) => error.path)).toEqual(['body.events[1].data.amount', 'body.events[2].data.amount']);
    expect(await harness.store.readStream(`customer-${customerId}`)).toHaveLength(2);
  });

  it('answers QUERY and other undeclared methods with 405 and the methods of the path in Allow', async () => {
    for (const method of ['QUERY', 'DELETE']) {
      const response = await fetch(`${harness.intake.baseUrl}/v1/customers/0/access-log`, { method });
      expect(await problemOf(response, 405)).toMatchObject({ code: 'CTP_METHOD_NOT_ALLOWED' });
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('publishes a minPosition pattern that refuses exactly the positions the server refuses', async () => {
    const document = (await (await harness.get('/openapi.json', 'admin')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: { pattern: string } }[] } }>;
    };
    const minPosition = document.paths['/v1/customers/{customerId}']!.get.parameters.find((parameter) => parameter.name === 'minPosition')!;
    const published = new RegExp(minPosition.schema.pattern, 'u');
    for (const position of ['99999999999999999999', '18446744073709551616', '01']) {
      expect(published.test(position)).toBe(false);
      const problem = await problemOf(await harness.get(`/v1/customers/C-1?purpose=service&minPosition=${position}`, 'admin'), 400);
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'query.minPosition' })]);
    }
    expect(published.test('18446744073709551615')).toBe(true);
  });
});
