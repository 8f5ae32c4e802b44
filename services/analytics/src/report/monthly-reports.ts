import type { EventStore } from '@ctp/event-store';
import type { Locale } from '../charts/index.js';
import { monthIn, type Month } from '../metrics/period.js';
import { reportFigures, type ReportReadModels } from './report-figures.js';
import { renderReportHtml } from './report-html.js';
import { printPdf } from './report-pdf.js';
import type { KeptReport, ReportStore, ReportSummary } from './report-store.js';

export interface MonthlyReportDeps {
  readonly events: Pick<EventStore, 'headPosition'>;
  readonly readModels: ReportReadModels;
  readonly store: ReportStore;
  readonly timeZone: string;
  readonly clock: () => Date;
  /** Debian's Chromium, which prints the PDF (REPORT_BROWSER_PATH). */
  readonly browserPath: string;
  readonly locale: Locale;
}

/** A month before the current one in the business time zone: the only months a report is built for. */
export const isPastMonth = (month: Month, now: Date, timeZone: string): boolean => month < monthIn(now.getTime(), timeZone);

/** Builds and keeps the monthly reports. */
export function monthlyReports(deps: MonthlyReportDeps) {
  const { events, readModels, store, timeZone, clock } = deps;
  return {
    /**
     * The month's report computed now: the read models first catch up with the store's head (that position
     * is kept with the report), then the figures, their HTML and its PDF.
     */
    async build(month: Month, trigger: KeptReport['trigger']): Promise<KeptReport> {
      const head = await events.headPosition();
      await Promise.all(Object.values(readModels).map((readModel) => readModel.readYourWrites(head ?? undefined)));
      const figures = await reportFigures(readModels, month, timeZone);
      const generatedAt = clock().toISOString();
      const html = renderReportHtml(figures, { generatedAt, position: head }, deps.locale);
      return { month, generatedAt, position: head, trigger, figures, html, pdf: await printPdf(html, deps.browserPath) };
    },
    /**
     * Builds and keeps the month's report. Requested, it replaces the kept one; scheduled, a month already
     * kept is left as it is (a timer's retry or a second start makes no second report).
     */
    async generate(month: Month, trigger: KeptReport['trigger']): Promise<{ readonly written: boolean; readonly report: ReportSummary }> {
      if (trigger === 'scheduled') {
        const kept = await store.get(month);
        if (kept !== null) return { written: false, report: summaryOf(kept) };
      }
      const report = await this.build(month, trigger);
      const written = await store.keep(report, { replace: trigger === 'requested' });
      return { written, report: summaryOf(written ? report : (await store.get(month))!) };
    },
  };
}

export type MonthlyReports = ReturnType<typeof monthlyReports>;

const summaryOf = ({ month, generatedAt, position, trigger }: KeptReport): ReportSummary => ({ month, generatedAt, position, trigger });
