#!/usr/bin/env python3
"""The demo's seeding (sdk/panel/demo/seed_demo.py) against a fresh simulator
(with the demo seed) and panel: it must finish, and the customer it creates
must find a working service page, with the hostile device name shown as text.

usage: demo_seed.py --sim PATH --panel PATH --seed-script PATH --sim-seed PATH --workdir DIR
"""

import argparse
import os
import re
import subprocess
import sys

from panel_flow import Browser, Process, Report, has_id

API_KEY = "demo-seed-test-key-0123456789abcd"
ADMIN_PASSWORD = "demo-seed-admin-pass-9137"  # the panel has no built-in one


def main():
    ap = argparse.ArgumentParser()
    for name in ("--sim", "--panel", "--seed-script", "--sim-seed", "--workdir"):
        ap.add_argument(name, required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    for name in os.listdir(args.workdir):
        if name.startswith("demo."):
            os.remove(os.path.join(args.workdir, name))
    report = Report()
    sim = Process([args.sim, "--port", "0", "--api-key", API_KEY, "--seed", args.sim_seed, "--exit-on-stdin-eof"],
                  os.path.join(args.workdir, "demo-sim.log"))
    panel = None
    try:
        panel = Process([args.panel, "--port", "0", "--db", os.path.join(args.workdir, "demo.db"),
                         "--admin-password", ADMIN_PASSWORD, "--exit-on-stdin-eof"],
                        os.path.join(args.workdir, "demo-panel.log"))
        seeded = subprocess.run([sys.executable, args.seed_script, "--panel", panel.url, "--sim", sim.url,
                                 "--api-key", API_KEY, "--admin-password", ADMIN_PASSWORD],
                                capture_output=True, text=True, timeout=120)
        report.check("seed_demo.py finishes", seeded.returncode == 0, seeded.stderr or seeded.stdout)
        report.check("it prints the panel URLs and the logins",
                     panel.url + "/admin" in seeded.stdout and panel.url + "/client" in seeded.stdout
                     and ADMIN_PASSWORD in seeded.stdout and "jane@example.com" in seeded.stdout, seeded.stdout)
        customer = Browser(panel.url)
        status, url, _, _ = customer.submit("/client/login", "client-login-form",
                                            {"email": "jane@example.com", "password": "jane-demo-pass"})
        report.check("the demo customer signs in", url == "/client", (status, url))
        _, _, _, page = customer.get("/client")
        m = re.search(r'href="(/client/service/\d+)"', page)
        report.check("the demo customer has a service", m is not None)
        if m:
            _, _, _, page = customer.get(m.group(1))
            report.check("the service is Active", 'data-status="active"' in page)
            if has_id(page, "client-area"):
                report.check("the signed-in devices are listed", "Living Room TV" in page and "Pixel 8" in page)
                report.check("the hostile device name is shown as text",
                             "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page)
            else:
                report.check("the client area shows its notice", has_id(page, "client-area-error"))
    finally:
        if panel:
            panel.stop()
        sim.stop()
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
