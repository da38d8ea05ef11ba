import { z } from 'zod';
import { type DestinationStream, type Logger, pino } from 'pino';
import { ConfigError } from '../errors.js';
import { maskPhoneNumbers } from './mask-phone-numbers.js';

export const LOG_LEVEL_ENV = 'EWS_LOG_LEVEL';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

/**
 * Fields that hold complaint text, raw input records (which contain the text), addresses and
 * phone numbers: personal data that never reaches a log, at the top level or one level down
 * (`{ deadLetter: { record } }`).
 */
export const REDACTED_PATHS: readonly string[] = ['text', 'record', 'address', 'phone'].flatMap((field) => [field, `*.${field}`]);

export const REDACTED = '[redacted]';

type FlushableStream = DestinationStream & { flush?: (done?: (error?: Error) => void) => void };

export interface LoggerOptions {
  /** Level from config; `EWS_LOG_LEVEL` in `env` overrides it. Default info. */
  readonly level?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Where lines go. Default stdout. */
  readonly destination?: DestinationStream;
}

/**
 * The root logger: JSON lines, redacted fields censored, and every mobile number in the
 * output masked. Masking applies to the finished line, so it covers the message, every field
 * at any depth, child bindings and error messages alike, at the cost of one regex per line
 * (cheap next to the JSON work; per-event detail logs at debug, off by default).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination: FlushableStream = options.destination ?? pino.destination(1);
  // logger.flush() reaches the real destination through `flush`.
  const masked: FlushableStream = {
    write: (line) => destination.write(maskPhoneNumbers(line)),
    flush: (done) => (destination.flush === undefined ? done?.() : destination.flush(done)),
  };
  return pino(
    {
      level: resolveLogLevel(options.level, options.env ?? process.env),
      base: { service: 'weak-signal' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    },
    masked,
  );
}

/** One child per component: `log.child({ component: 'alert-manager' })`. */
export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}

/** `EWS_LOG_LEVEL` over the configured level over info; an unknown level is a config error. */
export function resolveLogLevel(configured: string | undefined, env: NodeJS.ProcessEnv): LogLevel {
  const fromEnv = env[LOG_LEVEL_ENV];
  const [source, value] = fromEnv !== undefined && fromEnv !== '' ? [LOG_LEVEL_ENV, fromEnv] : ['log level', configured ?? 'info'];
  const parsed = LogLevel.safeParse(value);
  if (!parsed.success) throw new ConfigError([`${source}: expected one of ${LogLevel.options.join(', ')}, got ${JSON.stringify(value)}`]);
  return parsed.data;
}
