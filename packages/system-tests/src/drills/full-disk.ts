import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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
const noSpace = /No space left on device/g;

/**
 * A small filesystem of its own (tmpfs, 64 MiB) under the drill's PostgreSQL: a tablespace on it, and every table
 * and index of the database `ctp` (the event store, sla's timers, the relay's and the consumers' checkpoints) moved
 * into it. `fill` writes a file until the filesystem has no byte left, so PostgreSQL's next page of any of those
 * relations fails with SQLSTATE 53100 ("could not extend file … No space left on device"); `free` deletes the file.
 * The WAL stays on the data directory's own disk (a full WAL disk makes PostgreSQL stop, which the restart drill
 * covers). Only the drill's own servers are touched.
 */
export async function fullDiskTablespace(servers: FreshServers) {
  const mountPoint = await mkdtemp('/tmp/ctp-full-disk-');
  // The postgres OS user must reach the tablespace (mkdtemp makes the folder 700).
  await chmod(mountPoint, 0o755);
  await command('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=755', 'ctp-drill-full-disk', mountPoint]);
  const location = join(mountPoint, 'tablespace');
  const filler = join(mountPoint, 'filler');
  const log = join(servers.stateDir, 'logs', 'postgres.log');
  let mounted = true;
  try {
    await command('install', ['-d', '-m', '700', '-o', 'postgres', '-g', 'postgres', location]);
    // The superuser connects over the server's socket: its folder is the fifth line of postmaster.pid.
    const socket = (await readFile(join(servers.stateDir, 'data', 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[4]!.trim();
    const sql = [
      `CREATE TABLESPACE ctp_drill_full OWNER ctp LOCATION '${location}'`,
      'ALTER TABLE ALL IN TABLESPACE pg_default OWNED BY ctp SET TABLESPACE ctp_drill_full',
      'ALTER INDEX ALL IN TABLESPACE pg_default OWNED BY ctp SET TABLESPACE ctp_drill_full',
    ];
    await command('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', socket, '-p', String(servers.ports.postgres), '-d', 'ctp', ...sql.flatMap((statement) => ['-c', statement])]);
  } catch (error) {
    await command('umount', [mountPoint]).catch(() => undefined);
    await rm(mountPoint, { recursive: true, force: true });
    throw error;
  }
  const logSize = async () => (await stat(log)).size;
  return {
    mountPoint,
    /** The PostgreSQL log's length now: `refusals` counts the disk-full failures logged after it. */
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
    /** The statements PostgreSQL refused for want of space since the log had `from` bytes. */
    async refusals(from: number): Promise<number> {
      const text = (await readFile(log)).subarray(from).toString('utf8');
      return [...text.matchAll(noSpace)].length;
    },
    /** Waits until PostgreSQL has refused `count` statements for want of space since `from`. */
    async refused(from: number, count: number, withinMs: number): Promise<number> {
      let found = 0;
      await eventually(async () => ((found = await this.refusals(from)) >= count ? found : undefined), `${count} statements refused for want of space`, () => `${found} refused`, withinMs);
      return found;
    },
    async free(): Promise<void> {
      await rm(filler, { force: true });
    },
    /** After the drill's servers are stopped: unmounts the filesystem. */
    async close(): Promise<void> {
      if (!mounted) return;
      mounted = false;
      await command('umount', [mountPoint]).catch(() => command('umount', ['-l', mountPoint]));
      await rm(mountPoint, { recursive: true, force: true });
    },
  };
}

export type FullDisk = Awaited<ReturnType<typeof fullDiskTablespace>>;
