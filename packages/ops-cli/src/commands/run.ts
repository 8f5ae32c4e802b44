import { parseArguments, usage, UsageError, type Command } from '../cli/arguments.js';
import { adminKey, serviceUrl, serviceUrls } from '../cli/configuration.js';
import { AdminCallError, AdminClient, type Fetch } from '../client/admin-client.js';
import { replayOutcome, allHealthy, jobOutcome, jobsView, lettersView, progressLine, redriveView, statusView, timersView, type JobView, type Letter, type ServiceStatus, type StatusReport, type TimerItem } from '../output/views.js';

/** What the tool touches of the world, so a test can hand it its own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Rewrites the current line (a terminal), or writes the line when the text changed (a pipe or a log). */
  progress(text: string): void;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The development keys file's text, or null when there is none. */
  readDevKeys(): string | null;
  readonly fetch?: Fetch;
  /** Waits between two polls of a running job. */
  pause(ms: number): Promise<void>;
}

/** Runs one invocation; resolves to the exit code (0 healthy or done, 1 unhealthy or failed, 2 usage or configuration). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const invocation = parseArguments(argv);
    if (invocation.command.name === 'help') {
      io.out(usage);
      return 0;
    }
    const services = serviceUrls(io.environment.CTP_OPS_SERVICES);
    const key = adminKey(invocation.key, io.environment.CTP_ADMIN_KEY, io.readDevKeys());
    const client = (name: string) => new AdminClient(name, serviceUrl(services, name), key, io.fetch);
    return await execute(invocation.command, { client, services: Object.keys(services), json: invocation.json, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ctp-ops: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof AdminCallError) {
      io.err(`ctp-ops: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

interface Context {
  readonly client: (service: string) => AdminClient;
  readonly services: readonly string[];
  readonly json: boolean;
  readonly io: Io;
}

async function execute(command: Exclude<Command, { name: 'help' }>, context: Context): Promise<number> {
  switch (command.name) {
    case 'status':
      return status(command.services.length > 0 ? command.services : context.services, context);
    case 'rebuild':
      return rebuild(command.service, command.projection, context);
    case 'replay':
      return replay(command, context);
    case 'dead-letters':
      return deadLetters(command, context);
    case 'timers':
      return timers(command, context);
    case 'jobs':
      return jobs(command, context);
  }
}

async function status(services: readonly string[], { client, json, io }: Context): Promise<number> {
  const statuses = await Promise.all(
    services.map(async (service): Promise<ServiceStatus> => {
      const admin = client(service);
      try {
        return { service, report: await admin.get<StatusReport>('/v1/admin/status') };
      } catch (error) {
        if (error instanceof AdminCallError) return { service, unreachable: error.message };
        throw error;
      }
    }),
  );
  io.out(json ? JSON.stringify(statuses, null, 2) : statusView(statuses));
  return allHealthy(statuses) ? 0 : 1;
}

async function rebuild(service: string, projection: string, { client, json, io }: Context): Promise<number> {
  const admin = client(service);
  let job: JobView;
  try {
    job = await admin.post<JobView>(`/v1/admin/rebuilds/${encodeURIComponent(projection)}`);
  } catch (error) {
    if (error instanceof AdminCallError && error.status === 409) {
      io.err(`ctp-ops: a rebuild of ${projection} is already running (job ${String(error.problem?.runningJob ?? '?')}); follow it or wait`);
      return 1;
    }
    throw error;
  }
  if (!json) io.out(`rebuild of ${service}/${projection} started: job ${job.id}`);
  job = await follow(admin, job, json, io);
  io.out(json ? JSON.stringify(job, null, 2) : jobOutcome(projection, job));
  return job.state === 'succeeded' ? 0 : 1;
}

async function replay(command: Extract<Command, { name: 'replay' }>, { client, json, io }: Context): Promise<number> {
  const admin = client(command.service);
  let job: JobView;
  try {
    job = await admin.post<JobView>(`/v1/admin/replays/${encodeURIComponent(command.reactor)}`, { from: command.from, ...(command.to === null ? {} : { to: command.to }) });
  } catch (error) {
    if (error instanceof AdminCallError && error.status === 409) {
      io.err(`ctp-ops: a replay of ${command.reactor} is already running (job ${String(error.problem?.runningJob ?? '?')})`);
      return 1;
    }
    throw error;
  }
  if (!json) io.out(`replay of ${command.service}/${command.reactor} from position ${command.from} started: job ${job.id}`);
  job = await follow(admin, job, json, io);
  io.out(json ? JSON.stringify(job, null, 2) : replayOutcome(command.reactor, job));
  return job.state === 'succeeded' ? 0 : 1;
}

/** Polls a job until it is no longer running, drawing its progress line meanwhile. */
async function follow(admin: AdminClient, started: JobView, json: boolean, io: Io): Promise<JobView> {
  let job = started;
  while (job.state === 'running') {
    if (!json) io.progress(progressLine(job));
    await io.pause(500);
    job = await admin.get<JobView>(`/v1/admin/jobs/${job.id}`);
  }
  if (!json && job.progress) io.progress(progressLine(job));
  return job;
}

async function deadLetters(command: Extract<Command, { name: 'dead-letters' }>, { client, json, io }: Context): Promise<number> {
  const admin = client(command.service);
  const path = `/v1/admin/dead-letters/${encodeURIComponent(command.consumer)}`;
  if (command.redrive) {
    const outcome = await admin.post<Parameters<typeof redriveView>[0]>(`${path}/redrive`);
    io.out(json ? JSON.stringify(outcome, null, 2) : redriveView(outcome));
    return outcome.stillBlocked.length === 0 && outcome.reparked === 0 ? 0 : 1;
  }
  const listed = await admin.get<{ consumer: string; parked: number; letters: Letter[] }>(`${path}?limit=${command.limit}`);
  io.out(json ? JSON.stringify(listed, null, 2) : lettersView(listed.consumer, listed.parked, listed.letters));
  return 0;
}

async function timers(command: Extract<Command, { name: 'timers' }>, { client, json, io }: Context): Promise<number> {
  const admin = client(command.service);
  if (command.retry !== null) {
    const retried = await admin.post<{ id: string; table: string }>(`/v1/admin/timers/${encodeURIComponent(command.retry)}/retry`);
    io.out(json ? JSON.stringify(retried) : `timer ${retried.id} (${retried.table}) is pending again, due now`);
    return 0;
  }
  const listed = await admin.get<{ state: string; timers: TimerItem[] }>(`/v1/admin/timers?state=${command.state}&limit=${command.limit}`);
  io.out(json ? JSON.stringify(listed, null, 2) : timersView(listed.state, listed.timers));
  return 0;
}

async function jobs(command: Extract<Command, { name: 'jobs' }>, { client, json, io }: Context): Promise<number> {
  const query = new URLSearchParams({ limit: String(command.limit), ...(command.kind ? { kind: command.kind } : {}), ...(command.state ? { state: command.state } : {}) });
  const listed = await client(command.service).get<{ jobs: JobView[] }>(`/v1/admin/jobs?${query}`);
  io.out(json ? JSON.stringify(listed, null, 2) : jobsView(listed.jobs));
  return 0;
}
