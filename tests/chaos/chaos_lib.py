"""The chaos suite's tools: a simulator and a host process to drive, a
household lifecycle, and the judge that looks only at the simulator's true
state (GET /__sim/state and real sign-ins), never at the module's records.

Standard library only. The host is the `embyprov` CLI, which loads the
library with dlopen like a panel does; every hook runs in its own process, so
`kill -9` of that process is a killed panel worker."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

API_KEY = "chaos-key-0123456789abcdef012345"
TOKEN = "chaos-csrf-token-0123456789"
PASSWORD = "Main-pass-2026!"


class Failure(Exception):
    pass


class Report:
    """Counts checks; prints each failure and a closing 'N passed, N failed'."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, what, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL - %s%s" % (what, (": " + detail) if detail else ""), flush=True)
        return ok

    def close(self):
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


class Sim:
    """embyprov-sim on a free loopback port; the first stdout line is its URL."""

    def __init__(self, binary, *args):
        self.proc = subprocess.Popen([binary, "--port", "0", "--api-key", API_KEY, "--exit-on-stdin-eof", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            raise Failure("simulator did not start: %r" % self.url)
        self.port = int(self.url.rsplit(":", 1)[1])

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def control(self, method, what, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "/__sim/" + what, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
        except urllib.error.HTTPError as e:
            raise Failure("control %s %s: HTTP %d %s" % (method, what, e.code, e.read().decode()))
        return json.loads(text) if text else None

    def state(self):
        return self.control("GET", "state")

    def requests(self):
        return self.control("GET", "requests")

    def faults(self, body):
        return self.control("POST", "faults", body)

    def clear_faults(self):
        self.control("DELETE", "faults")

    def reset(self):
        self.control("POST", "reset")

    def sign_in(self, name, password):
        """The status of a real sign-in, as an app would make it."""
        body = json.dumps({"Username": name, "Pw": password}).encode()
        req = urllib.request.Request(self.url + "/emby/Users/AuthenticateByName", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-Emby-Authorization": 'Emby Client="chaos", Device="judge", '
                                                                      'DeviceId="chaos-judge", Version="1"'})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return 0


class Host:
    """Runs one hook per `embyprov call` process against one state store."""

    def __init__(self, cli, lib, workdir, database, timeout_ms=3000):
        self.cli, self.lib, self.workdir = cli, lib, workdir
        self.database = database
        self.config = json.dumps({"database": database, "timeout_ms": timeout_ms, "connect_timeout_ms": 2000,
                                  "lock_wait_ms": 120000})
        self.seq = 0

    def _files(self, params, request):
        self.seq += 1
        base = os.path.join(self.workdir, "call-%d-%d" % (os.getpid(), self.seq))
        with open(base + ".params.json", "w") as f:
            json.dump(params, f)
        args = [self.cli, "call", None, "--params", base + ".params.json", "--config", self.config]
        if self.lib:
            args += ["--lib", self.lib]
        if request is not None:
            with open(base + ".request.json", "w") as f:
                json.dump(request, f)
            args += ["--request", base + ".request.json"]
        return args

    def start(self, hook, params, request=None):
        args = self._files(params, request)
        args[2] = hook
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    @staticmethod
    def finish(proc, timeout=120):
        out, err = proc.communicate(timeout=timeout)
        result = None
        for line in out.splitlines()[::-1]:
            try:
                result = json.loads(line)
                break
            except ValueError:
                continue
        return proc.returncode, result, out + err

    def call(self, hook, params, request=None):
        return self.finish(self.start(hook, params, request))


def params_for(sim, sid, username, quota=5, password=PASSWORD, libraries=""):
    p = {"serviceid": sid, "username": username, "password": password, "serverhostname": "127.0.0.1",
         "serverport": sim.port, "serveraccesshash": API_KEY, "configoption2": libraries,
         "configoption9": str(quota), "configoption10": "on",
         "client_area": {"form_action": "/service/" + sid, "csrf_token": TOKEN}}
    return p


def action(act, **fields):
    r = {"embyprov_action": act, "csrf_token": TOKEN}
    r.update(fields)
    return r


class Household:
    """What one service should look like on the server, kept by the test as
    a person would: who exists, with which password, enabled or not."""

    def __init__(self, sid, username, quota=5):
        self.sid, self.username, self.quota = sid, username, quota
        self.password = PASSWORD
        self.created = False
        self.suspended = False
        self.terminated = False
        self.media = {}  # name -> {"password", "enabled", "over"}
        self.media_ids = {}  # name -> server id, as a page shows it

    def media_username(self, name):
        return self.username + "-" + name


def user_by_name(state, name):
    found = [u for u in state["users"] if u["name"].lower() == name.lower()]
    return found


def judge(report, sim, households, seeded_names, label):
    """The invariants, from the server's true state only."""
    state = sim.state()
    users = state["users"]
    expected = {}
    for h in households:
        if not h.created or h.terminated:
            continue
        expected[h.username.lower()] = (h, None)
        for name in h.media:
            expected[h.media_username(name).lower()] = (h, name)
    seeded = {n.lower() for n in seeded_names}
    blank = [u["name"] for u in users
             if not u["admin"] and not u["password_set"] and u["name"].lower() not in seeded]
    report.check("%s: no user without a password" % label, not blank, "blank: %s" % blank)
    for u in users:
        if not u["admin"] and u["name"].lower() not in seeded and not u["password_set"]:
            report.check("%s: %s refuses an empty password" % (label, u["name"]), sim.sign_in(u["name"], "") != 200)
    orphans = [u["name"] for u in users if u["name"].lower() not in expected and u["name"].lower() not in seeded]
    report.check("%s: no orphan users" % label, not orphans, "orphans: %s" % orphans)
    for h in households:
        mains = user_by_name(state, h.username)
        if not h.created or h.terminated:
            report.check("%s: %s has no user" % (label, h.sid), not mains, "found %d" % len(mains))
            continue
        report.check("%s: %s has exactly one main user" % (label, h.sid), len(mains) == 1, "found %d" % len(mains))
        media_users = [u for u in users if u["name"].lower().startswith(h.username.lower() + "-")]
        # Over-quota accounts are disabled, never deleted: count the enabled.
        usable = [u for u in media_users if not u["disabled"]]
        report.check("%s: %s within quota" % (label, h.sid), len(usable) <= h.quota,
                     "%d enabled media users, quota %d" % (len(usable), h.quota))
        names = sorted(u["name"].lower() for u in media_users)
        want = sorted(h.media_username(n).lower() for n in h.media)
        report.check("%s: %s media accounts are exactly the added ones" % (label, h.sid), names == want,
                     "server %s, expected %s" % (names, want))
        if len(mains) == 1:
            main = mains[0]
            report.check("%s: %s main account %s" % (label, h.sid, "disabled" if h.suspended else "enabled"),
                         main["disabled"] == h.suspended)
            report.check("%s: %s main account has the customer's password" % (label, h.sid),
                         main["password"] == h.password)
        for name, m in h.media.items():
            found = user_by_name(state, h.media_username(name))
            if len(found) != 1:
                continue
            want_disabled = h.suspended or not m["enabled"] or m.get("over", False)
            report.check("%s: %s media %s %s" % (label, h.sid, name, "disabled" if want_disabled else "enabled"),
                         found[0]["disabled"] == want_disabled)
            if m["password"] is not None:
                report.check("%s: %s media %s has its password" % (label, h.sid, name),
                             found[0]["password"] == m["password"])
    return state


def kill9(proc):
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def wait_for_held(sim, proc, kind, timeout=30):
    """Polls the request log until a request is held with `kind` (the point
    to kill at). False when the host finished first (fewer requests)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for entry in sim.requests():
            if entry.get("fault") == kind and entry.get("status") == -1:
                return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    raise Failure("no request was held within %d s" % timeout)


def api_requests(sim):
    return len(sim.requests())


def main_guard(fn):
    try:
        sys.exit(fn())
    except Failure as e:
        print("FAIL - %s" % e)
        print("0 passed, 1 failed")
        sys.exit(1)
