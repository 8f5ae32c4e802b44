/**
 * A timer worker in its own process, for crash.int.test.ts. Its handler does what a real one must:
 * the effect is keyed by the timer id (INSERT ... ON CONFLICT DO NOTHING), so firing twice changes
 * nothing. Every call is also logged in `firings`, to count how often the handler ran.
 *
 *   TIMERS_URL, TIMERS_SCHEMA, LEASE_MS: where and how to run
 *   HANG_KIND: timers of this kind hang forever after their effect (the test then SIGKILLs us)
 *
 * Prints `fired <id>` after a handler returned, `hanging <id>` when it hangs, `polled <n>` after each
 * look for due timers (so a test can wait for more polls, never sleep), `ready` once started.
 */
import pg from 'pg';
import { createTimerStore } from '../timer-store.js';
import { startTimerWorker } from '../timer-worker.js';

const url = process.env.TIMERS_URL ?? '';
const schema = process.env.TIMERS_SCHEMA ?? '';
const hangKind = process.env.HANG_KIND;
const pool = new pg.Pool({ connectionString: url, max: 2 });
const store = await createTimerStore(url, { schema });
const say = (line: string) => process.stdout.write(`${line}\n`);

let polls = 0;
const counted: typeof store = Object.create(store, {
  claim: {
    value: async (options: Parameters<typeof store.claim>[0]) => {
      const batch = await store.claim(options);
      say(`polled ${++polls}`);
      return batch;
    },
  },
});

const worker = startTimerWorker({
  store: counted,
  pollIntervalMs: 20,
  leaseMs: Number(process.env.LEASE_MS ?? 1_000),
  handle: async (timer) => {
    await pool.query(`INSERT INTO "${schema}".firings (timer_id, pid) VALUES ($1, $2)`, [timer.id, process.pid]);
    await pool.query(`INSERT INTO "${schema}".effects (timer_id) VALUES ($1) ON CONFLICT (timer_id) DO NOTHING`, [timer.id]);
    if (timer.kind === hangKind) {
      say(`hanging ${timer.id}`);
      await new Promise(() => undefined);
    }
    say(`fired ${timer.id}`);
  },
});

process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => Promise.all([store.close(), pool.end()]))
    .then(() => process.exit(0));
});
say('ready');
