import { parseExchangeRates } from '@ctp/contracts';
import { runService } from '@ctp/service-kit';
import { reactToComplaintCases } from './complaints/case-reaction.js';
import type { ComplaintDeps } from './complaints/complaint-deps.js';
import { complaintProjection } from './complaints/complaint-projection.js';
import { complaintRoutes } from './complaints/complaint-routes.js';
import { rootCauseRoutes } from './complaints/root-cause-routes.js';
import { ensureDefaultTaxonomy } from './complaints/root-cause-stream.js';
import { contactCommandRoutes } from './contacts/contact-command-routes.js';
import type { ContactDeps } from './contacts/contact-deps.js';
import { contactProjection } from './contacts/contact-projection.js';
import { contactReactorCategories, reactToContactFacts } from './contacts/contact-reactions.js';
import { contactReadRoutes } from './contacts/contact-read-routes.js';
import { contactTimers } from './contacts/contact-timers.js';
import { coverageFollower } from './contacts/coverage-follower.js';
import { overdueFollower } from './contacts/overdue-follower.js';
import { contactPlanIndex } from './contacts/plan-index.js';
import { serviceDefinition } from './definition.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { improvementActionListProjection } from './improvements/action-list-projection.js';
import { actionListRoutes } from './improvements/action-list-routes.js';
import { effectFollower } from './improvements/effect-follower.js';
import { improvementRoutes } from './improvements/improvement-routes.js';
import { improvementTimers } from './improvements/improvement-timers.js';
import { remedyRoutes } from './remedies/remedy-routes.js';
import { dispatchTimers, timerArea } from '@ctp/timers';
import { ensureSurveyTemplates } from './surveys/ensure-survey-templates.js';
import { followUpFollower } from './surveys/follow-up-follower.js';
import { followUpProjection } from './surveys/follow-up-projection.js';
import { followUpReadRoutes } from './surveys/follow-up-routes.js';
import { surveyPopulationProjection } from './surveys/population-projection.js';
import { surveyResponseRoutes } from './surveys/response-routes.js';
import { surveySampleRoutes } from './surveys/sample-routes.js';
import { surveyScoreProjection } from './surveys/score-projection.js';
import { scoreFollower } from './surveys/score-follower.js';
import { surveyScoreRoutes } from './surveys/score-routes.js';
import { surveySettingsOf } from './surveys/survey-deps.js';
import { reactToSurveyEvents, surveyReactorCategories } from './surveys/survey-reaction.js';
import { surveyTimers } from './surveys/survey-timers.js';
import { surveyTemplateRoutes } from './surveys/template-routes.js';

await runService(serviceDefinition, {
  async setup({ config, logger, clock, wire }) {
    const stores = await wire.protectedStores();
    const timers = await wire.timerStore('feedback_timers');
    const deps: FeedbackDeps = { store: stores.store, history: stores.reader, timers, rates: parseExchangeRates(config.REPORTING_CURRENCY, config.EXCHANGE_RATES), timeZone: config.BUSINESS_TIME_ZONE, clock };
    const complaintSettings = { repeatWindowDays: config.REPEAT_COMPLAINT_WINDOW_DAYS, remedyBandPercent: config.REMEDY_BAND_PERCENT };
    const complaintDeps: ComplaintDeps = { ...deps, complaintSettings, complaintReads: await wire.readModel(complaintProjection), readWaitMs: config.READ_WAIT_TIMEOUT_MS };
    wire.reactor({ name: 'feedback-complaints', categories: ['case'], handle: (events) => reactToComplaintCases(deps, events) });
    const contactDeps: ContactDeps = { ...deps, plans: await contactPlanIndex(timers) };
    wire.reactor({ name: 'feedback-contacts', categories: contactReactorCategories, handle: (events, heartbeat) => reactToContactFacts(contactDeps, events, heartbeat) });
    const actionListReads = { ...(await wire.readModel(improvementActionListProjection)), timeZone: config.BUSINESS_TIME_ZONE, clock };
    const contactReads = { ...(await wire.readModel(contactProjection)), readWaitMs: config.READ_WAIT_TIMEOUT_MS };
    const overdueDeps = { history: stores.reader, db: contactReads.db, eventStoreUrl: config.EVENT_STORE_URL, schema: config.EVENT_STORE_SCHEMA, clock, logger };
    const surveyDeps = { ...deps, surveys: surveySettingsOf(config) };
    wire.reactor({ name: 'feedback-surveys', categories: surveyReactorCategories, handle: (events, heartbeat) => reactToSurveyEvents(surveyDeps, events, heartbeat) });
    const surveyScores = surveyScoreProjection(config.BUSINESS_TIME_ZONE);
    const scoreReads = { ...(await wire.readModel(surveyScores)), projectionName: surveyScores.name, readWaitMs: config.READ_WAIT_TIMEOUT_MS };
    const populationReads = await wire.readModel(surveyPopulationProjection);
    const followUpReads = { ...(await wire.readModel(followUpProjection)), readWaitMs: config.READ_WAIT_TIMEOUT_MS };
    /** One table, one dispatch: every area adds its timer kinds here (dispatchTimers from @ctp/timers); a worker of an area's own would park the others' timers. */
    const timerAreas = [timerArea(improvementTimers, deps), timerArea(contactTimers, contactDeps), timerArea(surveyTimers, surveyDeps)];
    for (let worker = 0; worker < 2; worker += 1) wire.timerWorker(timers, dispatchTimers('feedback', timerAreas));
    return {
      background: [{ name: 'survey templates', start: () => ensureSurveyTemplates(deps), stop: async () => undefined }, { name: 'root-cause taxonomy', start: async () => void (await ensureDefaultTaxonomy(deps)), stop: async () => undefined }, overdueFollower(overdueDeps), coverageFollower(overdueDeps), followUpFollower({ ...overdueDeps, db: followUpReads.db }), scoreFollower({ ...overdueDeps, db: scoreReads.db, timeZone: config.BUSINESS_TIME_ZONE }), effectFollower({ ...overdueDeps, db: complaintDeps.complaintReads.db, timeZone: config.BUSINESS_TIME_ZONE })],
      routes: async (app) => {
        await app.register(rootCauseRoutes(deps));
        await app.register(complaintRoutes(complaintDeps));
        await app.register(remedyRoutes(complaintDeps));
        await app.register(improvementRoutes(complaintDeps));
        await app.register(actionListRoutes(actionListReads));
        await app.register(contactCommandRoutes(contactDeps));
        await app.register(contactReadRoutes(contactReads));
        await app.register(surveyTemplateRoutes(deps));
        await app.register(surveyResponseRoutes(surveyDeps));
        await app.register(surveySampleRoutes(surveyDeps, populationReads));
        await app.register(surveyScoreRoutes(scoreReads));
        await app.register(followUpReadRoutes(followUpReads));
      },
    };
  },
});
