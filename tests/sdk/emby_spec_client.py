"""A small Emby client built from the official OpenAPI spec and nothing else.

Emby has no official client that installs offline, so the spec stands in for
one: an operation is looked up by its operationId, its path is filled from the
spec's template, only the parameters the spec declares are accepted, the
request body is checked against the operation's schema before it is sent, and
every answer is checked against the schema the spec gives that operation and
status. Standard library HTTP; schemas through tests/sim/simharness.py.
"""

import copy
import json
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))

from simharness import Client, SchemaBook, _nullable_to_union  # noqa: E402

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


class SpecError(Exception):
    """A request the spec does not allow; raised before anything is sent."""


class Spec:
    """The operations of a spec by operationId, and schema validation."""

    def __init__(self, path, check_formats=True, empty_204_as_200=False):
        # Emby 3.5 answers an empty success with 204 where the 4.8 spec
        # declares an empty 200; which one 4.8 sends is not known. When set,
        # an empty 204 counts as the declared empty 200 (and is counted).
        self.empty_204_as_200 = empty_204_as_200
        self.empty_204s = 0
        self.book = SchemaBook(path, check_formats)
        self.spec = self.book.spec
        self.operations = {}
        for template, item in self.spec["paths"].items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method not in METHODS:
                    continue
                if op["operationId"] in self.operations:
                    raise SpecError("operationId %s is not unique" % op["operationId"])
                params = [self.resolve(p) for p in shared + op.get("parameters", [])]
                self.operations[op["operationId"]] = (method.upper(), template, op, params)
        servers = self.spec.get("servers") or [{"url": ""}]
        # The spec's server URL carries the base path (/emby).
        self.base_path = urllib.parse.urlparse(servers[0]["url"]).path.rstrip("/")

    def resolve(self, node):
        """Follows a local $ref (#/components/...) to the object it names."""
        while isinstance(node, dict) and "$ref" in node:
            target = self.spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def errors(self, schema, instance):
        """Validation errors of an instance against an inline schema."""
        schema = copy.deepcopy(schema)
        if self.book.engine.startswith("jsonschema"):
            # This engine does not know OpenAPI's nullable; the components
            # were converted by SchemaBook, the inline part is done here.
            schema = _nullable_to_union(schema)
        schema["components"] = self.book.components
        validator = self.book._make(schema)
        return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
                for e in validator.iter_errors(instance)]

    def answer_problems(self, operation_id, status, content_type, text):
        """Problems of an answer against the spec; empty when it conforms."""
        _, _, op, _ = self.operations[operation_id]
        responses = op.get("responses", {})
        declared = responses.get(str(status)) or responses.get("%dXX" % (status // 100)) or responses.get("default")
        if declared is None and status == 204 and self.empty_204_as_200 and not text and "200" in responses \
                and json_schema(self.resolve(responses["200"]).get("content")) is None:
            self.empty_204s += 1
            return []
        if declared is None:
            return ["status %d is not declared (the spec has %s)" % (status, ", ".join(sorted(responses)))]
        schema = json_schema(self.resolve(declared).get("content"))
        if schema is None:
            return []
        if not (content_type or "").startswith("application/json"):
            return ["the spec gives a JSON answer, got %r: %s" % (content_type, text[:200])]
        try:
            instance = json.loads(text)
        except ValueError as e:
            return ["the answer is not JSON: %s" % e]
        return self.errors(schema, instance)


def json_schema(content):
    """The JSON schema of a content map, or None when it declares none."""
    media = (content or {}).get("application/json")
    return media.get("schema") if media else None


class Credentials:
    """What a caller sends to prove who it is."""

    def __init__(self, token=None, client=None, device=None, device_id=None, version=None, user_id=None):
        self.token = token
        self.client = client
        self.device = device
        self.device_id = device_id
        self.version = version
        self.user_id = user_id

    @classmethod
    def api_key(cls, key):
        return cls(token=key)

    @classmethod
    def app(cls, client, device, device_id, version):
        return cls(client=client, device=device, device_id=device_id, version=version)

    def signed_in(self, token, user_id):
        """The same app and device with a user's access token."""
        return Credentials(token, self.client, self.device, self.device_id, self.version, user_id)

    def headers(self):
        headers = {}
        if self.device_id:
            # Values must be free of commas: the server splits on every one.
            fields = [("UserId", self.user_id), ("Client", self.client), ("Device", self.device),
                      ("DeviceId", self.device_id), ("Version", self.version)]
            headers["X-Emby-Authorization"] = "Emby " + ", ".join(
                '%s="%s"' % (k, v) for k, v in fields if v is not None)
        if self.token:
            headers["X-Emby-Token"] = self.token
        return headers


class Answer:
    def __init__(self, operation_id, method, path, status, content_type, text, problems):
        self.operation_id = operation_id
        self.method = method
        self.path = path
        self.status = status
        self.content_type = content_type or ""
        self.text = text
        self.problems = problems  # where the answer departs from the spec
        self.json = None
        if self.content_type.startswith("application/json") and text:
            try:
                self.json = json.loads(text)
            except ValueError:
                pass

    @property
    def ok(self):
        return 200 <= self.status < 300

    def __repr__(self):
        return "<%s %s %s>" % (self.operation_id, self.status, self.text[:200])


def encode_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(encode_value(v) for v in value)  # style form, explode false
    return str(value)


class EmbyClient:
    """Calls operations of the spec on one server with one set of credentials.

    on_answer(answer) is called once per answer, after it was checked."""

    def __init__(self, spec, base_url, credentials=None, on_answer=None, timeout=10):
        self.spec = spec
        self.base_url = base_url.rstrip("/")
        self.http = Client(self.base_url, prefix=spec.base_path)  # one urllib request per call
        self.credentials = credentials or Credentials()
        self.on_answer = on_answer
        self.timeout = timeout
        self.called = {}     # operationId -> answers received
        self.validated = {}  # operationId -> answers checked against the spec

    def with_credentials(self, credentials):
        other = EmbyClient(self.spec, self.base_url, credentials, self.on_answer, self.timeout)
        other.called, other.validated = self.called, self.validated  # one tally per flow
        return other

    def call(self, operation_id, params=None, body=None):
        method, path, query, headers, data = self.build(operation_id, params or {}, body)
        status, content_type, text = self.send(method, path, query, headers, data)
        self.called[operation_id] = self.called.get(operation_id, 0) + 1
        problems = self.spec.answer_problems(operation_id, status, content_type, text)
        self.validated[operation_id] = self.validated.get(operation_id, 0) + 1
        answer = Answer(operation_id, method, path, status, content_type, text, problems)
        if self.on_answer:
            self.on_answer(answer)
        return answer

    def build(self, operation_id, params, body):
        if operation_id not in self.spec.operations:
            raise SpecError("no operation %s in the spec" % operation_id)
        method, template, op, declared = self.spec.operations[operation_id]
        by_name = {p["name"]: p for p in declared}
        unknown = sorted(set(params) - set(by_name))
        if unknown:
            raise SpecError("%s does not declare %s" % (operation_id, ", ".join(unknown)))
        headers = self.credentials.headers()
        path, query = template, {}
        for name, param in by_name.items():
            where = param["in"]
            if name not in params:
                supplied = where == "header" and any(h.lower() == name.lower() for h in headers)
                if param.get("required") and not supplied:
                    raise SpecError("%s needs the %s parameter %s" % (operation_id, where, name))
                continue
            value = params[name]
            errors = self.spec.errors(param.get("schema", {}), value)
            if errors:
                raise SpecError("%s parameter %s: %s" % (operation_id, name, "; ".join(errors)))
            if where == "path":
                path = path.replace("{%s}" % name, urllib.parse.quote(encode_value(value), safe=""))
            elif where == "query":
                query[name] = encode_value(value)
            elif where == "header":
                headers[name] = encode_value(value)
            else:
                raise SpecError("%s: parameters in %s are not supported" % (operation_id, where))
        data = self.encode_body(operation_id, op, body)
        if data is not None:
            headers["Content-Type"] = "application/json"
        return method, path, query, headers, data

    def encode_body(self, operation_id, op, body):
        declared = self.spec.resolve(op.get("requestBody"))
        if declared is None:
            if body is not None:
                raise SpecError("%s takes no request body" % operation_id)
            return None
        if body is None:
            if declared.get("required"):
                raise SpecError("%s needs a request body" % operation_id)
            return None
        schema = json_schema(declared.get("content"))
        if schema is None:
            raise SpecError("%s declares no JSON request body" % operation_id)
        errors = self.spec.errors(schema, body)
        if errors:
            raise SpecError("%s request body: %s" % (operation_id, "; ".join(errors[:5])))
        return json.dumps(body).encode()

    def send(self, method, path, query, headers, data):
        reply = self.http.call(method, path, raw_body=data, query=query, headers=headers, timeout=self.timeout)
        if reply.error is not None:
            raise ConnectionError("%s %s: %s" % (method, path, reply.error))
        return reply.status, reply.content_type, reply.text
