/**
 * Every error the service raises, with a stable code. Callers branch on `code` or
 * `retriable`, never on the message. Bad input records are data, not exceptions.
 */
export class WeakSignalError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Config that cannot be read or does not validate. `issues` holds one line per problem. */
export class ConfigError extends WeakSignalError {
  readonly issues: readonly string[];
  constructor(issues: readonly string[], options: { cause?: unknown } = {}) {
    super('EWS_ERR_CONFIG_INVALID', `invalid configuration:\n  ${issues.join('\n  ')}`, options);
    this.issues = issues;
  }
}

export class DetectorUnknownError extends WeakSignalError {
  constructor(name: string, known: readonly string[]) {
    super('EWS_ERR_DETECTOR_UNKNOWN', `unknown detector "${name}"; known: ${known.join(', ')}`);
  }
}

export class StateStoreError extends WeakSignalError {
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super('EWS_ERR_STATE_UNAVAILABLE', message, { retriable: true, ...options });
  }
}

/**
 * Another instance claimed the shard this one was saving (a rebalance it missed, or it was too
 * slow): nothing was written. The shard must be dropped and, if still assigned, loaded again.
 */
export class ShardFencedError extends WeakSignalError {
  constructor(message: string) {
    super('EWS_ERR_STATE_FENCED', message, { retriable: true });
  }
}

export class SinkError extends WeakSignalError {
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super('EWS_ERR_SINK_FAILED', message, { retriable: true, ...options });
  }
}

/** A command-line usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends WeakSignalError {
  constructor(message: string) {
    super('EWS_ERR_CLI_USAGE', message);
  }
}

/** Input that cannot be read at all (missing file, unreadable CSV), as opposed to a bad record. */
export class InputError extends WeakSignalError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('EWS_ERR_INPUT_UNREADABLE', message, options);
  }
}
