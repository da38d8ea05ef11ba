import { ConfigError } from '../errors.js';
import { ServiceConfig } from './service-config.js';

type Parsed = { ok: true; value: unknown } | { ok: false; expected: string };

interface EnvVariable {
  readonly name: string;
  /** Where the value goes in ServiceConfig. */
  readonly path: readonly string[];
  readonly parse: (text: string) => Parsed;
  readonly help: string;
}

const text = (value: string): Parsed => ({ ok: true, value });

const list = (value: string): Parsed => {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? { ok: false, expected: 'a comma-separated list' } : { ok: true, value: items };
};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);
const bool = (value: string): Parsed => {
  const lower = value.trim().toLowerCase();
  if (TRUE.has(lower)) return { ok: true, value: true };
  if (FALSE.has(lower)) return { ok: true, value: false };
  return { ok: false, expected: 'true or false (also 1/0, yes/no, on/off)' };
};

const integer = (value: string): Parsed => {
  const trimmed = value.trim();
  return /^-?\d+$/.test(trimmed) ? { ok: true, value: Number(trimmed) } : { ok: false, expected: 'an integer' };
};

const lowerText = (value: string): Parsed => ({ ok: true, value: value.trim().toLowerCase() });

/** Every variable the service reads, in the order `serve --help` lists them. */
export const SERVICE_ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'KAFKA_BROKERS', path: ['kafka', 'brokers'], parse: list, help: 'bootstrap brokers, host:port[,host:port...] (required)' },
  { name: 'KAFKA_CLIENT_ID', path: ['kafka', 'clientId'], parse: text, help: 'client id (weak-signal)' },
  { name: 'KAFKA_GROUP_ID', path: ['kafka', 'groupId'], parse: text, help: 'consumer group (weak-signal)' },
  { name: 'KAFKA_TOPIC_HOTLINE', path: ['kafka', 'topics', 'hotline'], parse: text, help: 'hotline complaints topic (hotline.complaints)' },
  { name: 'KAFKA_TOPIC_DISPUTES', path: ['kafka', 'topics', 'dispute'], parse: text, help: 'dispute reports topic (disputes.reports)' },
  { name: 'KAFKA_TOPIC_CASES', path: ['kafka', 'topics', 'cases'], parse: text, help: 'case counts topic (cases.counts)' },
  { name: 'KAFKA_TOPIC_ALERTS', path: ['kafka', 'topics', 'alerts'], parse: text, help: 'alerts topic (weak-signal.alerts)' },
  { name: 'KAFKA_TOPIC_DEAD_LETTER', path: ['kafka', 'topics', 'deadLetter'], parse: text, help: 'dead-letter topic (weak-signal.dead-letter)' },
  { name: 'KAFKA_FROM_BEGINNING', path: ['kafka', 'fromBeginning'], parse: bool, help: 'a new group reads topics from the start (true)' },
  { name: 'KAFKA_SASL_MECHANISM', path: ['kafka', 'sasl', 'mechanism'], parse: lowerText, help: 'plain, scram-sha-256 or scram-sha-512 (plain)' },
  { name: 'KAFKA_SASL_USERNAME', path: ['kafka', 'sasl', 'username'], parse: text, help: 'SASL user; setting it turns SASL on' },
  { name: 'KAFKA_SASL_PASSWORD', path: ['kafka', 'sasl', 'password'], parse: text, help: 'SASL password' },
  { name: 'KAFKA_TLS', path: ['kafka', 'tls', 'enabled'], parse: bool, help: 'TLS to the brokers (false)' },
  { name: 'KAFKA_TLS_CA_FILE', path: ['kafka', 'tls', 'caFile'], parse: text, help: 'PEM file of CAs to trust for the brokers' },
  { name: 'KAFKA_TLS_REJECT_UNAUTHORIZED', path: ['kafka', 'tls', 'rejectUnauthorized'], parse: bool, help: 'verify broker certificates (true)' },
  { name: 'KAFKA_SESSION_TIMEOUT_MS', path: ['kafka', 'sessionTimeoutMs'], parse: integer, help: 'consumer session timeout (30000)' },
  { name: 'KAFKA_HEARTBEAT_INTERVAL_MS', path: ['kafka', 'heartbeatIntervalMs'], parse: integer, help: 'consumer heartbeat interval (3000)' },
  { name: 'KAFKA_FETCH_MAX_WAIT_MS', path: ['kafka', 'fetchMaxWaitMs'], parse: integer, help: 'longest wait of an empty fetch; bounds stop time (500)' },
  { name: 'KAFKA_RETRY_MAX_MS', path: ['kafka', 'retry', 'maxRetryTimeMs'], parse: integer, help: 'cap of the batch retry backoff (30000)' },
  { name: 'REDIS_URL', path: ['redis', 'url'], parse: text, help: 'redis:// or rediss:// URL (redis://127.0.0.1:6379)' },
  { name: 'REDIS_PASSWORD', path: ['redis', 'password'], parse: text, help: 'Redis password (overrides one in the URL)' },
  { name: 'REDIS_TLS', path: ['redis', 'tls', 'enabled'], parse: bool, help: 'TLS to Redis (false; rediss:// also turns it on)' },
  { name: 'REDIS_TLS_CA_FILE', path: ['redis', 'tls', 'caFile'], parse: text, help: 'PEM file of CAs to trust for Redis' },
  { name: 'REDIS_NAMESPACE', path: ['redis', 'namespace'], parse: text, help: 'key prefix of the state (weak-signal)' },
  { name: 'REDIS_COMMAND_TIMEOUT_MS', path: ['redis', 'commandTimeoutMs'], parse: integer, help: 'a Redis command fails after this long (15000)' },
  { name: 'EWS_HTTP_HOST', path: ['http', 'host'], parse: text, help: 'HTTP listen address (0.0.0.0)' },
  { name: 'EWS_HTTP_PORT', path: ['http', 'port'], parse: integer, help: 'HTTP port for /metrics, /healthz, /readyz (8080)' },
  { name: 'EWS_BATCH_MAX_RECORDS', path: ['batch', 'maxRecords'], parse: integer, help: 'records between two commits (20000)' },
  { name: 'EWS_SHUTDOWN_TIMEOUT_MS', path: ['shutdownTimeoutMs'], parse: integer, help: 'graceful shutdown limit (30000)' },
  { name: 'EWS_LOG_LEVEL', path: ['logLevel'], parse: lowerText, help: 'fatal, error, warn, info, debug, trace or silent (info)' },
];

const BY_PATH = new Map(SERVICE_ENV_VARIABLES.map((v) => [v.path.join('.'), v]));

/**
 * Builds the ServiceConfig from environment variables. Unset and empty variables take the
 * default. Throws one ConfigError listing every problem, each naming its variable:
 * `KAFKA_TLS: expected true or false (...), got "maybe"`.
 */
export function serviceConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ServiceConfig {
  const raw: Record<string, unknown> = { kafka: {} };
  const issues: string[] = [];
  const unparsable = new Set<string>();
  for (const variable of SERVICE_ENV_VARIABLES) {
    const value = env[variable.name];
    if (value === undefined || value.trim() === '') continue;
    const parsed = variable.parse(value);
    if (parsed.ok) {
      setAt(raw, variable.path, parsed.value);
    } else {
      unparsable.add(variable.name);
      issues.push(`${variable.name}: expected ${parsed.expected}, got ${shown(variable, value)}`);
    }
  }
  const result = ServiceConfig.safeParse(raw);
  if (result.success && issues.length === 0) return result.data;
  for (const issue of result.success ? [] : result.error.issues) {
    const variable = variableFor(issue.path);
    if (variable === undefined) {
      issues.push(`service config: ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
      continue;
    }
    if (unparsable.has(variable.name)) continue; // already reported
    const value = env[variable.name];
    if (value === undefined || value.trim() === '') {
      const because = variable.path[1] === 'sasl' ? ' when any KAFKA_SASL_* variable is set' : '';
      issues.push(`${variable.name}: required${because}, but not set`);
    } else {
      issues.push(`${variable.name}: ${issue.message}, got ${shown(variable, value)}`);
    }
  }
  throw new ConfigError(issues);
}

/** The variable behind a zod issue path (a list element maps to its list's variable). */
function variableFor(path: readonly PropertyKey[]): EnvVariable | undefined {
  for (let length = path.length; length > 0; length--) {
    const found = BY_PATH.get(path.slice(0, length).map(String).join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The value as an error may print it: passwords hidden, URL credentials removed. */
function shown(variable: EnvVariable, value: string): string {
  if (/PASSWORD/.test(variable.name)) return '(hidden)';
  if (variable.name === 'REDIS_URL') return JSON.stringify(value.replace(/\/\/[^@/\s]*@/, '//***@'));
  return JSON.stringify(value);
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

/** Lines for `serve --help`: every variable with what it sets. */
export function describeServiceEnv(): string {
  const width = Math.max(...SERVICE_ENV_VARIABLES.map((v) => v.name.length));
  return SERVICE_ENV_VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.help}`).join('\n');
}
