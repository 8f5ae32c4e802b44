import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Servers } from '@ctp/load-generator/drill';
import type { ServerName } from '../fresh-start/fresh-servers.js';

const run = promisify(execFile);

/**
 * Drops every client connection of PostgreSQL: each client backend but the one asking is terminated
 * (`pg_terminate_backend`), FerretDB's connections to it among them. Answers how many were terminated.
 */
export async function dropPostgresConnections(postgres: Servers['postgres']): Promise<number> {
  const { rows } = await postgres.query<{ dropped: number }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS dropped FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
  return rows[0]!.dropped;
}

/**
 * Drops every TCP connection to a port on loopback, both ends, with `ss -K` (the kernel's SOCK_DESTROY: the
 * sockets are aborted, each side sees a reset). Needs root and a kernel built with CONFIG_INET_DIAG_DESTROY; it
 * rejects, naming why, when no connection was dropped. Answers how many sockets were destroyed.
 */
export async function dropTcpConnections(port: number): Promise<number> {
  const { stdout } = await run('ss', ['-K', '-H', '-t', '-n', 'state', 'established', `( dport = :${port} or sport = :${port} )`, 'dst', '127.0.0.1']).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`ss -K for port ${port} failed (it needs root and a kernel with CONFIG_INET_DIAG_DESTROY): ${error.message} ${error.stderr ?? ''}`);
  });
  const destroyed = stdout.split('\n').filter((line) => line.trim() !== '').length;
  if (destroyed === 0) throw new Error(`ss -K destroyed no connection to port ${port} (it needs root and a kernel with CONFIG_INET_DIAG_DESTROY; without them it lists nothing)`);
  return destroyed;
}

/**
 * A fault of the server drill: a server stopped and started again, every connection to it dropped, or
 * (`full:postgres`, `full:kafka`) the disk under the event store's tables or under Kafka's logs full until the
 * server's writes fail, then freed.
 */
export type ServerFault = ServerName | `drop:${ServerName}` | 'full:postgres' | 'full:kafka';

export const isServerFault = (fault: string): fault is ServerFault => /^((drop:)?(postgres|kafka|ferretdb)|full:(postgres|kafka))$/.test(fault);
