#!/usr/bin/env bash
# Idempotent, cached setup of a real Nautobot + Golden Config (from PyPI):
#   1. venv in $AURUM_NAUTOBOT_CACHE (default ~/.cache/aurum-nautobot), keyed on the pins
#   2. one migrated template database, keyed on the pins, with a superuser and a
#      known API token; runs copy it with CREATE DATABASE ... TEMPLATE
# Usage: tests/nautobot/setup.sh        (prints the venv and template db names)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$NB_CACHE" "$NAUTOBOT_ROOT"

# PostgreSQL and Redis on loopback: start the local ones if installed but down.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! answers 5432; then
  nb_log "PostgreSQL not answering on 127.0.0.1:5432; trying pg_ctlcluster"
  for v in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
  for _ in $(seq 1 30); do answers 5432 && break; sleep 0.5; done
  answers 5432 || { nb_log "PostgreSQL unavailable (apt-get install postgresql)"; exit 1; }
fi
if ! answers 6379; then
  nb_log "Redis not answering on 127.0.0.1:6379; starting redis-server"
  command -v redis-server >/dev/null || { nb_log "Redis unavailable (apt-get install redis-server)"; exit 1; }
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  for _ in $(seq 1 30); do answers 6379 && break; sleep 0.2; done
  answers 6379 || { nb_log "redis-server did not start"; exit 1; }
fi
exec 9>"$NB_CACHE/setup.lock"
flock 9

if [ ! -e "$NB_VENV/.complete" ]; then
  t0=$(date +%s)
  nb_log "creating venv $NB_VENV"
  rm -rf "$NB_VENV"
  "$NB_PYTHON" -m venv "$NB_VENV"
  nice "$NB_VENV/bin/pip" install -q --disable-pip-version-check \
    -r "$NB_HERE/requirements.txt" -c "$NB_HERE/constraints.txt"
  touch "$NB_VENV/.complete"
  nb_log "venv ready in $(( $(date +%s) - t0 ))s"
fi

mark="$(nb_psql -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname='$NB_TEMPLATE_DB'" || true)"
if [ "$mark" != "$NB_TEMPLATE_MARK" ]; then
  t0=$(date +%s)
  nb_log "migrating template database $NB_TEMPLATE_DB (slow: several minutes)"
  nb_psql -c "DROP DATABASE IF EXISTS $NB_TEMPLATE_DB WITH (FORCE)"
  nb_psql -c "CREATE DATABASE $NB_TEMPLATE_DB"
  NAUTOBOT_DB_NAME="$NB_TEMPLATE_DB" nice "$NB_VENV/bin/nautobot-server" migrate --no-input -v 1 \
    > "$NB_CACHE/migrate-$NB_PIN_HASH.log" 2>&1 || { tail -40 "$NB_CACHE/migrate-$NB_PIN_HASH.log" >&2; exit 1; }
  NAUTOBOT_DB_NAME="$NB_TEMPLATE_DB" nice "$NB_VENV/bin/python" - "$NB_ADMIN_USER" "$NB_ADMIN_PASSWORD" "$NB_TOKEN" <<'PY'
import sys
import nautobot
nautobot.setup()
from django.contrib.auth import get_user_model
from nautobot.users.models import Token
user, pw, key = sys.argv[1:4]
User = get_user_model()
u, _ = User.objects.get_or_create(username=user, defaults={"is_superuser": True, "is_staff": True})
u.is_superuser = u.is_staff = True
u.set_password(pw)
u.save()
Token.objects.filter(user=u).delete()
Token.objects.create(user=u, key=key, write_enabled=True, description="aurum e2e")
print("superuser and token ready")
PY
  nb_psql -c "COMMENT ON DATABASE $NB_TEMPLATE_DB IS '$NB_TEMPLATE_MARK'"
  nb_log "template ready in $(( $(date +%s) - t0 ))s"
fi

# Drop templates of other pins (old versions) so they don't pile up.
for old in $(nb_psql -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'aurum_nbtpl_%' AND datname <> '$NB_TEMPLATE_DB'"); do
  nb_log "dropping stale template $old"
  nb_psql -c "DROP DATABASE IF EXISTS $old WITH (FORCE)"
done

echo "NB_VENV=$NB_VENV NB_TEMPLATE_DB=$NB_TEMPLATE_DB"
