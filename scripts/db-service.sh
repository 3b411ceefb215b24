#!/bin/sh
# A throw-away MariaDB or PostgreSQL server on loopback for the state store
# tests: no systemd, no system configuration, no fixed paths. Everything
# lives in DIR (ctest uses a folder in the build tree), so build trees and
# concurrent runs never share a server by accident.
#
# Usage: scripts/db-service.sh start|stop|dsn mariadb|postgresql DIR
#
#   start  Idempotent. Initialises DIR/data once, starts the server unless it
#          already runs (on a free loopback port, or EMBYPROV_DB_PORT), makes
#          sure the database "embyprov" and the user "embyprov" exist (random
#          password kept in DIR), writes the DSN to DIR/dsn and an export line
#          to DIR/env (". DIR/env"), and prints the DSN. The user may also
#          create and drop databases named embyprov*: the tests give each
#          case a fresh one.
#   stop   Shuts the server down if it runs. DIR stays, so the next start is
#          warm; remove DIR to forget everything.
#   dsn    Prints the DSN of a started server.
#
# As root, mariadbd needs --user=root and PostgreSQL's initdb refuses to run
# at all, so PostgreSQL runs as the "postgres" system user (or "nobody").
set -eu

usage() {
    echo "usage: $0 start|stop|dsn mariadb|postgresql DIR" >&2
    exit 2
}
[ $# -eq 3 ] || usage
verb=$1 kind=$2
mkdir -p "$3"
dir=$(cd "$3" && pwd)

log() { echo "db-service: $*" >&2; }
die() {
    log "$*"
    exit 1
}

# A loopback port nobody listens on. The kernel picks it; the server binds
# it a moment later, and a start that loses that race is retried.
free_port() {
    if [ -n "${EMBYPROV_DB_PORT:-}" ]; then
        echo "$EMBYPROV_DB_PORT"
    else
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    fi
}

# A private temporary folder, remembered in DIR/NAME so stop finds it again.
private_dir() {
    if [ -f "$dir/$1" ] && [ -d "$(cat "$dir/$1")" ]; then
        cat "$dir/$1"
    else
        mktemp -d "${TMPDIR:-/tmp}/embyprov-db.XXXXXX" | tee "$dir/$1"
    fi
}

# Where the server's socket goes, under BASE. Unix socket paths are limited
# to 107 bytes, so a deep build tree gets a private temporary folder.
socket_dir() {
    if [ ${#1} -le 80 ]; then
        mkdir -p "$1/run"
        echo "$1/run"
    else
        private_dir sockdir
    fi
}

password() {
    [ -s "$dir/password" ] || (umask 077 && od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$dir/password")
    cat "$dir/password"
}

publish() {  # DSN, environment variable name
    printf '%s\n' "$1" >"$dir/dsn"
    printf "export %s='%s'\n" "$2" "$1" >"$dir/env"
    printf '%s\n' "$1"
}

# --- MariaDB -----------------------------------------------------------------

mdb_client() {  # TOOL ARGS...: a client as root over the private socket
    tool=$1
    shift
    "$tool" --no-defaults --socket="$sock" -uroot "$@"
}
mdb_running() { mdb_client mariadb-admin --silent ping >/dev/null 2>&1; }

mdb_init() {
    [ -d "$dir/data/mysql" ] ||
        mariadb-install-db --no-defaults --user="$me" --datadir="$dir/data" \
            --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
        { log "mariadb-install-db failed; see $dir/install.log" && return 1; }
}

mdb_launch() {  # on a free port; tries three, the port probe being racy
    for attempt in 1 2 3; do
        port=$(free_port)
        # setsid and closed descriptors: the server must outlive this
        # script and must not hold ctest's output pipe open.
        setsid mariadbd --no-defaults --user="$me" --datadir="$dir/data" --socket="$sock" \
            --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
            --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
            --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
            </dev/null >/dev/null 2>&1 &
        pid=$!
        i=0
        while [ $i -lt 120 ] && kill -0 $pid 2>/dev/null && ! mdb_running; do
            sleep 0.25
            i=$((i + 1))
        done
        if mdb_running; then
            echo "$port" >"$dir/port"
            return 0
        fi
        kill $pid 2>/dev/null || true
        log "MariaDB did not start on port $port (attempt $attempt); see $dir/error.log"
        [ -z "${EMBYPROV_DB_PORT:-}" ] || return 1
    done
    return 1
}

mariadb_start() {
    for tool in mariadbd mariadb-install-db mariadb mariadb-admin; do
        command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
            die "$tool not found: install mariadb-server (scripts/install-deps.sh)"
    done
    PATH=$PATH:/usr/sbin
    sock=$(socket_dir "$dir")/mysqld.sock
    me=$(id -un)
    if ! mdb_running && ! { mdb_init && mdb_launch; }; then
        # Throw-away data: a data folder a killed server left unusable is
        # initialised again rather than failing every later run.
        log "MariaDB does not start on its existing data; initialising it again"
        rm -rf "$dir/data"
        mdb_init && mdb_launch || die "MariaDB did not start; see $dir/error.log"
    fi
    port=$(cat "$dir/port")
    pw=$(password)
    mdb_client mariadb <<SQL
CREATE DATABASE IF NOT EXISTS embyprov CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'embyprov'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER 'embyprov'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`embyprov%\`.* TO 'embyprov'@'127.0.0.1';
SQL
    publish "mysql:host=127.0.0.1;port=$port;db=embyprov;user=embyprov;password=$pw" EMBYPROV_TEST_MYSQL_DSN
}

mariadb_stop() {
    PATH=$PATH:/usr/sbin
    sock=$(socket_dir "$dir")/mysqld.sock
    if mdb_running; then
        mdb_client mariadb-admin shutdown >/dev/null 2>&1 || true
    fi
    # shutdown returns before the process is gone; wait so a following
    # start cannot find the old one still holding the data directory.
    if [ -f "$dir/mariadbd.pid" ]; then
        pid=$(cat "$dir/mariadbd.pid")
        i=0
        while [ $i -lt 120 ] && kill -0 "$pid" 2>/dev/null; do
            sleep 0.25
            i=$((i + 1))
        done
    fi
}

# --- PostgreSQL --------------------------------------------------------------

pg_setup() {
    # Debian keeps the server tools out of PATH, one folder per major version.
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$pgbin" ] && command -v initdb >/dev/null 2>&1; then
        pgbin=$(dirname "$(command -v initdb)")
    fi
    [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] ||
        die "PostgreSQL server not found: install postgresql (see scripts/install-deps.sh)"
    run=""
    pgdir=$dir
    if [ "$(id -u)" = 0 ]; then
        pguser=nobody
        id postgres >/dev/null 2>&1 && pguser=postgres
        run="runuser -u $pguser --"
        chown "$pguser" "$dir"
        # The server runs as that user, who may not reach DIR (a build tree
        # under /root, say): then its files live in a private folder.
        if ! $run test -w "$dir"; then
            pgdir=$(private_dir pgdir)
            chown "$pguser" "$pgdir"
        fi
    fi
    sock=$(socket_dir "$pgdir")
    [ -z "$run" ] || chown "$pguser" "$sock"
}
pg_running() { $run "$pgbin/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; }
pg_admin() { $run "$pgbin/psql" -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

pg_init() {
    [ -f "$pgdir/data/PG_VERSION" ] && return 0
    # Trust over the private socket for the admin steps below; loopback
    # TCP, which the module uses, needs the password.
    $run "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { log "initdb failed; see $dir/initdb.log" && return 1; }
}

pg_launch() {  # on a free port; tries three, the port probe being racy
    for attempt in 1 2 3; do
        port=$(free_port)
        if setsid -w $run "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/data/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off" start \
            </dev/null >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            return 0
        fi
        log "PostgreSQL did not start on port $port (attempt $attempt); see $pgdir/data/server.log"
        [ -z "${EMBYPROV_DB_PORT:-}" ] || return 1
    done
    return 1
}

postgresql_start() {
    pg_setup
    if ! pg_running && ! { pg_init && pg_launch; }; then
        # Throw-away data, run without fsync: a data folder a killed server
        # left unusable is initialised again rather than failing every run.
        log "PostgreSQL does not start on its existing data; initialising it again"
        rm -rf "$pgdir/data"
        pg_init && pg_launch || die "PostgreSQL did not start; see $pgdir/data/server.log"
    fi
    port=$(cat "$dir/port")
    pw=$(password)
    pg_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'embyprov'" | grep -q 1 ||
        pg_admin -c "CREATE ROLE embyprov LOGIN CREATEDB" >/dev/null
    pg_admin -c "ALTER ROLE embyprov LOGIN CREATEDB PASSWORD '$pw'" >/dev/null
    pg_admin -c "SELECT 1 FROM pg_database WHERE datname = 'embyprov'" | grep -q 1 ||
        pg_admin -c "CREATE DATABASE embyprov OWNER embyprov" >/dev/null
    publish "postgresql:host=127.0.0.1 port=$port dbname=embyprov user=embyprov password=$pw" \
        EMBYPROV_TEST_POSTGRESQL_DSN
}

postgresql_stop() {
    pg_setup
    if pg_running; then
        $run "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w -t 30 stop >/dev/null
    fi
}

# -----------------------------------------------------------------------------

case "$kind" in mariadb | postgresql) ;; *) usage ;; esac
case "$verb" in
start) "${kind}_start" ;;
stop) "${kind}_stop" ;;
dsn)
    [ -s "$dir/dsn" ] || die "no server started in $dir"
    cat "$dir/dsn"
    ;;
*) usage ;;
esac
