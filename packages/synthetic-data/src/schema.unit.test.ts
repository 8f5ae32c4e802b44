import { eventRegistry, setAtPath } from '@ctp/contracts';
import { describe, expect, it } from 'vitest';
import { history } from './test-support/history.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const offsetDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('every generated fact', () => {
  const facts = history();

  it('validates against the latest schema of its type once intake fills the subject', () => {
    const problems: string[] = [];
    for (const fact of facts) {
      const definition = eventRegistry.latest(fact.type);
      if (definition.subject && definition.subject in fact.data) problems.push(`${fact.type}: states its subject`);
      const data = definition.subject ? setAtPath(fact.data, definition.subject, fact.customerId) : fact.data;
      const parsed = definition.schema.safeParse(data);
      if (!parsed.success) problems.push(`${fact.type}: ${parsed.error.message}`);
    }
    expect(facts.length).toBeGreaterThan(10_000);
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it('has the envelope intake expects: uuid id, entity customer id, ISO time with offset', () => {
    const malformed = facts.filter(
      (fact) =>
        Object.keys(fact).join() !== 'id,type,customerId,occurredAt,data' ||
        !uuid.test(fact.id) ||
        !/^C-[0-9A-Z]{12}$/.test(fact.customerId) ||
        !offsetDateTime.test(fact.occurredAt),
    );
    expect(malformed).toEqual([]);
  });

  it('uses obviously synthetic contact details', () => {
    const contacts = facts.flatMap((fact) => (fact.type === 'CustomerRegistered' ? [fact.data] : []));
    expect(contacts.filter((data) => data.email !== undefined && !/@example\.(com|cn)$/.test(data.email))).toEqual([]);
    expect(contacts.filter((data) => data.phone !== undefined && !/^\+86138\d{8}$/.test(data.phone))).toEqual([]);
  });
});
