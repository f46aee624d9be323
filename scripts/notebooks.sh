#!/usr/bin/env bash
# The notebooks' one entry point (npm run notebooks [-- <command> ...]):
#   [lab] [jupyter options]  register the tslab kernel and open JupyterLab on notebooks/ (the default);
#                            prints the address and nothing else (JupyterLab's log goes to
#                            .cache/jupyterlab.log, or PURCHASE_TRENDS_JUPYTERLAB_LOG)
#   register                 only register the kernel
#   execute <out-dir> [nb…]  run notebooks headless (all of notebooks/ by default) into <out-dir>,
#                            with Debian's nbconvert; cell errors are kept in the output notebooks
#                            (the notebook test reads them there)
# The kernel is registered with `tslab install` into a prefix (default .jupyter/, git-ignored;
# PURCHASE_TRENDS_JUPYTER_PREFIX overrides it) and found through JUPYTER_PATH, so nothing is
# written to the user's or the system's Jupyter folders. JupyterLab comes from PyPI into a venv
# under .cache/ (git-ignored) the first time `lab` runs; `execute` needs only Debian's packages
# (scripts/provision.sh installs them).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PURCHASE_TRENDS_JUPYTER_PREFIX:-$ROOT/.jupyter}
VENV=${PURCHASE_TRENDS_JUPYTERLAB_VENV:-$ROOT/.cache/jupyterlab-venv}
LAB_LOG=${PURCHASE_TRENDS_JUPYTERLAB_LOG:-$ROOT/.cache/jupyterlab.log}
DEBIAN_PYTHON=/usr/bin/python3
die() { printf 'notebooks: %s\n' "$*" >&2; exit 1; }

[[ -x $ROOT/node_modules/.bin/tslab ]] || die "tslab is not installed; run npm install first"

# Registers the kernel for a python that has jupyter_client. Its launcher lives in the prefix,
# not the repository, so the kernel spec's absolute paths never end up in git. `quiet` leaves out
# the line that says where.
register() {
  local python=$1 quiet=${2:-}
  mkdir -p "$PREFIX"
  local launcher="$PREFIX/tslab-kernel"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$(command -v node)" "$ROOT/scripts/tslab-kernel.cjs" >"$launcher"
  chmod +x "$launcher"
  "$ROOT/node_modules/.bin/tslab" install --python="$python" --binary="$launcher" --prefix "$PREFIX" >/dev/null ||
    die "tslab install failed with $python (it needs the jupyter_client module)"
  export JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
  [[ -n $quiet ]] || echo "notebooks: tslab kernel registered in $PREFIX/share/jupyter/kernels/tslab (JUPYTER_PATH=$JUPYTER_PATH)"
}

# Runs JupyterLab with its log in a file, prints its address once it listens, and stops it on
# Ctrl-C or SIGTERM.
serve_lab() {
  mkdir -p "$(dirname "$LAB_LOG")"
  "$VENV/bin/jupyter" lab "$@" >"$LAB_LOG" 2>&1 &
  local pid=$! url=''
  trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 0' INT TERM
  while kill -0 "$pid" 2>/dev/null; do
    url=$(grep -m1 -oE 'https?://(127\.0\.0\.1|localhost)[^[:space:]]*' "$LAB_LOG" || true)
    [[ -n $url ]] && break
    sleep 0.2
  done
  if [[ -z $url ]]; then
    tail -n 20 "$LAB_LOG" >&2
    die "JupyterLab stopped before it listened; its log is $LAB_LOG"
  fi
  echo "$url"
  wait "$pid"
}

# Options alone (npm run notebooks -- --port 8899) go to JupyterLab.
command=lab
if [[ $# -gt 0 && $1 != -* ]]; then
  command=$1
  shift
fi
case $command in
  register)
    register "${PURCHASE_TRENDS_PYTHON:-$DEBIAN_PYTHON}"
    ;;
  execute)
    [[ $# -ge 1 ]] || die "usage: notebooks.sh execute <out-dir> [notebook.ipynb ...]"
    out=$1
    shift
    "$DEBIAN_PYTHON" -c 'import nbclient, nbconvert' 2>/dev/null ||
      die "Debian's nbconvert/nbclient are missing for $DEBIAN_PYTHON; run bash scripts/provision.sh"
    register "$DEBIAN_PYTHON"
    export PURCHASE_TRENDS_NOTEBOOK_STATIC=1
    mkdir -p "$out"
    if [[ $# -eq 0 ]]; then set -- "$ROOT"/notebooks/*.ipynb; fi
    for notebook in "$@"; do
      start=$SECONDS
      "$DEBIAN_PYTHON" -m jupyter nbconvert --to notebook --execute --allow-errors \
        --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=300 \
        --output-dir "$out" "$notebook" 2>&1 | grep -v '^\[NbConvertApp\]' || true
      [[ -f $out/$(basename "$notebook") ]] || die "nbconvert wrote no $out/$(basename "$notebook")"
      echo "notebooks: executed $(basename "$notebook") in $((SECONDS - start)) s"
    done
    ;;
  lab)
    if [[ ! -x $VENV/bin/jupyter-lab ]]; then
      python=$(command -v python3 || true)
      [[ -n $python ]] || die "python3 is missing; JupyterLab needs it"
      echo "notebooks: installing JupyterLab from PyPI into $VENV (once)" >&2
      "$python" -m venv "$VENV" || die "cannot create a venv with $python (Debian: apt-get install python3-venv)"
      "$VENV/bin/pip" install --quiet --upgrade pip jupyterlab || die "pip install jupyterlab failed"
    fi
    # The venv lies under this repository, whose package.json says "type": "module"; without a
    # package.json of its own, node would read JupyterLab's bundled CommonJS yarn.js as an ES module
    # and fail with ~100 KB of minified source on the screen.
    [[ -f $VENV/package.json ]] || printf '{ "type": "commonjs" }\n' >"$VENV/package.json"
    register "$VENV/bin/python" quiet
    cd "$ROOT"
    # JupyterLab refuses to start as root (containers, CI machines) unless told it may.
    root_flag=()
    [[ $(id -u) == 0 ]] && root_flag=(--allow-root)
    serve_lab --ServerApp.root_dir="$ROOT" --LabApp.default_url=/lab/tree/notebooks "${root_flag[@]}" "$@"
    ;;
  *)
    die "unknown command \"$command\"; expected lab, register or execute"
    ;;
esac
