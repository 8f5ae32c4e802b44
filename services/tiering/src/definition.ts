import { defineService } from '@ctp/service-kit';

/** tiering: scores customers and assigns explainable tiers. */
export const serviceDefinition = defineService({ name: 'tiering', port: 8082 });
