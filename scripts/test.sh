#!/usr/bin/env bash
# Runs PlantWeb's checks and test suite against real services on this machine: PostgreSQL on
# 127.0.0.1:5432, Redis on 127.0.0.1:6379, Debian's Chromium, and the PlantUML server and Celery
# workers that the test session starts itself. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
started=$SECONDS

bash scripts/setup.sh dev
# shellcheck disable=SC1091
. .venv/bin/activate

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    say "Installing Debian's chromium for the browser tests"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  else
    die "the browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium"
  fi
fi

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_port() {
  local deadline=$((SECONDS + 30))
  until port_open "$1" "$2"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

if ! port_open 127.0.0.1 5432; then
  say "Starting PostgreSQL"
  [ -d /etc/postgresql ] || die "PostgreSQL is not installed and nothing answers on 127.0.0.1:5432."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  wait_port 127.0.0.1 5432 || die "PostgreSQL did not come up on 127.0.0.1:5432."
fi
if ! port_open 127.0.0.1 6379; then
  say "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_port 127.0.0.1 6379 || die "Redis did not come up on 127.0.0.1:6379."
fi

export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/plantweb}"
# A Redis database of its own, so the suite never sees another broker's messages.
export CELERY_BROKER_URL="${TEST_CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}"
export DJANGO_SECRET_KEY=test-only
export DJANGO_DEBUG=0
# Playwright's sync API runs an event loop in the test thread, which Django's ORM refuses
# unless told the access is deliberate.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
unset PLANTWEB_MODEL PLANTWEB_ADAPTER PLANTUML_URL
mkdir -p test-output

say "Lint"
bash scripts/lint.sh

say "Tests"
set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  die "pytest collected no tests."
fi
say "Finished in $((SECONDS - started))s (pytest exit status $status)"
exit "$status"
