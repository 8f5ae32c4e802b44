import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { StartUpProgress } from './start-up-progress.js';
import { superviseWorks, type BackgroundWork } from './supervise.js';

const logger = createLogger('test', 'silent');
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setImmediate(poll));
    poll();
  });
}

describe('superviseWorks', () => {
  it('starts works in order, each once the one before runs, and reports what start-up waits for', async () => {
    const log: string[] = [];
    let brokerUp = false;
    const work = (name: string, needsBroker: boolean): BackgroundWork => ({
      name,
      start: async () => {
        if (needsBroker && !brokerUp) throw refused();
        log.push(`start ${name}`);
      },
      stop: async () => void log.push(`stop ${name}`),
    });
    const progress = new StartUpProgress();
    const supervisor = superviseWorks([work('timers', false), work('projection', true), work('reactor', true)], { logger, progress, onFatal: () => log.push('fatal') });
    await until(() => progress.pending()?.startsWith('projection is waiting') === true);
    expect(progress.pending()).toBe('projection is waiting: Error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(log).toEqual(['start timers']);
    brokerUp = true;
    await until(() => progress.pending() === null);
    expect(log).toEqual(['start timers', 'start projection', 'start reactor']);
    await supervisor.stop();
    expect(log).toEqual(['start timers', 'start projection', 'start reactor', 'stop reactor', 'stop projection', 'stop timers']);
  });

  it('restarts a work that ends on a retriable error, and hands a non-retriable one to onFatal', async () => {
    const ends: ((error: unknown) => void)[] = [];
    let starts = 0;
    const fatal: string[] = [];
    const work: BackgroundWork = {
      name: 'relay',
      start: async () => void (starts += 1),
      stop: async () => undefined,
      ended: () => new Promise<void>((_, reject) => ends.push(reject)),
    };
    const supervisor = superviseWorks([work], { logger, progress: new StartUpProgress(), onFatal: (name, error) => fatal.push(`${name}: ${String(error)}`) });
    await until(() => ends.length === 1);
    ends[0]!(refused());
    await until(() => ends.length === 2);
    expect(starts).toBe(2);
    ends[1]!(new Error('wrong credentials'));
    await until(() => fatal.length === 1);
    expect(fatal).toEqual(['relay: Error: wrong credentials']);
    expect(starts).toBe(2);
    await supervisor.stop();
  });

  it('aborts a work still waiting to start when stopped, and never stops what did not start', async () => {
    const stopped: string[] = [];
    const supervisor = superviseWorks(
      [{ name: 'never', start: async () => Promise.reject(refused()), stop: async () => void stopped.push('never') }],
      { logger, progress: new StartUpProgress(), onFatal: () => stopped.push('fatal') },
    );
    await supervisor.stop();
    expect(stopped).toEqual([]);
  });
});
