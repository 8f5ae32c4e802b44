import type { z } from 'zod';
import { serviceConfigSchema } from '../config/base-config.js';

export type ServiceConfigSchema = ReturnType<typeof serviceConfigSchema>;

/** What the deployment and the kit need to know about a service, without starting it. */
export interface ServiceDefinition<S extends ServiceConfigSchema = ServiceConfigSchema> {
  readonly name: string;
  readonly version: string;
  readonly defaultPort: number;
  readonly configSchema: S;
}

export type ConfigOf<D extends ServiceDefinition> = z.output<D['configSchema']>;

export function defineService<const Name extends string, Extra extends z.ZodRawShape = Record<never, z.ZodType>>(
  name: Name,
  defaultPort: number,
  extra: Extra = {} as Extra,
  version = '0.1.0',
) {
  return { name, version, defaultPort, configSchema: serviceConfigSchema(defaultPort, extra) };
}
