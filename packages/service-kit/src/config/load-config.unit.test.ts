import { describe, expect, it } from 'vitest';
import { serviceConfigSchema } from './base-config.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = serviceConfigSchema(8081, {});
const validEnvironment = {
  EVENT_STORE_URL: 'postgres://ctp:ctp@127.0.0.1:5433/ctp',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.2:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
};

describe('loadConfig', () => {
  it('applies defaults and coerces values', () => {
    const config = loadConfig('intake', schema, { ...validEnvironment, PORT: '9000' });
    expect(config.PORT).toBe(9000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.NODE_ENV).toBe('production');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.2:9092']);
  });

  it('uses the service default port', () => {
    expect(loadConfig('intake', schema, validEnvironment).PORT).toBe(8081);
  });

  it('takes an optional instance name of safe characters', () => {
    expect(loadConfig('tiering', schema, validEnvironment).INSTANCE_ID).toBeUndefined();
    expect(loadConfig('tiering', schema, { ...validEnvironment, INSTANCE_ID: 'tiering-7c9f.b' }).INSTANCE_ID).toBe('tiering-7c9f.b');
    expect(() => loadConfig('tiering', schema, { ...validEnvironment, INSTANCE_ID: 'pod 1' })).toThrow(ConfigError);
  });

  it('names every bad variable in one error', () => {
    const attempt = () => loadConfig('intake', schema, { EVENT_STORE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const variables = (error as ConfigError).problems.map((problem) => problem.variable).sort();
      expect(variables).toEqual(['EVENT_STORE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'MONGO_URL', 'PORT']);
      expect((error as ConfigError).message).toMatch(/^intake: invalid configuration\n {2}- /);
    }
  });

  it('accepts EventStoreDB and KurrentDB URLs but not others', () => {
    for (const url of ['esdb://localhost:2113?tls=false', 'kurrentdb://localhost:2113']) {
      expect(loadConfig('x', schema, { ...validEnvironment, EVENT_STORE_URL: url }).EVENT_STORE_URL).toBe(url);
    }
    expect(() => loadConfig('x', schema, { ...validEnvironment, KAFKA_BROKERS: 'nohost' })).toThrow(/KAFKA_BROKERS/);
  });

  it('reads the purposes of personal-data reads and the roles that see it in clear, for every service', () => {
    const defaults = loadConfig('x', schema, validEnvironment);
    expect(defaults.ACCESS_PURPOSES).toBe('service,complaint_handling,account_management,audit,data_subject_request,legal_obligation');
    expect(defaults.PERSONAL_DATA_ROLES).toBe('agent,admin');
    expect(loadConfig('x', schema, { ...validEnvironment, ACCESS_PURPOSES: 'service,fraud_review' }).ACCESS_PURPOSES).toBe('service,fraud_review');
    expect(() => loadConfig('x', schema, { ...validEnvironment, ACCESS_PURPOSES: 'service, Fraud Review' })).toThrow(/ACCESS_PURPOSES/);
    expect(() => loadConfig('x', schema, { ...validEnvironment, PERSONAL_DATA_ROLES: 'agent,integrator' })).toThrow(/PERSONAL_DATA_ROLES/);
  });
});
