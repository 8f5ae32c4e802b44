import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv } from './csv.js';

/** A table of figures: each row its dimensions, its numbers and the `drill` link to the facts behind them. */
export interface MetricTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** The JSON answer of a table route; `meta` says how it was counted (period, definitions, as of). */
export const tableAnswerSchema = z.object({
  meta: z.record(z.string(), z.unknown()),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
});

/** The answer of a table route: JSON, or the same table as text/csv when asked with format=csv. */
export function tableResponse(description: string) {
  return { 200: { description: `${description} (JSON, or CSV with format=csv)`, schema: tableAnswerSchema, alsoAs: ['text/csv'] } };
}

/** Answers the table as JSON, or as a CSV download named `name` (its nested values as JSON text). */
export function answerTable(reply: FastifyReply, format: 'json' | 'csv', name: string, table: MetricTable, meta: Readonly<Record<string, unknown>>) {
  if (format === 'json') return { meta, columns: table.columns, rows: table.rows };
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(table.columns, table.rows));
}
