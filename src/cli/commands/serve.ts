import { loadConfig } from '../../config/load-config.js';
import { describeServiceEnv, serviceConfigFromEnv } from '../../service/env.js';
import { createLogger } from '../../log/logger.js';
import { Observability } from '../../service/observability.js';
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
SIGTERM or SIGINT: finish the batch, commit, flush, close, exit 0. SIGHUP re-reads the config
(a bad one is rejected with its issues and the running one kept).

HTTP on EWS_HTTP_HOST:EWS_HTTP_PORT: /metrics, /healthz, /readyz, /alerts/active,
/alerts/recent, /series/<key>/windows, /config (secrets redacted), and POST /admin/reload
when EWS_HTTP_RELOAD_TOKEN is set (Authorization: Bearer <token>).

Options:
  --config FILE    detection configuration (default: $EWS_CONFIG or the bundled config/default.yaml)
  -h, --help       this help

Environment (transport, storage, HTTP):
${describeServiceEnv()}

Exit code: 0 after a graceful shutdown, 1 for a fatal error (bad config or environment,
unrecoverable Kafka error, shutdown that failed or timed out).`,

  async run(argv) {
    const { values } = parseFlags(argv, { config: { type: 'string' } });
    const configPath = defaultConfigPath(values.config);
    const { config, files } = loadConfig(configPath);
    const service = serviceConfigFromEnv(process.env);
    const logger = createLogger({ level: service.logLevel });
    const reloadToken = process.env['EWS_HTTP_RELOAD_TOKEN'];
    const observability = new Observability({
      appConfig: config,
      configPath,
      configFiles: files,
      service,
      logger,
      ...(reloadToken === undefined || reloadToken === '' ? {} : { reloadToken }),
    });
    await observability.listen();
    // SIGHUP re-reads the config; a bad one is logged with its issues and the running one kept.
    const onHangup = () => void observability.reload().catch((error: unknown) => logger.error({ err: error }, 'config reload failed'));
    process.on('SIGHUP', onHangup);
    let code: number;
    try {
      code = await runService({ appConfig: config, service, logger, ...observability.serviceOptions });
    } finally {
      process.off('SIGHUP', onHangup);
      await observability.close();
    }
    // Everything is closed; if a stray handle still keeps the loop alive, do not hang.
    setTimeout(() => process.exit(code), 2_000).unref();
    return code;
  },
};
