#!/usr/bin/env bash
# Entry point of the Nautobot + Golden Config harness (loopback only).
#
#   tests/nautobot/run.sh up <outdir> [devices]   setup + fresh db + start + seed + compliance + dump
#   tests/nautobot/run.sh start <outdir>          fresh db + start the servers only (no seed)
#   tests/nautobot/run.sh seed <outdir> [devices] seed a started instance
#   tests/nautobot/run.sh compliance <outdir>     run Golden Config's ComplianceJob and dump
#   tests/nautobot/run.sh dump <outdir>           (re)write <outdir>/golden_config_compliance.json
#   tests/nautobot/run.sh samples <outdir> [dir]  save REST samples (default /tmp/nautobot-samples)
#   tests/nautobot/run.sh env <outdir>            print the shell exports of that instance
#   tests/nautobot/run.sh down <outdir> [--keep-db]
#
# Environment: AURUM_NAUTOBOT_PORT (8089), AURUM_NAUTOBOT_GIT_PORT (port+1),
# AURUM_NAUTOBOT_DEVICES (300), AURUM_NAUTOBOT_TOKEN, AURUM_NAUTOBOT_CACHE,
# AURUM_NB_REDIS_DB (7; the Celery broker uses the next number).
# The last line of `up` is machine readable:
#   NAUTOBOT_URL=http://127.0.0.1:PORT NAUTOBOT_TOKEN=... OUT=...
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd="${1:-}"; out="${2:-}"
[ -n "$cmd" ] && [ -n "$out" ] || { sed -n '2,18p' "$0" >&2; exit 2; }
mkdir -p "$out"; out="$(cd "$out" && pwd)"

# Per-instance settings are remembered in <out>/nautobot.env so later
# subcommands (and tests) reuse the same port/database.
if [ -f "$out/nautobot.env" ] && [ "$cmd" != up ] && [ "$cmd" != start ]; then
  # shellcheck disable=SC1091
  source "$out/nautobot.env"
else
  NB_PORT="${AURUM_NAUTOBOT_PORT:-8089}"
  NB_GIT_PORT="${AURUM_NAUTOBOT_GIT_PORT:-$((NB_PORT + 1))}"
  NB_DB="aurum_nb_p${NB_PORT}"
fi
export NAUTOBOT_DB_NAME="$NB_DB" AURUM_NB_GIT_ROOT="$out/nautobot-git"
NB_URL="http://127.0.0.1:$NB_PORT"
NB_GIT_URL="http://127.0.0.1:$NB_GIT_PORT"
PY="$NB_VENV/bin/python"

write_env() {
  cat >"$out/nautobot.env" <<EOF
NB_PORT=$NB_PORT
NB_GIT_PORT=$NB_GIT_PORT
NB_DB=$NB_DB
NB_TOKEN=$NB_TOKEN
export NAUTOBOT_CONFIG=$NAUTOBOT_CONFIG NAUTOBOT_ROOT=$NAUTOBOT_ROOT NAUTOBOT_DB_NAME=$NB_DB AURUM_NB_GIT_ROOT=$out/nautobot-git AURUM_NB_REDIS_DB=$AURUM_NB_REDIS_DB
export NAUTOBOT_URL=$NB_URL NAUTOBOT_TOKEN=$NB_TOKEN NAUTOBOT_VENV=$NB_VENV
EOF
}

alive() { local st; st="$(ps -o stat= -p "$1" 2>/dev/null || true)"; [ -n "$st" ] && [ "${st#Z}" = "$st" ]; }

kill_pidfile() {  # kill the process group we started (setsid), by its recorded id
  local f="$1" sig="${2:-TERM}"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  if alive "$pid"; then
    kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

wait_http() {  # url, seconds, [auth header]
  local url="$1" secs="$2" hdr="${3:-}"
  local t_end=$(( $(date +%s) + secs ))
  while [ "$(date +%s)" -lt "$t_end" ]; do
    if [ -n "$hdr" ]; then
      curl -sf --noproxy '*' -o /dev/null -H "$hdr" "$url" && return 0
    else
      curl -sf --noproxy '*' -o /dev/null "$url" && return 0
    fi
    sleep 0.5
  done
  return 1
}

flush_cache() {  # this instance's keys only (cache KEY_PREFIX is the database name)
  "$PY" - "$AURUM_NB_REDIS_DB" "$NB_DB" <<'PY' || true
import sys, redis
r = redis.Redis(host="127.0.0.1", port=6379, db=int(sys.argv[1]))
keys = list(r.scan_iter(match=sys.argv[2] + ":*", count=1000))
if keys:
    r.delete(*keys)
PY
}

do_down() {
  [ -f "$out/nautobot.env" ] || { nb_log "no instance recorded in $out"; return 0; }
  kill_pidfile "$out/nautobot-web.pid" INT
  kill_pidfile "$out/git-http.pid"
  flush_cache
  if [ "${1:-}" != "--keep-db" ]; then
    nb_psql -c "DROP DATABASE IF EXISTS $NB_DB WITH (FORCE)" 2>/dev/null || true
  fi
}

do_start() {
  "$NB_HERE/setup.sh" >/dev/null
  # Restart of this outdir's own instance; never touch what another outdir runs.
  if [ -f "$out/nautobot.env" ]; then
    # shellcheck disable=SC1091
    ( source "$out/nautobot.env"; do_down )
  fi
  local p
  for p in "$NB_PORT" "$NB_GIT_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      nb_log "127.0.0.1:$p is already in use (another instance? run.sh down <its outdir>, or set AURUM_NAUTOBOT_PORT)"; exit 1
    fi
  done
  write_env
  local t0; t0=$(date +%s.%N)
  # The port is free, so no server of ours uses this database any more.
  nb_psql -c "DROP DATABASE IF EXISTS $NB_DB WITH (FORCE)"
  flush_cache
  nb_psql -c "CREATE DATABASE $NB_DB TEMPLATE $NB_TEMPLATE_DB"
  # The template holds the token setup.sh was run with; honour the current one.
  nb_psql -d "$NB_DB" -c "UPDATE users_token SET key='$NB_TOKEN' WHERE description='aurum e2e'"
  rm -rf "$out/nautobot-git"; mkdir -p "$out/nautobot-git" "$out/git-remote" "$out/logs"
  # Read-only git over smart HTTP on loopback (git http-backend; libgit2 needs smart HTTP).
  setsid "$PY" "$NB_HERE/git_http.py" "$out/git-remote" "$NB_GIT_PORT" \
    >"$out/logs/git-http.log" 2>&1 </dev/null &
  echo $! >"$out/git-http.pid"
  # uWSGI: 1 worker process, 4 threads, loopback only.
  setsid nice "$NB_VENV/bin/nautobot-server" start --http="127.0.0.1:$NB_PORT" --master --processes=1 --threads=4 \
    --die-on-term --enable-threads --buffer-size=32768 --harakiri=600 --disable-logging \
    >"$out/logs/nautobot-web.log" 2>&1 </dev/null &
  echo $! >"$out/nautobot-web.pid"
  if ! wait_http "$NB_URL/api/status/" 180 "Authorization: Token $NB_TOKEN"; then
    tail -40 "$out/logs/nautobot-web.log" >&2
    nb_log "Nautobot did not answer on $NB_URL within 180s"; exit 1
  fi
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$NB_GIT_PORT") 2>/dev/null; do
    tries=$((tries + 1)); [ "$tries" -lt 40 ] || { nb_log "git http server did not start"; exit 1; }
    sleep 0.5
  done
  nb_log "Nautobot up at $NB_URL in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s (db $NB_DB from $NB_TEMPLATE_DB)"
}

do_seed() {
  local n="${1:-${AURUM_NAUTOBOT_DEVICES:-300}}"
  "$PY" "$NB_HERE/seed.py" files --devices "$n" --out "$out"
  "$PY" "$NB_HERE/seed.py" nautobot --out "$out" --git-url "$NB_GIT_URL" --user "$NB_ADMIN_USER"
}

do_compliance() {
  local rc=0
  # bash's `time` reports wall (real) and CPU (user+sys, children included).
  ( time nice "$NB_VENV/bin/nautobot-server" runjob --local --username "$NB_ADMIN_USER" \
      nautobot_golden_config.jobs.ComplianceJob ) >"$out/logs/compliance-job.log" 2>&1 || rc=$?
  tail -5 "$out/logs/compliance-job.log" >&2
  [ "$rc" = 0 ] || nb_log "compliance job exited $rc (see $out/logs/compliance-job.log); dumping what it recorded"
  "$PY" "$NB_HERE/dump.py" --out "$out"
}

case "$cmd" in
  up)
    T0=$(date +%s)
    do_start
    do_seed "${3:-}"
    do_compliance
    nb_log "up finished in $(( $(date +%s) - T0 ))s"
    echo "NAUTOBOT_URL=$NB_URL NAUTOBOT_TOKEN=$NB_TOKEN OUT=$out"
    ;;
  start) do_start; echo "NAUTOBOT_URL=$NB_URL NAUTOBOT_TOKEN=$NB_TOKEN OUT=$out" ;;
  seed) do_seed "${3:-}" ;;
  compliance) do_compliance ;;
  dump) "$PY" "$NB_HERE/dump.py" --out "$out" ;;
  samples) "$PY" "$NB_HERE/samples.py" --url "$NB_URL" --token "$NB_TOKEN" --dest "${3:-/tmp/nautobot-samples}" ;;
  env) cat "$out/nautobot.env" ;;
  down) do_down "${3:-}" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
