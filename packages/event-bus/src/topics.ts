import type { Category } from '@ctp/contracts';

/** How topics are named; tests pass their own prefix so runs never share topics. */
export interface TopicNaming {
  /** The names' prefix; consumer groups take it too, so prefixes sharing a cluster never share a group. */
  readonly prefix?: string;
  events(category: Category): string;
  deadLetter(consumer: string): string;
}

const legal = /^[A-Za-z0-9._-]+$/;

export function topicNaming(prefix = 'ctp'): TopicNaming {
  return {
    prefix,
    events: (category) => topicName(`${prefix}.events.${category}`),
    deadLetter: (consumer) => topicName(`${prefix}.dlq.${consumer}`),
  };
}

export const defaultTopicNaming = topicNaming();

/** `ctp.events.<category>`: one topic per stream category. */
export const topicFor = (category: Category): string => defaultTopicNaming.events(category);

/** `ctp.dlq.<projection>`: where a consumer parks the events it could not handle. */
export const deadLetterTopicFor = (consumer: string): string => defaultTopicNaming.deadLetter(consumer);

function topicName(name: string): string {
  if (!legal.test(name) || name.length > 249) {
    throw new Error(`${JSON.stringify(name)} is not a legal Kafka topic name ([A-Za-z0-9._-], at most 249 characters)`);
  }
  return name;
}
