#!/usr/bin/env bash
# A first import of FILE and the rollback of that import, on SQLite and on PostgreSQL, with one binary; prints wall
# seconds. Run it for two binaries in turn to compare a change (bench/RESULTS.md, thirteenth session).
# usage: bench/rollback-first-import.sh BINARY FILE "Host=127.0.0.1;Port=…;Username=postgres;Database=postgres"
set -euo pipefail
bin=$1 file=$2 pg=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
id() { python3 -c "import sys, json; print(json.load(sys.stdin)['import_id'])"; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$@"; }

t0=$(date +%s.%N); import=$("$bin" import "$file" --db "$work/rb.db" --json 2>/dev/null | id); t1=$(date +%s.%N)
"$bin" rollback "$import" --db "$work/rb.db" --json >/dev/null 2>&1; t2=$(date +%s.%N)
echo "sqlite import $(secs "$t0" "$t1") s, rollback $(secs "$t1" "$t2") s"

db="rb_$$"
python3 - "$pg" "$db" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
subprocess.run(["psql", "-h", parts["Host"], "-p", parts.get("Port", "5432"), "-U", parts["Username"], "-X", "-q",
                "-d", parts.get("Database", "postgres"), "-c", f"CREATE DATABASE {sys.argv[2]}"], check=True)
PY
target="${pg/Database=postgres/Database=$db}"
t0=$(date +%s.%N); import=$("$bin" import "$file" --db "$target" --json 2>/dev/null | id); t1=$(date +%s.%N)
"$bin" rollback "$import" --db "$target" --json >/dev/null 2>&1; t2=$(date +%s.%N)
echo "postgres import $(secs "$t0" "$t1") s, rollback $(secs "$t1" "$t2") s"
python3 - "$pg" "$db" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
subprocess.run(["psql", "-h", parts["Host"], "-p", parts.get("Port", "5432"), "-U", parts["Username"], "-X", "-q",
                "-d", parts.get("Database", "postgres"), "-c", f"DROP DATABASE {sys.argv[2]}"], check=True)
PY
