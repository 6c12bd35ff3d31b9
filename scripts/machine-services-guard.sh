#!/usr/bin/env bash
# shellcheck disable=SC2016  # the eval expression is Erlang, single-quoted on purpose
# Proves a test run left the machine's own PostgreSQL and RabbitMQ alone (scripts/test.sh calls it):
#   record FILE   what identifies them now: PostgreSQL's start time, its databases and roles;
#                 RabbitMQ's node, OS process and application start, uptime, its vhosts;
#   compare FILE  reads them again and fails, naming each difference, when the run restarted either
#                 one or created, dropped or left behind a database, role or vhost.
# Names under the tests' prefix (swt_) that were there before the run belong to an earlier run that
# died: they are not counted against this one; only what appeared during the run is. With
# TEST_RUN_NAMESPACE set (scripts/test.sh: swt_<run>_, the prefix of every namespace the run's tests
# make) only names under it count as left behind: others are a test run's beside this one.
# Same connection settings and defaults as scripts/ensure-infra.sh (DATABASE_*, RABBITMQ_URL).
# RabbitMQ's vhosts and application start are read with rabbitmqctl, which needs root (or the
# rabbitmq user); otherwise the broker's OS process (pid and start) is compared, and the script says so.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

DB_HOST="${DATABASE_HOST:-127.0.0.1}"
DB_PORT="${DATABASE_PORT:-5432}"
DB_USER="${DATABASE_USER:-postgres}"
AMQP_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
TEST_PREFIX=swt_
RUN_PREFIX="${TEST_RUN_NAMESPACE:-$TEST_PREFIX}"

say() { echo "machine-services-guard: $*"; }

pg() {
  PGPASSWORD="${DATABASE_PASSWORD:-}" PGCONNECT_TIMEOUT=5 \
    psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -w -XAtqc "$1" </dev/null
}

mq_host() {
  local rest="${AMQP_URL#*://}"
  rest="${rest#*@}"
  rest="${rest%%/*}"
  rest="${rest%:*}"
  echo "${rest//[\[\]]/}"
}

mq_local() {
  case "$(mq_host)" in
    localhost | 127.* | ::1) return 0 ;;
    *) return 1 ;;
  esac
}

# One "key value" line per fact, sorted: e.g. "postgres.database foo", "rabbitmq.vhost /".
snapshot() {
  if command -v psql >/dev/null 2>&1; then
    echo "postgres.started $(pg 'SELECT pg_postmaster_start_time()')"
    pg 'SELECT datname FROM pg_database' | sed 's/^/postgres.database /'
    pg 'SELECT rolname FROM pg_roles' | sed 's/^/postgres.role /'
  else
    echo "note.postgres not checked: psql is not installed"
  fi
  if ! mq_local; then
    echo "note.rabbitmq not checked: RABBITMQ_URL names another host"
  elif identity=$(rabbitmqctl -q eval '{node(), os:getpid(), pid_to_list(whereis(rabbit_sup))}.' 2>/dev/null); then
    # rabbit_sup is the RabbitMQ application's top supervisor: a new one after stop_app/start_app.
    echo "rabbitmq.started $identity"
    echo "info.rabbitmq.uptime $(rabbitmqctl -q eval 'element(1, erlang:statistics(wall_clock)) div 1000.' 2>/dev/null) s"
    rabbitmqctl -q list_vhosts --no-table-headers name 2>/dev/null | sed 's/^/rabbitmq.vhost /'
  else
    local beam
    beam=$(ps -u rabbitmq -o pid=,lstart=,comm= 2>/dev/null | awk '$NF == "beam.smp" { $NF = ""; print }' | head -n 1)
    echo "rabbitmq.started OS process ${beam:-none}"
    echo "note.rabbitmq vhosts and stop_app/start_app not checked: rabbitmqctl needs root (running as $(id -un))"
  fi
}

value() { sed -n "s/^$1 //p" "$2"; }
names() { sed -n "s/^$1 //p" "$2" | sort; }

compare() {
  local before="$1" after changes=()
  after=$(mktemp)
  trap 'rm -f "$after"' RETURN
  snapshot >"$after"

  local key label others=0
  if [[ "$(value postgres.started "$before")" != "$(value postgres.started "$after")" ]]; then
    changes+=("PostgreSQL restarted: up since $(value postgres.started "$before") before the run, since $(value postgres.started "$after") now")
  fi
  if [[ "$(value rabbitmq.started "$before")" != "$(value rabbitmq.started "$after")" ]]; then
    changes+=("RabbitMQ restarted, or its application was stopped and started (node, OS pid, application supervisor): $(value rabbitmq.started "$before") before the run (uptime $(value info.rabbitmq.uptime "$before")), $(value rabbitmq.started "$after") now (uptime $(value info.rabbitmq.uptime "$after"))")
  fi
  for key in postgres.database postgres.role rabbitmq.vhost; do
    label=${key#*.}
    while IFS= read -r name; do
      if [[ -n "$name" && "$name" != "$TEST_PREFIX"* ]]; then changes+=("$label '$name' was removed"); fi
    done < <(comm -23 <(names "$key" "$before") <(names "$key" "$after"))
    while IFS= read -r name; do
      if [[ -z "$name" ]]; then
        continue
      elif [[ "$name" == "$RUN_PREFIX"* ]]; then
        changes+=("$label '$name' was left behind (created by the run's tests, not removed)")
      elif [[ "$name" == "$TEST_PREFIX"* ]]; then
        others=$((others + 1))
      else
        changes+=("$label '$name' was created")
      fi
    done < <(comm -13 <(names "$key" "$before") <(names "$key" "$after"))
  done

  sed -n 's/^note\.[a-z]* /note: /p' "$after" | sort -u | while IFS= read -r line; do say "$line"; done
  if ((others)); then say "note: $others $TEST_PREFIX* names appeared that are not under this run's $RUN_PREFIX: a test run beside this one made them, not counted"; fi
  if ((${#changes[@]})); then
    say "FAILED: this test run changed the machine's own PostgreSQL/RabbitMQ:" >&2
    printf '  - %s\n' "${changes[@]}" >&2
    return 1
  fi
  say "the machine's PostgreSQL (up since $(value postgres.started "$after"); $(names postgres.database "$after" | grep -vc "^$TEST_PREFIX") databases besides the tests' own) and RabbitMQ ($(value rabbitmq.started "$after"); vhosts: $(names rabbitmq.vhost "$after" | paste -sd, -)) are as before the run"
}

case "${1:-}" in
  record) [[ -n "${2:-}" ]] || { echo "usage: $0 record FILE" >&2; exit 2; }; snapshot >"$2" ;;
  compare) [[ -r "${2:-}" ]] || { echo "usage: $0 compare FILE (written by record)" >&2; exit 2; }; compare "$2" ;;
  *) echo "usage: $0 record FILE | compare FILE" >&2; exit 2 ;;
esac
