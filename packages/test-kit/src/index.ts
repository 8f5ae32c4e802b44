export { kafkaBrokers, mongoUrl, postgresUrl, serverUrl } from './server-urls.js';
export { missingServerMessage, serverEnvironment, serverKinds, type ServerInfo, type ServerKind, type Servers } from './servers.js';
export { uniqueName } from './unique.js';
export { dockerEngineAnswers } from './containers.js';
export { auditSchemaFor, freePort, isolatedEnvironment, repositoryRoot, startService, waitUntilHealthy, waitUntilReady, type ServiceProcess } from './service-process.js';
export { deciderSpecification, type SpecifiedDecider } from './decider-specification.js';
export { projectionSpecification, type SpecifiedProjection } from './projection-specification.js';
export { documentedRuleCodes } from './documented-codes.js';
export { eventually, startServiceStack, type ServiceStack } from './service-stack.js';
