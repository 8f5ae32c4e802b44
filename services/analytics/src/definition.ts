import { defineService } from '@ctp/service-kit';

/** analytics: the analysts' and auditors' read side. */
export const serviceDefinition = defineService('analytics', 8085);
