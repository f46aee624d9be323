#!/usr/bin/env bash
# Installs what the test suite needs beyond node_modules, and only what is
# missing, so it is cheap to run before every test run and on a clean machine:
#   - Debian packages: Chromium (PDF reports, page screenshots), Jupyter's
#     headless notebook runner for Debian's /usr/bin/python3, poppler (PDF -> PNG)
#     and a font, so that rendered text does not depend on the machine
#   - the Kafka and Hadoop jars, resolved with Maven into the cache
# It needs java and mvn, and root for apt-get when a package is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T0=$SECONDS
log() { printf '[provision %3ds] %s\n' "$((SECONDS - T0))" "$*"; }
die() { printf '[provision %3ds] ERROR: %s\n' "$((SECONDS - T0))" "$*" >&2; exit 1; }

# Neither is installable from here in a way we want to own (a JDK and Maven
# are part of the machine image), so their absence stops everything at once.
command -v java >/dev/null 2>&1 || die "java is missing: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
command -v mvn >/dev/null 2>&1 || die "mvn is missing: install Maven (Debian: apt-get install maven)"
log "java: $(java -version 2>&1 | head -n 1)"
log "mvn: $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"

APT_PACKAGES=(chromium jupyter-nbconvert jupyter-client python3-ipykernel python3-nbclient poppler-utils fonts-dejavu-core)

# What the tests actually call; checked directly rather than trusting dpkg alone.
# Debian's python3 is meant explicitly: a pyenv or venv python3 earlier on PATH
# does not see the Debian Jupyter modules.
pieces_missing() {
  local gaps=()
  [[ -x /usr/bin/chromium ]] || gaps+=("/usr/bin/chromium")
  [[ -x /usr/bin/pdftoppm ]] || gaps+=("pdftoppm")
  [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || gaps+=("DejaVu fonts")
  /usr/bin/python3 -c 'import nbclient, nbconvert, ipykernel, jupyter_client' >/dev/null 2>&1 ||
    gaps+=("/usr/bin/python3 modules nbclient/nbconvert/ipykernel/jupyter_client")
  /usr/bin/jupyter nbconvert --version >/dev/null 2>&1 || gaps+=("/usr/bin/jupyter nbconvert")
  ((${#gaps[@]} == 0)) || printf '%s\n' "${gaps[@]}"
}

missing=$(pieces_missing)
if [[ -z $missing ]]; then
  log "apt: chromium, jupyter nbconvert/nbclient, poppler, fonts already installed"
else
  log "apt: missing: $(tr '\n' ';' <<<"$missing" | sed 's/;$//; s/;/; /g')"
  if [[ $(id -u) != 0 ]]; then
    die "not root, cannot install; run as root: apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "apt: apt-get update"
  apt-get update -qq >/dev/null || die "apt-get update failed"
  log "apt: installing ${APT_PACKAGES[*]}"
  apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/tmp/provision-apt.log 2>&1 || {
    tail -n 30 /tmp/provision-apt.log >&2
    die "apt-get install failed (full output: /tmp/provision-apt.log)"
  }
  missing=$(pieces_missing)
  [[ -z $missing ]] || die "still missing after apt-get install: $missing"
  log "apt: installed"
fi
log "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
log "jupyter nbconvert: $(/usr/bin/jupyter nbconvert --version 2>/dev/null)"

log "maven: caching the Kafka and Hadoop jars"
bash "$ROOT/scripts/services.sh" fetch all
log "done"
