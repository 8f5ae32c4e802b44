import { describe, expect, it } from 'vitest';
import { lockKeys } from './append-function-sql.js';
import { notifyChannel, quoteSchema } from './names.js';
import { schemaSql } from './schema-sql.js';

describe('schema SQL', () => {
  it('accepts plain identifiers as schema names and refuses anything else', () => {
    expect(quoteSchema('event_store')).toBe('"event_store"');
    for (const bad of ['Event', 'a-b', 'x"; DROP TABLE y; --', '', 'a'.repeat(64)]) expect(() => quoteSchema(bad)).toThrow(RangeError);
  });

  it('puts every object in the given schema', () => {
    const sql = schemaSql('es_test');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "es_test".events');
    expect(sql).toContain('CREATE OR REPLACE FUNCTION "es_test".append_events');
    expect(sql).toContain('CREATE OR REPLACE FUNCTION "es_test".begin_append');
    expect(sql).not.toMatch(/CREATE TABLE (?!IF NOT EXISTS)/);
  });

  it('gives each schema its own advisory locks and notification channel', () => {
    expect(notifyChannel('es_test')).toBe('ctp_event_store_es_test');
    expect(lockKeys('a')).toEqual(lockKeys('a'));
    expect(lockKeys('a')).not.toEqual(lockKeys('b'));
    expect(lockKeys('a').stream).not.toBe(lockKeys('a').position);
  });
});
