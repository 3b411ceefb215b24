#!/usr/bin/env python3
"""The simulator's fault model over real HTTP on loopback: every fault kind,
rule counting (nth/times), the seeded random mix, the command-line specs and
the refusal of bad ones. Standard library only.

Usage: fault_model.py --sim PATH/TO/embyprov-sim
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from simharness import API_KEY, Report, Simulator  # noqa: E402

CREATE = "/emby/Users/New?api_key=" + API_KEY
PUBLIC_INFO = "/emby/System/Info/Public"


class Reply:
    """What one raw HTTP exchange produced, with arrival times."""

    def __init__(self, chunks, error, elapsed):
        self.chunks = chunks  # [(seconds since the request was sent, bytes)]
        self.error = error
        self.elapsed = elapsed
        self.data = b"".join(c for _, c in chunks)
        head, sep, self.body = self.data.partition(b"\r\n\r\n")
        self.complete_head = bool(sep)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        self.status = int(parts[1]) if sep and len(parts) > 1 and parts[1].isdigit() else 0
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    @property
    def answered(self):
        return len(self.data) > 0

    def head_time(self):
        """When the blank line ending the head arrived."""
        seen = b""
        for at, chunk in self.chunks:
            seen += chunk
            if b"\r\n\r\n" in seen:
                return at
        return None

    def head_pieces(self):
        """How many reads the head took to arrive."""
        seen, count = b"", 0
        for _, chunk in self.chunks:
            seen += chunk
            count += 1
            if b"\r\n\r\n" in seen:
                return count
        return count

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<Reply status=%s bytes=%d error=%r elapsed=%.2f>" % (self.status, len(self.data), self.error,
                                                                      self.elapsed)


def host_port(url):
    parsed = urllib.parse.urlparse(url)
    return parsed.hostname, parsed.port


def open_request(url, method, path, body=None, timeout=10):
    """Sends one request on a fresh connection (Connection: close) and returns the socket."""
    sock = socket.create_connection(host_port(url), timeout=timeout)
    data = json.dumps(body).encode() if body is not None else b""
    head = ("%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % ((method, path) + host_port(url) + (len(data),)))
    sock.sendall(head.encode() + data)
    return sock


def read_all(sock, started):
    chunks, error = [], None
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append((time.monotonic() - started, chunk))
    except OSError as e:  # reset, timeout
        error = e
    finally:
        sock.close()
    return Reply(chunks, error, time.monotonic() - started)


def exchange(url, method, path, body=None, timeout=10):
    sock = open_request(url, method, path, body, timeout)
    return read_all(sock, time.monotonic())


def control(url, method, what, body=None):
    """(status, parsed JSON or None) of a /__sim call."""
    conn = http.client.HTTPConnection(*host_port(url), timeout=10)
    try:
        data = json.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn.request(method, "/__sim/" + what, body=data, headers=headers)
        reply = conn.getresponse()
        text = reply.read().decode()
        return reply.status, (json.loads(text) if text.strip() else None)
    finally:
        conn.close()


def create_user(url, name, timeout=10):
    return exchange(url, "POST", CREATE, {"Name": name}, timeout)


def user_exists(url, name):
    return any(u["name"] == name for u in control(url, "GET", "state")[1]["users"])


def log(url):
    return control(url, "GET", "requests")[1]


def last_entry(url, path_part):
    entries = [e for e in log(url) if path_part in e["path"]]
    return entries[-1] if entries else None


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


def fresh(url, faults):
    """Seed state, empty log, then the given fault set (counters from zero)."""
    control(url, "POST", "reset")
    status, body = control(url, "POST", "faults", faults)
    if status != 200:
        raise RuntimeError("fault set refused: %s %s" % (status, body))
    return body


def rule(kind, **fields):
    fields["kind"] = kind
    return {"rules": [fields]}


# --- the kinds -------------------------------------------------------------


def check_fail_before(r, url):
    fresh(url, rule("fail_before", match="POST /Users/New", status=503))
    reply = create_user(url, "fb-user")
    r.check("fail_before answers the rule's status", reply.status == 503 and reply.body == b"Simulated failure",
            reply)
    r.check("fail_before did not act", not user_exists(url, "fb-user"))
    entry = last_entry(url, "/Users/New")
    r.check("fail_before logged: fault=fail_before, acted=false, status 503",
            entry["fault"] == "fail_before" and entry["acted"] is False and entry["status"] == 503, entry)

    fresh(url, rule("fail_before", match="post /users/new"))
    reply = create_user(url, "fb-default")
    r.check("fail_before defaults to 500 (match is case-insensitive)", reply.status == 500, reply)

    reply = exchange(url, "GET", PUBLIC_INFO)
    entry = last_entry(url, "/System/Info/Public")
    r.check("an unfaulted request logs fault=null, acted=true",
            reply.status == 200 and entry["fault"] is None and entry["acted"] is True, (reply, entry))


def check_resets(r, url):
    fresh(url, rule("reset_after", match="POST /Users/New"))
    reply = create_user(url, "ra-user")
    r.check("reset_after: the connection closes with no answer", not reply.answered, reply)
    r.check("reset_after: the user was created all the same", user_exists(url, "ra-user"))
    entry = last_entry(url, "/Users/New")
    r.check("reset_after logged: fault=reset_after, acted=true, status 0",
            entry["fault"] == "reset_after" and entry["acted"] is True and entry["status"] == 0, entry)

    fresh(url, rule("reset_before", match="POST /Users/New"))
    reply = create_user(url, "rb-user")
    r.check("reset_before: the connection closes with no answer", not reply.answered, reply)
    r.check("reset_before: no user was created", not user_exists(url, "rb-user"))
    entry = last_entry(url, "/Users/New")
    r.check("reset_before logged: fault=reset_before, acted=false, status 0",
            entry["fault"] == "reset_before" and entry["acted"] is False and entry["status"] == 0, entry)


def check_hold_before(r, url):
    fresh(url, rule("hold_before", match="POST /Users/New"))  # hold_ms 0: until the client leaves
    sock = open_request(url, "POST", CREATE, {"Name": "hb-user"})
    entry = wait_for(lambda: (lambda e: e if e and e["fault"] == "hold_before" else None)(
        last_entry(url, "/Users/New")))
    r.check("hold_before: the held request is in the log with status -1 and its fault",
            entry and entry["status"] == -1 and entry["acted"] is False, entry)
    r.check("hold_before: nothing acted while held", not user_exists(url, "hb-user"))

    started = time.monotonic()
    other = exchange(url, "GET", PUBLIC_INFO)
    r.check("a held request does not block others", other.status == 200 and time.monotonic() - started < 2.0,
            other)
    time.sleep(0.3)
    entry = last_entry(url, "/Users/New")
    r.check("hold_before still held after other traffic", entry["status"] == -1, entry)

    sock.close()  # the client goes away
    entry = wait_for(lambda: (lambda e: e if e["status"] == 0 else None)(last_entry(url, "/Users/New")), 3)
    r.check("hold_before ends when the client disconnects (status 0, not acted)",
            entry and entry["acted"] is False, entry)
    r.check("hold_before: still no user after the hold", not user_exists(url, "hb-user"))

    fresh(url, rule("hold_before", match="POST /Users/New", hold_ms=700))
    reply = create_user(url, "hb-timed")
    r.check("hold_before with hold_ms: closed without an answer after about hold_ms",
            not reply.answered and 0.6 <= reply.elapsed < 5, reply)
    r.check("hold_before with hold_ms: no user", not user_exists(url, "hb-timed"))


def check_hold_after(r, url):
    fresh(url, rule("hold_after", match="POST /Users/New"))
    reply = create_user(url, "ha-user", timeout=0.5)
    r.check("hold_after: a client with a 0.5 s timeout times out",
            isinstance(reply.error, socket.timeout) and not reply.answered and 0.45 <= reply.elapsed < 3, reply)
    r.check("hold_after: the user exists although no answer came", user_exists(url, "ha-user"))
    entry = wait_for(lambda: (lambda e: e if e["status"] == 0 else None)(last_entry(url, "/Users/New")), 3)
    r.check("hold_after logged: fault=hold_after, acted=true, closed once the client left",
            entry and entry["fault"] == "hold_after" and entry["acted"] is True, entry)

    fresh(url, rule("hold_after", match="POST /Users/New", hold_ms=800))
    reply = create_user(url, "ha-timed")
    r.check("hold_after with hold_ms: closed without an answer after about hold_ms",
            not reply.answered and 0.7 <= reply.elapsed < 5, reply)
    r.check("hold_after with hold_ms: the user exists", user_exists(url, "ha-timed"))


# A client process killed at the moment its request is being held: the
# simulator notices the dead peer and ends the hold.
CHILD = """
import http.client, json, sys
conn = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=120)
conn.request("POST", sys.argv[3], body=json.dumps({"Name": "killed-client"}),
             headers={"Content-Type": "application/json"})
conn.getresponse().read()
"""


def check_kill_while_held(r, url):
    fresh(url, rule("hold_after", match="POST /Users/New"))
    host, port = host_port(url)
    child = subprocess.Popen([sys.executable, "-c", CHILD, host, str(port), CREATE])
    try:
        entry = wait_for(lambda: (lambda e: e if e and e["fault"] == "hold_after" and e["acted"] else None)(
            last_entry(url, "/Users/New")), 10)
        r.check("kill -9: the log shows the request held (status -1, fault, acted) before the kill",
                entry and entry["status"] == -1, entry)
        r.check("kill -9: the user already exists while the answer is held", user_exists(url, "killed-client"))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        entry = wait_for(lambda: (lambda e: e if e["status"] == 0 else None)(last_entry(url, "/Users/New")), 3)
        r.check("kill -9: the hold ends soon after the client dies", entry is not None, last_entry(url, "/Users/"))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def check_trickle(r, url):
    trickle = 800
    fresh(url, rule("trickle_body", match="POST /Users/New", trickle_ms=trickle))
    reply = create_user(url, "tb-user")
    body_ok = reply.status == 200 and len(reply.body) == int(reply.headers.get("content-length", -1))
    r.check("trickle_body: the answer arrives complete", body_ok and reply.json()["Name"] == "tb-user", reply)
    r.check("trickle_body: the head comes at once, the body over trickle_ms",
            reply.head_time() is not None and reply.head_time() < 0.4 * trickle / 1000
            and reply.elapsed >= 0.85 * trickle / 1000 and len(reply.chunks) >= 5,
            (reply.head_time(), reply.elapsed, len(reply.chunks)))
    r.check("trickle_body: Connection: close", reply.headers.get("connection", "").lower() == "close", reply.headers)
    entry = last_entry(url, "/Users/New")
    r.check("trickle_body logged: fault=trickle_body, acted=true, status 200",
            entry["fault"] == "trickle_body" and entry["acted"] is True and entry["status"] == 200, entry)

    fresh(url, rule("trickle_headers", match="POST /Users/New", trickle_ms=trickle))
    reply = create_user(url, "th-user")
    body_ok = reply.status == 200 and len(reply.body) == int(reply.headers.get("content-length", -1))
    r.check("trickle_headers: the answer arrives complete", body_ok and reply.json()["Name"] == "th-user", reply)
    r.check("trickle_headers: the head itself takes trickle_ms, in many pieces",
            reply.head_time() is not None and reply.head_time() >= 0.85 * trickle / 1000
            and reply.head_pieces() >= 5, (reply.head_time(), reply.head_pieces()))
    r.check("trickle_headers: Connection: close", reply.headers.get("connection", "").lower() == "close",
            reply.headers)
    entry = last_entry(url, "/Users/New")
    r.check("trickle_headers logged: fault=trickle_headers, acted=true, status 200",
            entry["fault"] == "trickle_headers" and entry["acted"] is True and entry["status"] == 200, entry)

    # An ordinary client reads the trickled head fine.
    fresh(url, rule("trickle_headers", match="GET /System/Info/Public", trickle_ms=300))
    conn = http.client.HTTPConnection(*host_port(url), timeout=10)
    started = time.monotonic()
    conn.request("GET", PUBLIC_INFO)
    answer = conn.getresponse()
    info = json.loads(answer.read())
    conn.close()
    r.check("trickle_headers: http.client parses the answer", answer.status == 200 and "Id" in info
            and time.monotonic() - started >= 0.25, answer.status)


def check_counting(r, url):
    fresh(url, rule("fail_before", match="POST /Users/New", nth=2, times=2, status=503))
    statuses = [create_user(url, "count-%d" % i).status for i in range(4)]
    r.check("nth=2 times=2 fails the 2nd and 3rd matching requests", statuses == [200, 503, 503, 200], statuses)
    shown = control(url, "GET", "faults")[1]["rules"][0]
    r.check("GET /__sim/faults shows matched/fired/pending",
            shown["matched"] == 4 and shown["fired"] == 2 and shown["pending"] is False and shown["times"] == 2,
            shown)

    fresh(url, rule("fail_before", match="POST /Users/New", nth=3))
    exchange(url, "GET", PUBLIC_INFO)  # does not match: not counted
    statuses = [create_user(url, "nth-%d" % i).status for i in range(4)]
    r.check("nth alone fires once, on the Nth matching request", statuses == [200, 200, 500, 200], statuses)

    fresh(url, rule("fail_before", match="POST /Users/New", times=1))
    statuses = [create_user(url, "times-%d" % i).status for i in range(3)]
    r.check("times alone counts from the first matching request", statuses == [500, 200, 200], statuses)

    fresh(url, rule("fail_before", match="POST /Users/New"))
    statuses = [create_user(url, "every-%d" % i).status for i in range(3)]
    shown = control(url, "GET", "faults")[1]["rules"][0]
    r.check("no nth, no times: every matching request", statuses == [500, 500, 500] and shown["times"] is None
            and shown["pending"] is True, (statuses, shown))

    fresh(url, {"rules": [{"kind": "fail_before", "match": "POST /Users/New", "nth": 1, "status": 501},
                          {"kind": "fail_before", "match": "POST /Users/", "status": 502}]})
    statuses = [create_user(url, "first-%d" % i).status for i in range(3)]
    r.check("the first rule that fires wins; the next takes the rest", statuses == [501, 502, 502], statuses)

    # The original fields still work beside the new ones.
    fresh(url, {"fail_nth": 2, "fail_status": 503, "match": "POST /Users/New"})
    statuses = [create_user(url, "legacy-%d" % i).status for i in range(3)]
    entry = [e for e in log(url) if "/Users/New" in e["path"]][1]
    r.check("fail_nth works as before and logs fault=fail_before",
            statuses == [200, 503, 200] and entry["fault"] == "fail_before" and entry["acted"] is False,
            (statuses, entry))


def mix_sequence(url, mix, count):
    fresh(url, {"mix": mix})
    for _ in range(count):
        exchange(url, "GET", PUBLIC_INFO)
    entries = [e for e in log(url) if "/System/Info/Public" in e["path"]]
    return [e["fault"] for e in entries], control(url, "GET", "faults")[1]["mix"]


def check_mix(r, url):
    mix = {"rate": 0.25, "seed": 7, "match": "GET /System/Info/Public", "status": 503,
           "weights": {"fail_before": 2, "reset_before": 1, "reset_after": 1}}
    first, shown = mix_sequence(url, mix, 400)
    second, _ = mix_sequence(url, mix, 400)
    faulted = [f for f in first if f]
    r.check("mix: the same seed gives the same fault sequence", len(first) == 400 and first == second,
            (len(first), len(second)))
    r.check("mix: roughly the configured rate over 400 requests", 0.18 <= len(faulted) / 400.0 <= 0.32,
            len(faulted))
    r.check("mix: kinds follow the weights", set(faulted) == {"fail_before", "reset_before", "reset_after"}
            and faulted.count("fail_before") > faulted.count("reset_before"),
            {k: faulted.count(k) for k in set(faulted)})
    r.check("GET /__sim/faults reports the mix and its counts",
            shown["matched"] == 400 and shown["fired"] == len(faulted) and shown["seed"] == 7
            and sum(shown["fired_by_kind"].values()) == len(faulted), shown)
    other, _ = mix_sequence(url, dict(mix, seed=8), 400)
    r.check("mix: another seed gives another sequence", other != first)

    fresh(url, {"mix": {"rate": 1, "weights": {"fail_before": 1}, "status": 418}})
    reply = exchange(url, "GET", PUBLIC_INFO)
    r.check("mix: status applies to the drawn fail_before", reply.status == 418, reply)

    fresh(url, {"rules": [{"kind": "fail_before", "match": "GET /System", "nth": 1, "status": 409}],
                "mix": {"rate": 1, "weights": {"fail_before": 1}, "status": 418}})
    statuses = [exchange(url, "GET", PUBLIC_INFO).status for _ in range(2)]
    r.check("rules come before the mix", statuses == [409, 418], statuses)


def check_bad_bodies(r, url):
    fresh(url, rule("fail_before", match="POST /Users/New", nth=5))
    bad = [
        ("unknown kind", rule("explode")),
        ("missing kind", {"rules": [{"match": "x"}]}),
        ("unknown key in a rule", rule("reset_after", mtach="x")),
        ("negative nth", rule("reset_after", nth=-1)),
        ("negative hold_ms", rule("hold_after", hold_ms=-5)),
        ("negative trickle_ms", rule("trickle_body", trickle_ms=-1)),
        ("times 0", rule("reset_after", times=0)),
        ("status out of range", rule("fail_before", status=99)),
        ("nth not an integer", rule("reset_after", nth="two")),
        ("rules not an array", {"rules": {"kind": "reset_after"}}),
        ("a rule not an object", {"rules": ["reset_after"]}),
        ("mix rate above 1", {"mix": {"rate": 1.5, "weights": {"fail_before": 1}}}),
        ("mix negative weight", {"mix": {"rate": 0.5, "weights": {"fail_before": -1}}}),
        ("mix unknown kind in weights", {"mix": {"rate": 0.5, "weights": {"explode": 1}}}),
        ("mix without a positive weight", {"mix": {"rate": 0.5, "weights": {"fail_before": 0}}}),
        ("mix unknown key", {"mix": {"rate": 0.5, "weights": {"fail_before": 1}, "sed": 3}}),
        ("mix negative seed", {"mix": {"rate": 0.5, "weights": {"fail_before": 1}, "seed": -3}}),
    ]
    for name, body in bad:
        status, answer = control(url, "POST", "faults", body)
        r.check("POST /__sim/faults refuses %s -> 400 with a message" % name,
                status == 400 and answer and answer.get("error"), (status, answer))
    status, answer = control(url, "POST", "faults", rule("explode"))
    r.check("the unknown-kind message names the kind and the choices",
            "explode" in answer["error"] and "reset_after" in answer["error"], answer)
    shown = control(url, "GET", "faults")[1]["rules"]
    r.check("a refused set leaves the previous one in place", len(shown) == 1 and shown[0]["nth"] == 5, shown)


def check_command_line(r, binary):
    with Simulator(binary, "--fault", "reset_after:match=POST /Users/New,nth=1",
                   "--fault", "fail_before:match=DELETE /Users/,status=409",
                   "--fault-mix", "rate=1,seed=3,weights=fail_before:1/reset_before:0",
                   "--fault-mix", "status=418,match=GET /System/Info/Public", report=r) as sim:
        url = sim.url
        shown = control(url, "GET", "faults")[1]
        r.check("--fault/--fault-mix appear in GET /__sim/faults",
                [x["kind"] for x in shown["rules"]] == ["reset_after", "fail_before"]
                and shown["rules"][0]["times"] == 1 and shown["mix"]["status"] == 418
                and shown["mix"]["seed"] == 3 and shown["mix"]["weights"] == {"fail_before": 1, "reset_before": 0},
                shown)
        first = create_user(url, "cli-1")
        second = create_user(url, "cli-2")
        r.check("--fault reset_after: the first create loses its answer but acts",
                not first.answered and user_exists(url, "cli-1"), first)
        r.check("--fault nth=1 fires once", second.status == 200, second)
        reply = exchange(url, "GET", PUBLIC_INFO)
        r.check("--fault-mix (merged from two options) fails matching requests with 418", reply.status == 418,
                reply)
        control(url, "POST", "reset")
        shown = control(url, "GET", "faults")[1]
        r.check("POST /__sim/reset restores the command-line faults with fresh counters",
                shown["rules"][0]["pending"] is True and shown["rules"][0]["fired"] == 0
                and shown["mix"]["fired"] == 0, shown)
        third = create_user(url, "cli-3")
        r.check("after reset the nth=1 rule fires again", not third.answered and user_exists(url, "cli-3"), third)
        control(url, "DELETE", "faults")
        shown = control(url, "GET", "faults")[1]
        r.check("DELETE /__sim/faults clears them", shown["rules"] == [] and shown["mix"] is None, shown)

    bad_specs = [
        ["--fault", "explode"],
        ["--fault", ""],
        ["--fault", "reset_after:nth=-1"],
        ["--fault", "reset_after:nth=two"],
        ["--fault", "reset_after:bogus=1"],
        ["--fault", "reset_after:nth"],
        ["--fault", "reset_after:nth=1,nth=2"],
        ["--fault", "hold_after:hold_ms=-10"],
        ["--fault-mix", "rate=0.5"],
        ["--fault-mix", "rate=2,weights=fail_before:1"],
        ["--fault-mix", "rate=0.5,weights=explode:1"],
        ["--fault-mix", "rate=0.5,weights=fail_before"],
        ["--fault-mix", "rate=0.5,weights=fail_before:-1"],
        ["--fault-mix", "rate=0.5,weights=fail_before:1,extra=1"],
    ]
    for args in bad_specs:
        try:
            done = subprocess.run([binary, "--api-key", API_KEY, "--port", "0"] + args, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=10)
            outcome = (done.returncode, done.stdout, done.stderr.splitlines()[:1])
            ok = done.returncode == 2 and not done.stdout and args[0] in done.stderr
        except subprocess.TimeoutExpired:
            outcome, ok = "kept running", False
        r.check("bad spec %s %r -> exit 2 with a message" % tuple(args), ok, outcome)


def check_concurrent_holds(r, url):
    """Several held requests at once; the rest of the server carries on."""
    fresh(url, rule("hold_before", match="GET /Users/Query"))
    socks = [open_request(url, "GET", "/emby/Users/Query?api_key=" + API_KEY) for _ in range(6)]
    held = wait_for(lambda: len([e for e in log(url) if e["fault"] == "hold_before" and e["status"] == -1]) == 6)
    r.check("six requests held at once", held)
    results = []

    def creator(i):
        results.append(create_user(url, "parallel-%d" % i).status)

    started = time.monotonic()
    threads = [threading.Thread(target=creator, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    r.check("eight creates answer while six requests are held", results == [200] * 8
            and time.monotonic() - started < 5, results)
    for s in socks:
        s.close()
    done = wait_for(lambda: all(e["status"] == 0 for e in log(url) if e["fault"] == "hold_before"), 3)
    r.check("all six holds end when their clients leave", done)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", required=True, help="path to the embyprov-sim binary")
    args = parser.parse_args()
    if not os.access(args.sim, os.X_OK):
        print("FAIL: simulator binary not found: %s" % args.sim)
        return 1
    report = Report()
    with Simulator(args.sim, report=report) as sim:
        for check in (check_fail_before, check_resets, check_hold_before, check_hold_after, check_kill_while_held,
                      check_trickle, check_counting, check_mix, check_bad_bodies, check_concurrent_holds):
            check(report, sim.url)
    check_command_line(report, args.sim)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
