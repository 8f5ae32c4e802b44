import { customerFactTypes, eventRegistry, pathSegments, type CustomerFactType } from '@ctp/contracts';
import { z } from 'zod';

interface ObjectJsonSchema {
  properties?: Record<string, ObjectJsonSchema & { description?: string }>;
  required?: string[];
  [keyword: string]: unknown;
}

/**
 * A fact type's `data` as JSON Schema, converted from the contract schema `validateFacts` checks it
 * with. The subject field becomes optional, as intake fills it from the fact's customerId.
 */
export function factDataJsonSchema(type: CustomerFactType): ObjectJsonSchema {
  const definition = eventRegistry.latest(type);
  const { $schema: _dialect, ...schema } = z.toJSONSchema(definition.schema, { io: 'input', unrepresentable: 'any' }) as ObjectJsonSchema;
  if (definition.subject === null) return schema;
  const segments = pathSegments(definition.subject);
  const parent = segments.slice(0, -1).reduce<ObjectJsonSchema | undefined>((node, segment) => node?.properties?.[segment], schema);
  const field = segments.at(-1)!;
  if (!parent?.properties?.[field]) throw new Error(`${type}: the subject ${definition.subject} is not in the JSON Schema of its data`);
  parent.required = (parent.required ?? []).filter((name) => name !== field);
  parent.properties[field] = { ...parent.properties[field], description: "optional: taken from the fact's customerId, which it must equal when given" };
  return schema;
}

/** One alternative per fact type, told apart by `type`: what the published schema of a fact adds to its envelope. */
export const publishedFactAlternatives = customerFactTypes.map((type) => ({
  title: type,
  properties: { type: { const: type }, data: factDataJsonSchema(type) },
  required: ['type', 'data'],
}));
