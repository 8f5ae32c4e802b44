import type { Consumer } from 'kafkajs';

export interface ConsumerEnd {
  /** Rejects with the error of a crash kafkajs does not restart from; resolves once `stopped()` is called. */
  readonly promise: Promise<void>;
  stopped(): void;
}

/** How a started consumer ends, for a supervisor that restarts it after a retriable crash. */
export function watchConsumerEnd(consumer: Consumer): ConsumerEnd {
  let stopped: () => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    stopped = resolve;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
  });
  promise.catch(() => undefined);
  return { promise, stopped };
}
