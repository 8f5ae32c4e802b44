import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';
import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { describeError, isRetriable } from './retriable.js';

// kafkajs's own error classes, with the constructors its code calls (its typings declare one argument).
const ProtocolError = KafkaJSProtocolError as unknown as new (error: { message: string; type: string; code: number }, options: { retriable: boolean }) => Error;
const NonRetriableError = KafkaJSNonRetriableError as unknown as new (error: Error, options: { cause: Error }) => Error;
const kafkaError = (name: string, message: string, retriable: boolean, extra: object = {}) => Object.assign(new Error(message), { name, retriable, ...extra });

describe('retriable errors', () => {
  it('takes a topic not known yet, a refused connection and a database starting up as retriable', () => {
    expect(isRetriable(kafkaError('KafkaJSProtocolError', 'This server does not host this topic-partition', true, { type: 'UNKNOWN_TOPIC_OR_PARTITION' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('Server selection timed out'), { name: 'MongoServerSelectionError' }))).toBe(true);
    expect(isRetriable(kafkaError('KafkaJSGroupCoordinatorNotFound', 'Failed to find group coordinator', false))).toBe(true);
  });

  it("takes KafkaJS's admin meeting no metadata (every broker connection lost) as retriable, another TypeError not", () => {
    const typeError = (message: string, at: string) => Object.assign(new TypeError(message), { stack: `TypeError: ${message}\n    at ${at}` });
    // As CI's server drill met it, Kafka's connections dropped while a read model started.
    const fromKafkaJs = 'Object.fetchTopicMetadata (/ci/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/admin/index.js:803:24)';
    expect(isRetriable(typeError("Cannot read properties of null (reading 'topicMetadata')", fromKafkaJs))).toBe(true);
    expect(isRetriable(new Error('projection start failed', { cause: typeError("Cannot read properties of null (reading 'topicMetadata')", fromKafkaJs) }))).toBe(true);
    // As it met feedback's read model start-up on 8 December, in KafkaJS's listTopics.
    const listTopics = 'Object.listTopics (/ci/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/admin/index.js:103:13)';
    expect(isRetriable(typeError("Cannot destructure property 'topicMetadata' of '(intermediate value)' as it is null.", listTopics))).toBe(true);
    expect(isRetriable(typeError("Cannot read properties of null (reading 'topicMetadata')", 'leaderless (/ci/packages/event-bus/dist/ensure-topics.js:54:22)'))).toBe(false);
    expect(isRetriable(typeError("Cannot read properties of undefined (reading 'partitions')", fromKafkaJs))).toBe(false);
  });

  it('takes FerretDB relaying its PostgreSQL going away as retriable, other FerretDB errors not', () => {
    const ferret = (message: string) => Object.assign(new Error(message), { name: 'MongoServerError', code: 1, codeName: 'InternalError' });
    expect(isRetriable(ferret('[msg_find.go:344 handler.handleMaxTimeMSError] [collection.go:109 postgresql.(*collection).Query] FATAL: terminating connection due to administrator command (SQLSTATE 57P01)'))).toBe(true);
    expect(isRetriable(ferret('[pool.go:90] failed to connect to `host=127.0.0.1`: dial error (SQLSTATE 08006)'))).toBe(true);
    expect(isRetriable(ferret('[collection.go:109 postgresql.(*collection).Query] failed to connect to `user=ctp database=ferretdb`:\n\t127.0.0.1:44039 (127.0.0.1): dial error: dial tcp 127.0.0.1:44039: connect: connection refused'))).toBe(true);
    // Seen in CI's server drill, PostgreSQL restarting: its TLS answer refused, then the connection reset.
    expect(isRetriable(ferret('[msg_find.go:344 handler.handleMaxTimeMSError] [collection.go:109 postgresql.(*collection).Query] failed to connect to `user=ctp database=ferretdb`:\n\t127.0.0.1:30511 (127.0.0.1): tls error: server refused TLS connection\n\t127.0.0.1:30511 (127.0.0.1): failed to receive message: read tcp 127.0.0.1:54754->127.0.0.1:30511: read: connection reset by peer'))).toBe(true);
    expect(isRetriable(ferret('[collection.go:109] failed to connect to `user=ctp database=ferretdb`:\n\t127.0.0.1:5432 (127.0.0.1): server error: FATAL: password authentication failed for user "ctp" (SQLSTATE 28P01)'))).toBe(false);
    expect(isRetriable(ferret('[msg_insert.go:99] ERROR: could not extend file "pg_tblspc/16390/PG_16_202307071/16386/16412": No space left on device (SQLSTATE 53100)'))).toBe(true);
    expect(isRetriable(ferret('[msg_insert.go:99] ERROR: value too long for type character varying(10) (SQLSTATE 22001)'))).toBe(false);
  });

  it("takes the MongoDB driver's errors for a server away, and MongoDB's transient server codes and labels, as retriable; FerretDB's other errors not", () => {
    const driver = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });
    const network = driver('MongoNetworkError');
    // What operations waiting for a connection get once the pool is cleared after a network error (connection dropped).
    expect(isRetriable(driver('MongoPoolClearedError', { cause: network }))).toBe(true);
    expect(isRetriable(driver('MongoPoolClearedError'))).toBe(true);
    expect(isRetriable(driver('PoolClearedOnNetworkError'))).toBe(true);
    expect(isRetriable(driver('MongoWaitQueueTimeoutError'))).toBe(true);
    expect(isRetriable(driver('MongoServerError', { code: 91, codeName: 'ShutdownInProgress' }))).toBe(true);
    expect(isRetriable(driver('MongoServerError', { code: 11600, codeName: 'InterruptedAtShutdown' }))).toBe(true);
    expect(isRetriable(driver('MongoServerError', { code: 112, errorLabels: ['TransientTransactionError'] }))).toBe(true);
    expect(isRetriable(driver('MongoServerError', { code: 11000, codeName: 'DuplicateKey', errorLabels: [] }))).toBe(false);
    expect(isRetriable(driver('MongoServerError', { code: 1, codeName: 'InternalError', errorLabels: [] }))).toBe(false);
    expect(isRetriable(driver('MongoServerError', { code: 2, codeName: 'BadValue' }))).toBe(false);
  });

  it('takes a bulk write that failed on a cleared pool or a closed connection (not on its documents) as retriable, as the driver builds it', () => {
    // What a follower's insertMany or bulkWrite got while FerretDB restarted (soak, seed soak-8): before, analytics exited.
    const closed = new MongoNetworkError('connection 8 to 127.0.0.1:17206 closed');
    // The driver does not export its MongoPoolClearedError (a MongoNetworkError): one of its name and message.
    class PoolCleared extends MongoNetworkError {
      override get name() {
        return 'MongoPoolClearedError';
      }
    }
    const cleared = new PoolCleared('Connection pool for 127.0.0.1:17206 was cleared because another operation failed with: "connection 8 to 127.0.0.1:17206 closed"');
    expect(isRetriable(new MongoBulkWriteError(cleared, {} as never))).toBe(true);
    expect(isRetriable(new MongoBulkWriteError(closed, {} as never))).toBe(true);
    const duplicate = { message: 'E11000 duplicate key error', code: 11000, writeErrors: [{ code: 11000 }] };
    expect(isRetriable(new MongoBulkWriteError(duplicate as never, {} as never))).toBe(false);
  });

  it("takes pg-pool's wait for a connection that timed out (every connection busy) as retriable", () => {
    expect(isRetriable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('takes a full disk (SQLSTATE 53100) as retriable: the statement wrote nothing and passes once space is freed', () => {
    expect(isRetriable(Object.assign(new Error('could not extend file "base/16384/16412": No space left on device'), { code: '53100' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('configuration limit exceeded'), { code: '53400' }))).toBe(false);
  });

  it('takes a query on a checked-out PostgreSQL connection the server ended (a restart) as retriable', () => {
    expect(isRetriable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('takes a lost group membership in the middle of a batch (a heartbeat during a rebalance) as retriable: the batch is redelivered, not parked', () => {
    expect(isRetriable(kafkaError('KafkaJSProtocolError', 'The group is rebalancing, so a rejoin is needed', false, { type: 'REBALANCE_IN_PROGRESS' }))).toBe(true);
    expect(isRetriable(kafkaError('KafkaJSProtocolError', 'The coordinator is not aware of this member', false, { type: 'UNKNOWN_MEMBER_ID' }))).toBe(true);
    expect(isRetriable(kafkaError('KafkaJSProtocolError', 'Specified group generation id is not valid', false, { type: 'ILLEGAL_GENERATION' }))).toBe(true);
    expect(isRetriable(kafkaError('KafkaJSProtocolError', 'The request included a message larger than the max message size the server will accept', false, { type: 'MESSAGE_TOO_LARGE' }))).toBe(false);
  });

  it("takes a broker failing on its side (its disk full: a produce answered 'unexpected error' before it halts) as retriable", () => {
    // As kafkajs builds it from the broker's error code -1, and as its retries hand it on.
    const unknown = new ProtocolError({ message: 'The server experienced an unexpected error when processing the request', type: 'UNKNOWN', code: -1 }, { retriable: false });
    expect(isRetriable(unknown)).toBe(true);
    expect(isRetriable(new NonRetriableError(unknown, { cause: unknown }))).toBe(true);
  });

  it('takes two processes creating the same schema at once as retriable, other unique violations not', () => {
    const race = Object.assign(new Error('duplicate key value violates unique constraint "pg_namespace_nspname_index"'), { code: '23505', constraint: 'pg_namespace_nspname_index' });
    expect(isRetriable(race)).toBe(true);
    expect(isRetriable(Object.assign(new Error('tuple concurrently updated'), { code: 'XX000' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('duplicate key value violates unique constraint "events_pkey"'), { code: '23505', constraint: 'events_pkey' }))).toBe(false);
  });

  it("looks through KafkaJS' exhausted retries to the retriable cause", () => {
    const cause = kafkaError('KafkaJSProtocolError', 'There is no leader for this topic-partition', true, { type: 'LEADER_NOT_AVAILABLE' });
    const exhausted = kafkaError('KafkaJSNumberOfRetriesExceeded', cause.message, false, { cause });
    expect(isRetriable(exhausted)).toBe(true);
    expect(describeError(exhausted)).toBe('KafkaJSProtocolError: There is no leader for this topic-partition');
  });

  it('does not retry bad configuration, authentication or a bug', () => {
    expect(isRetriable(kafkaError('KafkaJSSASLAuthenticationError', 'SASL authentication failed', false))).toBe(false);
    expect(isRetriable(Object.assign(new Error('password authentication failed for user "ctp"'), { code: '28P01' }))).toBe(false);
    expect(isRetriable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isRetriable('a string')).toBe(false);
  });

  it('names the code when the message does not', () => {
    expect(describeError(Object.assign(new Error('connection failed'), { code: 'ECONNREFUSED' }))).toBe('Error: connection failed (ECONNREFUSED)');
  });
});
