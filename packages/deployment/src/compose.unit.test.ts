import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serviceDefinition as analytics } from '@ctp/analytics/definition';
import { serviceDefinition as feedback } from '@ctp/feedback/definition';
import { serviceDefinition as intake } from '@ctp/intake/definition';
import { serviceDefinition as outbound } from '@ctp/outbound/definition';
import { serviceDefinition as relay } from '@ctp/relay/definition';
import { serviceDefinition as sla } from '@ctp/sla/definition';
import { serviceDefinition as tiering } from '@ctp/tiering/definition';
import { describe, expect, it } from 'vitest';
import {
  appServices,
  checkAgainstDefinition,
  checkAppEnvironment,
  checkAppServicePackage,
  checkCollectorConfig,
  checkDependsOn,
  checkDevKeys,
  checkDockerfile,
  checkDockerignore,
  checkHealthchecks,
  checkImages,
  checkPrometheusConfig,
  checkPublishedPorts,
  checkVolumes,
  contextSources,
  createComposeValidator,
  environmentOf,
  findRepoRoot,
  loadComposeSchema,
  parseComposeYaml,
  parseImageReference,
  pinnedPnpmVersion,
  stageNames,
  workspaceProjectDirs,
  type ComposeDocument,
  type ComposeService,
  type DockerfileExpectations,
  type ImageCheckContext,
  type ServiceDefinitionLike,
} from './index.js';

const root = findRepoRoot(import.meta.dirname);
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const composeText = read('docker-compose.yml');
const compose = parseComposeYaml(composeText) as ComposeDocument;
const dockerfileText = read('Dockerfile');
const collectorText = read('infra/docker/otel-collector.yaml');
const dockerignoreText = read('.dockerignore');
const prometheusText = read('infra/docker/prometheus.yml');

const schemaSource = loadComposeSchema();
const validateCompose = createComposeValidator(schemaSource);

const definitions: Record<string, ServiceDefinitionLike> = { intake, tiering, sla, feedback, analytics, outbound, relay };
/** Every workspace service (services/*) runs in compose; a new one fails the first test below until added here. */
const APP_NAMES = ['intake', 'tiering', 'sla', 'feedback', 'analytics', 'outbound', 'relay'];
const INFRA_WITH_HEALTHCHECK = ['eventstore', 'kafka', 'mongo'];

const imageContext: ImageCheckContext = { root, stagesOf: (file) => stageNames(readFileSync(file, 'utf8')) };
const projects = workspaceProjectDirs(root);
const dockerfileExpectations: DockerfileExpectations = {
  baseImage: 'node:20-bookworm-slim',
  pnpmVersion: pinnedPnpmVersion(root),
  manifests: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...projects.map((dir) => `${dir}/package.json`)],
};

/**
 * Problems a broken variant has that the real file does not: negative tests assert on these, so a
 * defect in the real file fails only the test about the real file.
 */
function introduced<T>(check: (input: T) => string[], real: T, bad: T): string[] {
  const baseline = new Set(check(real));
  return check(bad).filter((problem) => !baseline.has(problem));
}
const dockerfileProblems = (text: string) => checkDockerfile(text, dockerfileExpectations);

/** A deep copy of the real compose document, to break on purpose. */
function broken(mutate: (doc: ComposeDocument) => void): ComposeDocument {
  const doc = structuredClone(compose);
  mutate(doc);
  return doc;
}
function service(doc: ComposeDocument, name: string): ComposeService {
  const found = doc.services[name];
  if (!found) throw new Error(`compose has no service ${name}`);
  return found;
}
function setEnv(doc: ComposeDocument, name: string, key: string, value: string): void {
  const svc = service(doc, name);
  svc.environment = { ...environmentOf(svc), [key]: value };
}

describe(`Compose Specification schema (from npm ${schemaSource.packageName}@${schemaSource.version})`, () => {
  it('is the official Compose Specification schema', () => {
    expect(schemaSource.schema.$id).toBe('compose_spec.json');
    expect(schemaSource.schema.title).toBe('Compose Specification');
    const definitionsOf = schemaSource.schema.definitions as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(definitionsOf.service?.properties ?? {})).toEqual(
      expect.arrayContaining(['depends_on', 'healthcheck', 'pull_policy', 'build', 'image']),
    );
  });

  it('accepts docker-compose.yml', () => {
    expect(validateCompose(compose)).toEqual([]);
  });

  it('rejects a value of the wrong type', () => {
    const errors = validateCompose(broken((doc) => (service(doc, 'intake').ports = 8081 as never)));
    expect(errors.join('\n')).toMatch(/\/services\/intake\/ports must be array/);
  });

  it('rejects an unknown service key, e.g. a misspelt image', () => {
    const errors = validateCompose(
      broken((doc) => {
        const kafka = service(doc, 'kafka') as ComposeService & { imag?: string };
        kafka.imag = kafka.image ?? '';
        delete kafka.image;
      }),
    );
    expect(errors.join('\n')).toMatch(/\/services\/kafka must NOT have additional properties/);
  });

  it('rejects an unknown depends_on condition', () => {
    const errors = validateCompose(
      broken((doc) => (service(doc, 'intake').depends_on = { kafka: { condition: 'service_ready' } })),
    );
    expect(errors.join('\n')).toMatch(/must be equal to one of the allowed values/);
  });

  it('rejects a top-level key that is neither in the spec nor an x- extension', () => {
    expect(validateCompose({ ...compose, service: {} })).not.toEqual([]);
  });

  it('refuses a file that is not YAML', () => {
    expect(() => parseComposeYaml('services:\n  a: [unclosed\n')).toThrow();
  });
});

describe('application services', () => {
  const apps = appServices(compose);

  it('compose runs exactly the workspace services, each under its own name', () => {
    const workspaceServices = projects.filter((dir) => dir.startsWith('services/')).map((dir) => basename(dir));
    expect([...apps.keys()].sort()).toEqual([...APP_NAMES].sort());
    expect([...apps.values()].sort()).toEqual(workspaceServices.sort());
  });

  it.each(APP_NAMES)('%s: package, entry point, definition and environment agree', (name) => {
    const definition = definitions[name];
    if (!definition) throw new Error(`no definition for ${name}`);
    expect(checkAppServicePackage(root, name, apps.get(name) ?? '')).toEqual([]);
    expect(checkAgainstDefinition(name, service(compose, name), definition)).toEqual([]);
    expect(checkAppEnvironment(compose, name, Object.keys(definition.configSchema.shape))).toEqual([]);
  });

  it('all share one image, built once', () => {
    const images = new Set(APP_NAMES.map((name) => service(compose, name).image));
    expect(images.size).toBe(1);
    const builders = Object.values(compose.services).filter((s) => s.build !== undefined);
    expect(builders.map((s) => s.image)).toEqual([...images]);
  });

  it('flags a command that runs a service that does not exist', () => {
    expect(checkAppServicePackage(root, 'intake', 'nope')).toEqual(
      expect.arrayContaining([expect.stringMatching(/services\/nope\/package.json does not exist/)]),
    );
  });

  it('flags a PORT other than the default port, and env keys the config schema does not know', () => {
    const fake: ServiceDefinitionLike = { name: 'intake', defaultPort: 9999, configSchema: { shape: { PORT: {} } } };
    const problems = checkAgainstDefinition('intake', service(compose, 'intake'), fake);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/PORT is 8081, the service's default port is 9999/),
        expect.stringMatching(/sets KAFKA_BROKERS, which is not a key of its config schema/),
      ]),
    );
  });

  it('flags a value the service config schema rejects', () => {
    const doc = broken((d) => setEnv(d, 'intake', 'LOG_LEVEL', 'chatty'));
    const definition = definitions.intake;
    if (!definition) throw new Error('no intake definition');
    expect(checkAgainstDefinition('intake', service(doc, 'intake'), definition).join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('flags an environment wired to the wrong place', () => {
    const doc = broken((d) => {
      setEnv(d, 'intake', 'EVENT_STORE_URL', 'postgres://ctp@eventstore:5432/ctp');
      setEnv(d, 'intake', 'KAFKA_BROKERS', 'localhost:9094');
      setEnv(d, 'intake', 'MONGO_URL', 'mongodb://mongo:27017/?replicaSet=rs1');
      setEnv(d, 'intake', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://collector:4318');
      setEnv(d, 'intake', 'API_KEYS_FILE', '/secrets/api-keys.json');
      const env = environmentOf(service(d, 'intake'));
      delete env.HOST;
      service(d, 'intake').environment = env;
    });
    const problems = introduced((d: ComposeDocument) => checkAppEnvironment(d, 'intake'), compose, doc).join('\n');
    expect(problems).toMatch(/HOST is not set/);
    expect(problems).toMatch(/EventStoreDB adapter/);
    expect(problems).toMatch(/broker localhost:9094 is not host:port of a compose service/);
    expect(problems).toMatch(/replicaSet=rs1, mongo runs rs0/);
    expect(problems).toMatch(/OTLP endpoint host collector is not a compose service/);
    expect(problems).toMatch(/API_KEYS_FILE \/secrets\/api-keys.json is not inside a mounted volume/);
  });

  it('flags a broker that is not the advertised internal listener', () => {
    const doc = broken((d) => setEnv(d, 'sla', 'KAFKA_BROKERS', 'kafka:9094'));
    expect(introduced((d: ComposeDocument) => checkAppEnvironment(d, 'sla'), compose, doc).join('\n')).toMatch(/kafka:9094 is not an advertised listener of kafka/);
  });
});

describe('dev keys', () => {
  it('a one-shot dev-keys service writes ./.local before any service starts', () => {
    expect(checkDevKeys(compose, root, APP_NAMES)).toEqual([]);
  });

  it('flags a service that does not wait for the keys, and a changed command or mount', () => {
    const doc = broken((d) => {
      service(d, 'sla').depends_on = { 'dev-keys': { condition: 'service_started' } };
      service(d, 'dev-keys').command = ['node', 'other.js'];
      service(d, 'dev-keys').volumes = ['./.local:/app/.local:ro'];
    });
    const problems = introduced((d: ComposeDocument) => checkDevKeys(d, root, APP_NAMES), compose, doc).join('\n');
    expect(problems).toMatch(/sla: must depend on dev-keys with condition service_completed_successfully/);
    expect(problems).toMatch(/command does not run/);
    expect(problems).toMatch(/read-write/);
  });
});

describe('wiring of the stack', () => {
  it('every depends_on target exists and is waited for properly', () => {
    expect(checkDependsOn(compose)).toEqual([]);
  });

  it('flags a dependency on a missing service or on the health of a service without a healthcheck', () => {
    const doc = broken((d) => {
      service(d, 'intake').depends_on = {
        postgres: { condition: 'service_healthy' },
        'otel-collector': { condition: 'service_healthy' },
      };
    });
    expect(introduced(checkDependsOn, compose, doc)).toEqual([
      'intake: depends_on postgres, which is not a service',
      'intake: waits for otel-collector to be healthy, but otel-collector has no healthcheck',
    ]);
  });

  it('the services start after eventstore, kafka and mongo are healthy', () => {
    for (const name of APP_NAMES) {
      const deps = service(compose, name).depends_on as Record<string, { condition: string }>;
      for (const infra of INFRA_WITH_HEALTHCHECK) expect(deps[infra]?.condition, `${name} -> ${infra}`).toBe('service_healthy');
    }
  });

  it('infrastructure and services have health checks', () => {
    expect(checkHealthchecks(compose, [...INFRA_WITH_HEALTHCHECK, ...APP_NAMES])).toEqual([]);
    const doc = broken((d) => delete service(d, 'mongo').healthcheck);
    expect(checkHealthchecks(doc, ['mongo'])).toEqual(['mongo: has no healthcheck']);
  });

  it('every published port binds 127.0.0.1', () => {
    expect(checkPublishedPorts(compose)).toEqual([]);
  });

  it('flags ports published on all interfaces, and a host port used twice', () => {
    const doc = broken((d) => {
      service(d, 'intake').ports = ['8081:8081'];
      service(d, 'tiering').ports = [{ target: 8082, published: 8082, host_ip: '0.0.0.0' }];
      service(d, 'sla').ports = ['127.0.0.1:8081:8083'];
    });
    expect(introduced(checkPublishedPorts, compose, doc)).toEqual([
      'intake: port 8081:8081 is not bound to 127.0.0.1 (host_ip all interfaces)',
      'tiering: port {"target":8082,"published":8082,"host_ip":"0.0.0.0"} is not bound to 127.0.0.1 (host_ip 0.0.0.0)',
      'sla: host port 8081/tcp is already published by intake',
    ]);
  });

  it('every image reference is valid and pinned, and every build points at a real Dockerfile stage', () => {
    expect(checkImages(compose, imageContext)).toEqual([]);
  });

  it('flags a missing image, an unpinned or malformed image, and a broken build', () => {
    const doc = broken((d) => {
      delete service(d, 'kafka').image;
      service(d, 'mongo').image = 'mongo';
      service(d, 'jaeger').image = 'jaegertracing/all-in-one:latest';
      service(d, 'otel-collector').image = 'Otel/Collector:1';
      service(d, 'dev-keys').build = { context: '.', dockerfile: 'Dockerfile', target: 'no-such-stage' };
    });
    const images = (d: ComposeDocument) => checkImages(d, imageContext);
    expect(introduced(images, compose, doc)).toEqual([
      'kafka: has neither image nor build',
      'mongo: image "mongo" has no tag (pin a version)',
      'otel-collector: image "Otel/Collector:1" is not a valid image reference',
      'jaeger: image "jaegertracing/all-in-one:latest" uses the floating tag latest',
      'dev-keys: build target no-such-stage is not a stage of Dockerfile',
    ]);
    const noBuilder = broken((d) => delete service(d, 'dev-keys').build);
    expect(introduced(images, compose, noBuilder).join('\n')).toMatch(/intake: pull_policy never, but no service builds image/);
    const noContext = broken((d) => (service(d, 'dev-keys').build = { context: './nowhere' }));
    expect(introduced(images, compose, noContext)).toEqual(['dev-keys: build context ./nowhere does not exist']);
  });

  it('parses image references the way Docker does', () => {
    expect(parseImageReference('mongo:7')).toEqual({ path: 'mongo', tag: '7' });
    expect(parseImageReference('docker.io/library/mongo:7')).toEqual({ registry: 'docker.io', path: 'library/mongo', tag: '7' });
    expect(parseImageReference('localhost:5000/a/b')).toEqual({ registry: 'localhost:5000', path: 'a/b' });
    expect(parseImageReference('UPPER:1')).toBeNull();
    expect(parseImageReference('a::b')).toBeNull();
  });

  it('named volumes are declared and bind-mounted files exist', () => {
    expect(checkVolumes(compose, root, ['.local'])).toEqual([]);
    const doc = broken((d) => {
      service(d, 'kafka').volumes = ['kafka-logs:/var/lib/kafka/data'];
      service(d, 'otel-collector').volumes = ['./infra/docker/missing.yaml:/etc/otelcol-contrib/config.yaml:ro'];
    });
    const volumes = (d: ComposeDocument) => checkVolumes(d, root, ['.local']);
    expect(introduced(volumes, compose, doc)).toEqual([
      'kafka: named volume kafka-logs is not declared under top-level volumes',
      'otel-collector: bind-mount source ./infra/docker/missing.yaml does not exist',
    ]);
  });
});

describe('OpenTelemetry collector config', () => {
  const otlpEndpoint = environmentOf(service(compose, 'intake')).OTEL_EXPORTER_OTLP_ENDPOINT;

  it('is mounted into the collector and consistent with the compose file', () => {
    const mounts = service(compose, 'otel-collector').volumes ?? [];
    expect(mounts.some((m) => typeof m === 'string' && m.startsWith('./infra/docker/otel-collector.yaml:'))).toBe(true);
    expect(checkCollectorConfig(collectorText, compose, otlpEndpoint)).toEqual([]);
  });

  it('flags undeclared components, exporters to unknown hosts and a receiver bound to localhost', () => {
    const bad = collectorText
      .replace('exporters: [otlp/jaeger, debug]', 'exporters: [otlp/tempo, debug]')
      .replace('endpoint: jaeger:4317', 'endpoint: tempo:4317')
      .replace('endpoint: 0.0.0.0:4318', 'endpoint: localhost:4318');
    const collector = (text: string) => checkCollectorConfig(text, compose, otlpEndpoint);
    expect(introduced(collector, collectorText, bad)).toEqual([
      'collector: pipeline traces uses undeclared exporter otlp/tempo',
      'collector: exporter otlp/jaeger sends to tempo, which is not a compose service',
      'collector: otlp http listens on localhost:4318, unreachable from other containers',
    ]);
  });
});

describe('Prometheus config', () => {
  it('is mounted into prometheus and scrapes every app service on its port', () => {
    const mounts = service(compose, 'prometheus').volumes ?? [];
    expect(mounts.some((m) => typeof m === 'string' && m.startsWith('./infra/docker/prometheus.yml:'))).toBe(true);
    expect(checkPrometheusConfig(prometheusText, compose)).toEqual([]);
  });

  it('flags a service not scraped, a wrong port, an unknown target and a keyless scrape of a closed endpoint', () => {
    const bad = prometheusText.replace('"sla:8083", ', '').replace('tiering:8082', 'tiering:8081').replace('"relay:8090"', '"relay:8090", "pushgateway:9091"');
    expect(introduced((text: string) => checkPrometheusConfig(text, compose), prometheusText, bad)).toEqual([
      'prometheus: target pushgateway:9091 is not a compose service',
      'prometheus: scrapes tiering on port 8081, it listens on 8082',
      'prometheus: does not scrape sla',
    ]);
    const closed = broken((d) => setEnv(d, 'intake', 'METRICS_PUBLIC', 'false'));
    expect(checkPrometheusConfig(prometheusText, closed)).toEqual(['prometheus: scrapes intake without a key, but its METRICS_PUBLIC is not true']);
  });
});

describe('Dockerfile', () => {
  it('builds from node:20-bookworm-slim with the pinned pnpm, manifests first, and runs non-root in production', () => {
    expect(checkDockerfile(dockerfileText, dockerfileExpectations)).toEqual([]);
  });

  it('pins the same pnpm version as package.json packageManager', () => {
    expect(dockerfileText).toContain(`ARG PNPM_VERSION=${pinnedPnpmVersion(root)}`);
  });

  it('flags another pnpm version', () => {
    const bad = dockerfileText.replace(/ARG PNPM_VERSION=\S+/, 'ARG PNPM_VERSION=9.15.0');
    expect(introduced(dockerfileProblems, dockerfileText, bad)).toEqual([
      `Dockerfile: installs pnpm@9.15.0, package.json packageManager pins pnpm@${pinnedPnpmVersion(root)}`,
    ]);
  });

  it('flags a workspace manifest that is not copied before the install', () => {
    const bad = dockerfileText.replace(/^COPY services\/sla\/package\.json.*$/m, '');
    expect(introduced(dockerfileProblems, dockerfileText, bad)).toEqual([
      'Dockerfile: services/sla/package.json is not copied before pnpm install',
    ]);
  });

  it('flags root at run time, a missing NODE_ENV, another base image and an unknown stage', () => {
    const bad = dockerfileText
      .replace(/^USER node$/m, 'USER root')
      .replace(/^ENV NODE_ENV=production$/m, 'ENV NODE_ENV=development')
      .replace('ARG NODE_IMAGE=node:20-bookworm-slim', 'ARG NODE_IMAGE=node:18')
      .replace('COPY --from=prod-deps', 'COPY --from=prod');
    expect(introduced(dockerfileProblems, dockerfileText, bad)).toEqual([
      'Dockerfile: stage base builds FROM node:18, expected node:20-bookworm-slim or an earlier stage',
      'Dockerfile: stage runtime builds FROM node:18, expected node:20-bookworm-slim or an earlier stage',
      'Dockerfile: COPY --from=prod names no earlier stage',
      'Dockerfile: the final stage runs as root',
      'Dockerfile: the final stage does not set NODE_ENV=production',
    ]);
  });

  it('flags Dockerfile syntax errors (dockerfile-utils validator)', () => {
    const problems = introduced(dockerfileProblems, dockerfileText, `${dockerfileText}\nEXPOSE eighty\n`);
    expect(problems.join('\n')).toMatch(/^Dockerfile:\d+: /m);
  });

  it('every file it copies from the context exists and passes .dockerignore', () => {
    const sources = contextSources(dockerfileText);
    for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
    const needed = [
      ...sources,
      'tsconfig.base.json',
      ...projects.flatMap((dir) => [`${dir}/tsconfig.json`, `${dir}/tsconfig.build.json`]),
      ...APP_NAMES.map((name) => `services/${name}/src/main.ts`),
      'packages/service-kit/src/cli/dev-keys.ts',
    ];
    const dropped = [
      'node_modules/.pnpm/lock.yaml',
      'services/intake/node_modules/zod/package.json',
      'services/intake/dist/main.js',
      'packages/service-kit/.turbo/turbo-build.log',
      '.local/dev-keys.json',
      '.git/HEAD',
    ];
    expect(checkDockerignore(dockerignoreText, needed, dropped)).toEqual([]);
    expect(checkDockerignore(`${dockerignoreText}\npackages\n`, needed, dropped).join('\n')).toMatch(
      /excludes packages\/contracts\/package.json/,
    );
    expect(checkDockerignore('', needed, dropped)).toHaveLength(dropped.length);
  });
});
