export { churnRoutes, riskOf } from './churn-routes.js';
export { churnModel, type ChurnModel } from './churn-model.js';
export { winBackRoutes } from './win-back/win-back-routes.js';
export { ensureWinBackScan, winBackTimers, type WinBackScanDeps } from './win-back/win-back-scan.js';
export { winBackListFollower, winBackListVersion } from './win-back/win-back-list.js';
export { churnKeptVersion } from './kept/churn-ranker.js';
export { rankingWritesSection } from './kept/ranking-store.js';
