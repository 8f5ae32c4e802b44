/** Socket errors that say "not there yet" or "went away": the same call can work a moment later. */
const retriableSystemCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * PostgreSQL states a server in start-up, shutdown or overload answers with (SQLSTATE class 08
 * connection exceptions, 57P01-57P03 admin shutdown / crash shutdown / cannot connect now, 53300
 * too many connections), and a full disk (53100 disk_full: "could not extend file … No space left on device";
 * the statement wrote nothing, and passes once space is freed).
 */
const retriableSqlStates = /^(08...|57P0[1-3]|53100|53300)$/;

/**
 * Two processes creating the same schema, table or function at once (each under `IF NOT EXISTS`)
 * collide in PostgreSQL's catalogs; the loser's retry finds the object there.
 */
function isCatalogRace(link: ErrorLike): boolean {
  const { code, constraint, message } = link as ErrorLike & { constraint?: unknown };
  if (code === '23505' && typeof constraint === 'string' && constraint.startsWith('pg_')) return true;
  return code === '40P01' || (code === 'XX000' && typeof message === 'string' && message.includes('tuple concurrently updated'));
}

/**
 * The driver's errors for a server away: a failed or timed-out connection, a pool cleared after one (its waiting
 * operations fail with MongoPoolClearedError, or PoolClearedOnNetworkError after its monitor timed out), no server to
 * select, or a pool with no connection free in time.
 */
const retriableMongoErrors = new Set([
  'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError', 'PoolClearedOnNetworkError', 'MongoServerSelectionError',
  'MongoTopologyClosedError', 'MongoWaitQueueTimeoutError',
]);

/**
 * MongoDB's server codes for a server shutting down, stepping down or timing out (HostUnreachable 6, HostNotFound 7,
 * NetworkTimeout 89, ShutdownInProgress 91, PrimarySteppedDown 189, ExceededTimeLimit 262, SocketException 9001,
 * NotWritablePrimary 10107, InterruptedAtShutdown 11600, InterruptedDueToReplStateChange 11602, NotPrimaryNoSecondaryOk
 * 13435, NotPrimaryOrSecondary 13436), the driver's retryable-writes list, and the labels the driver or server put on
 * an error that passes when sent again. FerretDB answers a failure of its PostgreSQL with code 1 instead: see its message below.
 */
const retriableMongoCodes = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
const retriableMongoLabels = ['RetryableWriteError', 'TransientTransactionError'];

function isRetriableMongoError(link: ErrorLike): boolean {
  if (typeof link.name !== 'string' || !link.name.startsWith('Mongo')) return false;
  if (typeof link.code === 'number' && retriableMongoCodes.has(link.code)) return true;
  return Array.isArray(link.errorLabels) && link.errorLabels.some((label) => retriableMongoLabels.includes(label as string));
}

/** KafkaJS calls these non-retriable, but on a broker that has just started they pass: its offsets topic is still being created. */
const retriableKafkaErrors = new Set(['KafkaJSGroupCoordinatorNotFound']);

/**
 * A broker failing on its side (its log folder failed, e.g. its disk full, before it halts: a produce or a fetch is
 * answered UNKNOWN_SERVER_ERROR, code -1, which KafkaJS types `UNKNOWN` and calls non-retriable): the request passes
 * once the broker is well again, and a relay or consumer that stopped on it would only be started again to send it.
 */
const brokerFailureTypes = new Set(['UNKNOWN']);

/**
 * A consumer that lost its group membership in the middle of a batch (a rebalance; a heartbeat answers
 * with these): the batch goes back to whoever holds the partition now. KafkaJS calls them non-retriable,
 * but handling them as a failure of the events would park events that never failed.
 */
const membershipLostTypes = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);

/** Whether the error says the member lost its place in its group (it joins again, and kafkajs reports GROUP_JOIN). */
export function isMembershipLost(error: unknown): boolean {
  return causeChain(error).some((link) => typeof link.type === 'string' && membershipLostTypes.has(link.type));
}

/**
 * KafkaJS's admin reads `topicMetadata` of the cluster's answer, which is null when every connection to the brokers
 * was lost at that moment (CI's server drill, its Kafka connections dropped, on 6 December: feedback's read model
 * start-up stopped on it): a TypeError from inside KafkaJS that passes once it has connected again. V8 words it
 * after the code that met it: a property read (`fetchTopicMetadata`) or a destructuring (`listTopics`, 8 December).
 */
const metadataLostMessage = /\(reading 'topicMetadata'\)|property 'topicMetadata' of .* as it is null/;

function isKafkaMetadataLost(link: ErrorLike): boolean {
  return link.name === 'TypeError' && typeof link.message === 'string' && metadataLostMessage.test(link.message) && typeof link.stack === 'string' && /[/\\]kafkajs[/\\]/.test(link.stack);
}

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly stack?: unknown;
  readonly code?: unknown;
  readonly retriable?: unknown;
  /** KafkaJS protocol errors name the broker's error code, e.g. REBALANCE_IN_PROGRESS. */
  readonly type?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
  readonly errors?: unknown;
  /** The MongoDB driver's labels, e.g. RetryableWriteError. */
  readonly errorLabels?: unknown;
  /**
   * What a MongoDB driver error was made from: a bulk write (insertMany, bulkWrite) that failed on the way, not on its
   * documents, is a MongoBulkWriteError whose `errorResponse` is the driver's error (a cleared pool, a closed connection).
   */
  readonly errorResponse?: unknown;
}

/**
 * Whether an error can go away by itself: a broker, database or topic that is not ready yet. KafkaJS
 * marks its errors `retriable` and wraps them in a non-retriable KafkaJSNumberOfRetriesExceeded when
 * its own retries run out, so the whole cause chain is looked at. Anything else (bad configuration,
 * authentication, a bug) is not retriable.
 */
export function isRetriable(error: unknown): boolean {
  return causeChain(error).some((link) => {
    if (link.retriable === true || isCatalogRace(link)) return true;
    if (typeof link.name === 'string' && (retriableMongoErrors.has(link.name) || retriableKafkaErrors.has(link.name))) return true;
    if (isRetriableMongoError(link) || isKafkaMetadataLost(link)) return true;
    if (typeof link.type === 'string' && (membershipLostTypes.has(link.type) || brokerFailureTypes.has(link.type))) return true;
    if (typeof link.code === 'string' && (retriableSystemCodes.has(link.code) || retriableSqlStates.test(link.code))) return true;
    if (typeof link.message !== 'string') return false;
    // FerretDB answers a failure of its PostgreSQL as a MongoServerError (code 1): the SQLSTATE in its message, or pgx's
    // "failed to connect to `user=…`: …" while PostgreSQL is away or restarting (a dial error, a TLS handshake or a
    // read reset by the server): no connection, so nothing was sent. A refusal with a SQLSTATE (a password) is not.
    const sqlState = /\(SQLSTATE ([0-9A-Z]{5})\)/.exec(link.message)?.[1];
    if (/failed to connect to `user=/.test(link.message) && sqlState === undefined) return true;
    // pg-pool's "timeout exceeded when trying to connect": every connection of the pool stayed busy for its
    // connectionTimeoutMillis (a server slow after a fault, or reconnecting); nothing was sent.
    return (sqlState !== undefined && retriableSqlStates.test(sqlState)) ||
      /Connection terminated|the database system is (starting up|shutting down)|Client has encountered a connection error and is not queryable|^timeout exceeded when trying to connect$/.test(link.message);
  });
}

/** One line for a log or /ready: the innermost cause that says most, e.g. "KafkaJSProtocolError: This server does not host this topic-partition". */
export function describeError(error: unknown): string {
  const chain = causeChain(error);
  const telling = chain.find((link) => link.retriable === true) ?? chain.at(-1) ?? {};
  const name = typeof telling.name === 'string' ? telling.name : 'Error';
  const message = typeof telling.message === 'string' && telling.message !== '' ? telling.message : String(error);
  const code = typeof telling.code === 'string' && !message.includes(telling.code) ? ` (${telling.code})` : '';
  return `${name}: ${message}${code}`;
}

function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 20) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || chain.includes(next as ErrorLike)) continue;
    const link = next as ErrorLike;
    chain.push(link);
    pending.push(link.cause, link.originalError, link.errorResponse, ...(Array.isArray(link.errors) ? link.errors : []));
  }
  return chain;
}
