import { z } from 'zod';

export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface SchemaField {
  /** Dot path; `[]` marks each element of an array, e.g. `lines[].sku`. */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly stringLeaf: boolean;
  readonly description: string | undefined;
}

export function schemaFields(schema: z.ZodType): SchemaField[] {
  const fields: SchemaField[] = [];
  collect(z.toJSONSchema(schema) as JsonSchema, '', fields);
  return fields;
}

function collect(node: JsonSchema, prefix: string, fields: SchemaField[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`;
    const { inner, nullable } = withoutNull(child);
    fields.push({
      path,
      type: typeText(child),
      required: node.required?.includes(name) ?? false,
      nullable,
      stringLeaf: inner.type === 'string',
      description: child.description ?? inner.description,
    });
    if (inner.properties) collect(inner, `${path}.`, fields);
    if (inner.items?.properties) collect(inner.items, `${path}[].`, fields);
  }
}

function withoutNull(node: JsonSchema): { inner: JsonSchema; nullable: boolean } {
  const isNull = (member: JsonSchema) => member.type === 'null';
  if (node.anyOf?.length === 2 && node.anyOf.some(isNull)) {
    const inner = node.anyOf.find((member) => !isNull(member));
    if (inner) return { inner, nullable: true };
  }
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const rest = node.type.filter((type) => type !== 'null');
    return { inner: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { inner: node, nullable: false };
}

export function typeText(node: JsonSchema): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  const members = node.anyOf ?? node.oneOf;
  if (members) return members.map(typeText).join(' | ');
  if (Array.isArray(node.type)) return node.type.map((type) => typeText({ ...node, type })).join(' | ');
  if (node.title && node.type !== 'null') return node.title;
  return baseTypeText(node, node.type);
}

function baseTypeText(node: JsonSchema, type: JsonType | undefined): string {
  switch (type) {
    case undefined:
      return 'unknown';
    case 'string':
      return node.format ? `string(${node.format})` : 'string';
    case 'integer':
    case 'number':
      return `${type}${rangeText(node)}`;
    case 'boolean':
    case 'null':
    case 'object':
      return type;
    case 'array':
      return `${node.items ? arrayItemText(node.items) : 'unknown'}[]${node.minItems ? ` (min ${node.minItems})` : ''}`;
    default: {
      const unexpected: never = type;
      throw new Error(`unexpected JSON Schema type ${String(unexpected)}`);
    }
  }
}

function arrayItemText(items: JsonSchema): string {
  const text = typeText(items);
  return text.includes(' | ') ? `(${text})` : text;
}

function rangeText(node: JsonSchema): string {
  const min = node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER ? node.minimum : undefined;
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (min !== undefined && max !== undefined) return ` ${min}..${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}
