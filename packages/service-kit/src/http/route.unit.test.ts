import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../test-support/test-app.js';
import { alsoAnswerInScope } from './route-catalogue.js';
import { route } from './route.js';

const customer = z.object({ id: z.string(), name: z.string(), visits: z.number().int() });

describe('route()', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({
      routes: async (routes) => {
        route(routes, {
          method: 'PUT',
          url: '/v1/customers/:customerId',
          operationId: 'putCustomer',
          summary: 'Replace a customer',
          tags: ['customers'],
          roles: ['admin'],
          params: z.object({ customerId: z.uuid() }),
          query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
          body: z.object({ name: z.string().min(1), visits: z.number().int().min(0) }),
          responses: { 200: { description: 'The stored customer', schema: customer }, 404: { description: 'No such customer' } },
          handler: async ({ params, query, body }) => ({ id: params.customerId, dryRun: query.dryRun, ...body }),
        });
        route(routes, {
          method: 'POST',
          url: '/v1/notes',
          operationId: 'postNotes',
          summary: 'Notes whose text is checked by their kind',
          roles: ['admin'],
          body: z.object({ notes: z.array(z.object({ at: z.iso.datetime(), kind: z.string(), text: z.unknown() })) }),
          moreBodyProblems: (body) =>
            ((body as { notes?: { text?: unknown }[] }).notes ?? []).flatMap((note, index) => (typeof note.text === 'string' ? [] : [{ path: `body.notes[${index}].text`, message: 'must be text' }])),
          responses: { 200: { description: 'Stored' } },
          handler: async () => ({ stored: true }),
        });
        route(routes, {
          method: 'GET',
          url: '/v1/links/:token',
          operationId: 'followLink',
          summary: 'A link followed without a key',
          roles: [],
          public: true,
          params: z.object({ token: z.string().regex(/^[a-z]+$/) }),
          responses: { 200: { description: 'Followed' } },
          handler: async ({ params }) => ({ followed: params.token }),
        });
        await routes.register(async (kept) => {
          alsoAnswerInScope(kept, 'GET', { 504: { description: 'No kept answer' }, 200: { description: 'Overridden by the route' } });
          route(kept, { method: 'GET', url: '/v1/figures', operationId: 'figures', summary: 'A figure', roles: ['admin'], responses: { 200: { description: 'The figure' } }, handler: async () => ({}) });
          route(kept, { method: 'POST', url: '/v1/figures', operationId: 'countFigures', summary: 'Count', roles: ['admin'], responses: { 202: { description: 'Counting' } }, handler: async () => ({}) });
        });
      },
    });
  });
  afterAll(() => app.close());

  it('a public route answers without a key, still names bad fields, and is documented without security', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/links/abc' })).json()).toEqual({ followed: 'abc' });
    const refused = await app.inject({ method: 'GET', url: '/v1/links/ABC' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((error: { path: string }) => error.path)).toEqual(['params.token']);
    const operation = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths['/v1/links/{token}'].get;
    expect(operation.security).toEqual([]);
    expect(Object.keys(operation.responses)).not.toContain('401');
  });

  it('hands the handler parsed input', async () => {
    const id = '0b6f8f5e-6f0c-4c59-9a57-1f4f0d7a9b11';
    const response = await app.inject({ method: 'PUT', url: `/v1/customers/${id}?dryRun=true`, headers: bearer('admin'), payload: { name: 'Ada', visits: 2 } });
    expect(response.json()).toEqual({ id, dryRun: 'true', name: 'Ada', visits: 2 });
  });

  it("lists a refused body's further problems in the same 400, and asks for none when the body is fine", async () => {
    const refused = await app.inject({ method: 'POST', url: '/v1/notes', headers: bearer('admin'), payload: { notes: [{ at: 'soon', kind: 'call', text: 42 }] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.notes[0].at', 'body.notes[0].text']);
    const fine = await app.inject({ method: 'POST', url: '/v1/notes', headers: bearer('admin'), payload: { notes: [{ at: '2026-12-01T00:00:00Z', kind: 'call', text: 42 }] } });
    expect(fine.json()).toEqual({ stored: true });
  });

  it('names every bad field across params, query and body', async () => {
    const response = await app.inject({ method: 'PUT', url: '/v1/customers/nope?dryRun=maybe', headers: bearer('admin'), payload: { name: '', visits: -1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['params.customerId', 'query.dryRun', 'body.name', 'body.visits']);
  });

  it('describes the route in /openapi.json from the same schemas', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    const operation = document.paths['/v1/customers/{customerId}'].put;
    expect(operation).toMatchObject({ operationId: 'putCustomer', description: 'Roles: admin.', security: [{ apiKey: [] }] });
    expect(operation.parameters).toEqual([
      { name: 'customerId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      { name: 'dryRun', in: 'query', required: false, schema: expect.objectContaining({ enum: ['true', 'false'] }) },
    ]);
    expect(operation.requestBody.content['application/json'].schema.required).toEqual(['name', 'visits']);
    expect(operation.responses['200'].content['application/json'].schema.properties).toHaveProperty('visits');
    expect(operation.responses['404'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(document.paths['/health']).toBeUndefined();
  });

  it("documents what a scope's hook also answers on that scope's routes of the method, and only there", async () => {
    const { paths } = (await app.inject({ url: '/openapi.json' })).json();
    expect(paths['/v1/figures'].get.responses['504'].content['application/problem+json']).toBeDefined();
    expect(paths['/v1/figures'].get.responses['200'].description).toBe('The figure');
    expect(Object.keys(paths['/v1/figures'].post.responses)).not.toContain('504');
    expect(Object.keys(paths['/v1/links/{token}'].get.responses)).not.toContain('504');
  });
});
