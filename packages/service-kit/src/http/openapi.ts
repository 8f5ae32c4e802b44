import { z } from 'zod';
import type { AnyRouteSpec } from './route.js';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code; see docs/errors.md' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string' },
          message: { type: 'string' },
          index: { type: 'integer' },
          rule: { type: 'string', description: 'on 422: the stable code of the business rule broken' },
        },
      },
    },
  },
} as const;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

function parameters(spec: AnyRouteSpec) {
  const from = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: property,
    }));
  };
  return [...from(spec.params, 'path'), ...from(spec.query, 'query')];
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** A route taking a `minPosition` waits for its read model to pass it, and answers 503 when it did not in time. */
function waitsForPosition(spec: AnyRouteSpec): boolean {
  const properties = (schema: z.ZodType | undefined) => (schema ? (jsonSchema(schema, 'input') as { properties?: Record<string, unknown> }).properties ?? {} : {});
  return 'minPosition' in properties(spec.query) || 'minPosition' in properties(spec.body);
}

function operation(spec: AnyRouteSpec) {
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        content: response.schema
          ? { 'application/json': { schema: jsonSchema(response.schema, 'output') }, ...Object.fromEntries((response.alsoAs ?? []).map((type) => [type, { schema: { type: 'string' } }])) }
          : Number(status) >= 400
            ? problemContent
            : undefined,
      },
    ]),
  );
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: spec.tags ?? [],
    description: spec.public ? 'Public: no API key.' : `Roles: ${spec.roles.join(', ')}.`,
    security: spec.public ? [] : [{ apiKey: [] }],
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
    // A route's own description of a status the kit answers everywhere (a 400, a 429) is the more precise one.
    responses: {
      '400': { description: 'Invalid request; every bad field is listed', content: problemContent },
      ...(spec.public ? {} : {
        '401': { description: 'Missing or unknown API key', content: problemContent },
        '403': { description: 'Role not allowed', content: problemContent },
      }),
      '429': { description: 'Rate limit exceeded', content: problemContent },
      ...(waitsForPosition(spec) ? { '503': { description: 'The read model did not pass minPosition in time: retry after Retry-After', content: problemContent } } : {}),
      ...responses,
    },
  };
}

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** An OpenAPI 3.1 document built from the same zod schemas the routes validate with. */
export function openApiDocument(service: string, version: string, routes: readonly AnyRouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of [...routes].sort((a, b) => a.url.localeCompare(b.url))) {
    const path = (paths[openApiPath(spec.url)] ??= {});
    path[spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: `${service} service`, version },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key; see README for development keys' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
