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

const retriableMongoErrors = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoTopologyClosedError']);

/** KafkaJS calls these non-retriable, but on a broker that has just started they pass: its offsets topic is still being created. */
const retriableKafkaErrors = new Set(['KafkaJSGroupCoordinatorNotFound']);

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

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly retriable?: unknown;
  /** KafkaJS protocol errors name the broker's error code, e.g. REBALANCE_IN_PROGRESS. */
  readonly type?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
  readonly errors?: unknown;
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
    if (typeof link.type === 'string' && membershipLostTypes.has(link.type)) return true;
    if (typeof link.code === 'string' && (retriableSystemCodes.has(link.code) || retriableSqlStates.test(link.code))) return true;
    if (typeof link.message !== 'string') return false;
    // FerretDB answers a failure of its PostgreSQL as a MongoServerError (code 1): the SQLSTATE in its message, or pgx's
    // "failed to connect to `user=…`: … dial error" while PostgreSQL is away.
    const sqlState = /\(SQLSTATE ([0-9A-Z]{5})\)/.exec(link.message)?.[1];
    if (/failed to connect to `user=.*dial error/s.test(link.message)) return true;
    return (sqlState !== undefined && retriableSqlStates.test(sqlState)) || /Connection terminated|the database system is (starting up|shutting down)|Client has encountered a connection error and is not queryable/.test(link.message);
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
    pending.push(link.cause, link.originalError, ...(Array.isArray(link.errors) ? link.errors : []));
  }
  return chain;
}
