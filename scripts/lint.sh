#!/usr/bin/env bash
# Static checks: ruff lint and format, and the docker compose file where docker-compose exists.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff="${RUFF:-.venv/bin/ruff}"
"$ruff" check .
"$ruff" format --check .
if command -v docker-compose >/dev/null 2>&1; then
  # Only the file's validity is checked here; the secrets' values do not matter for that.
  DJANGO_SECRET_KEY=compose-check POSTGRES_PASSWORD=compose-check docker-compose -f docker-compose.yml config --quiet
  echo "docker-compose.yml is valid"
else
  echo "docker-compose is not installed: skipped checking docker-compose.yml"
fi
