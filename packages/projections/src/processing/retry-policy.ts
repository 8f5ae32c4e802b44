export { backoffDelay, defaultRetryPolicy, sleep, type RetryPolicy } from '@ctp/event-bus';
