#!/usr/bin/env bash
# Runs the real services the Kafka and WebHDFS modes (and their tests) talk to,
# as plain local processes on 127.0.0.1, because this machine has no Docker:
#   - Apache Kafka 4 in KRaft mode, one JVM that is both broker and controller
#   - HDFS: one NameNode and one DataNode, with WebHDFS
# The jars come from Maven Central through the small POMs in infra/, and are
# cached outside git together with all data, logs and pid files.
#
# Usage: scripts/services.sh up|down|status|fetch [kafka|hdfs|all]   (default all)
#   up      start what is not running yet, reuse what is, wait until healthy
#   down    stop what this script started (SIGTERM, then SIGKILL after a timeout)
#   status  print state and address; exit 0 only if all asked for are healthy
#   fetch   only resolve the jars (used by scripts/provision.sh)
# Environment:
#   PURCHASE_TRENDS_CACHE   cache root (default ~/.cache/purchase-trends)
#   SERVICES_TIMEOUT        seconds to wait for a service to be healthy (default 90)
#   SERVICES_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 30)
#   PURCHASE_TRENDS_RUN_DIR data, logs and pid files (default $PURCHASE_TRENDS_CACHE/run)
#   SERVICES_KAFKA_PORT, SERVICES_KAFKA_CONTROLLER_PORT                  (default 9092, 9093)
#   SERVICES_NAMENODE_RPC_PORT, SERVICES_NAMENODE_HTTP_PORT              (default 8020, 9870)
#   SERVICES_DATANODE_PORT, SERVICES_DATANODE_HTTP_PORT, SERVICES_DATANODE_IPC_PORT (9866, 9864, 9867)
#   A second stack (own run dir and ports) runs beside the default one; the jars are shared.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PURCHASE_TRENDS_CACHE:-${HOME:?set HOME or PURCHASE_TRENDS_CACHE}/.cache/purchase-trends}
RUN=${PURCHASE_TRENDS_RUN_DIR:-$CACHE/run}
TIMEOUT=${SERVICES_TIMEOUT:-90}
STOP_TIMEOUT=${SERVICES_STOP_TIMEOUT:-30}
T0=$SECONDS

KAFKA_LIB=$CACHE/kafka/lib
KAFKA_RUN=$RUN/kafka
HADOOP_LIB=$CACHE/hadoop/lib
HADOOP_RES=$CACHE/hadoop/res
HDFS_RUN=$RUN/hdfs

log() { printf '[services %3ds] %s\n' "$((SECONDS - T0))" "$*"; }
die() { printf '[services %3ds] ERROR: %s\n' "$((SECONDS - T0))" "$*" >&2; exit 1; }

port_var() {
  local value=${!1:-$2}
  [[ $value =~ ^[0-9]+$ ]] && ((value > 0 && value < 65536)) || die "$1='$value' is not a TCP port number"
  printf -v "${1#SERVICES_}" '%s' "$value"
}
port_var SERVICES_KAFKA_PORT 9092
port_var SERVICES_KAFKA_CONTROLLER_PORT 9093
port_var SERVICES_NAMENODE_RPC_PORT 8020
port_var SERVICES_NAMENODE_HTTP_PORT 9870
port_var SERVICES_DATANODE_PORT 9866
port_var SERVICES_DATANODE_HTTP_PORT 9864
port_var SERVICES_DATANODE_IPC_PORT 9867

KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
WEBHDFS_URL=http://127.0.0.1:$NAMENODE_HTTP_PORT/webhdfs/v1

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH: $2"
}

# bash's /dev/tcp needs no netcat; a refused connect on loopback fails at once.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A pid file alone can outlive its process and the pid be reused, so the
# command line must also name the expected main class.
pid_of() {
  local file=$1 main=$2 pid cmdline
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ " $cmdline " == *" $main "* ]] || return 1
  echo "$pid"
}

# Replaces @KEY@ markers; bash substitution needs no escaping of paths, unlike sed.
render() {
  local src=$1 dst=$2 text
  shift 2
  text=$(<"$src")
  while (($#)); do
    text=${text//"@$1@"/$2}
    shift 2
  done
  printf '%s\n' "$text" >"$dst.tmp"
  mv "$dst.tmp" "$dst"
}

show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 25 "$f" >&2
  done
}

# Resolving is keyed on the POM's content, so a version bump in infra/*/pom.xml
# re-resolves and an unchanged POM never calls Maven again.
fetch() {
  local name=$1 pom=$ROOT/infra/$1/pom.xml dir=$CACHE/$1 want
  shift
  [[ -f $pom ]] || die "missing $pom"
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  if [[ -f $dir/.resolved && $(<"$dir/.resolved") == "$want" ]]; then
    return 0
  fi
  need mvn "install Maven (Debian package 'maven'); it resolves the $name jars"
  need java "install a JDK 17 (Debian package 'openjdk-17-jdk-headless')"
  log "$name: resolving jars with Maven into $dir (first run, or its POM changed)"
  rm -rf "${dir:?}/lib" "${dir:?}/res"
  mkdir -p "$dir"
  if ! mvn -q -B -Dstyle.color=never -f "$pom" -Dlib.dir="$dir/lib" -Dres.dir="$dir/res" \
      "$@" >"$dir/mvn.log" 2>&1; then
    show_log_tail "$dir/mvn.log"
    die "$name: Maven could not resolve the jars of $pom (full output: $dir/mvn.log)"
  fi
  echo "$want" >"$dir/.resolved"
  log "$name: $(ls "$dir/lib" | wc -l) jars cached in $dir/lib"
}

fetch_kafka() { fetch kafka dependency:copy-dependencies; }
fetch_hdfs() { fetch hadoop dependency:copy-dependencies dependency:unpack@webapps; }

# Starts a JVM detached from this shell (own session, no stdin), so that neither
# the end of this script nor a Ctrl-C in the caller's terminal stops it. The
# inner shell records its own pid and then becomes the JVM, so the pid file
# names the JVM even when setsid has to fork.
spawn() {
  local pidfile=$1 out=$2
  shift 2
  rm -f "$pidfile"
  # fd 9 is the lock of this script; a daemon keeping it would block every later call.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$out" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  die "could not start: $*"
}

stop_pid() {
  local name=$1 pidfile=$2 main=$3 pid waited=0
  if ! pid=$(pid_of "$pidfile" "$main"); then
    if [[ -f $pidfile ]]; then
      log "$name: not running (removing stale pid file)"
      rm -f "$pidfile"
    else
      log "$name: not running"
    fi
    return 0
  fi
  log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= STOP_TIMEOUT)); then
      log "$name: still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
  log "$name: stopped"
}

# --------------------------------------------------------------------- Kafka

KAFKA_PIDFILE=$KAFKA_RUN/kafka.pid
KAFKA_LOG=$KAFKA_RUN/logs/server.log
KAFKA_OUT=$KAFKA_RUN/logs/kafka.out

# An open port only means the socket is bound; a metadata round trip through
# the same client library the app uses shows that the broker really serves.
kafka_probe() {
  port_open "$KAFKA_PORT" || return 1
  if [[ -d $ROOT/node_modules/kafkajs ]] && command -v node >/dev/null 2>&1; then
    (cd "$ROOT" && node -e '
      const { Kafka, logLevel } = require("kafkajs");
      const admin = new Kafka({ clientId: "services-probe", brokers: [process.argv[1]],
        logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000,
        retry: { retries: 0 } }).admin();
      (async () => {
        await admin.connect();
        const c = await admin.describeCluster();
        await admin.listTopics();
        await admin.disconnect();
        process.exit(c.brokers.length > 0 && c.controller !== null ? 0 : 1);
      })().catch(() => process.exit(1));
    ' "$KAFKA_BOOTSTRAP") >/dev/null 2>&1
  else
    # Without node_modules (before npm ci), the broker's own "started" line is
    # the best signal; only the part of the log written since our start counts.
    local from=0
    [[ -s $KAFKA_RUN/start.offset ]] && from=$(<"$KAFKA_RUN/start.offset")
    (($(stat -c %s "$KAFKA_LOG" 2>/dev/null || echo 0) >= from)) || from=0 # rolled over
    # (not "tail | grep -q": with pipefail, tail's SIGPIPE would turn a match into a failure)
    grep -q 'Kafka Server started' < <(tail -c "+$((from + 1))" "$KAFKA_LOG" 2>/dev/null)
  fi
}

kafka_up() {
  local pid cid
  if pid=$(pid_of "$KAFKA_PIDFILE" kafka.Kafka); then
    if kafka_probe; then
      log "kafka: already running (pid $pid) at $KAFKA_BOOTSTRAP"
      return 0
    fi
    log "kafka: pid $pid exists but is not ready yet; waiting for it"
  else
    rm -f "$KAFKA_PIDFILE"
    local p
    for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      port_open "$p" && die "kafka: port 127.0.0.1:$p is taken by a process this script did not start; stop it first"
    done
    need java "install a JDK 17 (Debian package 'openjdk-17-jdk-headless')"
    fetch_kafka
    mkdir -p "$KAFKA_RUN/data" "$KAFKA_RUN/logs"
    render "$ROOT/infra/kafka/server.properties" "$KAFKA_RUN/server.properties" LOG_DIRS "$KAFKA_RUN/data" \
      KAFKA_PORT "$KAFKA_PORT" CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
    cp "$ROOT/infra/kafka/log4j2.xml" "$KAFKA_RUN/log4j2.xml"

    # KRaft storage is formatted once with a cluster id that must never change
    # afterwards, so the id is kept beside the data.
    if [[ ! -f $KAFKA_RUN/data/meta.properties ]]; then
      if [[ ! -s $KAFKA_RUN/cluster.id ]]; then
        cid=$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>"$KAFKA_RUN/logs/format.out" | tail -n 1)
        [[ $cid =~ ^[A-Za-z0-9_-]{22}$ ]] || {
          show_log_tail "$KAFKA_RUN/logs/format.out"
          die "kafka: could not generate a cluster id with kafka.tools.StorageTool (got '$cid')"
        }
        echo "$cid" >"$KAFKA_RUN/cluster.id"
      fi
      cid=$(<"$KAFKA_RUN/cluster.id")
      log "kafka: formatting KRaft storage (cluster id $cid)"
      if ! java -Dlog4j2.configurationFile="$KAFKA_RUN/log4j2.xml" -Dkafka.logs.dir="$KAFKA_RUN/logs" \
          -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format --ignore-formatted \
          -t "$cid" -c "$KAFKA_RUN/server.properties" >"$KAFKA_RUN/logs/format.out" 2>&1; then
        show_log_tail "$KAFKA_RUN/logs/format.out"
        die "kafka: formatting the storage failed (see $KAFKA_RUN/logs/format.out)"
      fi
    fi

    stat -c %s "$KAFKA_LOG" >"$KAFKA_RUN/start.offset" 2>/dev/null || echo 0 >"$KAFKA_RUN/start.offset"
    log "kafka: starting broker+controller on $KAFKA_BOOTSTRAP (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
    # Flags follow kafka-server-start.sh, with a smaller heap for a 2-core dev box.
    spawn "$KAFKA_PIDFILE" "$KAFKA_OUT" \
      java -Xms256m -Xmx512m -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_RUN/logs" -Dlog4j2.configurationFile="$KAFKA_RUN/log4j2.xml" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_RUN/server.properties"
    pid=$(<"$KAFKA_PIDFILE")
  fi

  local deadline=$((SECONDS + TIMEOUT))
  until kafka_probe; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PIDFILE"
      show_log_tail "$KAFKA_OUT" "$KAFKA_LOG"
      die "kafka: the broker exited during startup (logs: $KAFKA_LOG, $KAFKA_OUT)"
    fi
    ((SECONDS < deadline)) || {
      show_log_tail "$KAFKA_LOG"
      die "kafka: not ready after ${TIMEOUT}s (pid $pid still running; log: $KAFKA_LOG)"
    }
    sleep 1
  done
  kafka_warm
  log "kafka: ready at $KAFKA_BOOTSTRAP (pid $pid, log $KAFKA_LOG)"
}

# The first consumer group makes the broker create __consumer_offsets, during
# which clients get "group coordinator not available" errors for a few seconds.
# Looking up a group coordinator once here takes that hit before any test does.
kafka_warm() {
  [[ -d $ROOT/node_modules/kafkajs ]] && command -v node >/dev/null 2>&1 || return 0
  (cd "$ROOT" && node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const admin = new Kafka({ clientId: "services-warmup", brokers: [process.argv[1]],
      logLevel: logLevel.NOTHING, retry: { retries: 10 } }).admin();
    (async () => {
      await admin.connect();
      await admin.describeGroups(["services-warmup"]);
      await admin.disconnect();
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' "$KAFKA_BOOTSTRAP") >/dev/null 2>&1 || log "kafka: warning: could not warm up the group coordinator (consumers may retry at first)"
}

kafka_down() { stop_pid kafka "$KAFKA_PIDFILE" kafka.Kafka; }

kafka_status() {
  local pid
  if pid=$(pid_of "$KAFKA_PIDFILE" kafka.Kafka); then
    if kafka_probe; then
      echo "kafka    running  pid $pid  bootstrap $KAFKA_BOOTSTRAP  log $KAFKA_LOG"
      return 0
    fi
    echo "kafka    starting/unhealthy  pid $pid  bootstrap $KAFKA_BOOTSTRAP  log $KAFKA_LOG"
    return 1
  fi
  if port_open "$KAFKA_PORT"; then
    echo "kafka    foreign  $KAFKA_BOOTSTRAP is served by a process this script did not start"
  else
    echo "kafka    stopped"
  fi
  return 1
}

# ---------------------------------------------------------------------- HDFS

NN_MAIN=org.apache.hadoop.hdfs.server.namenode.NameNode
DN_MAIN=org.apache.hadoop.hdfs.server.datanode.DataNode
NN_PIDFILE=$HDFS_RUN/namenode.pid
DN_PIDFILE=$HDFS_RUN/datanode.pid
NN_LOG=$HDFS_RUN/logs/namenode.log
DN_LOG=$HDFS_RUN/logs/datanode.log

# Hadoop 3.4 still reaches into JDK internals by reflection; Java 17 refuses
# that unless the packages are opened, as Hadoop's own launcher scripts do.
HADOOP_JAVA_OPTS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-exports=java.base/sun.net.dns=ALL-UNNAMED
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  -Djava.net.preferIPv4Stack=true
)

# hadoop_cmd LOGFILE_NAME HEAP MAIN ARGS... sets CMD. The conf dir comes first on
# the classpath so that our core-site.xml/hdfs-site.xml win; res/ holds webapps/.
hadoop_cmd() {
  local logname=$1 heap=$2
  shift 2
  # shellcheck disable=SC2054 # the comma in INFO,RFA is part of one value
  CMD=(java "-Xmx$heap" "${HADOOP_JAVA_OPTS[@]}"
    -Dhadoop.home.dir="$CACHE/hadoop" -Dhadoop.log.dir="$HDFS_RUN/logs"
    -Dhadoop.log.file="$logname" -Dhadoop.root.logger=INFO,RFA
    -Dhadoop.id.str="${USER:-$(id -un)}"
    -Dlog4j.configuration="file:$HDFS_RUN/conf/log4j.properties"
    -cp "$HDFS_RUN/conf:$HADOOP_RES:$HADOOP_LIB/*" "$@")
}

jmx() {
  curl -sf --noproxy '*' --max-time 5 "http://127.0.0.1:$NAMENODE_HTTP_PORT/jmx?qry=Hadoop:service=NameNode,name=$1"
}

# "Healthy" = NameNode answers, one live DataNode, safe mode off.
hdfs_state() {
  local fs info
  fs=$(jmx FSNamesystemState) || { echo "NameNode HTTP 127.0.0.1:$NAMENODE_HTTP_PORT not answering"; return 1; }
  grep -Eq '"NumLiveDataNodes" *: *[1-9]' <<<"$fs" || { echo "no live DataNode yet"; return 1; }
  info=$(jmx NameNodeInfo) || { echo "NameNodeInfo not answering"; return 1; }
  grep -Eq '"Safemode" *: *""' <<<"$info" || {
    echo "NameNode in safe mode: $(sed -nE 's/.*"Safemode" *: *"(([^"\\]|\\.)*)".*/\1/p' <<<"$info" | tr -d '\\')"
    return 1
  }
  echo "healthy"
}

# The full WebHDFS write path the app uses: the NameNode answers CREATE with a
# 307 to the DataNode, and the data goes there in a second PUT.
webhdfs_probe() {
  local path=/tmp/.services-probe-$$ head code loc body
  local -a c=(curl -s --noproxy '*' --max-time 10)
  head=$("${c[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' -X PUT \
    "$WEBHDFS_URL$path?op=CREATE&overwrite=true&user.name=hdfs") || { echo "NameNode did not answer CREATE"; return 1; }
  code=${head%% *} loc=${head#* }
  [[ $code == 307 ]] || { echo "CREATE answered $code, expected 307"; return 1; }
  [[ $loc == "http://127.0.0.1:$DATANODE_HTTP_PORT/"* ]] || { echo "CREATE redirected to '$loc', expected the DataNode at 127.0.0.1:$DATANODE_HTTP_PORT"; return 1; }
  code=$("${c[@]}" -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary probe "$loc") || { echo "DataNode 127.0.0.1:$DATANODE_HTTP_PORT did not answer the data PUT"; return 1; }
  [[ $code == 201 ]] || { echo "DataNode PUT answered $code, expected 201"; return 1; }
  body=$("${c[@]}" -L "$WEBHDFS_URL$path?op=OPEN&user.name=hdfs") || { echo "OPEN failed"; return 1; }
  [[ $body == probe ]] || { echo "OPEN returned '$body'"; return 1; }
  "${c[@]}" -o /dev/null -X DELETE "$WEBHDFS_URL$path?op=DELETE&user.name=hdfs" || { echo "DELETE failed"; return 1; }
  echo ok
}

hdfs_alive() {
  local name=$1 pid=$2 pidfile=$3 base=$4
  kill -0 "$pid" 2>/dev/null && return 0
  rm -f "$pidfile"
  show_log_tail "$HDFS_RUN/logs/$base.out" "$HDFS_RUN/logs/$base.log"
  die "hdfs: the $name exited during startup (log: $HDFS_RUN/logs/$base.log)"
}

hdfs_up() {
  local nn dn p reason
  need curl "install curl (Debian package 'curl'); it checks WebHDFS"
  nn=$(pid_of "$NN_PIDFILE" "$NN_MAIN") || nn=
  dn=$(pid_of "$DN_PIDFILE" "$DN_MAIN") || dn=
  if [[ -n $nn && -n $dn ]] && [[ $(hdfs_state) == healthy ]]; then
    log "hdfs: already running (NameNode pid $nn, DataNode pid $dn) at $WEBHDFS_URL"
    return 0
  fi

  if [[ -z $nn || -z $dn ]]; then
    [[ -n $nn ]] || for p in "$NAMENODE_RPC_PORT" "$NAMENODE_HTTP_PORT"; do
      port_open "$p" && die "hdfs: port 127.0.0.1:$p is taken by a process this script did not start; stop it first"
    done
    [[ -n $dn ]] || for p in "$DATANODE_PORT" "$DATANODE_HTTP_PORT" "$DATANODE_IPC_PORT"; do
      port_open "$p" && die "hdfs: port 127.0.0.1:$p is taken by a process this script did not start; stop it first"
    done
    need java "install a JDK 17 (Debian package 'openjdk-17-jdk-headless')"
    fetch_hdfs
    mkdir -p "$HDFS_RUN/conf" "$HDFS_RUN/logs" "$HDFS_RUN/tmp"
    local ports=(NN_RPC_PORT "$NAMENODE_RPC_PORT" NN_HTTP_PORT "$NAMENODE_HTTP_PORT"
      DN_PORT "$DATANODE_PORT" DN_HTTP_PORT "$DATANODE_HTTP_PORT" DN_IPC_PORT "$DATANODE_IPC_PORT")
    render "$ROOT/infra/hadoop/core-site.xml" "$HDFS_RUN/conf/core-site.xml" HDFS_DIR "$HDFS_RUN" "${ports[@]}"
    render "$ROOT/infra/hadoop/hdfs-site.xml" "$HDFS_RUN/conf/hdfs-site.xml" HDFS_DIR "$HDFS_RUN" "${ports[@]}"
    cp "$ROOT/infra/hadoop/log4j.properties" "$HDFS_RUN/conf/log4j.properties"
  fi

  if [[ -z $nn ]]; then
    rm -f "$NN_PIDFILE"
    # A freshly formatted NameNode gets a new cluster id, which an old DataNode
    # directory would refuse; so both start empty together, exactly once.
    if [[ ! -f $HDFS_RUN/name/current/VERSION ]]; then
      log "hdfs: formatting the NameNode (first run)"
      rm -rf "$HDFS_RUN/name" "$HDFS_RUN/data"
      hadoop_cmd format.log 256m "$NN_MAIN" -format -nonInteractive -clusterid purchase-trends
      if ! "${CMD[@]}" >"$HDFS_RUN/logs/format.out" 2>&1; then
        show_log_tail "$HDFS_RUN/logs/format.out" "$HDFS_RUN/logs/format.log"
        die "hdfs: formatting the NameNode failed (see $HDFS_RUN/logs/format.log)"
      fi
    fi
    log "hdfs: starting NameNode (rpc 127.0.0.1:$NAMENODE_RPC_PORT, http 127.0.0.1:$NAMENODE_HTTP_PORT)"
    hadoop_cmd namenode.log 512m "$NN_MAIN"
    spawn "$NN_PIDFILE" "$HDFS_RUN/logs/namenode.out" "${CMD[@]}"
    nn=$(<"$NN_PIDFILE")
  fi
  if [[ -z $dn ]]; then
    rm -f "$DN_PIDFILE"
    log "hdfs: starting DataNode (data 127.0.0.1:$DATANODE_PORT, http 127.0.0.1:$DATANODE_HTTP_PORT, ipc 127.0.0.1:$DATANODE_IPC_PORT)"
    hadoop_cmd datanode.log 384m "$DN_MAIN"
    spawn "$DN_PIDFILE" "$HDFS_RUN/logs/datanode.out" "${CMD[@]}"
    dn=$(<"$DN_PIDFILE")
  fi

  local deadline=$((SECONDS + TIMEOUT)) last=
  while :; do
    hdfs_alive NameNode "$nn" "$NN_PIDFILE" namenode
    hdfs_alive DataNode "$dn" "$DN_PIDFILE" datanode
    reason=$(hdfs_state) && break
    [[ $reason == "$last" ]] || { log "hdfs: waiting: $reason"; last=$reason; }
    ((SECONDS < deadline)) || {
      show_log_tail "$NN_LOG" "$DN_LOG"
      die "hdfs: not healthy after ${TIMEOUT}s ($reason; logs: $NN_LOG, $DN_LOG)"
    }
    sleep 1
  done

  # A DataNode counts as live before its first heartbeat reports free space,
  # and until then a write is refused; so the write probe is retried briefly.
  # After a DataNode restart the NameNode may still count the old one as live
  # for a while, which the write probe sees as refused connections.
  last=
  until reason=$(webhdfs_probe); do
    [[ $reason == "$last" ]] || { log "hdfs: waiting: $reason"; last=$reason; }
    ((SECONDS < deadline)) || die "hdfs: WebHDFS write probe failed: $reason (logs: $NN_LOG, $DN_LOG)"
    sleep 1
  done
  log "hdfs: ready, WebHDFS create/read/delete works at $WEBHDFS_URL (NameNode pid $nn, DataNode pid $dn)"
}

hdfs_down() {
  # DataNode first, so it does not spend the shutdown retrying a gone NameNode.
  stop_pid datanode "$DN_PIDFILE" "$DN_MAIN"
  stop_pid namenode "$NN_PIDFILE" "$NN_MAIN"
}

hdfs_status() {
  local nn dn state
  nn=$(pid_of "$NN_PIDFILE" "$NN_MAIN") || nn=
  dn=$(pid_of "$DN_PIDFILE" "$DN_MAIN") || dn=
  if [[ -z $nn && -z $dn ]]; then
    if port_open "$NAMENODE_HTTP_PORT"; then
      echo "hdfs     foreign  127.0.0.1:$NAMENODE_HTTP_PORT is served by a process this script did not start"
    else
      echo "hdfs     stopped"
    fi
    return 1
  fi
  state=$(hdfs_state) || true
  if [[ -z $nn || -z $dn ]]; then
    state="degraded: ${nn:+DataNode}${dn:+NameNode} not running"
  elif [[ $state == healthy ]]; then
    state=running
  else
    state="unhealthy: $state"
  fi
  echo "hdfs     $state  NameNode pid ${nn:-none}  DataNode pid ${dn:-none}  fs hdfs://127.0.0.1:$NAMENODE_RPC_PORT  webhdfs $WEBHDFS_URL  logs $HDFS_RUN/logs"
  [[ $state == running ]]
}

# ---------------------------------------------------------------------- main

usage() {
  echo "usage: $0 up|down|status|fetch [kafka|hdfs|all]" >&2
  exit 2
}

cmd=${1:-}
what=${2:-all}
[[ $# -le 2 ]] || usage
case $what in kafka | hdfs | all) ;; *) usage ;; esac
case $what in all) services=(kafka hdfs) ;; *) services=("$what") ;; esac

mkdir -p "$RUN"
# Test runners may call "up" from several processes at once; one at a time
# keeps them from starting a second broker on the same ports.
if [[ $cmd == up || $cmd == down || $cmd == fetch ]] && command -v flock >/dev/null 2>&1; then
  exec 9>"$RUN/.lock"
  flock -w 600 9 || die "another services.sh has held $RUN/.lock for 10 minutes"
fi

case $cmd in
  up)
    # One after the other: start-up is CPU-bound class loading (in parallel it
    # saved ~2 s of ~28 s on 2 cores), and a first run's two Maven resolutions
    # must not write into the local repository at the same time.
    for s in "${services[@]}"; do "${s}_up"; done
    log "up: ${services[*]} ready"
    ;;
  down)
    for s in "${services[@]}"; do "${s}_down"; done
    ;;
  status)
    rc=0
    for s in "${services[@]}"; do "${s}_status" || rc=3; done
    echo "cache    $CACHE"
    exit "$rc"
    ;;
  fetch)
    for s in "${services[@]}"; do "fetch_$s"; done
    log "fetch: jars for ${services[*]} are cached under $CACHE"
    ;;
  *) usage ;;
esac
