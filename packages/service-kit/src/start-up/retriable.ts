export { describeError, isRetriable } from '@ctp/event-bus';
