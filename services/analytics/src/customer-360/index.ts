export { customer360Routes, customer360Path } from './customer-360-routes.js';
export type { Customer360Context, Customer360ReadModels } from './customer-360-reads.js';
