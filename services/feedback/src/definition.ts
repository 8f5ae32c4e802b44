import { defineService } from '@ctp/service-kit';

/** feedback: surveys, complaint root causes, callbacks and visits. */
export const serviceDefinition = defineService({ name: 'feedback', port: 8084 });
