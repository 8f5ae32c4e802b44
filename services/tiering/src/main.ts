import { parseExchangeRates } from '@ctp/contracts';
import { personalDataAccess, runService } from '@ctp/service-kit';
import { accountProjection } from './accounts/account-projection.js';
import { accountRoutes } from './accounts/account-routes.js';
import { accountTimers } from './accounts/account-timers.js';
import { entitlementRoutes } from './accounts/entitlement-routes.js';
import { accountReactorCategories, reactToAccountEvents } from './accounts/follow-tier.js';
import { serviceDefinition } from './definition.js';
import { distributionRoutes } from './distribution/distribution-routes.js';
import { tierCountFollower } from './distribution/tier-count-follower.js';
import { tierMovementFollower } from './distribution/tier-movement-follower.js';
import { dryRunRoutes } from './dry-runs/dry-run-routes.js';
import { overrideRoutes } from './overrides/override-routes.js';
import { ensurePolicy } from './policy/ensure-policy.js';
import { lifecycleTimers } from './lifecycle/lifecycle-check.js';
import { lifecycleReactorCategories, reactToLifecycleFacts } from './lifecycle/lifecycle-reactions.js';
import { ensureLifecycleRules } from './lifecycle/lifecycle-rules-stream.js';
import { lifecycleRoutes } from './lifecycle/lifecycle-routes.js';
import { policyRoutes } from './policy/policy-routes.js';
import { reactorCategories, reactToEvents } from './reactions/reassess.js';
import type { TieringDeps } from './tiering-deps.js';
import { tieringTimers } from './timers.js';
import { tierProjection } from './tiers/tier-projection.js';
import { tierRoutes } from './tiers/tier-routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, clock, wire }) {
    const stores = await wire.protectedStores();
    const timers = await wire.timerStore('tiering_timers');
    const deps: TieringDeps = { store: stores.store, history: stores.reader, timers, rates: parseExchangeRates(config.REPORTING_CURRENCY, config.EXCHANGE_RATES), policyId: config.POLICY_ID, timeZone: config.BUSINESS_TIME_ZONE, clock };
    const reads = await wire.readModel(tierProjection);
    wire.reactor({ name: 'tiering', categories: reactorCategories, handle: (events, heartbeat) => reactToEvents(deps, events, heartbeat) });
    wire.timerWorker(timers, tieringTimers.handler(deps));
    const lifecycle = { ...deps, lifecycleTimers: await wire.timerStore('lifecycle_timers') };
    wire.reactor({ name: 'tiering-lifecycle', categories: lifecycleReactorCategories, handle: (events, heartbeat) => reactToLifecycleFacts(lifecycle, events, heartbeat) });
    wire.timerWorker(lifecycle.lifecycleTimers, lifecycleTimers.handler(lifecycle));
    const accountDeps = { ...deps, accountTimers: await wire.timerStore('tiering_account_timers'), accountReads: await wire.readModel(accountProjection), tierReads: reads };
    wire.reactor({ name: 'tiering-accounts', categories: accountReactorCategories, handle: (events, heartbeat) => reactToAccountEvents(accountDeps, events, heartbeat) });
    wire.timerWorker(accountDeps.accountTimers, accountTimers.handler(accountDeps));
    const followerDeps = { history: stores.reader, db: reads.db, eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, clock, logger };
    return {
      background: [
        { name: 'tier policy', start: () => ensurePolicy(deps, logger), stop: async () => undefined },
        { name: 'lifecycle rules', start: () => ensureLifecycleRules(deps.store, clock, logger), stop: async () => undefined },
        tierCountFollower(followerDeps),
        tierMovementFollower(followerDeps),
      ],
      routes: async (app) => {
        await app.register(policyRoutes(deps));
        await app.register(dryRunRoutes(deps, { concurrency: config.DRY_RUN_CONCURRENCY }));
        await app.register(tierRoutes(deps, { ...reads, access: personalDataAccess({ store: deps.store, clock, settings: config }) }));
        await app.register(overrideRoutes(deps));
        await app.register(distributionRoutes(reads));
        await app.register(lifecycleRoutes(deps));
        await app.register(entitlementRoutes(deps));
        await app.register(accountRoutes(accountDeps));
      },
    };
  },
});
