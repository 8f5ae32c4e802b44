import type { z } from 'zod';
import { serverNeeds, serviceConfigSchema, type ServerNeed } from '../config/base-config.js';

export type ServiceConfigSchema = ReturnType<typeof serviceConfigSchema>;

/** What the deployment and the kit need to know about a service, without starting it. */
export interface ServiceDefinition<S extends ServiceConfigSchema = ServiceConfigSchema> {
  readonly name: string;
  readonly version: string;
  readonly defaultPort: number;
  readonly needs: readonly ServerNeed[];
  readonly configSchema: S;
}

export type ConfigOf<D extends ServiceDefinition> = z.output<D['configSchema']>;

export interface ServiceOptions<Name extends string, Extra extends z.ZodRawShape> {
  readonly name: Name;
  readonly port: number;
  /** The servers it talks to; each adds its URL setting and a /ready check. Default: all three. */
  readonly needs?: readonly ServerNeed[];
  readonly settings?: Extra;
  readonly version?: string;
}

export function defineService<const Name extends string, Extra extends z.ZodRawShape = Record<never, z.ZodType>>(
  options: ServiceOptions<Name, Extra>,
) {
  const needs = options.needs ?? serverNeeds;
  return {
    name: options.name,
    version: options.version ?? '0.1.0',
    defaultPort: options.port,
    needs,
    configSchema: serviceConfigSchema(options.port, options.settings ?? ({} as Extra), needs),
  };
}
