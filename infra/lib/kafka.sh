# shellcheck shell=bash
# Apache Kafka 3.9 (KRaft, combined broker+controller) from Maven Central jars. Sourced by infra/infra.

KAFKA_DIR="$DATA_DIR/kafka"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_BUILD_LOG="$LOG_DIR/kafka-build.log"
KAFKA_PIDFILE="$RUN_DIR/kafka.pid"
KAFKA_PROPS="$CONF_DIR/kafka.properties"
KAFKA_POM="$INFRA_DIR/kafka/pom.xml"
KAFKA_MAIN=kafka.Kafka
KAFKA_START_TIMEOUT="${CTP_KAFKA_START_TIMEOUT:-120}"
KAFKA_HEAP_OPTS="${CTP_KAFKA_HEAP_OPTS:--Xms512m -Xmx768m}"

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM"; }
kafka_lib_dir() { printf '%s/kafka/%s-%s/lib\n' "$CACHE_DIR" "$(kafka_version)" "$(cache_key "$KAFKA_POM")"; }
# shellcheck disable=SC2153 # KAFKA_PORT comes from common.sh
kafka_addr() { printf '%s:%s\n' "$BIND_HOST" "$KAFKA_PORT"; }

java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    command -v java
  fi
}

# Resolve the runtime jars into the cache once (keyed by the pom's content).
kafka_prepare() {
  local lib
  lib=$(kafka_lib_dir)
  [[ -f $lib/.complete ]] && return 0
  local stage="${lib%/lib}.tmp.$$"
  say kafka "resolving Kafka $(kafka_version) jars from Maven Central into $lib (log: $KAFKA_BUILD_LOG)"
  rm -rf "$stage"
  mkdir -p "$stage/lib" "$CACHE_DIR/m2"
  if ! mvn -q -B -ntp -Dstyle.color=never -f "$KAFKA_POM" \
    -Dmaven.repo.local="$CACHE_DIR/m2" \
    dependency:copy-dependencies -DoutputDirectory="$stage/lib" >>"$KAFKA_BUILD_LOG" 2>&1; then
    rm -rf "$stage"
    fail_server kafka "$KAFKA_BUILD_LOG" "mvn dependency:copy-dependencies failed"
    return 1
  fi
  touch "$stage/lib/.complete"
  rm -rf "${lib%/lib}"
  mv "$stage" "${lib%/lib}"
}

# kafka_java_argv LOG4J_FILE: set JAVA_ARGV to the java command line (without main class)
kafka_java_argv() {
  local heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  JAVA_ARGV=("$(java_bin)" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent
    -Djava.awt.headless=true "-Dlog4j.configuration=file:$1" -cp "$(kafka_lib_dir)/*")
}

kafka_java() {
  kafka_java_argv "$1"
  shift
  "${JAVA_ARGV[@]}" "$@"
}

kafka_write_props() {
  cat >"$KAFKA_PROPS" <<EOF
# Written by infra/infra on every start; edit infra/lib/kafka.sh instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$BIND_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT,CONTROLLER://$BIND_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/logs
num.network.threads=3
num.io.threads=4
num.recovery.threads.per.data.dir=1
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=268435456
EOF
}

# Format the KRaft storage once, with a cluster id generated once and kept in the data dir.
kafka_format() {
  mkdir -p "$KAFKA_DIR"
  [[ -f $KAFKA_DIR/logs/meta.properties ]] && return 0
  [[ -s $KAFKA_DIR/cluster-id ]] || probe kafka-cluster-id >"$KAFKA_DIR/cluster-id"
  say kafka "formatting KRaft storage (cluster id $(cat "$KAFKA_DIR/cluster-id"))"
  kafka_java "$INFRA_DIR/kafka/log4j-tools.properties" kafka.tools.StorageTool format \
    --config "$KAFKA_PROPS" --cluster-id "$(cat "$KAFKA_DIR/cluster-id")" --ignore-formatted \
    >>"$KAFKA_LOG" 2>&1 || fail_server kafka "$KAFKA_LOG" "kafka.tools.StorageTool format failed"
}

kafka_ready() { probe kafka "$(kafka_addr)"; }

kafka_up() {
  local pid
  if pid=$(server_pid kafka "$KAFKA_MAIN"); then
    if kafka_ready >/dev/null 2>&1; then
      say kafka "already running (pid $pid) on $(kafka_addr)"
      return 0
    fi
    say kafka "running (pid $pid) but not answering yet; waiting"
    wait_ready kafka "$KAFKA_LOG" "$KAFKA_START_TIMEOUT" "$pid" kafka_ready
    return
  fi
  [[ -n $(java_bin) ]] || die "java not found (apt-get install -y openjdk-17-jre-headless)"
  kafka_prepare || return 1
  kafka_write_props
  kafka_format || return 1
  require_port_free kafka "$KAFKA_PORT" || return 1
  require_port_free kafka "$KAFKA_CONTROLLER_PORT" || return 1

  say kafka "starting Kafka $(kafka_version) on $(kafka_addr) (controller :$KAFKA_CONTROLLER_PORT)"
  kafka_java_argv "$INFRA_DIR/kafka/log4j.properties"
  launch_ready kafka "$KAFKA_LOG" "$KAFKA_PIDFILE" "$KAFKA_START_TIMEOUT" kafka_ready "$(kafka_addr)" \
    "${JAVA_ARGV[@]}" "$KAFKA_MAIN" "$KAFKA_PROPS"
}

kafka_down() { stop_server kafka "$KAFKA_MAIN" "$KAFKA_PIDFILE" "${CTP_KAFKA_STOP_TIMEOUT:-30}"; }

# Short names for the usual Kafka 3.9 tools (the bin/kafka-*.sh equivalents).
kafka_tool_class() {
  case $1 in
    topics) echo org.apache.kafka.tools.TopicCommand ;;
    console-producer) echo kafka.tools.ConsoleProducer ;;
    console-consumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    consumer-groups) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    get-offsets) echo org.apache.kafka.tools.GetOffsetShell ;;
    api-versions) echo kafka.admin.BrokerApiVersionsCommand ;;
    metadata-quorum) echo org.apache.kafka.tools.MetadataQuorumCommand ;;
    producer-perf) echo org.apache.kafka.tools.ProducerPerformance ;;
    consumer-perf) echo org.apache.kafka.tools.ConsumerPerformance ;;
    *) echo "$1" ;;
  esac
}

# Run a Kafka tool (short name above, or a main class) with the cached jars, e.g.
#   infra/infra kafka-cli topics --bootstrap-server 127.0.0.1:9092 --list
kafka_cli() {
  (($# > 0)) || die "usage: infra/infra kafka-cli <tool|main-class> [args...]"
  local class
  class=$(kafka_tool_class "$1")
  shift
  kafka_prepare || exit 1
  KAFKA_HEAP_OPTS="-Xmx256m" kafka_java "$INFRA_DIR/kafka/log4j-tools.properties" "$class" "$@"
}
