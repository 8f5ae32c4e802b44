import { runService } from '@ctp/service-kit';
import { serviceDefinition } from './definition.js';

await runService(serviceDefinition);
