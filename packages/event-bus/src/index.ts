export { deadLetterHeaders, deadLetterReasons, fromDeadLetterMessage, toDeadLetterMessage, type DeadLetter, type DeadLetterReason } from './dead-letter.js';
export { ensureTopicNames, ensureTopics, type EnsureTopicsOptions } from './ensure-topics.js';
export { EventMessageError, type EventMessageErrorCode } from './errors.js';
export { envelopeHeaders, headerStrings, type HeaderValues } from './headers.js';
export { fromKafkaMessage, toKafkaMessage, type EventMessage, type IncomingMessage } from './kafka-message.js';
export { deadLetterTopicFor, defaultTopicNaming, topicFor, topicNaming, type TopicNaming } from './topics.js';
export { startEventSpan, traceIdOf } from './event-span.js';
export { createReactor, type Reactor, type ReactorOptions } from './reactor.js';
