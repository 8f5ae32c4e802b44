import { defineService } from '@ctp/service-kit';

/** intake: integrators publish customer facts. */
export const serviceDefinition = defineService({ name: 'intake', port: 8081 });
