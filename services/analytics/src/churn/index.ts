export { churnRoutes, riskOf } from './churn-routes.js';
export { churnModel, type ChurnModel } from './churn-model.js';
