"""State stores as an operator sees them, through the database's own client
(sqlite3, mariadb, psql), never through the module: the chaos judge compares
these rows with the simulator's true state, and each chaos run on a database
server gets a database of its own.

A DSN is the module's own: sqlite:PATH, mysql:host=..;port=..;db=..;user=..;
password=.., or postgresql:<libpq conninfo>."""

import os
import subprocess


def _with_database(dsn, name):
    kind, _, rest = dsn.partition(":")
    if kind == "mysql":
        fields = [p for p in rest.split(";") if p and not p.startswith("db=")]
        return "mysql:" + ";".join(fields + ["db=" + name])
    fields = [p for p in rest.split() if not p.startswith("dbname=")]
    return "postgresql:" + " ".join(fields + ["dbname=" + name])


def fresh_database(dsn, name):
    """The DSN of an empty database NAME on the server DSN points at (dropped
    first if an earlier run left it). SQLite DSNs come back unchanged."""
    store = StoreReader(dsn)
    if store.kind == "sqlite":
        return dsn
    if not name.replace("_", "").isalnum():
        raise ValueError("bad database name: %s" % name)
    store.run("DROP DATABASE IF EXISTS %s" % name)
    store.run("CREATE DATABASE %s" % name)
    return _with_database(dsn, name)


class StoreReader:
    def __init__(self, dsn):
        self.dsn = dsn
        self.kind, _, self.rest = dsn.partition(":")
        if self.kind not in ("sqlite", "mysql", "postgresql"):
            raise ValueError("unknown store: %s" % dsn)

    def run(self, sql):
        """One statement, outside a transaction (CREATE DATABASE needs that)."""
        self.queries([sql])

    def rows(self, sql):
        """All rows of a query, every value as text."""
        return self.queries([sql])[0]

    def queries(self, sqls):
        """The rows of each query, in one session (a server client costs a
        connection each time it starts)."""
        if self.kind == "sqlite":
            import sqlite3
            db = sqlite3.connect(self.rest)
            try:
                return [[tuple("" if v is None else str(v) for v in r) for r in db.execute(sql)] for sql in sqls]
            finally:
                db.close()
        mark = "--embyprov-next--"
        script = []
        for sql in sqls:
            script += [sql, "SELECT '%s'" % mark]
        if self.kind == "mysql":
            fields = dict(p.split("=", 1) for p in self.rest.split(";") if p)
            env = dict(os.environ, MYSQL_PWD=fields.get("password", ""))
            args = ["mariadb", "--batch", "--skip-column-names", "--raw", "-h", fields.get("host", "127.0.0.1"),
                    "-P", fields.get("port", "3306"), "-u", fields.get("user", ""), "-D", fields.get("db", ""),
                    "-e", ";\n".join(script)]
        else:
            env = dict(os.environ)
            args = ["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.rest]
            for statement in script:
                args += ["-c", statement]
        out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
        results, current = [], []
        for line in out.splitlines():
            if line == mark:
                results.append(current)
                current = []
            elif line:
                current.append(tuple(line.split("\t")))
        if len(results) != len(sqls):
            raise RuntimeError("%s answered %d of %d queries" % (args[0], len(results), len(sqls)))
        return results

    def integrity_ok(self):
        """PRAGMA integrity_check on SQLite, CHECK TABLE on MariaDB. Plain
        PostgreSQL has no page check without the amcheck extension; there
        the answer is True."""
        if self.kind == "sqlite":
            return self.rows("PRAGMA integrity_check") == [("ok",)]
        if self.kind == "mysql":
            rows = self.rows("CHECK TABLE services, media_accounts, suspend_snapshots, operations")
            return len(rows) >= 4 and all(r[3] == "OK" for r in rows if r[2] == "status")
        return True
