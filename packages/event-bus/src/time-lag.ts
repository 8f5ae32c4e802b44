/** One reading of a read model: the events on its topics (produced) and those it has consumed, at a time in ms. */
export interface LagSample {
  readonly at: number;
  readonly produced: number;
  readonly consumed: number;
}

/**
 * How far behind the head a read model is in time: how long ago the head stood where the read model stands now, from
 * the samples taken so far (the newest last). Zero when it has consumed everything; when the head was already past it
 * at the first sample, the time since that sample (so at least that far behind).
 */
export function timeLagMs(samples: readonly LagSample[]): number {
  const now = samples.at(-1);
  if (!now || now.consumed >= now.produced) return 0;
  const reached = samples.find((sample) => sample.produced >= now.consumed) ?? samples[0]!;
  return now.at - reached.at;
}
