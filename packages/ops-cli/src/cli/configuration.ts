import { UsageError } from './arguments.js';

/** The services and ports scripts/lib/services.sh starts them on. */
export const defaultServices: Readonly<Record<string, string>> = {
  relay: 'http://127.0.0.1:8090',
  intake: 'http://127.0.0.1:8081',
  tiering: 'http://127.0.0.1:8082',
  sla: 'http://127.0.0.1:8083',
  feedback: 'http://127.0.0.1:8084',
  analytics: 'http://127.0.0.1:8085',
};

/** `CTP_OPS_SERVICES="intake=http://host:8081,tiering=http://host:8082"`, else the defaults. */
export function serviceUrls(setting: string | undefined): Record<string, string> {
  if (setting === undefined || setting.trim() === '') return { ...defaultServices };
  const services: Record<string, string> = {};
  for (const entry of setting.split(',').map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    if (at <= 0 || !/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`CTP_OPS_SERVICES: ${JSON.stringify(entry)} is not name=http(s)://host:port`);
    services[name] = url.replace(/\/+$/, '');
  }
  return services;
}

export function serviceUrl(services: Readonly<Record<string, string>>, name: string): string {
  const url = services[name];
  if (url === undefined) throw new UsageError(`unknown service ${name}: known are ${Object.keys(services).join(', ')} (set CTP_OPS_SERVICES)`);
  return url;
}

/** --key, else CTP_ADMIN_KEY, else the admin key of the development keys file (its text, if it could be read). */
export function adminKey(flag: string | null, environment: string | undefined, devKeysFile: string | null): string {
  if (flag) return flag;
  if (environment) return environment;
  if (devKeysFile !== null) {
    let keys: unknown;
    try {
      keys = JSON.parse(devKeysFile);
    } catch {
      throw new UsageError('.local/dev-keys.json is not JSON');
    }
    const admin = (keys as Record<string, unknown> | null)?.admin;
    if (typeof admin === 'string' && admin.length > 0) return admin;
  }
  throw new UsageError('no admin key: pass --key, set CTP_ADMIN_KEY, or run the services in development (.local/dev-keys.json)');
}
