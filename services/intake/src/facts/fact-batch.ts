import { customerFactTypes, eventRegistry, getAtPath, setAtPath } from '@ctp/contracts';
import { z } from 'zod';

export const factTypes = customerFactTypes;

export type FactType = (typeof factTypes)[number];

const offsetDateTime = z.iso.datetime({ offset: true });

export const factSchema = z.strictObject({
  id: z.uuid().describe('the client event id; re-sending it is idempotent'),
  type: z.enum(factTypes),
  customerId: z.string().min(1).max(100),
  occurredAt: offsetDateTime.describe('business time, ISO-8601 with offset'),
  data: z.record(z.string(), z.unknown()).describe("the event's fields, as in docs/events.md; the customer id is taken from customerId"),
});

export const factBatchSchema = z.strictObject({
  events: z.array(factSchema).min(1).max(500),
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
    const definition = eventRegistry.latest(fact.type);
    const stated = definition.subject ? getAtPath(fact.data, definition.subject) : undefined;
    if (stated !== undefined && stated !== fact.customerId) {
      issues.push({ index, path: `body.events[${index}].data.${definition.subject}`, message: `must equal customerId (${fact.customerId}) or be left out` });
      return;
    }
    const withSubject = definition.subject ? setAtPath(fact.data, definition.subject, fact.customerId) : fact.data;
    const parsed = definition.schema.safeParse(withSubject);
    if (parsed.success) {
      valid.push({ fact, data: parsed.data as Record<string, unknown> });
      return;
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
      issues.push({ index, path: `body.events[${index}].data${path}`, message: issue.message });
    }
  });
  return { valid, issues };
}
