import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FatalError } from '../../errors.js';
import { conversions } from './conversions.js';

export const envelopeTargets = ['id', 'type', 'customerId', 'occurredAt'] as const;
const dataTarget = /^data(\.[A-Za-z_$][\w$]*)+$/;

const columnSource = z.strictObject({
  column: z.string().min(1),
  as: z.enum(conversions).default('string'),
  offset: z.string().regex(/^(Z|[+-]\d{2}:\d{2})$/, 'expected Z or an offset like +08:00').optional(),
});

const fieldSource = z.union(
  [
    z.string().min(1).transform((column) => ({ column, as: 'string' as const, offset: undefined })),
    columnSource,
    z.strictObject({ value: z.json() }),
    z.strictObject({ uuidFrom: z.array(z.string().min(1)).min(1) }),
  ],
  `expected "<column>", { "column", "as", "offset" }, { "value" } or { "uuidFrom": ["<column>", ...] }; "as" is one of ${conversions.join(', ')}`,
);

export const mappingSchema = z
  .strictObject({
    delimiter: z.string().length(1).default(','),
    fields: z.record(z.string(), fieldSource),
  })
  .superRefine(({ fields }, context) => {
    const targets = Object.keys(fields);
    for (const target of envelopeTargets) {
      if (!targets.includes(target)) context.addIssue({ code: 'custom', path: ['fields', target], message: 'is required' });
    }
    for (const target of targets) {
      if (!(envelopeTargets as readonly string[]).includes(target) && !dataTarget.test(target)) {
        context.addIssue({ code: 'custom', path: ['fields', target], message: 'expected id, type, customerId, occurredAt or data.<field path>' });
      }
      if (targets.some((other) => other.startsWith(`${target}.`))) {
        context.addIssue({ code: 'custom', path: ['fields', target], message: 'is also the parent of another mapped path' });
      }
    }
  });

export type Mapping = z.output<typeof mappingSchema>;
export type FieldSource = Mapping['fields'][string];

export function columnsOf(mapping: Mapping): string[] {
  const columns = Object.values(mapping.fields).flatMap((source) =>
    'column' in source ? [source.column] : 'uuidFrom' in source ? source.uuidFrom : [],
  );
  return [...new Set(columns)];
}

export function parseMapping(json: unknown, name: string): Mapping {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new FatalError(`mapping file ${name} is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function loadMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FatalError(`cannot read the mapping file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseMapping(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof FatalError) throw error;
    throw new FatalError(`mapping file ${path} is not JSON: ${(error as Error).message}`);
  }
}
