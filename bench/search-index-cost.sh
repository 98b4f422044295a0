#!/usr/bin/env bash
# Import cost of the search indexes: a first import of 200k rows into an empty company, with and without them.
# Wall time of the import and the server's execution time (pg_stat_statements) of its COPY into contacts and of all
# its statements, per database.
set -euo pipefail
BIN=${BIN:-src/ContactImport/bin/Release/net10.0/contactimport.dll}
PG=${PG:-"host=127.0.0.1 port=55999 user=postgres"}
FILE=${FILE:?a CSV of 200k distinct contacts, e.g. bench --rows 200000 leaves one in $TMPDIR/contactimport-bench}
ROUNDS=${ROUNDS:-3}
for round in $(seq 1 $ROUNDS); do
  for mode in with without; do
    db=search_cost_$mode
    psql "$PG dbname=postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
    CS="Host=127.0.0.1;Port=55999;Username=postgres;Database=$db"
    dotnet $BIN migrate --db "$CS" >/dev/null 2>&1
    psql "$PG dbname=$db" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    if [[ $mode == without ]]; then
      psql "$PG dbname=$db" -qc "DROP INDEX IF EXISTS ix_contacts_search"
    fi
    out=$(dotnet $BIN import "$FILE" --db "$CS" --company bench --json 2>/dev/null)
    server=$(psql "$PG dbname=$db" -Atc "SELECT round(sum(total_exec_time) FILTER (WHERE query LIKE 'COPY contacts%')) || ' ' || round(sum(total_exec_time)) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db'")
    echo "round $round $mode: $(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["inserted"], "wall", d["duration_ms"], "ms")') server copy/all ms: $server"
  done
done
