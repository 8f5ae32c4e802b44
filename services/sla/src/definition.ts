import { defineService } from '@ctp/service-kit';

/** sla: service cases and complaints on business-calendar clocks. */
export const serviceDefinition = defineService({ name: 'sla', port: 8083 });
