import { customerFactTypes, eventRegistry, getAtPath, setAtPath } from '@ctp/contracts';
import { z } from 'zod';
import { publishedFactAlternatives } from './published-fact-data.js';

export const factTypes = customerFactTypes;

export type FactType = (typeof factTypes)[number];

const offsetDateTime = z.iso.datetime({ offset: true });

export const factSchema = z.strictObject({
  id: z.uuid().describe('the client event id; re-sending it is idempotent'),
  type: z.enum(factTypes),
  customerId: z.string().min(1).max(100),
  occurredAt: offsetDateTime.describe('business time, ISO-8601 with offset'),
  data: z.record(z.string(), z.unknown()).describe("the event's fields, as in docs/events.md; the customer id is taken from customerId"),
}).meta({
  // Published only: the route parses the envelope, then validateFacts checks data against the same contract schemas.
  oneOf: publishedFactAlternatives,
});

export const factBatchSchema = z.strictObject({
  // One stream append cannot hold an id twice: a repeat within the batch is the sender's mistake, not a retry.
  events: z.array(factSchema).min(1).max(500).superRefine((facts, context) => {
    const firstIndex = new Map<string, number>();
    facts.forEach((fact, index) => {
      const first = firstIndex.get(fact.id);
      if (first === undefined) firstIndex.set(fact.id, index);
      else context.addIssue({ code: 'custom', path: [index, 'id'], message: `repeats the id of events[${first}]; each fact needs an id of its own` });
    });
  }),
});

export type Fact = z.output<typeof factSchema>;

export interface FieldIssue {
  readonly index: number;
  readonly path: string;
  readonly message: string;
}

export interface ValidFact {
  readonly fact: Fact;
  readonly data: Record<string, unknown>;
}

/** Checks every fact's data against the latest schema of its type; returns all issues at once. */
export function validateFacts(facts: readonly Fact[]): { valid: ValidFact[]; issues: FieldIssue[] } {
  const valid: ValidFact[] = [];
  const issues: FieldIssue[] = [];
  facts.forEach((fact, index) => {
    const checked = checkData(fact, index);
    if ('data' in checked) valid.push({ fact, data: checked.data });
    else issues.push(...checked.issues);
  });
  return { valid, issues };
}

/**
 * The data problems of a batch the envelope schema refused, for every fact whose envelope still names
 * a known type, a customer and an object of data: one 400 lists the envelope's and the data's problems.
 */
export function dataIssuesOfRawBatch(body: unknown): FieldIssue[] {
  const events = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) return [];
  return events.flatMap((event: unknown, index) => {
    const { type, customerId, data } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    if (!(factTypes as readonly unknown[]).includes(type) || typeof customerId !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) return [];
    const checked = checkData({ type: type as FactType, customerId, data: data as Record<string, unknown> }, index);
    return 'issues' in checked ? checked.issues : [];
  });
}

function checkData(fact: Pick<Fact, 'type' | 'customerId' | 'data'>, index: number): { data: Record<string, unknown> } | { issues: FieldIssue[] } {
  const definition = eventRegistry.latest(fact.type);
  const stated = definition.subject ? getAtPath(fact.data, definition.subject) : undefined;
  if (stated !== undefined && stated !== fact.customerId) {
    return { issues: [{ index, path: `body.events[${index}].data.${definition.subject}`, message: `must equal customerId (${fact.customerId}) or be left out` }] };
  }
  const withSubject = definition.subject ? setAtPath(fact.data, definition.subject, fact.customerId) : fact.data;
  const parsed = definition.schema.safeParse(withSubject);
  if (parsed.success) return { data: parsed.data as Record<string, unknown> };
  return {
    issues: parsed.error.issues.map((issue) => ({
      index,
      path: `body.events[${index}].data${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}`,
      message: issue.message,
    })),
  };
}
