import { isoDateIn } from '@ctp/calendar';
import { createEventStore } from '@ctp/event-store';
import { exclusiveSections, resolveSecret, runService } from '@ctp/service-kit';
import type { ReadModel } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { readSideAreas, type ReadSideAreaName } from './areas.js';
import { accessFactProjection } from './access/access-fact-projection.js';
import { accessRoutes } from './access/access-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { customerHistoryRoutes } from './audit/customer-history-routes.js';
import { erasureRoutes } from './audit/erasure-routes.js';
import { openAuditStore } from './audit/audit-store.js';
import { AuditSealer } from './audit/sealer.js';
import { churnKeptVersion, churnRoutes, ensureWinBackScan, rankingWritesSection, winBackListFollower, winBackListVersion, winBackRoutes, winBackTimers } from './churn/index.js';
import { contactFactProjection } from './contacts/contact-fact-projection.js';
import { customer360Routes } from './customer-360/index.js';
import { dashboardContextRoute, dashboardRoutes, overviewRequests } from './dashboard/index.js';
import { parseSigningKey } from './audit/signing-key.js';
import { serviceDefinition } from './definition.js';
import { ensureReportTimer, improvementProjection, monthlyReports, openReportStore, reportRoutes, reportTimerHandler, reportTimerTable } from './report/index.js';
import { ensurePlanTargets, targetProjection, targetRoutes } from './targets/index.js';
import { eventRoutes } from './trace/event-routes.js';
import { readSideVersion, useAnswerCache } from './metrics/answer-cache.js';
import { answerWarmer } from './metrics/answer-warmer.js';
import { monthIn } from './metrics/period.js';
import { tierMonthFollower, tierMonthsVersion } from './tiers/index.js';
import { feedbackMonthFollower, figureMonthsVersion } from './figure-months/index.js';
import { retentionMonthFollower, retentionMonthsVersion } from './retention/index.js';
import { serviceLevelMonthFollower, serviceLevelMonthsVersion } from './service-levels/index.js';

await runService(serviceDefinition, {
  async setup({ config, clock, logger, wire, inProcessKey }) {
    const auditUrl = config.AUDIT_STORE_URL ?? (/^postgres/.test(config.EVENT_STORE_URL) ? config.EVENT_STORE_URL : undefined);
    if (!auditUrl) throw new Error('AUDIT_STORE_URL is required when the event store is not PostgreSQL');
    const key = parseSigningKey(await resolveSecret({ name: 'AUDIT_SIGNING_KEY', value: config.AUDIT_SIGNING_KEY, file: config.AUDIT_SIGNING_KEY_FILE, development: config.NODE_ENV === 'development' }));
    // As stored: seals cover personal fields as ciphertext, so the audit needs no data keys.
    const events = await createEventStore(config.EVENT_STORE_URL, { schema: config.EVENT_STORE_SCHEMA });
    wire.closeOnStop(() => events.close());
    const auditSchema = config.AUDIT_SCHEMA ?? (config.EVENT_STORE_SCHEMA === 'event_store' ? 'analytics' : `${config.EVENT_STORE_SCHEMA}_analytics`.slice(0, 63));
    const audit = await openAuditStore(auditUrl, auditSchema);
    wire.closeOnStop(() => audit.close());
    const sealer = new AuditSealer({ events, audit, key, clock, checkpointEvery: config.AUDIT_CHECKPOINT_EVERY, checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS });
    const names = Object.keys(readSideAreas) as ReadSideAreaName[];
    const readModels = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await wire.readModel(readSideAreas[name].projection)] as const))) as Record<ReadSideAreaName, ReadModel>;
    const context = { timeZone: config.BUSINESS_TIME_ZONE, clock };
    const targets = await wire.readModel(targetProjection);
    await ensurePlanTargets({ events, ...context });
    const improvements = await wire.readModel(improvementProjection);
    const reportStore = await openReportStore(auditUrl, auditSchema);
    wire.closeOnStop(() => reportStore.close());
    const reports = monthlyReports({ events, readModels: { targets, improvements, ...readModels }, store: reportStore, ...context, browserPath: config.REPORT_BROWSER_PATH, locale: config.REPORT_LOCALE });
    const reportTimers = await wire.timerStore(reportTimerTable);
    const reportSchedule = { timeZone: config.BUSINESS_TIME_ZONE, hour: config.REPORT_HOUR };
    await ensureReportTimer(reportTimers, clock(), reportSchedule);
    wire.timerWorker(reportTimers, reportTimerHandler(reports, reportTimers, reportSchedule));
    // Feedback's contact obligations and the win-back tasks; the daily scan appends to the churn streams.
    const contacts = await wire.readModel(contactFactProjection);
    const sections = exclusiveSections(auditUrl);
    wire.closeOnStop(() => sections.close());
    const rankingWrites = sections.named(rankingWritesSection(readModels.retention.db));
    const winBack = { store: events, db: readModels.retention.db, timers: await wire.timerStore('churn_timers'), timeZone: config.BUSINESS_TIME_ZONE, clock, rankingWrites };
    await ensureWinBackScan(winBack, clock());
    wire.timerWorker(winBack.timers, winBackTimers.handler(winBack));
    const accessLog = await wire.readModel(accessFactProjection);
    const figureProjections = [...names.map((name) => readSideAreas[name].projection), targetProjection, improvementProjection, contactFactProjection].map(({ name }) => name);
    // The tier, feedback and service-level figures' month documents move apart from the projections' checkpoints.
    const [readSide, tierMonths] = [readSideVersion(readModels.retention.db, figureProjections), tierMonthsVersion(readModels.tiers.db, config.BUSINESS_TIME_ZONE)];
    const feedbackMonths = figureMonthsVersion(readModels.satisfaction.db, config.BUSINESS_TIME_ZONE);
    const serviceLevelMonths = serviceLevelMonthsVersion(readModels.serviceLevels.db, config.BUSINESS_TIME_ZONE);
    const retentionMonths = retentionMonthsVersion(readModels.retention.db, config.BUSINESS_TIME_ZONE);
    const winBackList = winBackListVersion(contacts.db);
    // The churn rankings and backtests counted again in the background move apart from the checkpoints too.
    const churnKept = churnKeptVersion(readModels.retention.db);
    const figureVersion = async () => (await Promise.all([readSide(), tierMonths(), feedbackMonths(), serviceLevelMonths(), retentionMonths(), winBackList(), churnKept()])).join('|');
    const followerDeps = { history: events, timeZone: config.BUSINESS_TIME_ZONE, eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, clock, logger };
    const tierMonthWork = tierMonthFollower({ ...followerDeps, db: readModels.tiers.db });
    const feedbackMonthWork = feedbackMonthFollower({ ...followerDeps, db: readModels.satisfaction.db });
    const serviceLevelMonthWork = serviceLevelMonthFollower({ ...followerDeps, db: readModels.serviceLevels.db });
    const retentionMonthWork = retentionMonthFollower({ ...followerDeps, db: readModels.retention.db });
    const winBackListWork = winBackListFollower({ ...followerDeps, db: contacts.db });
    const businessDate = () => isoDateIn(clock().getTime(), config.BUSINESS_TIME_ZONE);
    let figureRoutes: FastifyInstance | null = null;
    const warmer = answerWarmer({
      app: () => figureRoutes!,
      key: inProcessKey('analyst', { kind: 'system', name: 'analytics dashboard warmer' }),
      requests: () => overviewRequests(monthIn(clock().getTime(), config.BUSINESS_TIME_ZONE)),
      state: async () => `${await figureVersion()}|${businessDate()}`,
      intervalMs: config.DASHBOARD_WARM_SECONDS * 1000,
      logger,
    });
    return {
      background: [
        { name: 'audit sealer', start: () => sealer.start(), stop: () => sealer.stop(), ended: () => sealer.ended() },
        tierMonthWork,
        feedbackMonthWork,
        serviceLevelMonthWork,
        retentionMonthWork,
        winBackListWork,
        ...(config.DASHBOARD_WARM_SECONDS > 0 ? [warmer] : []),
      ],
      routes: async (app) => {
        await app.register(auditRoutes({ events, audit, sealer, clock }));
        await app.register(customerHistoryRoutes({ events, audit, sealer, clock }));
        await app.register(erasureRoutes({ events, audit, sealer, clock }));
        await app.register(accessRoutes({ events, readModel: accessLog, clock, purposes: config.ACCESS_PURPOSES.split(',') }));
        await app.register(eventRoutes(events));
        // Answers for the caller (the dashboard's context names the role) are not kept.
        await app.register(dashboardContextRoute(context));
        await app.register(async (figures) => {
          figureRoutes = figures;
          useAnswerCache(figures, { version: figureVersion, today: businessDate, now: () => clock().getTime() });
          for (const name of names) await figures.register(readSideAreas[name].routes({ readModel: readModels[name], ...context }));
          await figures.register(customer360Routes({ readModels, ...context }));
          // Churn reads every area's facts in the one database; it waits for the purchases' read model.
          await figures.register(churnRoutes({ readModel: readModels.retention, ...context, rankingWrites }));
          await figures.register(winBackRoutes({ readModel: contacts, ...context }));
          await figures.register(targetRoutes({ events, readModels: { targets, ...readModels }, ...context }));
          await figures.register(dashboardRoutes());
        });
        await app.register(reportRoutes({ store: reportStore, reports, ...context }));
      },
    };
  },
});
