export { startRelay, topicMessagesFor, type RelayLag, type RelayOptions, type RunningRelay } from './relay.js';
