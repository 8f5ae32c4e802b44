import { createRng, type Seed } from '@ctp/synthetic-data';
import { waitUntilReady, type ServiceStack } from '@ctp/test-kit';

/** One SIGKILL of a drill: which process, once how many operations were accepted. */
export interface PlannedKill {
  readonly name: string;
  readonly afterAccepted: number;
}

/**
 * Each process killed `times` times, at moments drawn from the seed between `from` and `to` accepted operations:
 * the same seed kills the same processes at the same points of the load, whatever the machine's speed.
 */
export function planKills(seed: Seed, names: readonly string[], times: number, from: number, to: number): PlannedKill[] {
  const rng = createRng(seed, 'load-drill-kills');
  const kills = names.flatMap((name) => Array.from({ length: times }, () => ({ name, afterAccepted: from + Math.floor(rng.float() * (to - from)) })));
  return kills.toSorted((a, b) => a.afterAccepted - b.afterAccepted);
}

export interface KillRecord extends PlannedKill {
  /** Accepted operations when the process was actually killed (later than planned while its last restart was not ready). */
  readonly killedAtAccepted: number;
  /** From the kill until the new process answered ready. */
  readonly readyAfterMs: number;
}

/**
 * Kills the stack's processes as the load's progress reaches each planned point (`progress` is the load's
 * `onAccepted`), and starts each again at once, as a supervisor would. A process's next kill waits until its
 * last restart is ready, so each kill hits a running, ready process. `done` resolves when every planned kill was
 * made and every process is ready again (a process not ready within `readyWithinMs` rejects it).
 */
export function killsOnProgress(stack: ServiceStack, plan: readonly PlannedKill[], readyWithinMs: number) {
  const records: KillRecord[] = [];
  const chains = new Map<string, Promise<void>>();
  let accepted = 0;
  let next = 0;
  const killAndRestart = async (kill: PlannedKill) => {
    const victim = stack.service(kill.name);
    const killedAtAccepted = accepted;
    const started = performance.now();
    const exited = new Promise((resolve) => victim.child.once('exit', resolve));
    victim.child.kill('SIGKILL');
    await exited;
    await waitUntilReady(stack.restart(kill.name), readyWithinMs);
    records.push({ ...kill, killedAtAccepted, readyAfterMs: performance.now() - started });
  };
  const progress = (count: number) => {
    accepted = count;
    for (; next < plan.length && plan[next]!.afterAccepted <= count; next += 1) {
      const kill = plan[next]!;
      const chain = (chains.get(kill.name) ?? Promise.resolve()).then(() => killAndRestart(kill));
      // Handled here so a failure waits for `done`, which rejects with it.
      chain.catch(() => undefined);
      chains.set(kill.name, chain);
    }
  };
  const done = async () => {
    if (next < plan.length) throw new Error(`the load ended after ${accepted} accepted operations, before the kills planned at ${plan.slice(next).map(({ name, afterAccepted }) => `${name}@${afterAccepted}`).join(', ')}`);
    await Promise.all(chains.values());
    return records;
  };
  return { progress, done };
}
