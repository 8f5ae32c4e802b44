import { describe, expect, it } from 'vitest';
import { tableName } from './names.js';
import { schemaSql } from './schema-sql.js';

describe('schemaSql', () => {
  it('creates the schema, the table and its indexes idempotently, all quoted', () => {
    const sql = schemaSql(tableName('tiering', 'timers'));
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "tiering"');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "tiering"."timers"');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS "timers_available" ON "tiering"."timers" (available_at) WHERE state = \'pending\'');
    expect(sql.match(/CREATE \w+ IF NOT EXISTS/g)).toHaveLength(4);
  });

  it('checks every state under one named constraint, and replaces an older check of the states only once', () => {
    const sql = schemaSql(tableName('tiering', 'timers'));
    expect(sql).toContain(`CONSTRAINT "timers_states" CHECK (state IN ('pending', 'fired', 'cancelled', 'parked'))`);
    expect(sql).toContain(`IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"tiering"."timers"'::regclass AND conname = 'timers_states')`);
    expect(sql).toContain(`ALTER TABLE "tiering"."timers" ADD CONSTRAINT "timers_states" CHECK (state IN ('pending', 'fired', 'cancelled', 'parked'))`);
  });

  it('keeps index names within the identifier limit', () => {
    const sql = schemaSql(tableName('s', 't'.repeat(63)));
    expect(sql).toContain(`"${'t'.repeat(53)}_available"`);
  });

  it('accepts only plain lower-case identifiers', () => {
    expect(() => tableName('Tiering', 'timers')).toThrow(RangeError);
    expect(() => tableName('tiering', 'timers"; DROP TABLE x; --')).toThrow(RangeError);
    expect(() => tableName('tiering', '')).toThrow(RangeError);
  });
});
