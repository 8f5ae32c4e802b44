/** A schema name as it appears in SQL; only plain lower-case identifiers are accepted. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new RangeError(`event store schema ${JSON.stringify(schema)} must match [a-z_][a-z0-9_]{0,62}`);
  }
  return `"${schema}"`;
}

/** The LISTEN/NOTIFY channel on which a schema's appends announce their commits. */
export function notifyChannel(schema: string): string {
  return `ctp_event_store_${schema}`;
}
