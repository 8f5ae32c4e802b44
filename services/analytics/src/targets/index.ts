export { ensurePlanTargets, planTargets } from './plan-targets.js';
export { targetProjection } from './target-projection.js';
export { targetRoutes, type TargetDeps } from './target-routes.js';
