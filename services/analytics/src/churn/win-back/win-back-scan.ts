import { addDays, isoDateIn, isoDateSchema, startOfDayIn, type IsoDate } from '@ctp/calendar';
import { decoderFor, streamIdFor, type ChurnEvent } from '@ctp/contracts';
import { handleCommand, type EventStore, type StreamDecider } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import { defineTimerKind, scheduleTimer, timerRegistry, type TimerStore } from '@ctp/timers';
import type { Exclusive } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { contactFactProjection, type WinBackTaskDocument } from '../../contacts/contact-fact-projection.js';
import { churnModel } from '../churn-model.js';
import { countRanking } from '../kept/churn-ranker.js';
import { rankingStore } from '../kept/ranking-store.js';
import { decideWinBack, evolveWinBack, initialWinBackState, type WinBackState } from './decide-win-back.js';

export interface WinBackScanDeps {
  /** Where the `churn-<customerId>` streams are appended. */
  readonly store: EventStore;
  /** The read side's database: every area's facts the risk is scored from, and the win-back tasks so far. */
  readonly db: Db;
  readonly timers: Pick<TimerStore, 'schedule'>;
  readonly timeZone: string;
  /** When the day's ranking was counted. */
  readonly clock: () => Date;
  /** Where the rankings' writes run one at a time across processes (ranking-store.ts). */
  readonly rankingWrites: Exclusive;
}

export const winBackScanKind = 'churn-win-back-scan';
/** The scan runs this long after the business day's midnight, when the day before has been projected. */
export const scanDelayMs = 60 * 60_000;

const analyticsActor = { kind: 'service', id: 'analytics' } as const;
const churnDecider: StreamDecider<WinBackState, ChurnEvent> = { initialState: initialWinBackState, evolve: evolveWinBack, decode: decoderFor('churn') };

export const scanTimerId = (day: string) => `${winBackScanKind}:${day}`;

/** Scores every customer active at the start of `day`, keeps the ranking, and appends each one's win-back decision; the scan's id is the cause. */
export async function scanWinBack(deps: WinBackScanDeps, day: IsoDate, at: Date): Promise<{ scored: number; requested: number; subsided: number }> {
  // The day's ranking is counted here too, so the risk listing pages from it when the first analyst asks.
  const { risks, tiers } = await countRanking(rankingStore(deps.db, deps.rankingWrites), deps.db, deps.timeZone, day, deps.clock);
  const known = await customersWithTasks(deps.db);
  const context = { causationId: scanTimerId(day), correlationId: scanTimerId(day), occurredAt: at.toISOString(), actor: analyticsActor };
  const counts = { scored: risks.length, requested: 0, subsided: 0 };
  // Only a customer at risk now, or one that had a task, can decide anything: the others' streams are not read.
  for (const risk of risks.filter(({ atRisk, customerId }) => atRisk || known.has(customerId))) {
    const scored = { risk, tier: tiers.get(risk.customerId) ?? null, model: churnModel, asOf: day, at: at.toISOString() };
    const handled = await handleCommand(deps.store, streamIdFor('churn', risk.customerId), churnDecider, (state) => decideWinBack(scored, state), context);
    if (handled.appended === null) continue;
    if (handled.state.above) counts.requested += 1;
    else counts.subsided += 1;
  }
  return counts;
}

async function customersWithTasks(db: Db): Promise<Set<string>> {
  const tasks = await activeCollection<WinBackTaskDocument>(db, contactFactProjection.name, 'winBackTasks');
  return new Set((await tasks.find({}, { projection: { customerId: 1 } }).toArray()).map(({ customerId }) => customerId));
}

const payloadSchema = z.object({ day: isoDateSchema });

const scanTimer = defineTimerKind<WinBackScanDeps, z.infer<typeof payloadSchema>>({
  kind: winBackScanKind,
  payload: payloadSchema,
  handle: async ({ deps, payload, timer }) => {
    const day = payload.day as IsoDate;
    await scanWinBack(deps, day, timer.dueAt);
    await scheduleScan(deps, addDays(day, 1));
  },
});

/** What the churn_timers worker dispatches through. */
export const winBackTimers = timerRegistry<WinBackScanDeps>([scanTimer]);

/** The scan of `day`, due an hour after its midnight; scheduled again, it is the same timer. */
export function scheduleScan(deps: Pick<WinBackScanDeps, 'timers' | 'timeZone'>, day: IsoDate): Promise<'scheduled' | 'exists'> {
  return scheduleTimer(deps.timers, scanTimer, { id: scanTimerId(day), dueAt: new Date(startOfDayIn(day, deps.timeZone) + scanDelayMs), payload: { day } });
}

/** At start: today's scan (in the business time zone), so the daily chain begins, or goes on after downtime. */
export function ensureWinBackScan(deps: Pick<WinBackScanDeps, 'timers' | 'timeZone'>, now: Date): Promise<'scheduled' | 'exists'> {
  return scheduleScan(deps, isoDateIn(now.getTime(), deps.timeZone) as IsoDate);
}
