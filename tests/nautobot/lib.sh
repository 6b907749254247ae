# Shared paths and helpers for setup.sh / run.sh (sourced, not executed).
# Everything heavy lives in a cache dir outside the checkout.
set -euo pipefail

NB_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NB_CACHE="${AURUM_NAUTOBOT_CACHE:-$HOME/.cache/aurum-nautobot}"
NB_PYTHON="${AURUM_NAUTOBOT_PYTHON:-python3.11}"
# The venv and the template database are keyed on the pinned versions: a bump
# of requirements.txt/constraints.txt gives a new venv and a fresh migration.
NB_PIN_HASH="$(cat "$NB_HERE/requirements.txt" "$NB_HERE/constraints.txt" | sha256sum | cut -c1-10)"
NB_VERSIONS="$(grep -E '^(nautobot|nautobot-golden-config)==' "$NB_HERE/requirements.txt" | sed 's/==/-/' | tr '\n' '_' | sed 's/_$//')"
NB_VENV="$NB_CACHE/venv-${NB_VERSIONS}-${NB_PIN_HASH}"
NB_TEMPLATE_DB="aurum_nbtpl_${NB_PIN_HASH}"
NB_TEMPLATE_MARK="aurum-ready ${NB_VERSIONS} ${NB_PIN_HASH}"
NB_ADMIN_USER="${AURUM_NAUTOBOT_USER:-admin}"
NB_ADMIN_PASSWORD="${AURUM_NAUTOBOT_PASSWORD:-admin}"
# 40 hex characters, test-only (loopback server).
NB_TOKEN="${AURUM_NAUTOBOT_TOKEN:-aa0000000000000000000000000000000000a0a0}"

export NAUTOBOT_CONFIG="$NB_HERE/nautobot_config.py"
export NAUTOBOT_ROOT="$NB_CACHE/nautobot-root"
export AURUM_NB_REDIS_DB="${AURUM_NB_REDIS_DB:-7}"
export NAUTOBOT_DB_USER=postgres
# pip and git must never look for a proxy-less path elsewhere; loopback only.
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"

nb_psql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }
nb_db_exists() { [ "$(nb_psql -tAc "SELECT 1 FROM pg_database WHERE datname='$1'")" = "1" ]; }
nb_log() { echo "[aurum-nautobot $(date +%H:%M:%S)] $*" >&2; }
nb_server() { "$NB_VENV/bin/nautobot-server" "$@"; }
