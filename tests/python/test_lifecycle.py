#!/usr/bin/env python3
"""The Python binding (sdk/python) through the whole lifecycle, against a
fresh embyprov-sim, judged on the server the way a customer would notice:
signing in, the libraries they see, signed-out devices. Also the binding's
own promises: one exception class per code, masked log lines, closing.

    test_lifecycle.py --binding DIR --sim BIN --library SO --workdir DIR
"""
import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print(("  ok    " if ok else "  FAIL  ") + what + (": " + str(detail) if detail != "" else ""), flush=True)
    return ok


def raises(cls, fn):
    try:
        fn()
    except cls as e:
        return e
    except Exception as e:  # the wrong class is a failure, shown in the detail
        print(f"  (raised {type(e).__name__}: {e})")
        return None
    return None


class Sim:
    def __init__(self, binary):
        self.key = "py-test-" + secrets.token_hex(8)
        self.proc = subprocess.Popen([binary, "--port", "0", "--api-key", self.key, "--exit-on-stdin-eof"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError("embyprov-sim did not print its URL")
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def http(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def sign_in(self, user, password, device):
        auth = f'Emby Client="py-probe", Device="{device}", DeviceId="{device}", Version="1.0"'
        status, body = self.http("POST", "/emby/Users/AuthenticateByName", {"Username": user, "Pw": password},
                                 {"X-Emby-Authorization": auth})
        return status, (json.loads(body) if status == 200 else {})

    def token_status(self, token):
        return self.http("GET", "/emby/System/Info", headers={"X-Emby-Token": token})[0]

    def views(self, user, password):
        status, auth = self.sign_in(user, password, "py-probe-views")
        if status != 200:
            return None
        _, body = self.http("GET", f"/emby/Users/{auth['User']['Id']}/Views",
                            headers={"X-Emby-Token": auth["AccessToken"]})
        return sorted(i["Name"] for i in json.loads(body).get("Items", []))

    def users(self, name):
        _, body = self.http("GET", "/__sim/state")
        return [u for u in json.loads(body)["users"] if u["name"].lower() == name.lower()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binding", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()

    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, args.binding)
    os.environ["EMBYPROV_LIBRARY"] = args.library
    import embyprov

    os.makedirs(args.workdir, exist_ok=True)
    db = os.path.join(args.workdir, "python-state.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)

    sim = Sim(args.sim)
    print("embyprov-sim at", sim.url)
    try:
        run(embyprov, sim, db)
    finally:
        sim.stop()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def run(embyprov, sim, db):
    check("library version", embyprov.library_version() == "0.1.0", embyprov.library_version())
    server = {"serverhostname": "127.0.0.1", "serverport": sim.port, "serversecure": False,
              "serveraccesshash": sim.key}
    user = "py-" + secrets.token_hex(3)
    password = "Py-Pass-" + secrets.token_hex(4) + "!"
    params = {**server, "serviceid": 5101, "username": user, "password": password, "configoption2": "Movies",
              "clientsdetails": {"language": "english"}}

    lines = []

    def log(action, request, response):
        lines.append((action, request, response))

    with embyprov.Context(database="sqlite:" + db, log=log) as ctx:
        meta = ctx.meta_data()
        check("meta_data lists the hooks", "create_account" in meta.get("hooks", []) and meta.get("abi") == 1)
        opts = ctx.config_options()["options"]
        check("config_options: settings in order", [o["key"] for o in opts[:2]] == ["flavour", "libraries"])

        check("test_connection succeeds", ctx.test_connection(server).get("success") is True)
        e = raises(embyprov.AuthError, lambda: ctx.test_connection({**server, "serveraccesshash": "wrong-key-1234"}))
        check("a wrong key raises AuthError (a PermissionError)", e is not None and isinstance(e, PermissionError)
              and e.code == -5 and e.code_name == "EMBYPROV_EAUTH" and e.hook == "test_connection", e)
        check("... with the step list in .result", e is not None and isinstance(e.result.get("steps"), list))
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
        s.close()
        e = raises(embyprov.NetworkError, lambda: ctx.test_connection({**server, "serverport": closed}))
        check("an unreachable server raises NetworkError (a ConnectionError) saying TCP",
              e is not None and isinstance(e, ConnectionError) and "TCP" in str(e), e)

        lines.clear()
        r = ctx.create_account(params)
        check("create_account", r.get("result") == "success" and len(r.get("user_id", "")) == 32, r)
        status, auth = sim.sign_in(user, password, "phone")
        check("the customer signs in", status == 200, status)
        check("the customer sees the product's libraries", sim.views(user, password) == ["Movies"], sim.views(user, password))
        check("the log callback saw the requests", any(a.startswith("POST /emby/Users/New") for a, _, _ in lines),
              [a for a, _, _ in lines])
        check("no API key or password in any log line",
              not any(sim.key in "".join(l) or password in "".join(l) for l in lines))
        check("create_account again converges", ctx.create_account(params)["result"] == "success" and len(sim.users(user)) == 1)

        gen = ctx.create_account({**params, "serviceid": 5102, "username": user + "g", "password": ""})
        check("an empty password is generated and returned", len(gen.get("password", "")) >= 8
              and sim.sign_in(user + "g", gen.get("password", ""), "gen")[0] == 200)
        ctx.terminate_account({**params, "serviceid": 5102})

        _, tv = sim.sign_in(user, password, "tv")
        r = ctx.suspend_account(params, reason="Overdue on payment")
        check("suspend_account", r["result"] == "success", r)
        check("signing in is refused while suspended", sim.sign_in(user, password, "phone")[0] in (401, 403))
        check("the TV was signed out", sim.token_status(tv["AccessToken"]) == 401)
        check("unsuspend_account", ctx.unsuspend_account(params)["result"] == "success")
        check("signing in works again", sim.sign_in(user, password, "phone")[0] == 200)

        new_password = "Py-New-" + secrets.token_hex(4) + "#"
        check("change_password", ctx.change_password(params, new_password)["result"] == "success")
        check("the old password is refused", sim.sign_in(user, password, "phone")[0] in (401, 403))
        status, tv = sim.sign_in(user, new_password, "tv")
        check("the new password works", status == 200)
        params["password"] = new_password

        r = ctx.drop_devices(params)
        check("drop_devices signs the TV out", r.get("devices", 0) >= 1 and sim.token_status(tv["AccessToken"]) == 401, r)

        params["configoption2"] = "Movies,TV Shows"
        check("change_package", ctx.change_package(params)["result"] == "success")
        check("the customer now sees both libraries", sim.views(user, new_password) == ["Movies", "TV Shows"],
              sim.views(user, new_password))

        usage = [s for s in ctx.usage_update(server)["services"] if s["serviceid"] == "5101"]
        check("usage_update reports the service", len(usage) == 1 and usage[0]["media_accounts"] == 0, usage)
        accounts = [a for a in ctx.list_accounts(server)["accounts"] if a["username"] == user]
        check("list_accounts finds the account, owned by the service",
              len(accounts) == 1 and accounts[0]["status"] == "Active" and accounts[0]["serviceid"] == "5101", accounts)
        fields = ctx.admin_services_tab(params)["fields"]
        check("admin_services_tab names the Emby user", fields.get("Emby username") == user, fields)

        ca = {**params, "client_area": {"form_action": "/service/5101", "csrf_token": "t0k3n-" + secrets.token_hex(8)}}
        page = ctx.client_area(ca)
        check("client_area renders the overview", page.get("template") == "overview" and user in page.get("html", ""),
              page.get("error"))
        _, tv = sim.sign_in(user, new_password, "tv")
        e = raises(embyprov.InvalidInput, lambda: ctx.client_area(ca, {"action": "drop_devices", "csrf_token": "forged"}))
        check("a client action with a wrong token raises InvalidInput, with the page to show again",
              e is not None and "html" in e.result and sim.token_status(tv["AccessToken"]) == 200, e)
        r = ctx.client_area(ca, {"action": "drop_devices", "csrf_token": ca["client_area"]["csrf_token"]})
        check("client action drop_devices signs the TV out", r.get("message") and sim.token_status(tv["AccessToken"]) == 401,
              r.get("message"))

        e = raises(embyprov.NotFound, lambda: ctx.suspend_account({**params, "serviceid": 999999}))
        check("an unknown service raises NotFound (a LookupError)", e is not None and isinstance(e, LookupError), e)
        e = raises(embyprov.InvalidInput, lambda: ctx.suspend_account({k: v for k, v in params.items() if k != "serviceid"}))
        check("a missing serviceid raises InvalidInput (a ValueError)", e is not None and isinstance(e, ValueError), e)
        e = raises(embyprov.NotFound, lambda: ctx.call("no_such_hook", params))
        check("an unknown hook raises NotFound", e is not None, e)
        code, result = ctx.try_call("suspend_account", {**params, "serviceid": 999999})
        check("try_call returns (code, result) instead of raising", code == -3 and "error" in result, (code, result))

        check("terminate_account", ctx.terminate_account(params)["result"] == "success")
        check("the Emby user is gone", sim.users(user) == [])
        check("terminate_account again succeeds", ctx.terminate_account(params)["result"] == "success")

    e = raises(embyprov.Misuse, lambda: ctx.meta_data())
    check("a closed context raises Misuse", e is not None, e)
    e = raises(embyprov.Error, lambda: embyprov.Context(database="nosuchscheme:x"))
    check("a bad database DSN raises an embyprov.Error at open", e is not None, e)
    e = raises(embyprov.Error, lambda: embyprov.Context(databse="sqlite:" + db))
    check("a misspelt config key is refused by name", e is not None and "'databse'" in str(e), e)
    e = raises(embyprov.Error, lambda: embyprov.Context(database="sqlite:/nonexistent-folder/state.db"))
    check("an open failure says why", e is not None and "folder does not exist" in str(e), e)
    e = raises(embyprov.Misuse, lambda: embyprov.load_library("/nonexistent/libembyprov.so.1"))
    check("a missing library raises Misuse", e is not None, e)

    # Parallel work: one context per thread, one shared database.
    errors = []

    def worker(n):
        try:
            with embyprov.Context(database="sqlite:" + db) as c:
                p = {**server, "serviceid": 5200 + n, "username": f"{user}-t{n}", "password": "Th-Pass-" + secrets.token_hex(4)}
                c.create_account(p)
                c.suspend_account(p)
                c.terminate_account(p)
        except Exception as ex:  # collected and reported below
            errors.append(repr(ex))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check("four threads, four contexts, one database", errors == [], errors)


if __name__ == "__main__":
    sys.exit(main())
