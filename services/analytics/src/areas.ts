import type { AnalyticsArea } from './area.js';
import { complaintsArea } from './complaints/index.js';
import { retentionArea } from './retention/index.js';
import { satisfactionArea } from './satisfaction/index.js';
import { serviceLevelsArea } from './service-levels/index.js';
import { tiersArea } from './tiers/index.js';

/** The analysts' read side, area by area: each a rebuildable projection and its figure routes. */
export const readSideAreas = {
  serviceLevels: serviceLevelsArea,
  satisfaction: satisfactionArea,
  complaints: complaintsArea,
  tiers: tiersArea,
  retention: retentionArea,
} as const satisfies Record<string, AnalyticsArea>;

export type ReadSideAreaName = keyof typeof readSideAreas;
