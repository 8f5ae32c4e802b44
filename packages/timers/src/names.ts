const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema or table name as it appears in SQL; only plain lower-case identifiers are accepted. */
export function quoteIdentifier(what: 'schema' | 'table', name: string): string {
  if (!identifier.test(name)) throw new RangeError(`timer ${what} ${JSON.stringify(name)} must match [a-z_][a-z0-9_]{0,62}`);
  return `"${name}"`;
}

export interface TableName {
  readonly schema: string;
  readonly table: string;
  /** `"schema"."table"`. */
  readonly qualified: string;
}

export function tableName(schema: string, table: string): TableName {
  return { schema, table, qualified: `${quoteIdentifier('schema', schema)}.${quoteIdentifier('table', table)}` };
}
