import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@ctp/test-kit';
import type { FreshServers } from '../fresh-start/fresh-servers.js';

const run = promisify(execFile);
const command = async (file: string, args: readonly string[]) => {
  try {
    return (await run(file, args)).stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed (the full-disk drill needs root: mount, chown, runuser): ${failed.message} ${failed.stderr ?? ''}`);
  }
};
const noSpace = /No space left on device/;

/**
 * A small filesystem of its own (tmpfs) for one server's files, outside the drill's state folder (which `infra reset`
 * deletes): `fill` writes a file until it has no byte left, `free` deletes that file; `logged` waits until the
 * server's log shows its writes failing for want of space. `prepare` puts the server's files on it (undone by
 * unmounting if it fails).
 */
async function smallDisk(size: string, serverLog: string, prepare: (mountPoint: string) => Promise<void>) {
  const mountPoint = await mkdtemp('/tmp/ctp-full-disk-');
  // The server's OS user must reach its folder (mkdtemp makes the folder 700).
  await chmod(mountPoint, 0o755);
  await command('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=755`, 'ctp-drill-full-disk', mountPoint]);
  const unmount = async () => {
    await command('umount', [mountPoint]).catch(() => command('umount', ['-l', mountPoint]));
    await rm(mountPoint, { recursive: true, force: true });
  };
  try {
    await prepare(mountPoint);
  } catch (error) {
    await unmount();
    throw error;
  }
  const filler = join(mountPoint, 'filler');
  const logSize = async () => (await stat(serverLog)).size;
  const matching = async (from: number, pattern: RegExp) => [...(await readFile(serverLog)).subarray(from).toString('utf8').matchAll(new RegExp(pattern.source, 'g'))].map(([match]) => match);
  let mounted = true;
  return {
    mountPoint,
    /** The server's log length now: `logged` counts the lines logged after it. */
    logSize,
    /** Fills the filesystem until a write fails for want of space; answers the bytes written. */
    async fill(): Promise<number> {
      await run('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'status=none']).then(
        () => {
          throw new Error(`dd filled ${filler} without running out of space`);
        },
        (error: { stderr?: string }) => {
          if (!/No space left on device/.test(error.stderr ?? '')) throw new Error(`filling ${filler} failed otherwise: ${error.stderr ?? ''}`);
        },
      );
      return (await stat(filler)).size;
    },
    /** Waits until the server's log shows `count` lines matching `pattern` (a failure for want of space) since it had `from` bytes; answers how many. */
    async logged(from: number, count: number, withinMs: number, pattern: RegExp = noSpace): Promise<number> {
      let found = 0;
      await eventually(async () => ((found = (await matching(from, pattern)).length) >= count ? found : undefined), `${count} lines of ${pattern.source} in ${serverLog}`, () => `${found} found`, withinMs);
      return found;
    },
    /** What the server logged since its log had `from` bytes that matches `pattern`, match by match. */
    matching,
    async free(): Promise<void> {
      await rm(filler, { force: true });
    },
    /** After the drill's servers are stopped: unmounts the filesystem. */
    async close(): Promise<void> {
      if (!mounted) return;
      mounted = false;
      await unmount();
    },
  };
}

/**
 * The disk under the drill's event store (64 MiB): a tablespace on it, and every table and index of the database
 * `ctp` (the event store, sla's timers, the relay's and the consumers' checkpoints) moved into it, so that when it is
 * full PostgreSQL's next page of any of them fails with SQLSTATE 53100 ("could not extend file … No space left on
 * device"). The WAL stays on the data directory's own disk (a full WAL disk makes PostgreSQL stop, which the restart
 * drill covers). Only the drill's own servers are touched; they must be up.
 */
export function fullDiskTablespace(servers: FreshServers) {
  return smallDisk('64m', join(servers.stateDir, 'logs', 'postgres.log'), async (mountPoint) => {
    const location = join(mountPoint, 'tablespace');
    await command('install', ['-d', '-m', '700', '-o', 'postgres', '-g', 'postgres', location]);
    // The superuser connects over the server's socket: its folder is the fifth line of postmaster.pid.
    const socket = (await readFile(join(servers.stateDir, 'data', 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[4]!.trim();
    const sql = [
      `CREATE TABLESPACE ctp_drill_full OWNER ctp LOCATION '${location}'`,
      'ALTER TABLE ALL IN TABLESPACE pg_default OWNED BY ctp SET TABLESPACE ctp_drill_full',
      'ALTER INDEX ALL IN TABLESPACE pg_default OWNED BY ctp SET TABLESPACE ctp_drill_full',
    ];
    await command('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', socket, '-p', String(servers.ports.postgres), '-d', 'ctp', ...sql.flatMap((statement) => ['-c', statement])]);
  });
}

/**
 * The disk under the drill's Kafka (256 MiB): its log folder (every topic's partitions and the KRaft metadata log) a
 * link to a folder on it, made before Kafka is formatted, so its servers must not be up yet. When it is full, Kafka's
 * next append fails ("No space left on device") and the broker halts: a partition's append fails the folder, the
 * only one, or the KRaft metadata log's append is a fatal fault (with no producer, the latter: a no-op record every 500 ms).
 */
export async function fullDiskKafkaLogs(servers: FreshServers) {
  const kafkaDir = join(servers.stateDir, 'data', 'kafka');
  return smallDisk('256m', join(servers.stateDir, 'logs', 'kafka.log'), async (mountPoint) => {
    await mkdir(join(mountPoint, 'logs'));
    await mkdir(kafkaDir, { recursive: true });
    await symlink(join(mountPoint, 'logs'), join(kafkaDir, 'logs'));
  });
}

export type FullDisk = Awaited<ReturnType<typeof smallDisk>>;
