#!/usr/bin/env python3
"""The reference panel's defences, one check group per hole, each judged from
the outside (HTTP, the files on disk, the simulated Emby server):

  (a) no built-in admin password: a first start without one prints a
      generated one once, and only that one signs in, then and after a restart;
  (b) sign-in throttling per client address and per account name (the
      attempts come from different loopback addresses, 127.0.0.x, so the
      panel sees different TCP peers: no forwarded header is involved);
  (c) anonymous requests cannot evict a signed-in session;
  (d) secrets at rest: owner-only files whatever the umask, API keys and
      passwords sealed in the database, a wrong key refused clearly, and an
      older panel's plaintext rows read and sealed.

usage: panel_security.py --sim PATH --panel PATH --workdir DIR
Prints one line per check and "N passed, M failed"; exits 1 on any failure.
"""

import argparse
import hashlib
import http.client
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

from panel_flow import Browser, Process, Report, Sim, flash, read_form

API_KEY = "security-test-key-0123456789abcdef"
ADMIN_PASSWORD = "security-admin-pass-5732"
SERVER_ADMIN_PASSWORD = "Server-Admin-Secret-8642"
SERVICE_PASSWORD = "Service-Secret-Pass-9731"
LEGACY_SERVICE_PASSWORD = "Legacy-Service-Pass-1357"
FAILURES_ALLOWED = 5  # before a lock (sdk/panel/throttle.hpp)
ANONYMOUS_REQUESTS = 10000
# The panel's own variables: every start here says exactly what it is given.
PANEL_ENV = {k: v for k, v in os.environ.items()
             if k not in ("EMBYPROV_PANEL_ADMIN_PASSWORD", "EMBYPROV_PANEL_SECRET_KEY_FILE")}


class Panel:
    """embyprov-panel started with umask 022, its stdout after the URL line
    collected in the background (where its one-time notices go)."""

    def __init__(self, binary, workdir, name, extra=(), db="panel.db"):
        self.log_path = os.path.join(workdir, name + ".log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--db", os.path.join(workdir, db), "--exit-on-stdin-eof"] + list(extra),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, env=PANEL_ENV, umask=0o022)
        self.url = self.proc.stdout.readline().strip()
        self.lines = []
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError("the panel did not print its URL (got %r); see %s" % (self.url, self.log_path))
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern, seconds=5):
        """The first stdout line matching `pattern`, waiting a little for it."""
        deadline = time.time() + seconds
        while True:
            for line in list(self.lines):
                if re.search(pattern, line):
                    return line
            if time.time() > deadline or self.proc.poll() is not None:
                return None
            time.sleep(0.05)

    def stop(self):
        """Closes stdin, waits; returns the exit code and every stdout line after the URL."""
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if hasattr(self, "reader"):
            self.reader.join(timeout=5)
        self.log.close()
        return self.proc.returncode, self.lines


class Door:
    """Sign-in attempts from one loopback address, each as a fresh browser:
    load the sign-in page (its CSRF token and cookie), post the form."""

    def __init__(self, base, address):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port, self.address = parts.hostname, parts.port, address

    def request(self, method, path, cookies, fields=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=(self.address, 0))
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            text = r.read().decode()
            for header in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            return r.status, r.headers, text
        finally:
            conn.close()

    def sign_in(self, area, account, password):
        """(status, Location or None, page) of one attempt in "admin" or "client"."""
        cookies = {}
        path = "/%s/login" % area
        _, _, page = self.request("GET", path, cookies)
        _, fields = read_form(page, "%s-login-form" % area)
        name = "username" if area == "admin" else "email"
        fields = [(k, v) for k, v in fields if k not in (name, "password")] + [(name, account), ("password", password)]
        status, headers, page = self.request("POST", path, cookies, fields)
        return status, headers.get("Location"), page


def file_bytes(*paths):
    out = b""
    for path in paths:
        try:
            with open(path, "rb") as f:
                out += f.read()
        except FileNotFoundError:
            pass
    return out


def mode(path):
    try:
        return oct(os.stat(path).st_mode & 0o777)
    except FileNotFoundError:
        return None


def start_refused(binary, db, key_file):
    """A start that is expected to stop at once: its exit code, stdout and stderr."""
    return subprocess.run([binary, "--port", "0", "--db", db, "--secret-key-file", key_file],
                          capture_output=True, text=True, timeout=30, env=PANEL_ENV, stdin=subprocess.DEVNULL)


def admin_browser(url, report, label):
    admin = Browser(url)
    status, where, _, _ = admin.submit("/admin/login", "admin-login-form",
                                       {"username": "admin", "password": ADMIN_PASSWORD})
    report.check(label, where == "/admin", (status, where))
    return admin


def add_client(admin, name, email, password):
    status, _, _, page = admin.submit("/admin/clients", "client-add-form",
                                      {"name": name, "email": email, "language": "english", "password": password})
    return status == 200 and email in page


# --- (a) no built-in admin password ------------------------------------------------------------------

def check_generated_password(args, report):
    work = os.path.join(args.workdir, "a")
    panel = Panel(args.panel, work, "first")
    try:
        line = panel.wait_for_line(r"generated admin password")
        m = re.search(r"generated admin password: (\S+)", line or "")
        password = m.group(1) if m else None
        report.check("(a) started without a password, the panel prints a generated one on stdout",
                     password is not None and len(password) >= 16, panel.lines)
        door = Door(panel.url, "127.0.0.1")
        status, where, _ = door.sign_in("admin", "admin", "admin-demo")
        report.check("(a) the old built-in admin-demo is refused", status == 401, (status, where))
        if password:
            status, where, _ = door.sign_in("admin", "admin", password)
            report.check("(a) the printed password signs in", status == 303 and where == "/admin", (status, where))
            report.check("(a) the password is not in the database in clear",
                         password.encode() not in file_bytes(*(os.path.join(work, "panel.db" + s)
                                                                for s in ("", "-wal"))))
    finally:
        _, lines = panel.stop()
    report.check("(a) ...and it is printed only once",
                 len([x for x in lines if "generated admin password" in x]) == 1, lines)

    panel = Panel(args.panel, work, "second")
    try:
        if password:
            status, where, _ = Door(panel.url, "127.0.0.1").sign_in("admin", "admin", password)
            report.check("(a) after a restart the same password still signs in",
                         status == 303 and where == "/admin", (status, where))
    finally:
        _, lines = panel.stop()
    report.check("(a) the second start does not print a password again",
                 not any("password" in x for x in lines) and not any(password and password in x for x in lines),
                 lines)


# --- (b) sign-in throttling -----------------------------------------------------------------------

def check_throttling(args, report):
    work = os.path.join(args.workdir, "b")
    panel = Panel(args.panel, work, "panel", ["--admin-password", ADMIN_PASSWORD])
    try:
        admin = admin_browser(panel.url, report, "(b) the admin signs in (from 127.0.0.1)")
        report.check("(b) two clients are added", add_client(admin, "Alice", "alice@example.test", "alice-pass-1") and
                     add_client(admin, "Bob", "bob@example.test", "bob-pass-22"))

        # One address guessing the admin password.
        guesser = Door(panel.url, "127.0.0.2")
        statuses = [guesser.sign_in("admin", "admin", "guess-%d" % i)[0] for i in range(FAILURES_ALLOWED)]
        report.check("(b) the first %d wrong admin guesses are answered 401" % FAILURES_ALLOWED,
                     statuses == [401] * FAILURES_ALLOWED, statuses)
        status, where, page = guesser.sign_in("admin", "admin", ADMIN_PASSWORD)
        report.check("(b) then even the right admin password from that address is refused with 429",
                     status == 429 and "Too many failed sign-in attempts" in page, (status, where))
        # The same account from an address that has not failed yet.
        status, where, _ = Door(panel.url, "127.0.0.3").sign_in("admin", "admin", ADMIN_PASSWORD)
        report.check("(b) the guessed admin account stays locked from a fresh address (per account)",
                     status == 429, (status, where))

        # One address spraying one guess each over many client accounts.
        sprayer = Door(panel.url, "127.0.0.4")
        statuses = [sprayer.sign_in("client", "user%d@example.test" % i, "Summer2026!")[0]
                    for i in range(FAILURES_ALLOWED)]
        status, where, _ = sprayer.sign_in("client", "alice@example.test", "alice-pass-1")
        report.check("(b) spraying %d accounts from one address locks the address: Alice's right password "
                     "from it is refused with 429" % FAILURES_ALLOWED,
                     statuses == [401] * FAILURES_ALLOWED and status == 429, (statuses, status))
        status, where, _ = Door(panel.url, "127.0.0.5").sign_in("client", "alice@example.test", "alice-pass-1")
        report.check("(b) ...while Alice, whose account was not guessed, signs in from another address",
                     status == 303 and where == "/client", (status, where))

        # A successful sign-in starts the account's count again.
        first = [Door(panel.url, "127.0.0.6").sign_in("client", "bob@example.test", "wrong-%d" % i)[0]
                 for i in range(FAILURES_ALLOWED - 1)]
        ok1 = Door(panel.url, "127.0.0.6").sign_in("client", "bob@example.test", "bob-pass-22")[0]
        second = [Door(panel.url, "127.0.0.7").sign_in("client", "bob@example.test", "wrong-%d" % i)[0]
                  for i in range(FAILURES_ALLOWED - 1)]
        ok2 = Door(panel.url, "127.0.0.7").sign_in("client", "bob@example.test", "bob-pass-22")[0]
        report.check("(b) a successful sign-in resets the account's failures (4 wrong, right, 4 wrong, right)",
                     first == [401] * 4 and ok1 == 303 and second == [401] * 4 and ok2 == 303,
                     (first, ok1, second, ok2))

        # Parallel guesses cannot slip past the limit while the first are being checked.
        results = []

        def guess(i):
            results.append(Door(panel.url, "127.0.0.8").sign_in("client", "carol@example.test", "par-%d" % i)[0])

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report.check("(b) of 20 parallel guesses at one account at most %d are checked, the rest get 429"
                     % FAILURES_ALLOWED,
                     results.count(401) <= FAILURES_ALLOWED and results.count(401) + results.count(429) == 20,
                     sorted(results))
    finally:
        panel.stop()


# --- (c) sessions --------------------------------------------------------------------------------

def check_sessions(args, report):
    work = os.path.join(args.workdir, "c")
    panel = Panel(args.panel, work, "panel", ["--admin-password", ADMIN_PASSWORD])
    try:
        admin = admin_browser(panel.url, report, "(c) the admin signs in")
        add_client(admin, "Dana", "dana@example.test", "dana-pass-123")
        client = Browser(panel.url)
        status, where, _, _ = client.submit("/client/login", "client-login-form",
                                            {"email": "dana@example.test", "password": "dana-pass-123"})
        report.check("(c) a client signs in", where == "/client", (status, where))

        parts = urllib.parse.urlsplit(panel.url)
        conn = None
        answered = 0
        started = time.time()
        for _ in range(ANONYMOUS_REQUESTS):
            # No cookie: every request is a new anonymous visitor with a new sign-in form.
            for attempt in (1, 2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                    conn.request("GET", "/client/login")
                    r = conn.getresponse()
                    r.read()
                    answered += r.status == 200
                    break
                except (http.client.HTTPException, OSError):
                    conn.close()
                    conn = None
                    if attempt == 2:
                        raise
        if conn:
            conn.close()
        report.check("(c) %d anonymous sign-in pages were served" % ANONYMOUS_REQUESTS,
                     answered == ANONYMOUS_REQUESTS, "%d in %.1f s" % (answered, time.time() - started))
        status, where, _, page = client.get("/client")
        report.check("(c) the signed-in client session survives them", status == 200 and where == "/client"
                     and "client-services" in page, (status, where))
        status, where, _, _ = admin.get("/admin")
        report.check("(c) so does the admin session", status == 200 and where == "/admin", (status, where))
        late = Browser(panel.url)
        status, where, _, _ = late.submit("/client/login", "client-login-form",
                                          {"email": "dana@example.test", "password": "dana-pass-123"})
        report.check("(c) a new visitor's sign-in form (its CSRF token) still works after them",
                     where == "/client", (status, where))
    finally:
        panel.stop()


# --- (d) secrets at rest ------------------------------------------------------------------------

OLD_SCHEMA = [  # what an older panel wrote, secrets in plaintext
    "CREATE TABLE servers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, hostname TEXT NOT NULL, "
    "port INTEGER NOT NULL, secure INTEGER NOT NULL, api_key TEXT NOT NULL, "
    "admin_username TEXT NOT NULL DEFAULT '', admin_password TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, options TEXT NOT NULL)",
    "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE COLLATE NOCASE, "
    "language TEXT NOT NULL, password_hash TEXT NOT NULL)",
    "CREATE TABLE services (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), "
    "product_id INTEGER NOT NULL REFERENCES products(id), server_id INTEGER NOT NULL REFERENCES servers(id), "
    "username TEXT NOT NULL, password TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL)",
]


def check_secrets_at_rest(args, report, sim, sim_url):
    work = os.path.join(args.workdir, "d")
    db = os.path.join(work, "panel.db")
    key = os.path.join(work, "panel.key")
    port = sim_url.rsplit(":", 1)[1]
    secrets_in_clear = (API_KEY, SERVER_ADMIN_PASSWORD, SERVICE_PASSWORD)

    panel = Panel(args.panel, work, "first", ["--admin-password", ADMIN_PASSWORD])
    try:
        notice = panel.wait_for_line(r"secret key file")
        report.check("(d) the first start says it created the key file, and where",
                     notice is not None and key in notice, panel.lines)
        admin = admin_browser(panel.url, report, "(d) the admin signs in")
        status, server_page, _, _ = admin.submit(
            "/admin/servers", "server-add-form", {"name": "Sim", "hostname": "127.0.0.1", "port": port,
                                                  "api_key": API_KEY, "admin_username": "root",
                                                  "admin_password": SERVER_ADMIN_PASSWORD})
        admin.submit("/admin/products/new", "product-form", {"name": "Emby Basic"})
        add_client(admin, "Erin", "erin@example.test", "erin-pass-123")
        status, service_page, _, _ = admin.submit("/admin/services", "service-add-form",
                                                  {"username": "erin", "password": SERVICE_PASSWORD})
        report.check("(d) a server (API key, admin password) and a service (password) are stored",
                     re.search(r"/admin/services/\d+$", service_page or "") is not None, (status, service_page))
        modes = {name: mode(os.path.join(work, name)) for name in
                 ("panel.db", "panel.db-wal", "panel.db-shm", "panel.key")}
        report.check("(d) with umask 022 the database, its -wal and -shm and the key file are mode 0600",
                     all(m == "0o600" for m in modes.values()), modes)
        raw = file_bytes(db, db + "-wal")
        leaked = [s for s in secrets_in_clear if s.encode() in raw]
        report.check("(d) no API key or password is in clear in the database file or its -wal",
                     not leaked and len(raw) > 0, leaked)
    finally:
        panel.stop()
    text = file_bytes(key).decode(errors="replace").strip()
    report.check("(d) the key file holds 32 bytes as 64 hex digits", re.fullmatch(r"[0-9a-f]{64}", text) is not None)
    raw = file_bytes(db, db + "-wal")
    report.check("(d) ...nor after the panel stopped", not [s for s in secrets_in_clear if s.encode() in raw])

    # Restarted with the same key: the sealed values open (the module is given the real ones).
    panel = Panel(args.panel, work, "second")
    try:
        report.check("(d) a restart with the same key prints no notice", panel.wait_for_line(r".", 1) is None,
                     panel.lines)
        admin = admin_browser(panel.url, report, "(d) after the restart the admin signs in")
        _, _, _, page = admin.submit(server_page, "server-test-form")
        result, text = flash(page)
        report.check("(d) after the restart Test connection succeeds (the API key opened)", result == "success", text)
        _, _, _, page = admin.submit(service_page, "action-create")
        result, text = flash(page)
        report.check("(d) after the restart Create provisions with the stored service password",
                     result == "success" and sim.sign_in("erin", SERVICE_PASSWORD) == 200, text)
    finally:
        panel.stop()

    # A wrong key, and a missing one, are refused before anything else.
    wrong = os.path.join(work, "wrong.key")
    with open(wrong, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    os.chmod(wrong, 0o600)
    refused = start_refused(args.panel, db, wrong)
    report.check("(d) a wrong key is refused at start with a clear message (no URL, exit 1)",
                 refused.returncode == 1 and not refused.stdout and "does not open the database" in refused.stderr,
                 (refused.returncode, refused.stdout, refused.stderr))
    missing = os.path.join(work, "missing.key")
    refused = start_refused(args.panel, db, missing)
    report.check("(d) a missing key for a sealed database is refused, and no new key is made in its place",
                 refused.returncode == 1 and "does not exist" in refused.stderr and not os.path.exists(missing),
                 (refused.returncode, refused.stderr))

    # An older panel's database: plaintext secrets are read, and sealed in the file.
    legacy = os.path.join(work, "legacy.db")
    con = sqlite3.connect(legacy)
    for sql in OLD_SCHEMA:
        con.execute(sql)
    salt = "00112233445566778899aabbccddeeff"
    hashed = "pbkdf2-sha256$1000$%s$%s" % (salt, hashlib.pbkdf2_hmac("sha256", b"x", salt.encode(), 1000).hex())
    con.execute("INSERT INTO servers VALUES (1, 'Old', '127.0.0.1', ?, 0, ?, '', '')", (int(port), API_KEY))
    con.execute("INSERT INTO products VALUES (1, 'Old product', '[]')")
    con.execute("INSERT INTO clients VALUES (1, 'Old client', 'old@example.test', 'english', ?)", (hashed,))
    con.execute("INSERT INTO services VALUES (1, 1, 1, 1, 'olduser', ?, 'Pending', '2025-01-01 00:00:00')",
                (LEGACY_SERVICE_PASSWORD,))
    con.commit()
    con.close()
    panel = Panel(args.panel, work, "legacy", ["--admin-password", ADMIN_PASSWORD], db="legacy.db")
    try:
        raw = file_bytes(legacy, legacy + "-wal")
        report.check("(d) an older panel's plaintext secrets are sealed in its database at start (and it is 0600)",
                     API_KEY.encode() not in raw and LEGACY_SERVICE_PASSWORD.encode() not in raw
                     and mode(legacy) == "0o600", mode(legacy))
        admin = admin_browser(panel.url, report, "(d) the admin signs in to the older database")
        result, text = flash(admin.submit("/admin/servers/1", "server-test-form")[3])
        report.check("(d) its server's plaintext API key was read: Test connection succeeds", result == "success",
                     text)
        result, text = flash(admin.submit("/admin/services/1", "action-create")[3])
        report.check("(d) its service's plaintext password was read: Create provisions with it",
                     result == "success" and sim.sign_in("olduser", LEGACY_SERVICE_PASSWORD) == 200, text)
    finally:
        panel.stop()


def run(args, report):
    for part in ("a", "b", "c", "d"):
        path = os.path.join(args.workdir, part)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
    sim = Process([args.sim, "--port", "0", "--api-key", API_KEY, "--exit-on-stdin-eof"],
                  os.path.join(args.workdir, "sim.log"))
    try:
        for name, check in (("a", lambda: check_generated_password(args, report)),
                            ("b", lambda: check_throttling(args, report)),
                            ("c", lambda: check_sessions(args, report)),
                            ("d", lambda: check_secrets_at_rest(args, report, Sim(sim.url), sim.url))):
            try:
                check()
            except Exception as e:  # one broken group must not hide the others
                report.check("(%s) ran to the end" % name, False, "%s: %s" % (type(e).__name__, e))
    finally:
        sim.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--panel", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    report = Report()
    run(args, report)
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
