import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** JSON logs on stdout; one line per event, with the service name (and the instance, if named) on every line. */
export function createLogger(service: string, level: LoggerOptions['level'] = 'info', instance?: string): Logger {
  return pino({
    level,
    base: instance === undefined ? { service } : { service, instance },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '[redacted]' },
  });
}
