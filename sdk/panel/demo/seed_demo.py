#!/usr/bin/env python3
"""Seeds a fresh embyprov-panel and embyprov-sim for the demo, the way a
person would: the admin signs in and fills the panel's own forms (server,
two products, a customer, a service, Create); then the customer signs in to
the Emby server from a few apps, so the client area has devices to show (one
with a hostile name, to show that it is displayed as text).

usage: seed_demo.py --panel URL --sim URL --api-key KEY [--admin-password P]
The admin password is the one the panel was started with (default:
$EMBYPROV_PANEL_ADMIN_PASSWORD); the panel has no built-in one.
Prints the URLs and logins; exits non-zero when a step fails.
"""

import argparse
import html.parser
import http.cookiejar
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

CUSTOMER = {"name": "Jane Customer", "email": "jane@example.com", "password": "jane-demo-pass",
            "language": "english"}
EMBY_USER, EMBY_PASSWORD = "jane", "Jane-Demo-2468"
# (app, device name, device id): what Emby shows on the devices list.
DEVICES = [
    ("Emby for Android", "Pixel 8", "demo-device-pixel8"),
    ("Emby Theater", "Living Room TV", "demo-device-livingroom"),
    ("Emby Web", "<img src=x onerror=alert(1)>", "demo-device-hostile"),
]


class Fields(html.parser.HTMLParser):
    """What a browser would submit for one form: inputs with values, ticked
    checkboxes, the selected (else first) option of each select."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.action, self.fields, self.select = form_id, False, None, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside, self.action = True, a.get("action")
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif a.get("type") not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = [a.get("name"), None]
        elif tag == "option" and self.select and (self.select[1] is None or "selected" in a):
            self.select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select and self.inside:
            self.fields.append((self.select[0], self.select[1] or ""))
            self.select = None
        elif tag == "form":
            self.inside = False


class Panel:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None):
        req = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.geturl()[len(self.base):], r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, path, e.read().decode()

    def submit(self, page, form_id, values=None, expect=None):
        """Fills form #form_id on `page` with `values` and posts it."""
        _, _, body = self.open(page)
        form = Fields(form_id)
        form.feed(body)
        if form.action is None:
            sys.exit("seed: no form #%s on %s" % (form_id, page))
        values = values or {}
        fields = [(k, v) for k, v in form.fields if k not in values] + list(values.items())
        status, url, body = self.open(form.action, urllib.parse.urlencode(fields).encode())
        if status != 200 or (expect and not re.search(expect, url)):
            error = re.search(r'role="alert">(.*?)</div>', body, re.S)
            sys.exit("seed: %s on %s failed (HTTP %s)%s" % (form_id, page, status,
                                                            ": " + re.sub("<[^>]+>", "", error.group(1)) if error else ""))
        m = re.search(r'data-result="error".*?id="flash-text"[^>]*>(.*?)</span>', body, re.S)
        if m:
            sys.exit("seed: %s: %s" % (form_id, m.group(1)))
        return url, body


def option_index(page, key):
    m = re.search(r'data-option-key="%s" data-option-index="(\d+)"' % key, page)
    if not m:
        sys.exit("seed: the product form has no '%s' setting" % key)
    return "configoption" + m.group(1)


def sign_in_device(sim, app, device, device_id):
    auth = 'Emby Client="%s", Device="%s", DeviceId="%s", Version="4.8.1"' % (app, device, device_id)
    req = urllib.request.Request(sim + "/emby/Users/AuthenticateByName", method="POST",
                                 data=json.dumps({"Username": EMBY_USER, "Pw": EMBY_PASSWORD}).encode(),
                                 headers={"Content-Type": "application/json", "X-Emby-Authorization": auth})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status == 200
    except urllib.error.HTTPError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--panel", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--api-key", required=True)
    ap.add_argument("--admin-password", default=os.environ.get("EMBYPROV_PANEL_ADMIN_PASSWORD"))
    args = ap.parse_args()
    if not args.admin_password:
        ap.error("give --admin-password (or $EMBYPROV_PANEL_ADMIN_PASSWORD): the panel's admin password")
    host, port = urllib.parse.urlsplit(args.sim).hostname, str(urllib.parse.urlsplit(args.sim).port)

    admin = Panel(args.panel)
    admin.submit("/admin/login", "admin-login-form", {"username": "admin", "password": args.admin_password},
                 expect=r"^/admin$")
    admin.submit("/admin/servers", "server-add-form",
                 {"name": "Demo Emby Server", "hostname": host, "port": port, "api_key": args.api_key},
                 expect=r"^/admin/servers/\d+$")

    _, _, form = admin.open("/admin/products/new")
    standard = {"name": "Emby Standard", option_index(form, "libraries"): "Movies,TV Shows,Kids",
                option_index(form, "stream_limit"): "2", option_index(form, "media_accounts"): "2",
                option_index(form, "device_limit"): "5",
                option_index(form, "manual_url"): "https://emby.media/support/articles/Home.html"}
    admin.submit("/admin/products/new", "product-form", standard, expect=r"^/admin/products/\d+$")
    premium = dict(standard, name="Emby Premium")
    premium.update({option_index(form, "libraries"): "", option_index(form, "stream_limit"): "4",
                    option_index(form, "media_accounts"): "5"})
    admin.submit("/admin/products/new", "product-form", premium, expect=r"^/admin/products/\d+$")

    admin.submit("/admin/clients", "client-add-form", CUSTOMER, expect=r"^/admin/clients$")
    url, _ = admin.submit("/admin/services", "service-add-form",
                          {"username": EMBY_USER, "password": EMBY_PASSWORD}, expect=r"^/admin/services/\d+$")
    admin.submit(url, "action-create")
    service_id = url.rsplit("/", 1)[1]

    signed_in = [device for app, device, device_id in DEVICES if sign_in_device(args.sim, app, device, device_id)]
    if len(signed_in) != len(DEVICES):
        sys.exit("seed: the customer could not sign in on every demo device")

    print("""
The demo is running.

  Panel admin   %(panel)s/admin
                user admin, password %(admin_password)s
  Client area   %(panel)s/client
                e-mail %(email)s, password %(customer_password)s
                service page: %(panel)s/client/service/%(service)s
  Emby (sim)    %(sim)s  (Emby API; admin user admin / admin)
                the customer's Emby login: %(emby_user)s / %(emby_password)s
                signed in on: %(devices)s
""" % {"panel": args.panel, "admin_password": args.admin_password, "email": CUSTOMER["email"],
       "customer_password": CUSTOMER["password"], "service": service_id, "sim": args.sim, "emby_user": EMBY_USER,
       "emby_password": EMBY_PASSWORD, "devices": ", ".join("%s (%s)" % (d, a) for a, d, _ in DEVICES)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
