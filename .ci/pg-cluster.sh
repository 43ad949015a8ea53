#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: owned by an unprivileged user, on a
# loopback port, in a temporary folder; optionally with a streaming replica (pg_basebackup -R).
#
#   .ci/pg-cluster.sh start [--replica]   prints the URLs (eval-able: BROADSHEET_TEST_POSTGRES=…)
#   .ci/pg-cluster.sh stop                stops the servers and removes everything (unless kept)
#   .ci/pg-cluster.sh keep                marks the cluster to be kept: `stop` then only stops it,
#                                         and the next `start` with the same state file starts it
#                                         again, data and all (rerunning a benchmark's queries)
#   .ci/pg-cluster.sh stop-replica        stops only the replica (a failover test), keeping its folder
#   .ci/pg-cluster.sh stop-primary        stops only the primary (fast shutdown), keeping its folder
#   .ci/pg-cluster.sh start-primary       starts the primary stopped by stop-primary again
#   .ci/pg-cluster.sh status
#
# State lives in $PG_CLUSTER_STATE (default /tmp/broadsheet-pg.state). PGBIN overrides the
# binaries' folder (default: Debian's newest /usr/lib/postgresql/*/bin); PGPORT the primary's
# port (default 55432; the replica takes the next). PG_USER is the owner (default postgres,
# created if missing). PG_DURABLE=1 keeps fsync, synchronous commits and full-page writes on
# (benchmarks measure what a real server does; tests do without). PG_ROOT is the folder the
# cluster's temporary folder goes in (default /tmp). Nothing here touches a server this script
# did not start.
set -euo pipefail

STATE=${PG_CLUSTER_STATE:-/tmp/broadsheet-pg.state}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PORT=${PGPORT:-55432}
PG_USER=${PG_USER:-postgres}
PASSWORD=broadsheet

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

start() {
    local replica=0
    [ "${1:-}" = --replica ] && replica=1
    if [ -f "$STATE" ]; then
        # shellcheck disable=SC1090
        DIR=$(. "$STATE"; echo "$DIR")
        if [ -d "$DIR/primary" ] && as_owner "$PGBIN/pg_ctl" -D "$DIR/primary" status >/dev/null 2>&1; then
            echo "pg-cluster: already running ($STATE); stop it first" >&2
            exit 1
        fi
        if [ -f "$DIR/keep" ] && [ -d "$DIR/primary" ]; then
            # shellcheck disable=SC1090
            . "$STATE"
            as_owner "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
            echo "BROADSHEET_TEST_POSTGRES=postgres://broadsheet:$PASSWORD@127.0.0.1:$PORT/postgres"
            echo "pg-cluster: started the kept cluster in $DIR" >&2
            return 0
        fi
        # Left by a session whose servers were ended without `stop`: nothing runs there any more.
        rm -rf "$DIR" "$STATE"
    fi
    [ -x "$PGBIN/initdb" ] || { echo "pg-cluster: no PostgreSQL binaries (install postgresql)" >&2; exit 1; }
    if [ "$(id -u)" = 0 ] && ! id "$PG_USER" >/dev/null 2>&1; then useradd --system --no-create-home "$PG_USER"; fi
    local dir
    dir=$(mktemp -d "${PG_ROOT:-/tmp}/broadsheet-pg.XXXXXX")
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown "$PG_USER" "$dir"
    printf 'DIR=%q\nPORT=%q\nREPLICA=%q\n' "$dir" "$PORT" "$replica" > "$STATE"

    local pwfile="$dir/pw"
    as_owner sh -c "printf '%s\n' '$PASSWORD' > '$pwfile'"
    as_owner "$PGBIN/initdb" -D "$dir/primary" -U broadsheet --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner sh -c "cat >> '$dir/primary/postgresql.conf'" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
CONF
    if [ "${PG_DURABLE:-0}" != 1 ]; then
        as_owner sh -c "printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >> '$dir/primary/postgresql.conf'"
    fi
    as_owner sh -c "echo 'host replication broadsheet 127.0.0.1/32 scram-sha-256' >> '$dir/primary/pg_hba.conf'"
    as_owner "$PGBIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
    echo "BROADSHEET_TEST_POSTGRES=postgres://broadsheet:$PASSWORD@127.0.0.1:$PORT/postgres"

    if [ "$replica" = 1 ]; then
        local rport=$((PORT + 1))
        as_owner env PGPASSWORD="$PASSWORD" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U broadsheet \
            -D "$dir/replica" -R -X stream >/dev/null
        as_owner sh -c "cat >> '$dir/replica/postgresql.conf'" <<CONF
port = $rport
CONF
        as_owner "$PGBIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null
        echo "BROADSHEET_TEST_POSTGRES_REPLICA=postgres://broadsheet:$PASSWORD@127.0.0.1:$rport/postgres"
    fi
}

stop() {
    [ -f "$STATE" ] || { echo "pg-cluster: not started" >&2; return 0; }
    # shellcheck disable=SC1090
    . "$STATE"
    if [ -f "$DIR/keep" ]; then
        for node in replica primary; do
            if [ -f "$DIR/$node/postmaster.pid" ]; then
                as_owner "$PGBIN/pg_ctl" -D "$DIR/$node" -m fast -w stop >/dev/null 2>&1 || true
            fi
        done
        echo "pg-cluster: stopped; kept $DIR (remove $DIR/keep, then stop, to remove it)"
        return 0
    fi
    for node in replica primary; do
        if [ -f "$DIR/$node/postmaster.pid" ]; then
            as_owner "$PGBIN/pg_ctl" -D "$DIR/$node" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$DIR" "$STATE"
    echo "pg-cluster: stopped and removed $DIR"
}

stop_replica() {
    [ -f "$STATE" ] || { echo "pg-cluster: not started" >&2; return 1; }
    # shellcheck disable=SC1090
    . "$STATE"
    [ -f "$DIR/replica/postmaster.pid" ] || { echo "pg-cluster: no replica running" >&2; return 1; }
    as_owner "$PGBIN/pg_ctl" -D "$DIR/replica" -m immediate -w stop >/dev/null
    echo "pg-cluster: replica stopped"
}

stop_primary() {
    [ -f "$STATE" ] || { echo "pg-cluster: not started" >&2; return 1; }
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$PGBIN/pg_ctl" -D "$DIR/primary" -m fast -w stop >/dev/null
    echo "pg-cluster: primary stopped"
}

start_primary() {
    [ -f "$STATE" ] || { echo "pg-cluster: not started" >&2; return 1; }
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
    echo "pg-cluster: primary started"
}

status() {
    [ -f "$STATE" ] || { echo "not started"; return 0; }
    # shellcheck disable=SC1090
    . "$STATE"
    for node in primary replica; do
        [ -d "$DIR/$node" ] && as_owner "$PGBIN/pg_ctl" -D "$DIR/$node" status | head -1
    done
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    stop-replica) stop_replica ;;
    stop-primary) stop_primary ;;
    start-primary) start_primary ;;
    status) status ;;
    keep) [ -f "$STATE" ] || { echo "pg-cluster: not started" >&2; exit 1; }
          # shellcheck disable=SC1090
          . "$STATE"; touch "$DIR/keep"; echo "pg-cluster: $DIR will be kept" ;;
    *) echo "usage: $0 start [--replica] | stop | keep | stop-replica | stop-primary | start-primary | status" >&2; exit 2 ;;
esac
