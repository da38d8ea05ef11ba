#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, broker+controller) on loopback, for integration
# tests and local runs, built from Maven Central jars: no Docker, no Kafka tarball.
#
#   scripts/kafka-local.sh start    resolve jars (cached), format storage, start, wait until ready
#   scripts/kafka-local.sh stop     SIGTERM, wait (SIGKILL after KAFKA_STOP_TIMEOUT s), remove run dir
#   scripts/kafka-local.sh status   exit 0 when running, 3 when not
#
# On success `start` prints KAFKA_BROKERS=127.0.0.1:<port> as its last line.
#
# Environment:
#   KAFKA_VERSION            org.apache.kafka:kafka_2.13 version      (default 4.1.2)
#   KAFKA_PORT               client listener port                     (default 9092)
#   KAFKA_CONTROLLER_PORT    KRaft controller listener port           (default 9093)
#   KAFKA_READY_TIMEOUT      seconds to wait for readiness            (default 120)
#   KAFKA_STOP_TIMEOUT       seconds to wait after SIGTERM            (default 30)
#
# Needs: java 17+, mvn (Maven Central reachable on the first run), node_modules (npm ci) for
# the readiness probe scripts/kafka-wait.ts. Jars go to .cache/kafka/<version>/libs and are
# reused; the run dir (.cache/kafka/run: config, pid, log, data) is removed by `stop`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.2}"
LOG4J_VERSION="2.24.3"
SLF4J_VERSION="2.0.17"
HOST="127.0.0.1"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

CACHE_DIR="$ROOT/.cache/kafka"
LIBS_DIR="$CACHE_DIR/$KAFKA_VERSION/libs"
RUN_DIR="$CACHE_DIR/run"
PID_FILE="$RUN_DIR/kafka.pid"
LOG_FILE="$RUN_DIR/kafka.log"
BROKERS_FILE="$RUN_DIR/brokers"

log() { printf 'kafka-local: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The pid in PID_FILE, if that process is alive and is our broker (guards against pid reuse).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  is_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  printf '%s\n' "$pid"
}

# True while the process exists and is not a zombie (a broker that died while this shell
# still runs stays a zombie child until the shell exits).
is_alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ -n "$stat" && "${stat:0:1}" != "Z" ]]
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

resolve_jars() {
  if [[ -f "$LIBS_DIR/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Kafka $KAFKA_VERSION jars)"
  log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into ${LIBS_DIR#"$ROOT"/}"
  local work
  work="$(mktemp -d "$CACHE_DIR/resolve.XXXXXX")"
  cat >"$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.weak-signal</groupId>
  <artifactId>kafka-local-runtime</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
EOF
  # Maven logs to stdout (and Debian's 3.8 prints stray ANSI resets): keep stdout for the
  # KAFKA_BROKERS line only.
  if ! mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -Dmdep.prependGroupId=true -DoutputDirectory="$work/libs" 2>&1 \
      | sed 's/\x1b\[[0-9;]*m//g' >&2; then
    rm -rf "$work"
    die "mvn could not resolve Kafka $KAFKA_VERSION (is Maven Central reachable?)"
  fi
  touch "$work/libs/.complete"
  mkdir -p "$(dirname "$LIBS_DIR")"
  rm -rf "$LIBS_DIR"
  mv "$work/libs" "$LIBS_DIR"
  rm -rf "$work"
  log "resolved $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars"
}

write_config() {
  local data_dir="$1"
  cat >"$RUN_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data_dir
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  cat >"$RUN_DIR/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid) on $(cat "$BROKERS_FILE" 2>/dev/null || echo "?")"
    return 0
  fi
  log "not running"
  return 3
}

wait_ready() {
  local pid="$1" brokers="$2"
  local tsx="$ROOT/node_modules/.bin/tsx"
  [[ -x "$tsx" ]] || die "node_modules/.bin/tsx not found: run npm ci first (the readiness probe uses kafkajs)"
  "$tsx" "$ROOT/scripts/kafka-wait.ts" --brokers "$brokers" --pid "$pid" --timeout "$READY_TIMEOUT"
}

cmd_start() {
  mkdir -p "$CACHE_DIR"
  local pid brokers
  if pid="$(running_pid)"; then
    brokers="$(cat "$BROKERS_FILE")"
    log "already running (pid $pid) on $brokers"
    wait_ready "$pid" "$brokers"
    printf 'KAFKA_BROKERS=%s\n' "$brokers"
    return 0
  fi
  if [[ -d "$RUN_DIR" ]]; then
    log "removing stale run dir from a broker that is gone"
    rm -rf "$RUN_DIR"
  fi
  command -v java >/dev/null || die "java not found (Kafka $KAFKA_VERSION needs Java 17+)"
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_in_use "$p"; then
      die "port $HOST:$p is already in use by another process; set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done
  resolve_jars

  mkdir -p "$RUN_DIR"
  local data_dir cluster_id cp
  data_dir="$(mktemp -d "$RUN_DIR/data.XXXXXX")"
  write_config "$data_dir"
  cp="$LIBS_DIR/*"
  local -a jvm=(java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$RUN_DIR/log4j2.properties" "-Dkafka.logs.dir=$RUN_DIR/logs" -cp "$cp")

  cluster_id="$("${jvm[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG_FILE")" \
    || die "StorageTool random-uuid failed; see ${LOG_FILE#"$ROOT"/}"
  "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN_DIR/server.properties" >>"$LOG_FILE" 2>&1 \
    || { tail -n 30 "$LOG_FILE" >&2; die "StorageTool format failed"; }

  brokers="$HOST:$PORT"
  printf '%s\n' "$brokers" >"$BROKERS_FILE"
  local started_at=$SECONDS
  # setsid detaches the broker from this shell's process group and terminal; the inner bash
  # writes its own pid and execs java, so the pid file holds the JVM's pid either way.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-local "$PID_FILE" \
    "${jvm[@]}" kafka.Kafka "$RUN_DIR/server.properties" </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "broker did not start; see ${LOG_FILE#"$ROOT"/}"
  log "started Kafka $KAFKA_VERSION (pid $pid), log ${LOG_FILE#"$ROOT"/}; waiting for readiness"

  if ! wait_ready "$pid" "$brokers"; then
    log "last lines of ${LOG_FILE#"$ROOT"/}:"
    tail -n 40 "$LOG_FILE" >&2 || true
    cmd_stop || true
    die "broker did not become ready (timeout ${READY_TIMEOUT}s); see the log lines above"
  fi
  log "ready after $((SECONDS - started_at))s"
  printf 'KAFKA_BROKERS=%s\n' "$brokers"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping pid $pid (SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while is_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if is_alive "$pid"; then
      log "still alive after ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while is_alive "$pid"; do sleep 0.1; done
    fi
    log "stopped"
  else
    log "not running"
  fi
  rm -rf "$RUN_DIR"
}

check_port() {
  [[ "$2" =~ ^[0-9]+$ ]] && (($2 > 0 && $2 < 65536)) || die "$1=$2 is not a TCP port"
}

lock() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  flock -w 300 9 || die "another kafka-local.sh holds ${CACHE_DIR#"$ROOT"/}/.lock"
}

case "${1:-}" in
  start)
    check_port KAFKA_PORT "$PORT"
    check_port KAFKA_CONTROLLER_PORT "$CONTROLLER_PORT"
    lock
    cmd_start
    ;;
  stop) lock; cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
