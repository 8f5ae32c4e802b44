import { personalDataAccess, runService } from '@ctp/service-kit';
import { calendarMathRoutes } from './calendars/calendar-math-routes.js';
import { calendarRoutes } from './calendars/calendar-routes.js';
import { clockReactorCategories, reactToClockEvents } from './clocks/clock-reactions.js';
import { openCaseIndex } from './clocks/open-cases.js';
import { caseCommandRoutes } from './cases/case-command-routes.js';
import { openCaseRoute } from './cases/open-case-route.js';
import { customerDirectory } from './customers/customer-directory.js';
import { tieringClient } from './customers/tiering-client.js';
import { serviceDefinition } from './definition.js';
import { ensureSlaDefaults } from './policies/ensure-sla-policy.js';
import { slaPolicyRoutes } from './policies/sla-policy-routes.js';
import { caseViewRoutes } from './case-view/case-view-routes.js';
import { caseProjection } from './queue/case-projection.js';
import { queueFollower } from './queue/queue-follower.js';
import { queueRoutes } from './queue/queue-routes.js';
import type { SlaDeps } from './sla-deps.js';
import { clockTimerWorkers, slaTimers } from './timers.js';
import { absenceRoutes } from './routing/absence-routes.js';
import { whatIfRoutes } from './what-if/what-if-routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, clock, wire }) {
    const stores = await wire.protectedStores();
    const timers = await wire.timerStore('sla_timers');
    const deps: SlaDeps = { store: stores.store, history: stores.reader, timers, policyId: config.SLA_POLICY_ID, tiers: tieringClient(config), customers: customerDirectory(stores.reader), teams: { crisis: config.CRISIS_TEAM, queue: config.SERVICE_TEAM }, clock };
    const clockDeps = { ...deps, openCases: await openCaseIndex(timers) };
    wire.reactor({ name: 'sla-clocks', categories: clockReactorCategories, handle: (events, heartbeat) => reactToClockEvents(clockDeps, events, heartbeat) });
    for (let worker = 0; worker < clockTimerWorkers; worker += 1) wire.timerWorker(timers, slaTimers.handler(deps));
    const caseReads = await wire.readModel(caseProjection);
    return {
      background: [
        { name: 'sla defaults', start: () => ensureSlaDefaults(deps, logger), stop: async () => undefined },
        queueFollower({ history: stores.reader, db: caseReads.db, eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, clock, logger }),
      ],
      routes: async (app) => {
        await app.register(openCaseRoute(deps));
        await app.register(caseCommandRoutes(deps));
        await app.register(calendarRoutes(deps));
        await app.register(calendarMathRoutes(deps));
        await app.register(slaPolicyRoutes(deps));
        await app.register(whatIfRoutes(deps, caseReads));
        await app.register(queueRoutes(caseReads));
        await app.register(caseViewRoutes(deps, personalDataAccess({ store: deps.store, clock, settings: config })));
        await app.register(absenceRoutes(deps));
      },
    };
  },
});
