import type { EventStore } from '@ctp/event-store';
import { rebuild } from '@ctp/projections';
import { describeError } from '../start-up/retriable.js';
import { AdminLookupError } from './admin-lookup-error.js';
import type { AdminParts } from './admin-parts.js';
import { rebuildPace } from './health.js';
import type { Job, JobFilter, JobKind, RunningJob } from './job-store.js';
import { replayReactions } from './replay.js';

function stopIfLost(job: RunningJob): void {
  if (job.lost()) throw new Error('the job lost its lock (its database session ended): it is reported interrupted and stops here');
}

/** The long operations, run as jobs recorded in admin_jobs: rebuilds of read models and replays of reactors. */
export class AdminJobs {
  constructor(private readonly parts: AdminParts) {}

  /** Starts a blue-green rebuild as a job; refused while a rebuild of the same projection runs. */
  async startRebuild(name: string): Promise<Job> {
    const consumer = this.parts.consumers.find((candidate) => candidate.name === name && candidate.rebuildable);
    if (!consumer?.rebuildable) throw new AdminLookupError('not_found', `${this.parts.service} has no read model ${name}`);
    const { projection, db } = consumer.rebuildable;
    return this.startJob('rebuild', name, async (job, store) => {
      const head = await store.headPosition();
      stopIfLost(job);
      const started = performance.now();
      let reported = 0;
      // The job holds the projection's lock: a rebuild still marked as building was left by a process that died.
      const result = await rebuild(projection, store, {
        db,
        force: true,
        now: this.parts.clock,
        onProgress: async (progress) => {
          stopIfLost(job);
          const elapsedMs = performance.now() - started;
          if (progress.phase === 'building' && elapsedMs - reported < 500) return;
          reported = elapsedMs;
          await job.progress({ phase: progress.phase, version: progress.version, position: progress.position, head, events: progress.events, ...rebuildPace({ events: progress.events, position: progress.position, head, elapsedMs }) });
        },
      });
      this.parts.logger.info({ projection: name, ...result }, 'read model rebuilt and switched over');
      return { switchedTo: result.version, previous: result.previous, oldVersionKept: true, position: result.position, events: result.events, durationMs: result.durationMs };
    });
  }

  /** Starts a replay of a reactor's reactions over a range of positions as a job; refused while one of the same reactor runs. */
  async startReplay(name: string, range: { from: string; to: string | null }): Promise<Job> {
    const consumer = this.parts.consumers.find((candidate) => candidate.name === name && candidate.replayable);
    if (!consumer?.replayable) throw new AdminLookupError('not_found', `${this.parts.service} has no reactor ${name}`);
    const target = consumer.replayable;
    return this.startJob('replay', name, async (job, store) => {
      const started = performance.now();
      const result = await replayReactions(store, target, range, async ({ replayed, position, head }) => {
        stopIfLost(job);
        await job.progress({ phase: 'replaying', position, head, events: replayed, ...rebuildPace({ events: replayed, position, head, elapsedMs: performance.now() - started }) });
      });
      this.parts.logger.info({ reactor: name, from: result.from, to: result.to, replayed: result.replayed, appended: result.appendedCount }, 'reactions replayed by an operator');
      return { ...result };
    });
  }

  /** Records a job on `<kind>:<name>` and runs `work` in the background; refused while one on the same target runs. */
  private async startJob(kind: JobKind, name: string, work: (job: RunningJob, store: EventStore) => Promise<Record<string, unknown>>): Promise<Job> {
    const jobs = await this.parts.jobs();
    const outcome = await jobs.start(kind, `${kind}:${name}`);
    if ('running' in outcome) throw new AdminLookupError('conflict', `a ${kind} of ${name} is running`, outcome.running);
    const job = outcome.started;
    const run = async () => {
      const result = await work(job, await this.parts.eventStore());
      await job.succeed(result);
    };
    void run().catch(async (error: unknown) => {
      this.parts.logger.error({ err: error, job: job.id, kind, target: name }, `${kind} of ${name} failed`);
      await job.fail(describeError(error)).catch((failing: unknown) => this.parts.logger.error({ err: failing }, `recording the failed ${kind} failed`));
    });
    const recorded = await jobs.get(job.id);
    if (!recorded) throw new Error(`job ${job.id} was not recorded`);
    return recorded;
  }

  async list(filter: JobFilter): Promise<Job[]> {
    return (await this.parts.jobs()).list(filter);
  }

  async job(id: string): Promise<Job> {
    const job = await (await this.parts.jobs()).get(id);
    if (!job) throw new AdminLookupError('not_found', `${this.parts.service} has no job ${id}`);
    return job;
  }
}
