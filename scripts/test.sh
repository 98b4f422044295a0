#!/usr/bin/env bash
# The project's single test command (README quick start and CI: `bash .ci/run`).
#
#   scripts/test.sh [extra `dotnet test` arguments]
#
# 1. Installs what the tests need when missing (as root only, via apt):
#    postgresql, chromium, python3-aiosmtpd.
# 2. Starts a throw-away PostgreSQL on a free loopback port, unless
#    CONTACTIMPORT_TEST_PG is already set, and exports CONTACTIMPORT_TEST_PG.
#    It is stopped and deleted on exit, whatever happens.
# 3. Exports CONTACTIMPORT_TEST_CHROMIUM=/usr/bin/chromium.
# 4. Publishes the Native AOT binary and exports CONTACTIMPORT_TEST_BINARY
#    (the service and UI tests start it), unless already set ("none": skip).
# 5. Runs `dotnet test ContactImport.slnx -c Release` and ends with one line
#    `N passed, N failed, N skipped`. Exits non-zero if the build or a test fails.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

is_root=false
[[ $(id -u) -eq 0 ]] && is_root=true

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------------------
# Cleanup: registered before anything is created, runs on every exit path.
# ---------------------------------------------------------------------------
PG_BIN=''
PG_TMP=''
WORK_TMP=''
PG_PID=''
DOTNET_PID=''
TEE_PID=''
POLICY_RC_CREATED=false

as_pg() {
    # initdb/postgres refuse to run as root: use the `postgres` system user then.
    if $is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

kill_tree() {
    local child
    for child in $(pgrep -P "$1"); do kill_tree "$child"; done
    kill -TERM "$1" 2>/dev/null
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    if $POLICY_RC_CREATED; then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [[ -n $DOTNET_PID ]] && kill -0 "$DOTNET_PID" 2>/dev/null; then
        log "interrupted: stopping dotnet"
        # The whole tree: the AOT compiler (ilc) under a publish would otherwise run on.
        kill_tree "$DOTNET_PID"
        for _ in {1..100}; do kill -0 "$DOTNET_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$DOTNET_PID" 2>/dev/null
        wait "$DOTNET_PID" 2>/dev/null
    fi
    if [[ -n $TEE_PID ]]; then
        for _ in {1..10}; do kill -0 "$TEE_PID" 2>/dev/null || break; sleep 0.1; done
        kill "$TEE_PID" 2>/dev/null
        wait "$TEE_PID" 2>/dev/null
    fi
    if [[ -n $PG_PID ]]; then
        if [[ -f $PG_TMP/data/postmaster.pid ]] &&
            ! as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 20 -s stop >/dev/null 2>&1; then
            log "postgres did not stop cleanly; killing it"
            local pm
            pm=$(head -n1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)
            [[ $pm =~ ^[0-9]+$ ]] && kill -QUIT "$pm" 2>/dev/null   # immediate shutdown
            for _ in {1..50}; do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$PG_PID" ${pm:+"$pm"} 2>/dev/null
        fi
        wait "$PG_PID" 2>/dev/null
    fi
    [[ -n $PG_TMP ]] && rm -rf -- "$PG_TMP"
    [[ -n $WORK_TMP ]] && rm -rf -- "$WORK_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------------------
# 1. Prerequisites.
# ---------------------------------------------------------------------------
find_pg_bin() {
    local initdb
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)
    [[ -x $initdb ]] && dirname "$initdb"
}

need_pg=true
[[ -n ${CONTACTIMPORT_TEST_PG:-} ]] && need_pg=false

missing=()
if $need_pg && [[ -z $(find_pg_bin) ]]; then
    missing+=(postgresql)
fi
if [[ ! -x /usr/bin/chromium && ! -x ${CONTACTIMPORT_TEST_CHROMIUM:-} ]]; then
    missing+=(chromium)
fi
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    missing+=(python3-aiosmtpd)
fi

if ((${#missing[@]})); then
    if ! $is_root; then
        die "missing test prerequisites: ${missing[*]}.
  Install them:  sudo apt-get install --no-install-recommends ${missing[*]}
  (or run this script as root, which installs them; for PostgreSQL you can
  instead point CONTACTIMPORT_TEST_PG at an existing server's admin connection string)."
    fi
    log "installing ${missing[*]} (apt) ..."
    WORK_TMP=$(mktemp -d -t contactimport-test.XXXXXXXX)
    # Packages must not start system services (e.g. the default postgres cluster).
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=true
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -q &&
           apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
           </dev/null >"$WORK_TMP/apt.log" 2>&1; then
        cat "$WORK_TMP/apt.log" >&2
        die "apt-get failed installing: ${missing[*]}"
    fi
    if $POLICY_RC_CREATED; then
        rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=false
    fi
fi

# ---------------------------------------------------------------------------
# 2. Throw-away PostgreSQL.
# ---------------------------------------------------------------------------
if $need_pg; then
    PG_BIN=$(find_pg_bin) || die "no initdb under /usr/lib/postgresql/*/bin"
    if $is_root && ! id -u postgres >/dev/null 2>&1; then
        die "the 'postgres' system user does not exist (it comes with Debian's postgresql package)"
    fi

    PG_TMP=$(mktemp -d -t contactimport-pg.XXXXXXXX)
    $is_root && chown postgres:postgres "$PG_TMP"
    as_pg mkdir -m 700 "$PG_TMP/sock"

    if ! as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" --auth=trust -U postgres \
            --encoding=UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        die "initdb failed"
    fi

    PG_PORT=$(/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

    # The postmaster runs in its own session (setsid), so a Ctrl-C in the terminal
    # reaches this script, whose EXIT trap stops the server, rather than postgres.
    # It stays a child of this script, which reaps it (no zombie left behind).
    pg_cmd=("$PG_BIN/postgres" -D "$PG_TMP/data" -p "$PG_PORT" -k "$PG_TMP/sock"
            -c listen_addresses=127.0.0.1 -c max_connections=200)
    $is_root && pg_cmd=(runuser -u postgres -- "${pg_cmd[@]}")
    (cd / && exec setsid "${pg_cmd[@]}") </dev/null >"$PG_TMP/server.log" 2>&1 &
    PG_PID=$!

    deadline=$((SECONDS + 30))
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1; do
        if ! kill -0 "$PG_PID" 2>/dev/null || ((SECONDS >= deadline)); then
            log "postgres server log ($PG_TMP/server.log):"
            cat "$PG_TMP/server.log" >&2 || true
            die "postgres did not accept connections on 127.0.0.1:$PG_PORT within 30 s"
        fi
        sleep 0.1
    done

    export CONTACTIMPORT_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

# ---------------------------------------------------------------------------
# 3. Chromium.
# ---------------------------------------------------------------------------
if [[ -z ${CONTACTIMPORT_TEST_CHROMIUM:-} && -x /usr/bin/chromium ]]; then
    export CONTACTIMPORT_TEST_CHROMIUM=/usr/bin/chromium
fi

# ---------------------------------------------------------------------------
# 4. The shipped binary: the tests that start the product as a process (service,
#    workers, UI) run the Native AOT build users get. CONTACTIMPORT_TEST_BINARY
#    may name one already published; "none" runs the built contactimport.dll.
# ---------------------------------------------------------------------------
[[ -n $WORK_TMP ]] || WORK_TMP=$(mktemp -d -t contactimport-test.XXXXXXXX)
if [[ ${CONTACTIMPORT_TEST_BINARY:-} == none ]]; then
    unset CONTACTIMPORT_TEST_BINARY
elif [[ -z ${CONTACTIMPORT_TEST_BINARY:-} ]]; then
    log "publishing the Native AOT binary (about 1.5 minutes)"
    # In the background, like the test run below, so that a signal stops it at once (see the trap).
    dotnet publish src/ContactImport -c Release -r linux-x64 -o "$WORK_TMP/publish" --nologo \
        </dev/null >"$WORK_TMP/publish.log" 2>&1 &
    DOTNET_PID=$!
    publish_rc=0
    wait "$DOTNET_PID" || publish_rc=$?
    DOTNET_PID=''
    if [[ $publish_rc -ne 0 ]]; then
        cat "$WORK_TMP/publish.log" >&2
        die "dotnet publish failed (exit code $publish_rc)"
    fi
    export CONTACTIMPORT_TEST_BINARY=$WORK_TMP/publish/contactimport
fi

# ---------------------------------------------------------------------------
# 5. Tests.
# ---------------------------------------------------------------------------
out=$WORK_TMP/dotnet-test.log

# dotnet runs in the background (output teed through a fifo) and the script
# waits for it, so an INT/TERM/HUP sent to this script is handled at once: the
# trap stops dotnet and postgres instead of waiting for the test run to end.
mkfifo "$WORK_TMP/out.fifo"
tee "$out" <"$WORK_TMP/out.fifo" &
TEE_PID=$!
dotnet test ContactImport.slnx -c Release --nologo \
    --logger "console;verbosity=normal" "$@" </dev/null >"$WORK_TMP/out.fifo" 2>&1 &
DOTNET_PID=$!
test_rc=0
wait "$DOTNET_PID" || test_rc=$?
DOTNET_PID=''
wait "$TEE_PID" || true
TEE_PID=''

# Sum the per-project summaries. At console verbosity "normal" VSTest prints one
# block per test project:
#   Test Run Successful.            (or "Test Run Failed.")
#   Total tests: 41
#        Passed: 40
#        Failed: 1                  (zero counts are left out)
#       Skipped: 0
# and at "minimal"/"quiet" (e.g. when "$@" overrides the logger) one line:
#   Passed!  - Failed:     0, Passed:    41, Skipped:     0, Total:    41, Duration: ...
# Both forms are understood; the one-line form wins if present.
read -r passed failed skipped < <(awk '
    /(Passed|Failed)! +- +Failed: *[0-9]+, +Passed: *[0-9]+, +Skipped: *[0-9]+/ {
        line = $0; sub(/^.*(Passed|Failed)! +- +/, "", line); gsub(/[:,]/, " ", line)
        split(line, w, / +/); lf += w[2]; lp += w[4]; ls += w[6]; lines++; next
    }
    /^Total tests: *[0-9]+ *$/ { inblock = 1; next }
    inblock && /^ *Passed: *[0-9]+ *$/  { sub(/^ *Passed: */, "");  bp += $0; next }
    inblock && /^ *Failed: *[0-9]+ *$/  { sub(/^ *Failed: */, "");  bf += $0; next }
    inblock && /^ *Skipped: *[0-9]+ *$/ { sub(/^ *Skipped: */, ""); bs += $0; next }
    { inblock = 0 }
    END {
        if (lines) printf "%d %d %d\n", lp, lf, ls
        else printf "%d %d %d\n", bp, bf, bs
    }' "$out")

if ((test_rc == 0 && failed > 0)); then
    test_rc=1
fi
if ((test_rc != 0 && failed == 0)); then
    log "dotnet test failed (exit code $test_rc) - see the build/test errors above"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$test_rc"
