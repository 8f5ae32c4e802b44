import { migrate, postgresPool } from '@ctp/event-store';
import type pg from 'pg';
import type { ReportFigures } from './report-figures.js';

/** A kept report: the figures, the HTML and the PDF of one month, and the store position they were computed at. */
export interface KeptReport {
  readonly month: string;
  readonly generatedAt: string;
  /** The event store's head the read models had passed when the figures were computed (null: an empty store). */
  readonly position: string | null;
  /** scheduled: by the monthly timer; requested: POST by an analyst or admin. */
  readonly trigger: 'scheduled' | 'requested';
  readonly figures: ReportFigures;
  readonly html: string;
  readonly pdf: Buffer;
}

export type ReportSummary = Omit<KeptReport, 'figures' | 'html' | 'pdf'>;

interface ReportRow { month: string; generated_at: Date; position: string | null; trigger: KeptReport['trigger']; figures?: ReportFigures; html?: string; pdf?: Buffer }

const summaryOf = (row: ReportRow): ReportSummary => ({ month: row.month, generatedAt: row.generated_at.toISOString(), position: row.position, trigger: row.trigger });

function quoted(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** The monthly reports in PostgreSQL, in the analytics service's own schema: one row per month. */
export class ReportStore {
  private readonly table: string;

  constructor(private readonly pool: pg.Pool, private readonly schema: string) {
    this.table = `${quoted(schema)}.monthly_reports`;
  }

  async migrate(): Promise<void> {
    await migrate(this.pool, `monthly-reports:${this.schema}`, `CREATE SCHEMA IF NOT EXISTS ${quoted(this.schema)};
CREATE TABLE IF NOT EXISTS ${this.table} (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  generated_at timestamptz NOT NULL,
  position text,
  trigger text NOT NULL CHECK (trigger IN ('scheduled', 'requested')),
  figures jsonb NOT NULL,
  html text NOT NULL,
  pdf bytea NOT NULL
)`);
  }

  /** Keeps the report; `replace: false` keeps the one already there (a timer's retry), true replaces it (a request). Says whether it was written. */
  async keep(report: KeptReport, { replace }: { replace: boolean }): Promise<boolean> {
    const conflict = replace
      ? 'ON CONFLICT (month) DO UPDATE SET generated_at = EXCLUDED.generated_at, position = EXCLUDED.position, trigger = EXCLUDED.trigger, figures = EXCLUDED.figures, html = EXCLUDED.html, pdf = EXCLUDED.pdf'
      : 'ON CONFLICT (month) DO NOTHING';
    const result = await this.pool.query(`INSERT INTO ${this.table} (month, generated_at, position, trigger, figures, html, pdf) VALUES ($1, $2, $3, $4, $5, $6, $7) ${conflict}`, [
      report.month, report.generatedAt, report.position, report.trigger, JSON.stringify(report.figures), report.html, report.pdf,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async has(month: string): Promise<boolean> {
    return (await this.pool.query(`SELECT 1 FROM ${this.table} WHERE month = $1`, [month])).rowCount === 1;
  }

  async list(): Promise<ReportSummary[]> {
    const { rows } = await this.pool.query<ReportRow>(`SELECT month, generated_at, position, trigger FROM ${this.table} ORDER BY month DESC`);
    return rows.map(summaryOf);
  }

  async get(month: string): Promise<KeptReport | null> {
    const { rows } = await this.pool.query<ReportRow>(`SELECT month, generated_at, position, trigger, figures, html, pdf FROM ${this.table} WHERE month = $1`, [month]);
    const row = rows[0];
    return row === undefined ? null : { ...summaryOf(row), figures: row.figures!, html: row.html!, pdf: row.pdf! };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export async function openReportStore(url: string, schema: string): Promise<ReportStore> {
  const pool = postgresPool({ connectionString: url, max: 3 });
  // A connection the server ends (a restart) emits 'error', idle on the pool or checked out between queries (a
  // sealing transaction): without a listener it would end the process. The query in flight fails on its own.
  const store = new ReportStore(pool, schema);
  await store.migrate();
  return store;
}
