#!/usr/bin/env bash
# Runs the benchmark against a throw-away PostgreSQL 15 with initdb's default settings (the target configuration).
#   scripts/bench.sh --rows 1000000
#   scripts/bench.sh --rows 1000000 --batch-sweep 100,1000,5000,20000
# PG_BIN (default /usr/lib/postgresql/15/bin) and PG_PORT (default 55434) override the server; with
# CONTACTIMPORT_BENCH_PG already set, no server is started and that one is used.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55434}

dotnet build -c Release bench/ContactImport.Bench -v quiet -nologo >&2
# Ours as it ships: the Native AOT binary (the bench finds it in bin/Release/net10.0/linux-x64/publish).
dotnet publish -c Release -r linux-x64 src/ContactImport -v quiet -nologo >&2

if [[ -z "${CONTACTIMPORT_BENCH_PG:-}" ]]; then
  if [[ ! -x "$PG_BIN/initdb" ]]; then
    echo "PostgreSQL not found in $PG_BIN (apt-get install -y postgresql), running without it" >&2
  else
    PGDIR=$(mktemp -d /tmp/pgbench-XXXXXX)
    # initdb and postgres refuse to run as root.
    RUN=()
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$PGDIR"; RUN=(runuser -u postgres --); fi
    "${RUN[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" --auth=trust -U postgres >/dev/null
    "${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k /tmp" \
      -l "$PGDIR/log" -w start >&2
    trap '"${RUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >&2; rm -rf "$PGDIR"' EXIT
    export CONTACTIMPORT_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  fi
fi

dotnet run -c Release --no-build --project bench/ContactImport.Bench -- "$@"
