import { defineService } from '@ctp/service-kit';

/** analytics: the analysts' and auditors' read side. */
export const serviceDefinition = defineService({ name: 'analytics', port: 8085 });
