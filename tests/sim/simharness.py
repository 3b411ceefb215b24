"""Helpers for driving embyprov-sim from Python tests: start/stop, HTTP calls,
check reporting and OpenAPI schema validation. Standard library only, except
the schema validator (openapi_schema_validator or jsonschema)."""

import copy
import http.client
import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

API_KEY = "0123456789abcdef0123456789abcdef"


class Simulator:
    """Runs the simulator binary; the first stdout line is its base URL."""

    def __init__(self, binary, *extra_args, report=None):
        self.binary = binary
        self.report = report  # when given, a clean exit (0, silent stderr) is checked
        self.args = [binary, "--port", "0", "--api-key", API_KEY, "--log-bodies",
                     "--exit-on-stdin-eof", *extra_args]
        self.process = None
        self.url = None

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            err = self.process.stderr.read()
            raise RuntimeError("simulator did not print its URL: %r %s" % (line, err))
        self.url = line
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()  # --exit-on-stdin-eof
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        errors = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        if self.report is not None:
            name = " ".join(a for a in self.args[1:] if a.startswith("--") and a not in (
                "--port", "--api-key", "--log-bodies", "--exit-on-stdin-eof")) or "default options"
            self.report.check("simulator (%s) exited 0 with nothing on stderr" % name,
                              self.process.returncode == 0 and not errors.strip(),
                              "exit %s, stderr: %s" % (self.process.returncode, errors[-2000:]))
        return False


class Response:
    def __init__(self, status, content_type, text, headers=None, error=None, elapsed=0.0):
        self.status = status
        self.content_type = content_type or ""
        self.text = text
        self.headers = headers or {}
        self.error = error  # transport error (reset connection) or None
        self.elapsed = elapsed

    @property
    def json(self):
        return json.loads(self.text)

    def is_json(self):
        return self.content_type.startswith("application/json")

    def __repr__(self):
        return "<%s %s %s>" % (self.status, self.content_type, self.text[:200])


def auth_header(device_id, token=None, client="ConformanceTest", device="conformance-box", version="1.0.0",
                scheme="Emby"):
    value = '%s Client="%s", Device="%s", DeviceId="%s", Version="%s"' % (scheme, client, device, device_id,
                                                                           version)
    if token:
        value += ', Token="%s"' % token
    return value


class Client:
    """One HTTP request per call through urllib (a new connection each time)."""

    def __init__(self, base_url, prefix="/emby"):
        self.base_url = base_url
        self.prefix = prefix

    def call(self, method, path, body=None, token=None, api_key=False, headers=None, raw_body=None, query=None,
             prefix=None, timeout=10):
        url = self.base_url + (self.prefix if prefix is None else prefix) + path
        params = dict(query or {})
        if api_key:
            params["api_key"] = API_KEY
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None
        all_headers = {}
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        if raw_body is not None:
            data = raw_body
        if method in ("POST", "PUT") and data is None:
            data = b""
        if token:
            all_headers["X-Emby-Token"] = token
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                text = reply.read().decode("utf-8", "replace")
                return Response(reply.status, reply.headers.get("Content-Type"), text, dict(reply.headers),
                                elapsed=time.monotonic() - started)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            return Response(e.code, e.headers.get("Content-Type"), text, dict(e.headers),
                            elapsed=time.monotonic() - started)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout) as e:
            return Response(0, "", "", error=e, elapsed=time.monotonic() - started)

    def control(self, method, what, body=None):
        return self.call(method, "/__sim/" + what, body=body, prefix="")


class Report:
    """Prints one line per check; the summary line is `N passed, M failed`."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print("PASS  " + name)
        else:
            self.failed += 1
            print("FAIL  " + name + ("  -- " + str(detail)[:600] if detail else ""))
        return bool(condition)

    def status(self, name, response, expected):
        wanted = expected if isinstance(expected, (tuple, list, set)) else (expected,)
        label = name if "->" in name else "%s -> %s" % (name, "/".join(str(w) for w in wanted))
        return self.check(label, response.status in wanted, "got %r" % (response,))

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 else 1


def _nullable_to_union(node):
    """Draft-4 fallback: turn OpenAPI's `nullable: true` into a type union."""
    if isinstance(node, dict):
        node = {k: _nullable_to_union(v) for k, v in node.items()}
        if node.pop("nullable", False) is True:
            if "type" in node:
                types = node["type"] if isinstance(node["type"], list) else [node["type"]]
                node["type"] = types + ["null"]
            else:
                node = {"anyOf": [node, {"type": "null"}]}
        return node
    if isinstance(node, list):
        return [_nullable_to_union(v) for v in node]
    return node


class SchemaBook:
    """Validates instances against `#/components/schemas/<Name>` of a spec."""

    def __init__(self, spec_path, check_formats):
        with open(spec_path, encoding="utf-8") as f:
            self.spec = json.load(f)
        self.components = self.spec["components"]
        try:
            from openapi_schema_validator import OAS30Validator, oas30_format_checker
            self.engine = "openapi_schema_validator.OAS30Validator"
            self._make = lambda schema: OAS30Validator(
                schema, format_checker=oas30_format_checker if check_formats else None)
        except ImportError:
            import jsonschema
            self.engine = "jsonschema.Draft4Validator"
            self.components = _nullable_to_union(copy.deepcopy(self.components))
            self._make = lambda schema: jsonschema.Draft4Validator(schema)

    def has(self, name):
        return name in self.components["schemas"]

    def errors(self, name, instance, array=False):
        ref = {"$ref": "#/components/schemas/" + name}
        schema = {"type": "array", "items": ref} if array else dict(ref)
        schema["components"] = self.components
        validator = self._make(schema)
        return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
                for e in validator.iter_errors(instance)]
