import { describe, expect, it } from 'vitest';
import { UsageError } from './arguments.js';
import { adminKey, defaultServices, serviceUrl, serviceUrls } from './configuration.js';

describe('ctp-ops configuration', () => {
  it('takes the services from CTP_OPS_SERVICES, else the start script’s ports', () => {
    expect(serviceUrls(undefined)).toEqual(defaultServices);
    expect(serviceUrls('')).toEqual(defaultServices);
    expect(serviceUrls(' intake=http://10.0.0.5:8081/ , sla=https://sla.example:443')).toEqual({ intake: 'http://10.0.0.5:8081', sla: 'https://sla.example:443' });
    expect(() => serviceUrls('intake:8081')).toThrow(UsageError);
    expect(() => serviceUrl({ intake: 'http://x' }, 'tiering')).toThrow('unknown service tiering: known are intake (set CTP_OPS_SERVICES)');
  });

  it('takes the admin key from --key, then CTP_ADMIN_KEY, then the development keys file', () => {
    const file = JSON.stringify({ admin: 'from-file', agent: 'a' });
    expect(adminKey('from-flag', 'from-env', file)).toBe('from-flag');
    expect(adminKey(null, 'from-env', file)).toBe('from-env');
    expect(adminKey(null, undefined, file)).toBe('from-file');
    expect(() => adminKey(null, undefined, null)).toThrow('no admin key');
    expect(() => adminKey(null, undefined, '{not json')).toThrow('.local/dev-keys.json is not JSON');
    expect(() => adminKey(null, '', JSON.stringify({ agent: 'a' }))).toThrow('no admin key');
  });
});
