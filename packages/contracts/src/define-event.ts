import type { z } from 'zod';
import { ContractError } from './errors.js';
import type { FieldPath } from './field-path.js';
import { schemaFields } from './schema-fields.js';
import type { Category } from './streams.js';

export interface Upcaster {
  /** One line for the catalogue: what changed from the previous version. */
  readonly change: string;
  readonly upcast: (data: unknown) => unknown;
}

export interface EventDefinition<
  TType extends string = string,
  TCategory extends Category = Category,
  TSchema extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly category: TCategory;
  readonly version: number;
  readonly schema: TSchema;
  readonly description: string;
  /** String fields holding personal data, encrypted with the subject's key. */
  readonly personalFields: readonly FieldPath[];
  /** Field holding the id of the customer who owns the personal data, or null. */
  readonly subject: FieldPath | null;
  readonly previous: EventDefinition<TType, TCategory> | null;
  /** Turns data of `previous` into data of this version; null for version 1. */
  readonly upcaster: Upcaster | null;
}

export interface EventSpec<
  TType extends string,
  TCategory extends Category,
  TSchema extends z.ZodType,
  TPrevious extends z.ZodType,
> {
  type: TType;
  category: TCategory;
  version: number;
  schema: TSchema;
  description: string;
  personalFields: readonly FieldPath[];
  subject: FieldPath | null;
  upcastFrom?: {
    previous: EventDefinition<TType, TCategory, TPrevious>;
    change: string;
    upcast: (data: z.output<TPrevious>) => z.output<TSchema>;
  };
}

export function defineEvent<
  const TType extends string,
  const TCategory extends Category,
  TSchema extends z.ZodType,
  TPrevious extends z.ZodType = z.ZodType,
>(spec: EventSpec<TType, TCategory, TSchema, TPrevious>): EventDefinition<TType, TCategory, TSchema> {
  const problems = definitionProblems(spec);
  if (problems.length > 0) {
    throw new ContractError('invalid_definition', `${spec.type} v${spec.version}: ${problems.join('; ')}`);
  }
  const from = spec.upcastFrom;
  return {
    type: spec.type,
    category: spec.category,
    version: spec.version,
    schema: spec.schema,
    description: spec.description,
    personalFields: [...spec.personalFields],
    subject: spec.subject,
    previous: from ? from.previous : null,
    upcaster: from ? { change: from.change, upcast: from.upcast as (data: unknown) => unknown } : null,
  };
}

function definitionProblems(spec: EventSpec<string, Category, z.ZodType, z.ZodType>): string[] {
  const problems: string[] = [];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(spec.type)) problems.push('type must be PascalCase');
  if (!Number.isInteger(spec.version) || spec.version < 1) problems.push('version must be an integer >= 1');
  const previous = spec.upcastFrom?.previous;
  if (spec.version === 1 && previous) problems.push('version 1 cannot upcast from anything');
  if (spec.version > 1 && !previous) problems.push(`needs upcastFrom v${spec.version - 1}`);
  if (previous && (previous.type !== spec.type || previous.version !== spec.version - 1)) {
    problems.push(`upcastFrom must be ${spec.type} v${spec.version - 1}, got ${previous.type} v${previous.version}`);
  }
  if (previous && previous.category !== spec.category) problems.push('category cannot change between versions');

  const fields = new Map(schemaFields(spec.schema).map((field) => [field.path, field]));
  if (new Set(spec.personalFields).size !== spec.personalFields.length) problems.push('personalFields repeat a path');
  for (const path of spec.personalFields) {
    if (!fields.get(path)?.stringLeaf) problems.push(`personal field ${path} is not a string field of the schema`);
  }
  if (spec.subject !== null) {
    const subject = fields.get(spec.subject);
    if (!subject?.stringLeaf || !subject.required || subject.nullable) {
      problems.push(`subject ${spec.subject} is not a required string field of the schema`);
    }
  } else if (spec.personalFields.length > 0) {
    problems.push('an event with personal fields needs a subject');
  }
  return problems;
}
