import { loadConfig } from '../../config/load-config.js';
import { describeServiceEnv, serviceConfigFromEnv } from '../../service/env.js';
import { runService } from '../../service/run-service.js';
import type { Command } from '../command.js';
import { defaultConfigPath } from '../package-root.js';
import { parseFlags } from '../parse-flags.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the service: Kafka topics in, alerts and dead letters out, state in Redis',
  usage: `Usage: weak-signal serve [options]

Consumes the hotline, dispute and case-count topics in one consumer group, publishes alert
changes to the alerts topic and rejected records to the dead-letter topic, and keeps the
engine state in Redis. Offsets are committed only after the alerts a batch caused are
acknowledged and its state is saved (at-least-once; alert ids are deterministic).
SIGTERM or SIGINT: finish the batch, commit, flush, close, exit 0.

Options:
  --config FILE    detection configuration (default: $EWS_CONFIG or the bundled config/default.yaml)
  -h, --help       this help

Environment (transport, storage, HTTP):
${describeServiceEnv()}

Exit code: 0 after a graceful shutdown, 1 for a fatal error (bad config or environment,
unrecoverable Kafka error, shutdown that failed or timed out).`,

  async run(argv) {
    const { values } = parseFlags(argv, { config: { type: 'string' } });
    const { config } = loadConfig(defaultConfigPath(values.config));
    const service = serviceConfigFromEnv(process.env);
    const code = await runService({ appConfig: config, service });
    // Everything is closed; if a stray handle still keeps the loop alive, do not hang.
    setTimeout(() => process.exit(code), 2_000).unref();
    return code;
  },
};
