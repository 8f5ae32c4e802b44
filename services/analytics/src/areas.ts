import type { AnalyticsArea } from './area.js';

/** The analysts' read side, area by area: each a rebuildable projection and its figure routes. */
export const readSideAreas: readonly AnalyticsArea[] = [];
