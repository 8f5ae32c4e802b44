/** Why a row was rejected: a stable code, the field path within the fact ('' for the whole row), a message. */
export interface Reason {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

interface RowBase {
  /** 0-based position among the input's rows (blank lines and the CSV header are not rows). */
  readonly index: number;
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  /** The row as it is in the file: parsed JSON, the raw text, or a CSV record by column. */
  readonly source: unknown;
}

export interface FactRow extends RowBase {
  readonly kind: 'fact';
  readonly fact: unknown;
}

export interface InvalidRow extends RowBase {
  readonly kind: 'invalid';
  readonly reasons: readonly Reason[];
}

export type Row = FactRow | InvalidRow;

export interface RowSource {
  rows(): AsyncIterable<Row>;
  count(): Promise<number>;
}
