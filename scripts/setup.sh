#!/usr/bin/env bash
# Prepares a checkout for running or testing PlantWeb: a virtual environment in .venv with the
# pinned packages, the bundled PlantUML jar, and a check that Java is there to run it.
#
# Usage: scripts/setup.sh [run|dev]
#   run: requirements-ml.txt (the web, both workers and the model libraries), or with
#        PLANTWEB_WEB_ONLY=1 only requirements.txt (the web and the render worker, no torch)
#   dev: requirements-dev.txt (everything, and the test tools)
# Safe to run again: packages are only reinstalled when a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-dev}"
case "$mode" in
  run)
    if [ "${PLANTWEB_WEB_ONLY:-0}" = 1 ]; then
      mode=web requirements=requirements.txt
    else
      requirements=requirements-ml.txt
    fi
    ;;
  dev) requirements=requirements-dev.txt ;;
  *) echo "usage: $0 [run|dev]" >&2; exit 2 ;;
esac

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python="$(find_python)" || die "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)."
  say "Creating .venv with $("$python" -V 2>&1)"
  "$python" -m venv .venv
fi

# The hash covers every file because each includes the ones below it.
if command -v sha256sum >/dev/null 2>&1; then sha=(sha256sum); else sha=(shasum -a 256); fi
hash="$(cat requirements.txt requirements-ml.txt requirements-dev.txt | "${sha[@]}" | cut -d' ' -f1)"
stamp_dir=.venv/.plantweb
mkdir -p "$stamp_dir"
installed() { [ -f "$stamp_dir/$1" ] && [ "$(cat "$stamp_dir/$1")" = "$hash" ]; }

# A fuller install serves a smaller one: dev covers run, and run covers web.
if installed dev || { [ "$mode" != dev ] && installed run; } || { [ "$mode" = web ] && installed web; }; then
  say "Python packages are up to date ($requirements)"
else
  say "Installing Python packages from $requirements (first time: several minutes)"
  .venv/bin/python -m pip install --quiet -r "$requirements"
  echo "$hash" > "$stamp_dir/$mode"
fi

# The run command can use an existing PlantUML server instead; the tests always start their own.
if [ "$mode" != dev ] && [ -n "${PLANTUML_URL:-}" ]; then
  say "Using the PlantUML server at $PLANTUML_URL"
  exit 0
fi

jar="${PLANTUML_JAR:-.cache/plantuml/plantuml.jar}"
if [ -s "$jar" ]; then
  say "PlantUML jar: $jar"
else
  [ -f scripts/fetch_plantuml.sh ] || die "scripts/fetch_plantuml.sh is missing; set PLANTUML_JAR."
  say "Fetching the PlantUML jar"
  bash scripts/fetch_plantuml.sh
fi

if ! command -v java >/dev/null 2>&1; then
  die "Java 17 or newer is needed to run the PlantUML server.
       On Debian or Ubuntu: apt-get install -y default-jre-headless
       Or point PLANTUML_URL at a running PlantUML server."
fi
