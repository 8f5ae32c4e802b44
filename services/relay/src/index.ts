export { checkpointStoreFor, type CheckpointStore } from './checkpoints/checkpoint-store.js';
export { startRelay, topicMessagesFor, type RelayLag, type RelayOptions, type RunningRelay } from './relay.js';
