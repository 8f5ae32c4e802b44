export const serverKinds = ['postgres', 'kafka', 'mongo'] as const;
export type ServerKind = (typeof serverKinds)[number];

export interface ServerInfo {
  readonly url?: string;
  readonly source?: 'environment' | 'testcontainers';
  readonly missing?: string;
}

export type Servers = Record<ServerKind, ServerInfo>;

export const serverEnvironment: Record<ServerKind, string> = {
  postgres: 'CTP_POSTGRES_URL',
  kafka: 'CTP_KAFKA_BROKERS',
  mongo: 'CTP_MONGO_URL',
};

export const serverLabels: Record<ServerKind, string> = {
  postgres: 'PostgreSQL',
  kafka: 'Kafka',
  mongo: 'a MongoDB-protocol server (MongoDB or FerretDB)',
};

export function missingServerMessage(kind: ServerKind, why: string): string {
  return (
    `No ${serverLabels[kind]} for the tests: ${why}. Set ${serverEnvironment[kind]} ` +
    `(run "bash infra/infra up" and "source .local/infra/env.sh") or start a Docker engine for testcontainers.`
  );
}

declare module 'vitest' {
  export interface ProvidedContext {
    ctpServers: Servers;
    /** This run's mark in every name uniqueName makes; the run's teardown drops what carries it. */
    ctpTestRun: string;
  }
}
