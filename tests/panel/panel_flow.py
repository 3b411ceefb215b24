#!/usr/bin/env python3
"""The reference panel, driven as a person would: over HTTP, through its own
forms (with the CSRF tokens a browser would send), judged by the simulated
Emby server and by what the pages show.

usage: panel_flow.py --sim PATH --panel PATH --workdir DIR
Prints one line per check and "N passed, M failed"; exits 1 on any failure.
"""

import argparse
import base64
import hashlib
import html.parser
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

API_KEY = "panel-test-0123456789abcdef0123"
ADMIN_PASSWORD = "flow-admin-pass-4821"  # the panel has no built-in one
HOSTILE = "<img src=x onerror=alert(1)>"


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok   - %s" % name)
        else:
            self.failed += 1
            print("FAIL - %s%s" % (name, (": " + str(detail)[:600]) if detail else ""))
        return ok


class Process:
    """A child that prints its base URL first and stops when stdin closes."""

    def __init__(self, args, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError("%s did not print its URL (got %r); see %s" % (args[0], self.url, log_path))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class FormReader(html.parser.HTMLParser):
    """The fields a browser would submit for one form (by id or data-test): text-like
    inputs and hidden fields with their values, ticked checkboxes, the
    selected (or first) option of each select."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.action = None
        self.fields = []
        self.select = None  # [name, first value, selected value]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id in (a.get("id"), a.get("data-test")):
            self.inside = self.found = True
            self.action = a.get("action")
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = [a.get("name"), None, None]
        elif tag == "option" and self.select is not None:
            if self.select[1] is None:
                self.select[1] = a.get("value", "")
            if "selected" in a:
                self.select[2] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.inside:
            name, first, chosen = self.select
            if name:
                self.fields.append((name, chosen if chosen is not None else (first or "")))
            self.select = None
        if tag == "form" and self.inside:
            self.inside = False


def read_form(page, form_id):
    reader = FormReader(form_id)
    reader.feed(page)
    if not reader.found:
        raise AssertionError("no form #%s on the page" % form_id)
    return reader.action, reader.fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, redirects followed like a browser (303 -> GET)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.pages = []  # every body seen, for the "no secret on a page" check

    def request(self, method, path, fields=None, follow=True):
        data = urllib.parse.urlencode(fields or [], doseq=True).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        opener = self.opener if follow else urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        try:
            with opener.open(req, timeout=30) as r:
                status, url, headers, body = r.status, r.geturl(), r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            status, url, headers, body = e.code, e.geturl(), e.headers, e.read().decode()
        self.pages.append((path, body))
        return status, url[len(self.base):] if url.startswith(self.base) else url, headers, body

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def submit(self, page_path, form_id, changes=None, drop=()):
        """Loads page_path, fills form #form_id like a person, submits it."""
        _, _, _, page = self.get(page_path)
        action, fields = read_form(page, form_id)
        changes = dict(changes or {})
        out = [(k, v) for k, v in fields if k not in changes and k not in drop]
        for k, v in changes.items():
            if isinstance(v, (list, tuple)):
                out.extend((k, x) for x in v)
            elif v is not None:
                out.append((k, v))
        return self.request("POST", action, out)


class Sim:
    def __init__(self, url):
        self.url = url

    def call(self, method, path, body=None, token=API_KEY, auth=None):
        headers = {"X-Emby-Token": token} if token else {}
        if auth:
            headers["X-Emby-Authorization"] = auth
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + "/emby" + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                text = r.read().decode()
                return r.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            return e.code, None

    def user(self, name):
        status, body = self.call("GET", "/Users/Query")
        for u in (body or {}).get("Items", []):
            if u.get("Name") == name:
                return u
        return None

    def sign_in(self, name, password, device="panel-test-device"):
        auth = 'Emby Client="Panel Test", Device="Test Box", DeviceId="%s", Version="1.0"' % device
        status, _ = self.call("POST", "/Users/AuthenticateByName", {"Username": name, "Pw": password},
                              token=None, auth=auth)
        return status


def has_id(page, element_id):
    return re.search(r'\bid="%s"' % re.escape(element_id), page) is not None


def flash(page):
    m = re.search(r'data-result="(success|error)"[^>]*role="(?:status|alert)".*?id="flash-text"[^>]*>(.*?)</span>',
                  page, re.S)
    return (m.group(1), m.group(2)) if m else (None, "")


def service_id_from(url):
    m = re.search(r"/admin/services/(\d+)$", url)
    return m.group(1) if m else None


def run(args, report):
    sim = Process([args.sim, "--port", "0", "--api-key", API_KEY, "--exit-on-stdin-eof"],
                  os.path.join(args.workdir, "sim.log"))
    panel = None
    try:
        panel = Process([args.panel, "--port", "0", "--db", os.path.join(args.workdir, "panel.db"),
                         "--module-db", os.path.join(args.workdir, "module.db"), "--admin-password", ADMIN_PASSWORD,
                         "--exit-on-stdin-eof"], os.path.join(args.workdir, "panel.log"))
        flow(Browser(panel.url), Browser(panel.url), Sim(sim.url), sim.url, report)
        code = panel.stop()
        panel = None
        report.check("panel stopped cleanly on stdin EOF", code == 0, "exit %s" % code)
        with open(os.path.join(args.workdir, "panel.log")) as f:
            log = f.read()
        report.check("panel logged no failed request", " failed: " not in log, log[-1500:])

        # The same records, a restarted panel, and a module that cannot render
        # its page (broken template overrides): the page shows a notice.
        broken = os.path.join(args.workdir, "broken-templates")
        os.makedirs(broken, exist_ok=True)
        for name in ("overview", "error", "media_edit", "media_devices"):
            with open(os.path.join(broken, name + ".mustache"), "w") as f:
                f.write("{{#unclosed}")
        panel = Process([args.panel, "--port", "0", "--db", os.path.join(args.workdir, "panel.db"),
                         "--module-db", os.path.join(args.workdir, "module.db"), "--templates-dir", broken,
                         "--exit-on-stdin-eof"], os.path.join(args.workdir, "panel-restarted.log"))
        client = Browser(panel.url)
        status, url, _, _ = client.submit("/client/login", "client-login-form",
                                          {"email": "alice@example.test", "password": "alice-secret-1"})
        report.check("after a restart the client still signs in (records are in the panel's SQLite)",
                     url == "/client", (status, url))
        status, _, _, page = client.get("/client/service/1")
        m = re.search(r'id="client-area-error-text">(.*?)</p>', page, re.S)
        report.check("without the module's page the service page shows the module's error as a notice",
                     status == 200 and has_id(page, "service-chrome") and m is not None and m.group(1).strip(),
                     (status, page[-600:]))
    finally:
        if panel:
            panel.stop()
        sim.stop()


def flow(admin, client, sim, sim_url, report):
    port = sim_url.rsplit(":", 1)[1]

    # --- the admin signs in --------------------------------------------------
    status, url, _, _ = admin.get("/admin")
    report.check("/admin sends a signed-out browser to the login page", url == "/admin/login", url)
    status, _, headers, _ = Browser(admin.base).get("/admin/login")  # a fresh browser gets a cookie
    cookie = headers.get("Set-Cookie", "")
    report.check("session cookie is HttpOnly and SameSite=Strict",
                 "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie)
    csp = headers.get("Content-Security-Policy", "")
    report.check("pages carry a CSP that allows no script", "default-src 'none'" in csp and "script-src" not in csp, csp)
    status, _, _, page = admin.submit("/admin/login", "admin-login-form", {"username": "admin", "password": "wrong"})
    report.check("a wrong admin password is refused", status == 401 and has_id(page, "login-error"), status)
    status, url, _, page = admin.submit("/admin/login", "admin-login-form",
                                        {"username": "admin", "password": ADMIN_PASSWORD})
    report.check("admin signs in with the password given on the command line", status == 200 and url == "/admin" and "Dashboard" in page,
                 (status, url))

    # --- CSRF: a form posted without (or with a wrong) token changes nothing ----------
    status, _, _, _ = admin.request("POST", "/admin/servers", [("hostname", "127.0.0.1"), ("port", port),
                                                              ("api_key", API_KEY)])
    report.check("admin POST without the CSRF token is refused (403)", status == 403, status)
    status, _, _, _ = admin.request("POST", "/admin/servers", [("hostname", "127.0.0.1"), ("port", port),
                                                              ("api_key", API_KEY), ("csrf_token", "0" * 64)])
    report.check("admin POST with a wrong CSRF token is refused (403)", status == 403, status)
    _, _, _, page = admin.get("/admin/servers")
    report.check("...and no server was added", has_id(page, "servers-empty"))

    # --- server ----------------------------------------------------------------
    status, url, _, page = admin.submit("/admin/servers", "server-add-form",
                                        {"name": "Sim", "hostname": "127.0.0.1", "port": port, "api_key": API_KEY})
    report.check("add server", status == 200 and re.match(r"/admin/servers/\d+$", url) is not None, (status, url))
    server_page = url
    status, _, _, page = admin.submit(server_page, "server-test-form")
    result, text = flash(page)
    report.check("Test connection succeeds and shows its steps",
                 result == "success" and has_id(page, "test-steps") and 'data-ok="no"' not in page, text)
    report.check("the API key is not printed on the server page", API_KEY not in page)

    # --- product: the module's settings form -----------------------------------------
    _, _, _, page = admin.get("/admin/products/new")
    _, fields = read_form(page, "product-form")
    option_names = [k for k, _ in fields if k.startswith("configoption")]
    report.check("product form is rendered from config_options (libraries field present)",
                 'data-option-key="libraries"' in page and len(page.split('data-test="product-option"')) > 10,
                 option_names)
    m = re.search(r'data-option-key="libraries" data-option-index="(\d+)"', page)
    libraries_field = "configoption%s" % (m.group(1) if m else "2")
    m = re.search(r'data-option-key="media_accounts" data-option-index="(\d+)"', page)
    media_field = "configoption%s" % (m.group(1) if m else "9")
    status, url, _, page = admin.submit("/admin/products/new", "product-form",
                                        {"name": "Emby Basic", libraries_field: "Movies,TV Shows", media_field: "2"})
    report.check("add product", status == 200 and re.match(r"/admin/products/\d+$", url) is not None, (status, url))
    product_page = url
    _, _, _, page = admin.get(product_page)
    report.check("product settings are stored and shown again",
                 re.search(r'name="%s"[^>]*value="Movies,TV Shows"' % libraries_field, page) is not None)
    status, url, _, _ = admin.submit("/admin/products/new", "product-form", {"name": "Emby Family",
                                                                            libraries_field: ""})
    report.check("add a second product", status == 200, status)

    # --- clients ---------------------------------------------------------------
    status, _, _, page = admin.submit("/admin/clients", "client-add-form",
                                      {"name": "Alice Example", "email": "alice@example.test",
                                       "language": "german", "password": "alice-secret-1"})
    report.check("add client Alice", status == 200 and "alice@example.test" in page, status)
    status, _, _, page = admin.submit("/admin/clients", "client-add-form",
                                      {"name": HOSTILE, "email": "bob@example.test", "language": "english",
                                       "password": "bob-secret-12"})
    report.check("add client with a hostile name", status == 200, status)
    report.check("the hostile name is shown escaped, never as markup",
                 HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;" in page)
    status, _, _, page = admin.submit("/admin/clients", "client-add-form",
                                      {"name": "Alice Again", "email": "ALICE@example.test", "language": "english",
                                       "password": "whatever-123"})
    report.check("a second client with the same e-mail is refused", status == 400 and has_id(page, "client-add-error"),
                 status)

    # --- services ----------------------------------------------------------------
    _, _, _, page = admin.get("/admin/services")
    clients = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)&lt;([^&]*)&gt;</option>', page) and
                   [(email, cid) for cid, _, email in
                    re.findall(r'<option value="(\d+)"[^>]*>([^<]*)&lt;([^&]*)&gt;</option>', page)])
    alice_id, bob_id = clients.get("alice@example.test"), clients.get("bob@example.test")
    report.check("the order form lists both clients", alice_id and bob_id, clients)
    status, url, _, page = admin.submit("/admin/services", "service-add-form",
                                        {"client_id": alice_id, "username": "alice", "password": "Alice-Pass-123"})
    alice_service = service_id_from(url)
    report.check("add a service for Alice (Pending)", status == 200 and alice_service and "Pending" in page,
                 (status, url))
    status, url, _, _ = admin.submit("/admin/services", "service-add-form",
                                     {"client_id": bob_id, "username": "bob", "password": "Bob-Pass-1234"})
    bob_service = service_id_from(url)
    report.check("add a service for the second client", status == 200 and bob_service, (status, url))

    base = "/admin/services/%s" % alice_service
    status, _, _, page = admin.submit(base, "action-create")
    result, text = flash(page)
    report.check("Create succeeds and says so", result == "success" and "Create" in text, text)
    report.check("the service is Active after Create", 'id="service-status"><span class="badge badge-active"' in page)
    user = sim.user("alice")
    report.check("the Emby user exists on the server (GET /Users/Query)", user is not None)
    report.check("the customer can sign in to Emby with the service password",
                 sim.sign_in("alice", "Alice-Pass-123") == 200)
    report.check("the module's service fields are shown (admin_services_tab)",
                 has_id(page, "module-fields") and "alice" in page)
    report.check("the service password is not printed on the admin page", "Alice-Pass-123" not in page)

    status, _, _, page = admin.submit(base, "action-suspend", {"suspendreason": "Overdue invoice"})
    result, text = flash(page)
    user = sim.user("alice")
    report.check("Suspend disables the Emby user", result == "success" and user and
                 user.get("Policy", {}).get("IsDisabled") is True, text)
    status, _, _, page = admin.submit(base, "action-unsuspend")
    result, text = flash(page)
    report.check("Unsuspend enables it again", result == "success" and sim.sign_in("alice", "Alice-Pass-123") == 200,
                 text)
    status, _, _, page = admin.submit(base, "action-change-password", {"new_password": "New-Pass-4567"})
    result, text = flash(page)
    report.check("Change password: the new password works on the server",
                 result == "success" and sim.sign_in("alice", "New-Pass-4567") == 200, text)
    status, _, _, page = admin.submit(base, "action-change-password", {"new_password": ""})
    result, text = flash(page)
    report.check("Change password without a password is refused with a message", result == "error", text)
    status, _, _, page = admin.submit(base, "action-usage")
    result, text = flash(page)
    report.check("Usage shows this service's row", result == "success" and has_id(page, "usage"), text)
    status, _, _, page = admin.submit(base, "action-drop-devices")
    result, text = flash(page)
    report.check("Drop devices reports its result", result == "success", text)
    status, _, _, page = admin.submit("/admin/services/%s" % bob_service, "action-suspend")
    result, text = flash(page)
    report.check("a hook error is shown as an error message (suspend before create)",
                 result == "error" and has_id(page, "flash-code"), text)

    # --- the client area --------------------------------------------------------------
    status, url, _, _ = client.get("/client")
    report.check("/client sends a signed-out browser to its login page", url == "/client/login", url)
    status, _, _, page = client.submit("/client/login", "client-login-form",
                                       {"email": "alice@example.test", "password": "wrong-password"})
    report.check("a wrong client password is refused", status == 401, status)
    status, url, _, page = client.submit("/client/login", "client-login-form",
                                         {"email": "alice@example.test", "password": "alice-secret-1"})
    report.check("Alice signs in to the client area", status == 200 and url == "/client", (status, url))
    report.check("Alice sees her service and not the other client's",
                 'data-service-id="%s"' % alice_service in page and 'data-service-id="%s"' % bob_service not in page)
    status, _, headers, page = client.get("/client/service/%s" % alice_service)
    embedded = has_id(page, "client-area")
    notice = has_id(page, "client-area-error")
    report.check("the service page shows the panel frame (product, status)",
                 status == 200 and has_id(page, "service-chrome") and "Emby Basic" in page, status)
    report.check("the service page embeds the module's page or a clear notice", embedded or notice)
    if embedded:
        report.check("the embedded page carries the session's CSRF token for its forms", "csrf_token" in page)
        csp = headers.get("Content-Security-Policy", "")
        m = re.search(r"script-src ([^;]*)", csp)
        sources = m.group(1).split() if m else []
        wanted = ["'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                  for body in re.findall(r"<script>(.*?)</script>", page, re.S)]
        report.check("only the module's own script blocks may run (their CSP hashes, nothing else)",
                     sorted(sources) == sorted(wanted), (csp, wanted))
        status, _, _, page2 = client.request("POST", "/client/service/%s" % alice_service, [("action", "overview")])
        report.check("a POST to the service page renders the module's answer", status == 200 and
                     (has_id(page2, "client-area") or has_id(page2, "client-area-error")), status)
        client_area_actions(client, admin, sim, alice_service, page, report)
    else:
        m = re.search(r'id="client-area-error-text">(.*?)</p>', page, re.S)
        report.check("the notice shows the module's message", m is not None and m.group(1).strip() != "",
                     page[-800:])
    status, _, _, page = client.get("/client/service/%s" % bob_service)
    report.check("another client's service answers 404", status == 404, status)
    status, _, _, _ = client.get("/client/service/99999")
    report.check("a missing service answers 404", status == 404, status)
    status, _, _, _ = client.request("POST", "/client/service/%s" % bob_service, [("action", "drop_devices")])
    report.check("posting to another client's service answers 404", status == 404, status)
    status, _, _, _ = client.request("POST", "/client/logout", [])
    report.check("client log-out without the CSRF token is refused", status == 403, status)
    status, url, _, _ = client.submit("/client", "client-logout-form")
    report.check("client logs out", url == "/client/login", url)
    status, _, _, _ = client.get("/client/service/%s" % alice_service, follow=False)
    report.check("after log-out the service page needs a sign-in", status == 303, status)

    # --- terminate, then the end of the admin session ------------------------------------------
    status, _, _, page = admin.submit(base, "action-terminate")
    result, text = flash(page)
    report.check("Terminate removes the Emby user", result == "success" and sim.user("alice") is None, text)
    report.check("the service shows Terminated", "badge-terminated" in page)
    leaked = [p for p, body in admin.pages if API_KEY in body or "Alice-Pass-123" in body or "New-Pass-4567" in body]
    report.check("no admin page printed the API key or a service password", not leaked, leaked)
    status, url, _, _ = admin.submit("/admin", "admin-logout-form")
    report.check("admin logs out", url == "/admin/login", url)
    status, _, _, _ = admin.request("POST", base + "/create", [])
    report.check("after log-out an admin action is refused", status == 403, status)


def client_area_actions(client, admin, sim, service, page, report):
    """The module's own forms, posted through the panel as a browser would."""
    path = "/client/service/%s" % service
    status, _, _, page = client.submit(path, "password-form", {"new_password": "Client-Chosen-789",
                                                               "confirm_password": "Client-Chosen-789"})
    report.check("client area: change password through the embedded form",
                 status == 200 and sim.sign_in("alice", "Client-Chosen-789") == 200, status)
    admin.submit("/admin/services/%s" % service, "action-create")
    report.check("the panel stored update_service_password (Create again keeps the customer's password)",
                 sim.sign_in("alice", "Client-Chosen-789") == 200)
    _, fields = read_form(page, "media-add-form")
    libraries = re.findall(r'name="disabled_libraries\[\]" value="([^"]+)"', page)
    hidden = libraries[:1]
    status, _, _, page = client.submit(path, "media-add-form", {"name": "kids", "password": "Kids-Pass-1234",
                                                                "disabled_libraries[]": hidden})
    kid = sim.user("alice-kids")
    _, full = sim.call("GET", "/Users/%s" % kid["Id"]) if kid else (0, None)
    enabled = (full or {}).get("Policy", {}).get("EnabledFolders", [])
    report.check("client area: a checkbox list arrives as an array (media account without the hidden library)",
                 kid is not None and hidden and hidden[0] not in enabled and len(libraries) > 1,
                 (libraries, enabled))
    status, _, _, page = client.request("POST", path, [("action", "drop_devices"), ("csrf_token", "0" * 64)])
    report.check("client area: an action with a wrong token is refused by the module and shown",
                 status == 200 and re.search(r'id="client-area"[^>]*data-result="error"', page) is not None, status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--panel", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    for name in ("panel.db", "module.db"):
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(os.path.join(args.workdir, name + suffix))
            except FileNotFoundError:
                pass
    try:
        os.remove(os.path.join(args.workdir, "panel.key"))
    except FileNotFoundError:
        pass
    report = Report()
    try:
        run(args, report)
    except Exception as e:  # a crash of the flow is a failure, reported, not a traceback only
        report.check("the flow ran to the end", False, "%s: %s" % (type(e).__name__, e))
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
