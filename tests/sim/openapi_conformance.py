#!/usr/bin/env python3
"""Conformance test for embyprov-sim.

Starts the simulator with --log-bodies, drives a realistic provisioning
workload over HTTP (users, policy, password, sign-in on two devices, views,
devices, sessions, Emby Connect, libraries, faults), asserts the behaviours the
project relies on, then validates every JSON body in the request log against
the OpenAPI component schema of its route (and every request body we sent that
has a schema), in Emby mode and in Jellyfin mode. The specs are the trimmed
copies in specs/ (see specs/SOURCES.md).

Prints one line per check and ends with `N passed, M failed`. Exit 0 when
nothing failed, 1 otherwise (also when a spec file is missing).
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from simharness import API_KEY, Client, Report, SchemaBook, Simulator, auth_header  # noqa: E402

HEX32 = re.compile(r"^[0-9a-f]{32}$")
INVALID_TOKEN = "Access token is invalid or expired."

# (method, path regex without the /emby prefix, schema name, is_array)
EMBY_RESPONSE_SCHEMAS = [
    ("GET", r"/System/Info/Public", "PublicSystemInfo", False),
    ("GET", r"/System/Info", "SystemInfo", False),
    ("POST", r"/Users/AuthenticateByName", "Authentication.AuthenticationResult", False),
    ("POST", r"/Users/[^/]+/Authenticate", "Authentication.AuthenticationResult", False),
    ("GET", r"/Users/Query", "QueryResult_UserDto", False),
    ("GET", r"/Users/Public", "UserDto", True),
    ("GET", r"/Users", "UserDto", True),
    ("POST", r"/Users/New", "UserDto", False),
    ("GET", r"/Users/[^/]+/Views", "QueryResult_BaseItemDto", False),
    ("GET", r"/Users/[^/]+", "UserDto", False),
    ("POST", r"/Users/[^/]+/Connect/Link", "Connect.UserLinkResult", False),
    ("GET", r"/Devices", "QueryResult_Devices.DeviceInfo", False),
    ("GET", r"/Devices/Info", "Devices.DeviceInfo", False),
    ("GET", r"/Sessions", "Session.SessionInfo", True),
    ("GET", r"/Library/VirtualFolders/Query", "QueryResult_VirtualFolderInfo", False),
    ("GET", r"/Library/VirtualFolders", "VirtualFolderInfo", True),
    ("GET", r"/Library/MediaFolders", "QueryResult_BaseItemDto", False),
    ("GET", r"/Library/SelectableMediaFolders", "Library.MediaFolder", True),
    ("GET", r"/Connect/Pending", None, True),  # "Response content unknown" in the spec
]

EMBY_REQUEST_SCHEMAS = [
    ("POST", r"/Users/New", "CreateUserByName"),
    ("POST", r"/Users/[^/]+/Policy", "UserPolicy"),
    ("POST", r"/Users/[^/]+/Password", "UpdateUserPassword"),
    ("POST", r"/Users/AuthenticateByName", "AuthenticateUserByName"),
    ("POST", r"/Users/[^/]+/Authenticate", "AuthenticateUser"),
    ("POST", r"/Users/[^/]+/Configuration", "UserConfiguration"),
    ("POST", r"/Users/[0-9a-fA-F]{32}", "UserDto"),
]

JELLYFIN_RESPONSE_SCHEMAS = [
    ("GET", r"/System/Info/Public", "PublicSystemInfo", False),
    ("GET", r"/System/Info", "SystemInfo", False),
    ("POST", r"/Users/AuthenticateByName", "AuthenticationResult", False),
    ("GET", r"/Users/Public", "UserDto", True),
    ("GET", r"/Users", "UserDto", True),
    ("POST", r"/Users/New", "UserDto", False),
    ("GET", r"/Users/Me", "UserDto", False),
    ("GET", r"/Users/[^/]+/Views", "BaseItemDtoQueryResult", False),
    ("GET", r"/UserViews", "BaseItemDtoQueryResult", False),
    ("GET", r"/Users/[^/]+", "UserDto", False),
    ("GET", r"/Devices", "DeviceInfoDtoQueryResult", False),
    ("GET", r"/Devices/Info", "DeviceInfoDto", False),
    ("GET", r"/Sessions", "SessionInfoDto", True),
    ("GET", r"/Library/VirtualFolders", "VirtualFolderInfo", True),
    ("GET", r"/Library/MediaFolders", "BaseItemDtoQueryResult", False),
    ("GET", r"/System/Ping", None, False),
]

JELLYFIN_REQUEST_SCHEMAS = [
    ("POST", r"/Users/New", "CreateUserByName"),
    ("POST", r"/Users/[^/]+/Policy", "UserPolicy"),
    ("POST", r"/Users/[^/]+/Password", "UpdateUserPassword"),
    ("POST", r"/Users/Password", "UpdateUserPassword"),
    ("POST", r"/Users/AuthenticateByName", "AuthenticateUserByName"),
]

# Our stricter "must have" lists (the Emby spec declares no required fields).
MUST_HAVE = {
    "UserDto": ["Id", "Name", "ServerId", "Policy", "Configuration", "HasPassword", "HasConfiguredPassword"],
    "UserPolicy": ["IsAdministrator", "IsDisabled", "IsHidden", "EnableAllFolders", "EnabledFolders",
                   "EnableAllDevices", "AuthenticationProviderId"],
    "Authentication.AuthenticationResult": ["User", "SessionInfo", "AccessToken", "ServerId"],
    "AuthenticationResult": ["User", "SessionInfo", "AccessToken", "ServerId"],
    "Session.SessionInfo": ["Id", "ServerId", "Client", "DeviceName", "DeviceId", "ApplicationVersion",
                            "LastActivityDate"],
    "SessionInfoDto": ["Id", "ServerId", "Client", "DeviceName", "DeviceId", "UserId", "LastActivityDate"],
    "Devices.DeviceInfo": ["Id", "Name", "InternalId", "ReportedDeviceId", "LastUserName", "LastUserId", "AppName",
                           "AppVersion", "DateLastActivity"],
    "DeviceInfoDto": ["Id", "Name", "LastUserName", "LastUserId", "AppName", "AppVersion", "DateLastActivity"],
    "PublicSystemInfo": ["Id", "ServerName", "Version", "LocalAddress"],
    "SystemInfo": ["Id", "ServerName", "Version", "OperatingSystem", "LocalAddress"],
    "VirtualFolderInfo": ["Name", "ItemId", "Locations", "CollectionType"],
    "BaseItemDto": ["Id", "Name", "Type", "CollectionType"],
    "Library.MediaFolder": ["Name", "Id", "Guid", "SubFolders"],
    "Connect.UserLinkResult": ["IsPending", "IsNewUserInvitation", "GuestDisplayName"],
}
EMBY_EXTRA_MUST_HAVE = {"VirtualFolderInfo": ["Id", "Guid"], "BaseItemDto": ["Guid"],
                        "PublicSystemInfo": ["WanAddress", "LocalAddresses"]}
ITEM_SCHEMA = {
    "QueryResult_UserDto": "UserDto", "QueryResult_Devices.DeviceInfo": "Devices.DeviceInfo",
    "QueryResult_VirtualFolderInfo": "VirtualFolderInfo", "QueryResult_BaseItemDto": "BaseItemDto",
    "DeviceInfoDtoQueryResult": "DeviceInfoDto", "BaseItemDtoQueryResult": "BaseItemDto",
}
NESTED = {
    "UserDto": [("Policy", "UserPolicy")],
    "Authentication.AuthenticationResult": [("User", "UserDto"), ("SessionInfo", "Session.SessionInfo")],
    "AuthenticationResult": [("User", "UserDto"), ("SessionInfo", "SessionInfoDto")],
}


def missing_fields(name, instance, flavor):
    """Names of must-have properties absent anywhere in the instance."""
    if isinstance(instance, list):
        return [m for item in instance for m in missing_fields(name, item, flavor)]
    if not isinstance(instance, dict):
        return []
    if name in ITEM_SCHEMA:
        absent = [f for f in ("Items", "TotalRecordCount") if f not in instance]
        return absent + missing_fields(ITEM_SCHEMA[name], instance.get("Items", []), flavor)
    wanted = list(MUST_HAVE.get(name, []))
    if flavor == "emby":
        wanted += EMBY_EXTRA_MUST_HAVE.get(name, [])
    absent = ["%s.%s" % (name, f) for f in wanted if f not in instance]
    for field, inner in NESTED.get(name, []):
        absent += missing_fields(inner, instance.get(field), flavor)
    return absent


def route_of(path):
    """Strips the /emby prefix the way the simulator's fault matcher does."""
    return re.sub(r"^/emby(?=/|$)", "", path, flags=re.IGNORECASE) or "/"


def lookup(table, method, path):
    for entry in table:
        if entry[0] == method and re.fullmatch(entry[1], path, flags=re.IGNORECASE):
            return entry
    return None


def validate_log(report, client, book, flavor, response_table, request_table):
    """Validates every logged JSON response and every JSON request body."""
    log = client.control("GET", "requests").json
    report.check("[%s] request log is not empty" % flavor, len(log) > 20, len(log))
    seen = set()
    for entry in log:
        method, path = entry["method"], route_of(entry["path"])
        status, rtype = entry["status"], entry.get("response_type", "")
        if status >= 200 and status < 300 and rtype.startswith("application/json"):
            mapped = lookup(response_table, method, path)
            key = ("resp", method, mapped[1] if mapped else path)
            if not mapped:
                report.check("[%s] response schema known for %s %s" % (flavor, method, path), False)
                continue
            _, _, schema, is_array = mapped
            try:
                body = json.loads(entry["response_body"])
            except ValueError as e:
                report.check("[%s] #%d %s %s body is JSON" % (flavor, entry["seq"], method, path), False, e)
                continue
            if schema is None:
                continue
            errors = book.errors(schema, body, array=is_array)
            absent = missing_fields(schema, body, flavor)
            if errors or absent or key not in seen:
                report.check("[%s] #%d %s %s response matches %s%s" % (
                    flavor, entry["seq"], method, path, "[]" if is_array else "", schema),
                    not errors and not absent, (errors + ["missing " + m for m in absent])[:5])
            seen.add(key)
        # Request bodies: only those the server accepted (the workload also
        # sends deliberately broken ones to test the 400s).
        request_body = entry.get("request_body", "")
        mapped = lookup(request_table, method, path)
        if mapped and 200 <= status < 300 and request_body.strip().startswith("{"):
            errors = book.errors(mapped[2], json.loads(request_body))
            key = ("req", method, mapped[1])
            if errors or key not in seen:
                report.check("[%s] #%d %s %s request body matches %s" % (
                    flavor, entry["seq"], method, path, mapped[2]), not errors, errors[:5])
            seen.add(key)
    checked = sum(1 for k in seen if k[0] == "resp")
    report.check("[%s] responses of %d distinct routes validated" % (flavor, checked), checked >= 12, checked)


class EmbyWorkload:
    """The Emby-mode scenario. Each method is one topic; they share ids."""

    def __init__(self, report, client):
        self.r = report
        self.c = client
        self.users = {}
        self.tokens = {}

    # helpers -----------------------------------------------------------
    def admin(self, method, path, body=None, **kw):
        return self.c.call(method, path, body=body, api_key=True, **kw)

    def login(self, name, password, device_id, device="box", client="ConformanceTest"):
        return self.c.call("POST", "/Users/AuthenticateByName", body={"Username": name, "Pw": password},
                           headers={"X-Emby-Authorization": auth_header(device_id, device=device, client=client)})

    def create(self, name):
        reply = self.admin("POST", "/Users/New", {"Name": name})
        if reply.status == 200:
            self.users[name] = reply.json["Id"]
        return reply

    def get_user(self, name, token=None):
        if token:
            return self.c.call("GET", "/Users/" + self.users[name], token=token)
        return self.admin("GET", "/Users/" + self.users[name])

    def post_policy(self, name, policy, **kw):
        return self.admin("POST", "/Users/%s/Policy" % self.users[name], policy, **kw)

    def views(self, name):
        reply = self.admin("GET", "/Users/%s/Views" % self.users[name])
        return [item["Name"] for item in reply.json["Items"]] if reply.status == 200 else None

    # scenario ----------------------------------------------------------
    def run(self):
        for step in (self.system, self.token_sources, self.create_users, self.blank_password_login,
                     self.token_per_device, self.password_changes, self.policy_replace_all, self.library_access,
                     self.guard_rails_and_disable, self.rename_and_configuration, self.devices_and_sessions,
                     self.connect, self.libraries, self.user_queries, self.delete_users, self.errors,
                     self.keep_alive, self.faults):
            step()

    def system(self):
        r, c = self.r, self.c
        both = [c.call("GET", "/System/Info/Public"), c.call("GET", "/System/Info/Public", prefix="")]
        r.status("GET /emby/System/Info/Public anonymous", both[0], 200)
        r.status("GET /System/Info/Public (no prefix)", both[1], 200)
        r.check("/emby/X and /X give the same server id", both[0].json["Id"] == both[1].json["Id"])
        r.check("public info content type is application/json; charset=utf-8",
                both[0].content_type.lower() == "application/json; charset=utf-8", both[0].content_type)
        r.check("route matching is case-insensitive",
                c.call("GET", "/system/info/PUBLIC", prefix="/EMBY").status == 200)
        r.check("public info has no ProductName (Emby)", "ProductName" not in both[0].json)
        unauth = c.call("GET", "/System/Info")
        r.status("GET /System/Info without token", unauth, 401)
        r.check("401 body is text/html 'Access token is invalid or expired.'",
                unauth.content_type.startswith("text/html") and unauth.text == INVALID_TOKEN, unauth)
        r.status("GET /System/Info with API key", self.admin("GET", "/System/Info"), 200)
        for method in ("GET", "POST", "HEAD"):
            r.status("%s /System/Ping" % method, c.call(method, "/System/Ping"), (200, 204))

    def token_sources(self):
        r, c = self.r, self.c
        variants = {
            "X-Emby-Token": {"X-Emby-Token": API_KEY},
            "X-MediaBrowser-Token": {"X-MediaBrowser-Token": API_KEY},
            "X-Emby-Authorization Token=": {"X-Emby-Authorization": auth_header("tok-dev", token=API_KEY)},
            "Authorization MediaBrowser Token=": {
                "Authorization": auth_header("tok-dev", token=API_KEY, scheme="MediaBrowser")},
        }
        for name, headers in variants.items():
            r.status("token from %s" % name, c.call("GET", "/Users/Query", headers=headers), 200)
        r.status("token from api_key query", c.call("GET", "/Users/Query", query={"API_KEY": API_KEY}), 200)
        r.status("unknown token", c.call("GET", "/Users/Query", token="f" * 32), 401)

    def create_users(self):
        r = self.r
        reply = self.create("alice-local")
        r.status("POST /Users/New alice-local", reply, 200)
        user = reply.json
        r.check("new user id is 32-hex lower case", HEX32.match(user["Id"]), user["Id"])
        r.check("new user HasPassword=false, HasConfiguredPassword=false",
                user["HasPassword"] is False and user["HasConfiguredPassword"] is False)
        r.check("new user policy: EnableAllFolders=true, not admin, not disabled",
                user["Policy"]["EnableAllFolders"] is True and user["Policy"]["IsAdministrator"] is False
                and user["Policy"]["IsDisabled"] is False)
        r.check("new user: null properties omitted (no ConnectUserName, no LastLoginDate)",
                "ConnectUserName" not in user and "LastLoginDate" not in user)
        dup = self.admin("POST", "/Users/New", {"Name": "ALICE-LOCAL"})
        r.status("duplicate name, other case", dup, 400)
        r.check("duplicate message and text/html",
                dup.text == "A user with the name 'ALICE-LOCAL' already exists."
                and dup.content_type.startswith("text/html"), dup)
        r.status("blank name", self.admin("POST", "/Users/New", {"Name": "   "}), 400)
        r.status("name with '<'", self.admin("POST", "/Users/New", {"Name": "<script>"}), 400)
        for name in ("bob-local", "carol-local", "dave-local", "template-local"):
            r.status("POST /Users/New " + name, self.create(name), 200)
        template_policy = dict(self.get_user("template-local").json["Policy"])
        template_policy.update({"EnableAllFolders": False, "EnableContentDownloading": False})
        self.post_policy("template-local", template_policy)
        copied = self.admin("POST", "/Users/New", {"Name": "copy-local", "CopyFromUserId": self.users["template-local"],
                                                   "UserCopyOptions": ["UserPolicy"]})
        r.status("create with CopyFromUserId", copied, 200)
        if copied.status == 200:
            self.users["copy-local"] = copied.json["Id"]
            r.check("CopyFromUserId copies the policy",
                    copied.json["Policy"]["EnableAllFolders"] is False
                    and copied.json["Policy"]["EnableContentDownloading"] is False)

    def blank_password_login(self):
        r = self.r
        reply = self.login("Alice-Local", "", "dev-a")
        r.status("blank password signs in a new user (name case-insensitive)", reply, 200)
        result = reply.json
        self.tokens["alice@a"] = result["AccessToken"]
        r.check("AccessToken is 32-hex", HEX32.match(result["AccessToken"]))
        r.check("ServerId matches public info",
                result["ServerId"] == self.c.call("GET", "/System/Info/Public").json["Id"])
        r.check("LastLoginDate set after sign-in", "LastLoginDate" in self.get_user("alice-local").json)
        r.status("token works on GET /Users/{Id}", self.get_user("alice-local", token=result["AccessToken"]), 200)
        by_id = self.c.call("POST", "/Users/%s/Authenticate" % self.users["alice-local"], body={"Pw": ""},
                            headers={"X-Emby-Authorization": auth_header("dev-a")})
        r.status("POST /Users/{Id}/Authenticate", by_id, 200)
        r.check("/Users/{Id}/Authenticate on the same device reuses the token",
                by_id.status == 200 and by_id.json["AccessToken"] == result["AccessToken"])
        r.status("sign-in without DeviceId", self.c.call(
            "POST", "/Users/AuthenticateByName", body={"Username": "alice-local", "Pw": ""}), 400)

    def token_per_device(self):
        r = self.r
        again = self.login("alice-local", "", "dev-a")
        r.check("same user + same DeviceId gets the same token back",
                again.status == 200 and again.json["AccessToken"] == self.tokens["alice@a"])
        other = self.login("alice-local", "", "dev-b", device="tablet")
        self.tokens["alice@b"] = other.json["AccessToken"]
        r.check("another DeviceId gets another token", self.tokens["alice@b"] != self.tokens["alice@a"])
        bob = self.login("bob-local", "", "dev-a")
        r.status("bob signs in on alice's device", bob, 200)
        self.tokens["bob@a"] = bob.json["AccessToken"]
        r.status("alice's token on that device is revoked",
                 self.get_user("alice-local", token=self.tokens["alice@a"]), 401)
        r.status("alice's token on her other device survives",
                 self.get_user("alice-local", token=self.tokens["alice@b"]), 200)
        self.tokens["alice@a"] = self.login("alice-local", "", "dev-a").json["AccessToken"]

    def password_changes(self):
        r, uid = self.r, self.users["alice-local"]
        r.status("admin (API key) sets password without CurrentPw", self.admin(
            "POST", "/Users/%s/Password" % uid, {"Id": uid, "NewPw": "s3cret", "ResetPassword": False}), 204)
        r.check("HasPassword/HasConfiguredPassword now true",
                self.get_user("alice-local").json["HasConfiguredPassword"] is True)
        r.status("password change revoked alice's tokens", self.get_user("alice-local", token=self.tokens["alice@a"]),
                 401)
        r.status("blank password no longer signs in", self.login("alice-local", "", "dev-a"), 401)
        wrong = self.login("alice-local", "nope", "dev-a")
        r.check("wrong password -> 401 text/html", wrong.status == 401 and wrong.content_type.startswith("text/html"),
                wrong)
        self.tokens["alice@a"] = self.login("alice-local", "s3cret", "dev-a").json["AccessToken"]
        self.tokens["alice@b"] = self.login("alice-local", "s3cret", "dev-b").json["AccessToken"]
        bad = self.c.call("POST", "/Users/%s/Password" % uid, {"Id": uid, "CurrentPw": "wrong", "NewPw": "x"},
                          token=self.tokens["alice@a"])
        r.check("self change with wrong CurrentPw -> 400 'Invalid user or password entered.'",
                bad.status == 400 and bad.text == "Invalid user or password entered.", bad)
        good = self.c.call("POST", "/Users/%s/Password" % uid, {"Id": uid, "CurrentPw": "s3cret", "NewPw": "n3w"},
                           token=self.tokens["alice@a"])
        r.status("self change with right CurrentPw", good, 204)
        r.status("caller's own token survives its password change",
                 self.get_user("alice-local", token=self.tokens["alice@a"]), 200)
        r.status("other device's token revoked by the password change",
                 self.get_user("alice-local", token=self.tokens["alice@b"]), 401)
        r.status("admin with wrong CurrentPw present -> 400", self.admin(
            "POST", "/Users/%s/Password" % uid, {"Id": uid, "CurrentPw": "bad", "NewPw": "zz"}), 400)
        reset = self.admin("POST", "/Users/%s/Password" % uid, {"Id": uid, "ResetPassword": True})
        r.status("ResetPassword=true", reset, 204)
        r.status("reset does not revoke tokens", self.get_user("alice-local", token=self.tokens["alice@a"]), 200)
        r.status("after reset a blank password signs in", self.login("alice-local", "", "dev-c"), 200)
        recipe = self.admin("POST", "/Users/%s/Password" % uid, {"Id": uid, "CurrentPw": "", "NewPw": "final"})
        r.status("portable recipe step 2 {CurrentPw:'', NewPw}", recipe, 204)
        self.tokens["alice@a"] = self.login("alice-local", "final", "dev-a").json["AccessToken"]
        other_user = self.c.call("POST", "/Users/%s/Password" % self.users["bob-local"],
                                 {"Id": self.users["bob-local"], "NewPw": "x"}, token=self.tokens["alice@a"])
        r.status("non-admin changing another user's password -> 403", other_user, 403)

    def policy_replace_all(self):
        r = self.r
        policy = dict(self.get_user("bob-local").json["Policy"])
        policy.update({"EnableContentDownloading": False, "EnableRemoteAccess": False, "IsHidden": True})
        r.status("POST full policy", self.post_policy("bob-local", policy), 204)
        stored = self.get_user("bob-local").json["Policy"]
        r.check("full policy stored", stored["EnableContentDownloading"] is False and stored["IsHidden"] is True)
        r.status("POST partial policy", self.post_policy("bob-local", {"IsHidden": False}), 204)
        stored = self.get_user("bob-local").json["Policy"]
        r.check("replace-all: left-out fields fall back to defaults",
                stored["EnableContentDownloading"] is True and stored["EnableRemoteAccess"] is True
                and stored["IsHidden"] is False, stored)
        r.status("policy for unknown user -> 404", self.admin("POST", "/Users/%s/Policy" % ("0" * 32), {}), 404)
        r.status("policy with a wrong type -> 400",
                 self.post_policy("bob-local", {"IsAdministrator": "yes"}), 400)
        r.status("policy as non-admin -> 403", self.c.call(
            "POST", "/Users/%s/Policy" % self.users["bob-local"], {}, token=self.tokens["alice@a"]), 403)

    def library_access(self):
        r = self.r
        folders = self.admin("GET", "/Library/VirtualFolders/Query").json["Items"]
        movies = next(f for f in folders if f["Name"] == "Movies")
        base = dict(self.get_user("carol-local").json["Policy"])
        r.check("all four libraries visible with EnableAllFolders=true", len(self.views("carol-local")) == 4)
        base.update({"EnableAllFolders": False, "EnabledFolders": [movies["Id"]]})
        self.post_policy("carol-local", base)
        r.check("EnabledFolders with the numeric Id shows no library (4.x trap)",
                self.views("carol-local") == [], self.views("carol-local"))
        base["EnabledFolders"] = [movies["Guid"]]
        self.post_policy("carol-local", base)
        r.check("EnabledFolders with the Guid shows exactly that library",
                self.views("carol-local") == ["Movies"], self.views("carol-local"))
        legacy = dict(base, EnabledFolders=[], BlockedMediaFolders=[])
        self.post_policy("carol-local", legacy)
        r.check("non-null BlockedMediaFolders makes EnabledFolders ignored (legacy)",
                len(self.views("carol-local")) == 4, self.views("carol-local"))
        stored = self.get_user("carol-local").json["Policy"]
        r.check("BlockedMediaFolders=[] is echoed back", stored.get("BlockedMediaFolders") == [])
        self.post_policy("carol-local", dict(base, EnabledFolders=[movies["Guid"]]))
        r.check("BlockedMediaFolders left out is omitted (null)",
                "BlockedMediaFolders" not in self.get_user("carol-local").json["Policy"])

    def guard_rails_and_disable(self):
        r = self.r
        admin_users = [u for u in self.admin("GET", "/Users/Query").json["Items"] if u["Policy"]["IsAdministrator"]]
        admin_id = admin_users[0]["Id"]
        policy = dict(admin_users[0]["Policy"], IsAdministrator=False)
        last = self.admin("POST", "/Users/%s/Policy" % admin_id, policy)
        r.check("removing admin from the last admin -> 400",
                last.status == 400 and "administrative access" in last.text, last)
        disable_admin = self.admin("POST", "/Users/%s/Policy" % admin_id,
                                   dict(admin_users[0]["Policy"], IsDisabled=True))
        r.check("disabling an admin -> 400 'Administrators cannot be disabled.'",
                disable_admin.status == 400 and disable_admin.text == "Administrators cannot be disabled.",
                disable_admin)
        token = self.tokens["alice@a"]
        policy = dict(self.get_user("alice-local").json["Policy"], IsDisabled=True)
        r.status("disable alice", self.post_policy("alice-local", policy), 204)
        r.status("disabling revoked alice's tokens", self.get_user("alice-local", token=token), 401)
        disabled = self.login("alice-local", "final", "dev-a")
        r.check("disabled user cannot sign in (401 text)",
                disabled.status == 401 and disabled.content_type.startswith("text/html"), disabled)
        r.check("IsDisabled=true filter lists alice",
                [u["Name"] for u in self.admin("GET", "/Users/Query", query={"IsDisabled": "true"}).json["Items"]]
                == ["alice-local"])
        self.post_policy("alice-local", dict(policy, IsDisabled=False))
        relogin = self.login("alice-local", "final", "dev-a")
        r.status("re-enabled user signs in again", relogin, 200)
        self.tokens["alice@a"] = relogin.json["AccessToken"]
        r.check("old token stays dead after re-enable", self.get_user("alice-local", token=token).status == 401)
        r.status("non-admin token on an admin route -> 403",
                 self.c.call("GET", "/Users/Query", token=self.tokens["alice@a"]), 403)

    def rename_and_configuration(self):
        r = self.r
        dto = self.get_user("dave-local").json
        dto["Name"] = "Dave-Renamed"
        r.status("POST /Users/{Id} rename", self.admin("POST", "/Users/" + dto["Id"], dto), 204)
        r.check("rename applied", self.get_user("dave-local").json["Name"] == "Dave-Renamed")
        dto["Name"] = "BOB-LOCAL"
        clash = self.admin("POST", "/Users/" + dto["Id"], dto)
        r.check("rename to an existing name (other case) -> 400",
                clash.status == 400 and "already exists" in clash.text, clash)
        config = dict(dto["Configuration"], SubtitleMode="Always")
        r.status("POST /Users/{Id}/Configuration", self.admin("POST", "/Users/%s/Configuration" % dto["Id"], config),
                 204)
        r.check("configuration stored",
                self.get_user("dave-local").json["Configuration"]["SubtitleMode"] == "Always")
        r.status("self update of own configuration", self.c.call(
            "POST", "/Users/%s/Configuration" % self.users["alice-local"],
            self.get_user("alice-local").json["Configuration"], token=self.tokens["alice@a"]), 204)

    def devices_and_sessions(self):
        r, c = self.r, self.c
        bob_b = self.login("bob-local", "", "dev-bob-phone", device="bob phone", client="PhoneApp")
        self.tokens["bob@phone"] = bob_b.json["AccessToken"]
        devices = self.admin("GET", "/Devices").json
        by_id = {d["Id"]: d for d in devices["Items"]}
        r.check("GET /Devices lists one entry per DeviceId", "dev-bob-phone" in by_id and "dev-a" in by_id,
                list(by_id))
        phone = by_id.get("dev-bob-phone", {})
        r.check("device entry names its last user and app",
                phone.get("LastUserId") == self.users["bob-local"] and phone.get("AppName") == "PhoneApp"
                and phone.get("Name") == "bob phone" and isinstance(phone.get("InternalId"), int))
        r.status("GET /Devices/Info?Id=", self.admin("GET", "/Devices/Info", query={"Id": "dev-bob-phone"}), 200)
        r.status("GET /Devices as non-admin -> 403", c.call("GET", "/Devices", token=self.tokens["alice@a"]), 403)
        sessions = c.call("GET", "/Sessions", token=self.tokens["alice@a"])
        r.status("GET /Sessions with a user token", sessions, 200)
        mine = [s for s in sessions.json if s.get("DeviceId") == "dev-bob-phone"]
        r.check("session for bob's phone carries user and client",
                len(mine) == 1 and mine[0].get("UserId") == self.users["bob-local"]
                and mine[0].get("Client") == "PhoneApp", mine)
        playing = c.control("POST", "playing", {"device_id": "dev-bob-phone", "item_name": "Movie X"})
        r.status("control: mark device as playing", playing, 204)
        session = [s for s in c.call("GET", "/Sessions", token=self.tokens["alice@a"]).json
                   if s.get("DeviceId") == "dev-bob-phone"][0]
        r.check("NowPlayingItem shows the item", session.get("NowPlayingItem", {}).get("Name") == "Movie X")
        r.status("POST /Sessions/{Id}/Playing/Stop", self.admin("POST", "/Sessions/%s/Playing/Stop" % session["Id"]),
                 204)
        r.status("POST /Sessions/{Id}/Message", self.admin(
            "POST", "/Sessions/%s/Message" % session["Id"], {"Text": "Bye", "Header": "Billing", "TimeoutMs": 5000}),
            204)
        state = c.control("GET", "state").json
        r.check("commands recorded, session kept",
                [x["command"] for x in state["session_commands"]] == ["Playing/Stop", "Message"]
                and any(s["device_id"] == "dev-bob-phone" for s in state["sessions"]))
        r.status("Stop does not revoke access", c.call("GET", "/Sessions", token=self.tokens["bob@phone"]), 200)
        r.status("DELETE /emby/Devices?Id=dev-bob-phone", self.admin("DELETE", "/Devices",
                                                                     query={"Id": "dev-bob-phone"}), 204)
        r.status("deleted device's token -> 401", c.call("GET", "/Sessions", token=self.tokens["bob@phone"]), 401)
        r.check("device gone from /Devices",
                all(d["Id"] != "dev-bob-phone" for d in self.admin("GET", "/Devices").json["Items"]))
        r.status("POST /Devices/Delete unknown Id -> 204",
                 self.admin("POST", "/Devices/Delete", query={"Id": "no-such-device"}), 204)
        tv = self.login("bob-local", "", "dev-bob-tv").json["AccessToken"]
        r.status("POST /Sessions/Logout", c.call("POST", "/Sessions/Logout", token=tv), 204)
        r.status("logged-out token -> 401", c.call("GET", "/Sessions", token=tv), 401)
        api_session = c.call("GET", "/Sessions", headers={
            "X-Emby-Authorization": auth_header("billing-node", token=API_KEY, client="BillingPanel")})
        r.check("an API-key request with Client/Device/DeviceId shows up as a session",
                any(s.get("DeviceId") == "billing-node" and "UserId" not in s for s in api_session.json))

    def connect(self):
        r, c = self.r, self.c
        link = lambda name, who, **kw: self.admin("POST", "/Users/%s/Connect/Link" % self.users[name],
                                                  query={"ConnectUsername": who}, **kw)
        known = link("alice-local", "alice")
        r.status("link to a known, auto-approved Connect account", known, 200)
        r.check("IsPending=false, IsNewUserInvitation=false",
                known.json == {"IsPending": False, "IsNewUserInvitation": False, "GuestDisplayName": "alice"},
                known.json)
        user = self.get_user("alice-local").json
        r.check("ConnectUserName and ConnectLinkType set at once",
                user.get("ConnectUserName") == "alice" and user.get("ConnectLinkType") == "LinkedUser", user)
        pending = self.admin("POST", "/Users/%s/Connect/Link" % self.users["bob-local"],
                             raw_body=b"ConnectUsername=BOB%40example.com",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        r.check("link by e-mail (form post) to a pending account -> IsPending=true",
                pending.status == 200 and pending.json["IsPending"] is True, pending)
        r.check("pending link already shows the directory name",
                self.get_user("bob-local").json.get("ConnectUserName") == "bob")
        r.status("control: confirm pending link", c.control("POST", "connect/confirm",
                                                            {"user_id": self.users["bob-local"]}), 204)
        r.check("state shows the link confirmed", any(
            u["id"] == self.users["bob-local"] and u["connect"] == {"name": "bob", "pending": False}
            for u in c.control("GET", "state").json["users"]))
        r.status("already linked to another local user -> 409", link("carol-local", "ALICE@example.com"), 409)
        unknown = link("carol-local", "nobody")
        r.check("unknown Connect account -> 500 'Connect user not found'",
                unknown.status == 500 and unknown.text == "Connect user not found", unknown)
        inactive = link("carol-local", "carol")
        r.check("inactive Connect account -> 400",
                inactive.status == 400 and inactive.text == "The Emby account has been disabled.", inactive)
        relink = link("alice-local", "carol@example.com")
        r.status("relinking replaces the previous link (inactive refused first)", relink, 400)
        r.status("DELETE /Users/{Id}/Connect/Link", self.admin("DELETE", "/Users/%s/Connect/Link"
                                                               % self.users["alice-local"]), 204)
        r.check("link cleared", "ConnectUserName" not in self.get_user("alice-local").json)
        r.status("carol can now take alice's Connect account", link("carol-local", "alice"), 200)
        r.status("POST /Users/{Id}/Connect/Link/Delete",
                 self.admin("POST", "/Users/%s/Connect/Link/Delete" % self.users["carol-local"]), 204)
        r.status("unlink unknown user -> 400", self.admin("DELETE", "/Users/%s/Connect/Link" % ("0" * 32)), 400)
        r.status("POST /Connect/Invite -> 404 (4.x)", self.admin("POST", "/Connect/Invite", {}), 404)
        r.status("DELETE /Connect/Pending -> 404 (4.x)", self.admin("DELETE", "/Connect/Pending",
                                                                   query={"Id": "x"}), 404)
        c.control("POST", "connect/unreachable", {"unreachable": True})
        r.status("Connect unreachable -> 502", link("carol-local", "alice"), 502)
        c.control("POST", "connect/unreachable", {"unreachable": False})

    def libraries(self):
        r = self.r
        query = self.admin("GET", "/Library/VirtualFolders/Query")
        legacy = self.admin("GET", "/Library/VirtualFolders")
        r.status("GET /Library/VirtualFolders/Query", query, 200)
        r.status("GET /Library/VirtualFolders (legacy array)", legacy, 200)
        items = query.json["Items"]
        r.check("4 libraries, QueryResult shape", query.json["TotalRecordCount"] == 4 and isinstance(legacy.json,
                                                                                                     list))
        r.check("numeric Id, 32-hex Guid, Id != Guid, ItemId == Id", all(
            f["Id"].isdigit() and HEX32.match(f["Guid"]) and f["ItemId"] == f["Id"] for f in items))
        r.check("library ids and guids distinct", len({f["Id"] for f in items} | {f["Guid"] for f in items}) == 8)
        media = self.admin("GET", "/Library/MediaFolders").json
        r.check("MediaFolders: CollectionFolder items with Guid",
                all(i["Type"] == "CollectionFolder" and HEX32.match(i["Guid"]) for i in media["Items"]))
        selectable = self.admin("GET", "/Library/SelectableMediaFolders")
        r.check("SelectableMediaFolders is an array with Guid", selectable.status == 200 and all(
            "Guid" in f for f in selectable.json))
        r.status("VirtualFolders as non-admin -> 403",
                 self.c.call("GET", "/Library/VirtualFolders/Query", token=self.tokens["alice@a"]), 403)
        paged = self.admin("GET", "/Library/VirtualFolders/Query", query={"StartIndex": 1, "Limit": 2}).json
        r.check("VirtualFolders paging", [f["Name"] for f in paged["Items"]] == [f["Name"] for f in items[1:3]]
                and paged["TotalRecordCount"] == 4)

    def user_queries(self):
        r, c = self.r, self.c
        everyone = self.admin("GET", "/Users/Query").json
        limited = self.admin("GET", "/Users/Query", query={"StartIndex": "1", "Limit": "2"}).json
        r.check("Users/Query Limit/StartIndex pages, TotalRecordCount counts all",
                len(limited["Items"]) == 2 and limited["TotalRecordCount"] == everyone["TotalRecordCount"]
                and limited["Items"][0]["Id"] == everyone["Items"][1]["Id"])
        r.check("Users/Query sorted by name", [u["Name"].lower() for u in everyone["Items"]]
                == sorted(u["Name"].lower() for u in everyone["Items"]))
        legacy = c.call("GET", "/Users", token=self.tokens["alice@a"])
        r.check("legacy GET /Users returns an array", legacy.status == 200 and isinstance(legacy.json, list))
        public = c.call("GET", "/Users/Public")
        r.check("GET /Users/Public anonymous, no hidden users",
                public.status == 200 and all(not u["Policy"]["IsHidden"] for u in public.json))
        r.status("GET /Users/{unknown} -> 404", self.admin("GET", "/Users/" + "0" * 32), 404)
        r.status("IsHidden=maybe -> 400", self.admin("GET", "/Users/Query", query={"IsHidden": "maybe"}), 400)

    def delete_users(self):
        r, c = self.r, self.c
        token = self.login("template-local", "", "dev-t").json["AccessToken"]
        r.status("DELETE /Users/{Id}", self.admin("DELETE", "/Users/" + self.users["template-local"]), 204)
        r.status("deleted user -> 404", self.get_user("template-local"), 404)
        r.status("deleted user's token -> 401", c.call("GET", "/Sessions", token=token), 401)
        r.status("POST /Users/{Id}/Delete", self.admin("POST", "/Users/%s/Delete" % self.users["copy-local"]), 204)
        r.status("delete unknown -> 404", self.admin("DELETE", "/Users/" + "0" * 32), 404)
        admins = [u for u in self.admin("GET", "/Users/Query").json["Items"] if u["Policy"]["IsAdministrator"]]
        last = self.admin("DELETE", "/Users/" + admins[0]["Id"])
        r.check("deleting the last admin -> 400", last.status == 400 and "admin" in last.text, last)

    def errors(self):
        r, c = self.r, self.c
        unknown = c.call("GET", "/No/Such/Route", api_key=True)
        r.check("unknown route -> 404 text/html", unknown.status == 404 and unknown.content_type.startswith(
            "text/html"), unknown)
        bad = c.call("POST", "/Users/New", raw_body=b'{"Name": ', api_key=True,
                     headers={"Content-Type": "application/json"})
        r.check("malformed JSON -> 400 text/html", bad.status == 400 and bad.content_type.startswith("text/html"),
                bad)
        r.status("JSON array instead of object -> 400", c.call("POST", "/Users/New", raw_body=b"[1]", api_key=True,
                                                                headers={"Content-Type": "application/json"}), 400)
        huge = c.call("POST", "/Users/New", raw_body=b"{" + b" " * (3 * 1024 * 1024 // 2) + b"}", api_key=True,
                      headers={"Content-Type": "application/json"})
        r.check("body over 1 MiB -> 413", huge.status == 413 or (huge.status == 0 and huge.error), huge)
        r.status("server still alive after bad input", c.call("GET", "/System/Info/Public"), 200)

    def keep_alive(self):
        import http.client
        host, port = self.c.base_url[len("http://"):].split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        statuses = []
        for _ in range(3):
            conn.request("GET", "/emby/System/Info/Public")
            reply = conn.getresponse()
            reply.read()
            statuses.append((reply.status, reply.getheader("Connection", "")))
        conn.request("POST", "/emby/System/Ping")
        reply = conn.getresponse()
        reply.read()
        statuses.append((reply.status, reply.getheader("Connection", "")))
        conn.close()
        self.r.check("keep-alive: 4 requests on one connection", [s for s, _ in statuses] == [200, 200, 200, 204]
                     and all(h.lower() == "keep-alive" for _, h in statuses), statuses)

    def faults(self):
        r, c = self.r, self.c
        c.control("POST", "faults", {"latency_ms": 250})
        slow = c.call("GET", "/System/Info/Public")
        r.check("latency_ms delays answers", slow.status == 200 and slow.elapsed >= 0.24, slow.elapsed)
        c.control("POST", "faults", {"fail_nth": 2, "match": "post /users/", "fail_status": 503})
        first = self.admin("POST", "/Users/New", {"Name": "fault-one"})
        unrelated = self.admin("GET", "/Users/Query")
        second = self.admin("POST", "/Users/New", {"Name": "fault-two"})
        third = self.admin("POST", "/Users/New", {"Name": "fault-three"})
        r.check("fail_nth counts only matching requests",
                first.status == 200 and unrelated.status == 200 and second.status == 503 and third.status == 200,
                (first, unrelated, second, third))
        r.check("simulated failure body", second.text == "Simulated failure"
                and second.content_type.startswith("text/html"), second)
        r.check("failed create did not create", all(
            u["Name"] != "fault-two" for u in self.admin("GET", "/Users/Query").json["Items"]))
        c.control("POST", "faults", {"reset_nth": 1, "match": "/Password"})
        uid = self.users["dave-local"]
        reset = self.admin("POST", "/Users/%s/Password" % uid, {"Id": uid, "NewPw": "pw"})
        r.check("reset_nth closes the connection without an answer", reset.status == 0 and reset.error is not None,
                reset)
        log = c.control("GET", "requests").json
        r.check("reset request logged with status 0", log[-1]["status"] == 0 and log[-1]["path"].endswith(
            "/Password"), log[-1])
        r.status("next request answers normally", self.admin("POST", "/Users/%s/Password" % uid,
                                                             {"Id": uid, "NewPw": "pw"}), 204)
        c.control("POST", "faults", {"error_rate": 1.0, "error_status": 502, "match": "GET /System"})
        r.status("error_rate=1 fails matching requests", c.call("GET", "/System/Info/Public"), 502)
        r.status("error_rate leaves others alone", self.admin("GET", "/Users/Query"), 200)
        c.control("POST", "faults", {"slow_body_ms": 300})
        slow_body = self.admin("GET", "/Users/Query")
        r.check("slow_body_ms spreads the body", slow_body.status == 200 and slow_body.elapsed >= 0.25,
                slow_body.elapsed)
        r.status("DELETE /__sim/faults", c.control("DELETE", "faults"), 204)
        r.check("faults cleared", c.control("GET", "faults").json["latency_ms"] == 0)


def run_strict_mode(report, binary):
    """--strict-current-password: the 3.x rule, CurrentPw always verified."""
    with Simulator(binary, "--strict-current-password", report=report) as sim:
        c = Client(sim.url)
        uid = c.call("POST", "/Users/New", {"Name": "strict"}, api_key=True).json["Id"]
        path = "/Users/%s/Password" % uid
        r = report
        r.status("[strict] {CurrentPw:'', NewPw} on a fresh user", c.call(
            "POST", path, {"Id": uid, "CurrentPw": "", "NewPw": "one"}, api_key=True), 204)
        r.status("[strict] admin without CurrentPw -> 400", c.call(
            "POST", path, {"Id": uid, "NewPw": "two"}, api_key=True), 400)
        r.status("[strict] admin with right CurrentPw", c.call(
            "POST", path, {"Id": uid, "CurrentPw": "one", "NewPw": "two"}, api_key=True), 204)
        r.status("[strict] reset", c.call("POST", path, {"Id": uid, "ResetPassword": True}, api_key=True), 204)
        user = c.call("GET", "/Users/" + uid, api_key=True).json
        c.call("POST", "/Users/%s/Policy" % uid, dict(user["Policy"], IsDisabled=True), api_key=True)
        r.status("[strict] disabled target -> 401", c.call(
            "POST", path, {"Id": uid, "CurrentPw": "", "NewPw": "x"}, api_key=True), 401)
        r.status("[strict] /__sim/reset", c.control("POST", "reset"), 204)
        state = c.control("GET", "state").json
        r.check("[strict] reset restores the seed (one admin, no tokens)",
                [u["name"] for u in state["users"]] == ["admin"] and state["tokens"] == [])
        r.check("[strict] reset clears the request log", c.control("GET", "requests").json == [])


def run_api_key_bug_mode(report, binary):
    with Simulator(binary, "--api-key-user-update-500", report=report) as sim:
        c = Client(sim.url)
        uid = c.call("POST", "/Users/New", {"Name": "victim"}, api_key=True).json["Id"]
        report.status("[apikey-500] API key on /Password -> 500", c.call(
            "POST", "/Users/%s/Password" % uid, {"Id": uid, "NewPw": "x"}, api_key=True), 500)
        token = c.call("POST", "/Users/AuthenticateByName", {"Username": "admin", "Pw": "admin"},
                       headers={"X-Emby-Authorization": auth_header("adm")}).json["AccessToken"]
        report.status("[apikey-500] admin user token works", c.call(
            "POST", "/Users/%s/Password" % uid, {"Id": uid, "NewPw": "x"}, token=token), 204)


def run_cli_checks(report, binary):
    import subprocess
    bad = subprocess.run([binary, "--port", "0"], capture_output=True, text=True, timeout=10)
    report.check("[cli] missing --api-key -> exit 2", bad.returncode == 2 and bad.stderr, bad.returncode)
    bad = subprocess.run([binary, "--api-key", "k", "--bind", "0.0.0.0"], capture_output=True, text=True,
                         timeout=10)
    report.check("[cli] non-loopback --bind refused", bad.returncode == 2, bad.returncode)
    for flavor, version in (("emby", "12.0"), ("jellyfin", "4.8"), ("jellyfin", "10.10")):
        bad = subprocess.run([binary, "--api-key", "k", "--flavor", flavor, "--server-version", version],
                             capture_output=True, text=True, timeout=10)
        report.check("[cli] --flavor %s --server-version %s refused" % (flavor, version),
                     bad.returncode == 2 and "--server-version" in bad.stderr, bad.returncode)
    ok = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=10)
    report.check("[cli] --help prints usage", ok.returncode == 0 and "--api-key" in ok.stdout)
    proc = subprocess.Popen([binary, "--port", "0", "--api-key", "k"], stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    proc.terminate()
    code = proc.wait(timeout=10)
    proc.stdout.close()
    report.check("[cli] first line is the base URL; SIGTERM exits 0",
                 re.fullmatch(r"http://127\.0\.0\.1:\d+", url) and code == 0, (url, code))


def run_validator_self_test(report, book):
    """Makes sure schema validation is not vacuous: known-bad bodies must fail."""
    good = {"Id": "a" * 32, "Name": "x", "HasPassword": False, "Policy": {"IsAdministrator": False}}
    report.check("[validator] a good UserDto passes", not book.errors("UserDto", good))
    report.check("[validator] HasPassword='yes' is reported",
                 book.errors("UserDto", dict(good, HasPassword="yes")))
    report.check("[validator] a bad enum in UserPolicy.BlockUnratedItems is reported",
                 book.errors("UserPolicy", {"BlockUnratedItems": ["Nonsense"]}))
    report.check("[validator] must-have list catches a missing Policy",
                 missing_fields("UserDto", {"Id": "x", "Name": "y"}, "emby"))


def run_seed_checks(report, binary, workdir):
    """A custom seed: server identity, libraries, users, Connect switch."""
    seed = {
        "server_name": "Seeded", "server_id": "ABCDEF0123456789abcdef0123456789", "version": "4.8.10.0",
        "libraries": [{"name": "Films", "collection_type": "movies"}, {"name": "Shows", "collection_type": "tvshows"}],
        "users": [{"name": "root", "password": "pw", "admin": True},
                  {"name": "guest", "password": "", "hidden": True},
                  {"name": "frozen", "password": "x", "disabled": True}],
        "connect": [{"name": "zed", "email": "zed@example.com"}],
        "connect_unreachable": True,
    }
    handle, path = tempfile.mkstemp(prefix="embyprov-sim-seed-", suffix=".json", dir=workdir)
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        json.dump(seed, f)
    with Simulator(binary, "--seed", path, report=report) as sim:
        c = Client(sim.url)
        info = c.call("GET", "/System/Info/Public").json
        report.check("[seed] server name, lower-cased id and version come from the seed",
                     (info["ServerName"], info["Id"], info["Version"])
                     == ("Seeded", "abcdef0123456789abcdef0123456789", "4.8.10.0"), info)
        folders = c.call("GET", "/Library/VirtualFolders/Query", api_key=True).json
        report.check("[seed] libraries from the seed, ids start at 3",
                     [(f["Name"], f["Id"]) for f in folders["Items"]] == [("Films", "3"), ("Shows", "4")], folders)
        users = {u["Name"]: u for u in c.call("GET", "/Users/Query", api_key=True).json["Items"]}
        report.check("[seed] users with admin/hidden/disabled flags",
                     users["root"]["Policy"]["IsAdministrator"] and users["guest"]["Policy"]["IsHidden"]
                     and users["frozen"]["Policy"]["IsDisabled"] and not users["guest"]["HasPassword"], list(users))
        report.status("[seed] seeded password signs in", c.call(
            "POST", "/Users/AuthenticateByName", {"Username": "root", "Pw": "pw"},
            headers={"X-Emby-Authorization": auth_header("seed-dev")}), 200)
        report.status("[seed] connect_unreachable -> 502", c.call(
            "POST", "/Users/%s/Connect/Link" % users["guest"]["Id"], query={"ConnectUsername": "zed"},
            api_key=True), 502)
    os.unlink(path)
    import subprocess
    handle, path = tempfile.mkstemp(prefix="embyprov-sim-seed-", suffix=".json", dir=workdir)
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write('{"users": [{"name": "nobody-admin"}]}')
    bad = subprocess.run([binary, "--api-key", "k", "--seed", path], capture_output=True, text=True, timeout=10)
    report.check("[seed] a seed without an admin is refused (exit 2)", bad.returncode == 2, bad.stderr)
    os.unlink(path)


def run_concurrency(report, binary):
    """Parallel keep-alive clients: every answer correct, every request logged."""
    import http.client
    import threading
    threads, per_thread, failures = 8, 40, []
    with Simulator(binary, report=report) as sim:
        host, port = sim.url[len("http://"):].split(":")

        def worker(n):
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            for i in range(per_thread):
                body = json.dumps({"Name": "par-%d-%d" % (n, i)})
                conn.request("POST", "/emby/Users/New?api_key=" + API_KEY, body=body,
                             headers={"Content-Type": "application/json"})
                reply = conn.getresponse()
                reply.read()
                if reply.status != 200:
                    failures.append(reply.status)
            conn.close()

        workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        c = Client(sim.url)
        total = c.call("GET", "/Users/Query", api_key=True, query={"Limit": 1}).json["TotalRecordCount"]
        log = c.control("GET", "requests").json
        report.check("[parallel] %d concurrent creates all succeed" % (threads * per_thread), not failures,
                     failures[:5])
        report.check("[parallel] every user exists", total == threads * per_thread + 1, total)
        report.check("[parallel] log has every request in seq order",
                     len(log) == threads * per_thread + 1 and [e["seq"] for e in log] == sorted(e["seq"] for e in log))


def run_emby(report, binary, book):
    with Simulator(binary, report=report) as sim:
        client = Client(sim.url)
        EmbyWorkload(report, client).run()
        validate_log(report, client, book, "emby", EMBY_RESPONSE_SCHEMAS, EMBY_REQUEST_SCHEMAS)


def jellyfin_auth(device_id, token=None):
    return {"Authorization": auth_header(device_id, token=token, scheme="MediaBrowser")}


def run_jellyfin(report, binary, book):
    r = report
    with Simulator(binary, "--flavor", "jellyfin", report=report) as sim:
        c = Client(sim.url, prefix="")
        admin = lambda method, path, body=None, **kw: c.call(method, path, body=body, api_key=True, **kw)
        public = c.call("GET", "/System/Info/Public").json
        r.check("[jf] public info: ProductName, StartupWizardCompleted, no WanAddress",
                public.get("ProductName") == "Jellyfin Server" and public.get("StartupWizardCompleted") is True
                and "WanAddress" not in public and public.get("Version") == "10.11.0", public)
        r.check("[jf] public info: the obsolete OperatingSystem is empty", public.get("OperatingSystem") == "", public)
        r.status("[jf] leading /emby is stripped", c.call("GET", "/emby/System/Info/Public"), 200)
        r.status("[jf] GET /System/Info", admin("GET", "/System/Info"), 200)
        r.status("[jf] GET /System/Ping", c.call("GET", "/System/Ping"), 200)
        r.status("[jf] /Users/Query is /Users/{userId} with a non-Guid id", admin("GET", "/Users/Query"), 400)
        r.status("[jf] an encoded '/' stays inside its segment: /Users/x%2FPolicy is a non-Guid id -> 400",
                 admin("GET", "/Users/x%2FPolicy"), 400)
        listing = admin("GET", "/Users")
        r.check("[jf] GET /Users is an array", listing.status == 200 and isinstance(listing.json, list))
        created = admin("POST", "/Users/New", {"Name": "jelly", "Password": "pw1"})
        r.status("[jf] POST /Users/New with Password", created, 200)
        uid = created.json["Id"]
        r.check("[jf] created user has a password", created.json["HasPassword"] is True)
        for shown in (uid, admin("POST", "/Users/New", {"Name": "Aaron"}).json["Id"]):
            admin("POST", "/Users/%s/Policy" % shown, dict(admin("GET", "/Users/" + shown).json["Policy"],
                                                          IsHidden=False))
        names = [u["Name"] for u in c.call("GET", "/Users/Public").json]
        r.check("[jf] /Users/Public is ordered by name", names == sorted(names, key=str.lower) and len(names) == 3,
                names)
        dup = admin("POST", "/Users/New", {"Name": "JELLY"})
        r.check("[jf] duplicate -> 400 text/plain 'Error processing request.'",
                dup.status == 400 and dup.content_type.startswith("text/plain")
                and dup.text == "Error processing request.", dup)
        r.status("[jf] sign-in without Version -> 400", c.call(
            "POST", "/Users/AuthenticateByName", {"Username": "jelly", "Pw": "pw1"},
            headers={"Authorization": 'MediaBrowser Client="x", Device="y", DeviceId="z"'}), 400)
        login = c.call("POST", "/Users/AuthenticateByName", {"Username": "jelly", "Pw": "pw1"},
                       headers=jellyfin_auth("jf-dev"))
        r.status("[jf] sign-in", login, 200)
        token = login.json["AccessToken"]
        policy = dict(admin("GET", "/Users/" + uid).json["Policy"])
        no_provider = {k: v for k, v in policy.items() if k not in ("AuthenticationProviderId",
                                                                     "PasswordResetProviderId")}
        r.status("[jf] policy without provider ids -> 400", admin("POST", "/Users/%s/Policy" % uid, no_provider),
                 400)
        folders = admin("GET", "/Library/VirtualFolders").json
        r.check("[jf] VirtualFolders array with 32-hex ItemId",
                isinstance(folders, list) and all(HEX32.match(f["ItemId"]) for f in folders))
        r.status("[jf] EnabledFolders with a non-GUID -> 400", admin(
            "POST", "/Users/%s/Policy" % uid, dict(policy, EnableAllFolders=False, EnabledFolders=["3"])), 400)
        r.status("[jf] EnabledFolders with an ItemId", admin(
            "POST", "/Users/%s/Policy" % uid,
            dict(policy, EnableAllFolders=False, EnabledFolders=[folders[0]["ItemId"]])), 204)
        views = admin("GET", "/UserViews", query={"userId": uid}).json
        r.check("[jf] /UserViews shows exactly that library", [i["Name"] for i in views["Items"]]
                == [folders[0]["Name"]], views)
        r.status("[jf] /Users/{id}/Views still routed", admin("GET", "/Users/%s/Views" % uid), 200)
        everything = dict(admin("GET", "/Users/" + uid).json["Policy"], EnableAllFolders=True)
        admin("POST", "/Users/%s/Policy" % uid, everything)
        names = lambda **q: [i["Name"] for i in admin("GET", "/UserViews", query=dict(q, userId=uid)).json["Items"]]
        r.check("[jf] views are ordered by name", names() == sorted(names(), key=str.lower), names())
        config = dict(admin("GET", "/Users/" + uid).json["Configuration"],
                      MyMediaExcludes=[folders[0]["ItemId"]], OrderedViews=[folders[-1]["ItemId"]])
        admin("POST", "/Users/%s/Configuration" % uid, config)
        r.check("[jf] a library in MyMediaExcludes is left out of the views",
                folders[0]["Name"] not in names() and len(names()) == len(folders) - 1, names())
        r.check("[jf] ... unless includeHidden=true", sorted(names(includeHidden="true"))
                == sorted(f["Name"] for f in folders), names(includeHidden="true"))
        r.check("[jf] OrderedViews comes first", names()[0] == folders[-1]["Name"], names())
        admin("POST", "/Users/%s/Configuration" % uid, dict(config, MyMediaExcludes=[], OrderedViews=[]))
        admin_user = [u for u in admin("GET", "/Users").json if u["Policy"]["IsAdministrator"]][0]
        rail = admin("POST", "/Users/%s/Policy" % admin_user["Id"], dict(admin_user["Policy"], IsAdministrator=False))
        r.status("[jf] guard rail -> 403", rail, 403)
        r.check("[jf] ... with the controller's message as a JSON string",
                rail.content_type.startswith("application/json")
                and rail.json == "There must be at least one user in the system with administrative access.", rail)
        bad_id = admin("GET", "/Users/not-a-guid")
        problem = bad_id.json if isinstance(bad_id.json, dict) else {}
        r.check("[jf] a route id that is not a Guid -> 400 validation problem details",
                bad_id.status == 400 and bad_id.content_type.startswith("application/json")
                and problem.get("status") == 400 and problem.get("title") == "One or more validation errors occurred."
                and list(problem.get("errors", {})) == ["userId"] and problem.get("traceId"), bad_id)
        gone = admin("DELETE", "/Users/" + "ab" * 16)
        problem = gone.json if isinstance(gone.json, dict) else {}
        r.check("[jf] DELETE of an unknown user -> 404 problem details (a bare NotFound())",
                gone.status == 404 and problem.get("title") == "Not Found" and problem.get("status") == 404
                and problem.get("type", "").endswith("section-15.5.5"), gone)
        missing = admin("GET", "/Users/" + "ab" * 16)
        r.check("[jf] GET of an unknown user -> 404 \"User not found\" as JSON",
                missing.status == 404 and missing.json == "User not found", missing)
        r.status("[jf] API key sets password without CurrentPw", admin(
            "POST", "/Users/Password", {"NewPw": "pw2"}, query={"userId": uid}), 204)
        r.status("[jf] password change revoked the token", c.call("GET", "/Users/Me", token=token), 401)
        r.status("[jf] 401 has an empty body", c.call("GET", "/Users/Me", token=token), 401)
        token = c.call("POST", "/Users/AuthenticateByName", {"Username": "jelly", "Pw": "pw2"},
                       headers=jellyfin_auth("jf-dev")).json["AccessToken"]
        r.status("[jf] GET /Users/Me", c.call("GET", "/Users/Me", token=token), 200)
        not_admin = c.call("GET", "/Devices", token=token)
        r.check("[jf] a user on an administrator's route -> 403 with no body (authorization)",
                not_admin.status == 403 and not_admin.text == "", not_admin)
        r.status("[jf] GET /Sessions", c.call("GET", "/Sessions", token=token), 200)
        r.status("[jf] GET /Devices", admin("GET", "/Devices"), 200)
        r.status("[jf] GET /Devices/Info?id=", admin("GET", "/Devices/Info", query={"id": "jf-dev"}), 200)
        r.status("[jf] GET /Library/MediaFolders (admin)", admin("GET", "/Library/MediaFolders"), 200)
        r.status("[jf] DELETE /Devices?id=unknown -> 404", admin("DELETE", "/Devices", query={"id": "nope"}), 404)
        r.status("[jf] DELETE /Devices?id=jf-dev", admin("DELETE", "/Devices", query={"id": "jf-dev"}), 204)
        r.status("[jf] Connect routes absent", admin("POST", "/Users/%s/Connect/Link" % uid,
                                                     query={"ConnectUsername": "alice"}), 404)
        disabled = dict(admin("GET", "/Users/" + uid).json["Policy"], IsDisabled=True)
        admin("POST", "/Users/%s/Policy" % uid, disabled)
        r.status("[jf] disabled user sign-in -> 403", c.call(
            "POST", "/Users/AuthenticateByName", {"Username": "jelly", "Pw": "pw2"}, headers=jellyfin_auth("jf-2")),
            403)
        validate_log(report, c, book, "jellyfin", JELLYFIN_RESPONSE_SCHEMAS, JELLYFIN_REQUEST_SCHEMAS)


def run_lenient_bodies(report, binary):
    """How strictly each server reads the types in a body (outside the spec,
    so outside the logs validate_log checks). Emby: 1/0 and "true"/"1" for
    booleans, numeric strings for integers. Jellyfin: numeric strings for
    integers, only true/false for booleans."""
    r = report
    with Simulator(binary, report=report) as sim:
        c = Client(sim.url)
        uid = c.call("POST", "/Users/New", {"Name": "lenient"}, api_key=True).json["Id"]
        policy = {"IsHidden": 1, "EnableRemoteAccess": "0", "EnableContentDownloading": "true",
                  "RemoteClientBitrateLimit": "5000000"}
        r.status("[emby] lenient values accepted", c.call("POST", "/Users/%s/Policy" % uid, policy, api_key=True), 204)
        stored = c.call("GET", "/Users/" + uid, api_key=True).json["Policy"]
        r.check("[emby] lenient values stored as their types", stored["IsHidden"] is True
                and stored["EnableRemoteAccess"] is False and stored["EnableContentDownloading"] is True
                and stored["RemoteClientBitrateLimit"] == 5000000, stored)
        r.status("[emby] a boolean of 2 -> 400", c.call("POST", "/Users/%s/Policy" % uid, {"IsHidden": 2},
                                                         api_key=True), 400)
    with Simulator(binary, "--flavor", "jellyfin", report=report) as sim:
        c = Client(sim.url, prefix="")
        uid = c.call("POST", "/Users/New", {"Name": "lenient"}, api_key=True).json["Id"]
        policy = dict(c.call("GET", "/Users/" + uid, api_key=True).json["Policy"])
        r.status("[jf] a boolean as a string -> 400", c.call("POST", "/Users/%s/Policy" % uid,
                                                             dict(policy, IsHidden="true"), api_key=True), 400)
        r.status("[jf] an integer as a string", c.call("POST", "/Users/%s/Policy" % uid,
                                                       dict(policy, RemoteClientBitrateLimit="7000000"),
                                                       api_key=True), 204)
        r.check("[jf] ... stored as an integer", c.call("GET", "/Users/" + uid, api_key=True)
                .json["Policy"]["RemoteClientBitrateLimit"] == 7000000)


def run_jellyfin_versions(report, binary):
    """The rules that differ between Jellyfin 10.11 and 12, and the sign-in
    rules of both (evidence: docs/COMPATIBILITY.md). Tokens travel only in
    the forms Jellyfin 12 still reads: Token= in the Authorization header
    and the ApiKey query."""
    r = report
    for version, full in (("10.11", "10.11.0"), ("12.0", "12.0.0")):
        tag = "[jf %s]" % version
        twelve = version == "12.0"
        with Simulator(binary, "--flavor", "jellyfin", "--server-version", version, report=report) as sim:
            c = Client(sim.url, prefix="")

            def admin(method, path, body=None, **kw):
                query = dict(kw.pop("query", {}), ApiKey=API_KEY)
                return c.call(method, path, body=body, query=query, **kw)

            def sign_in(name, password, device, client="ConformanceTest"):
                return c.call("POST", "/Users/AuthenticateByName", {"Username": name, "Pw": password},
                              headers={"Authorization": auth_header(device, client=client, scheme="MediaBrowser")})

            def me(token):
                return c.call("GET", "/Users/Me", headers={"Authorization": auth_header("me", token=token,
                                                                                        scheme="MediaBrowser")})

            def policy_of(uid):
                return dict(admin("GET", "/Users/" + uid).json["Policy"])

            def make(name):
                return admin("POST", "/Users/New", {"Name": name, "Password": "pw-" + name}).json["Id"]

            r.check("%s version %s" % (tag, full), c.call("GET", "/System/Info/Public").json.get("Version") == full)
            r.status("%s /emby prefix %s" % (tag, "gone" if twelve else "stripped"),
                     c.call("GET", "/emby/System/Info/Public"), 404 if twelve else 200)
            r.status("%s Authorization Token= works" % tag, c.call(
                "GET", "/System/Info", headers={"Authorization": auth_header("k", token=API_KEY,
                                                                             scheme="MediaBrowser")}), 200)
            r.status("%s ApiKey query works" % tag, admin("GET", "/System/Info"), 200)
            for how, kw in (("X-Emby-Token", {"headers": {"X-Emby-Token": API_KEY}}),
                            ("api_key query", {"query": {"api_key": API_KEY}}),
                            ("X-Emby-Authorization", {"headers": {"X-Emby-Authorization": auth_header(
                                "k", token=API_KEY, scheme="MediaBrowser")}}),
                            ("the Emby scheme", {"headers": {"Authorization": auth_header("k", token=API_KEY)}})):
                r.status("%s legacy %s %s" % (tag, how, "refused" if twelve else "accepted"),
                         c.call("GET", "/System/Info", **kw), 401 if twelve else 200)
            uid = make("rules")
            r.status("%s header keys are case-sensitive (lower-case fields missing -> 400)" % tag, c.call(
                "POST", "/Users/AuthenticateByName", {"Username": "rules", "Pw": "pw-rules"},
                headers={"Authorization": 'MediaBrowser client="x", device="y", deviceid="z", version="1"'}), 400)

            # MaxActiveSessions counts sessions (Client + DeviceId) before the
            # device's old token is replaced.
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), MaxActiveSessions=1))
            r.status("%s MaxActiveSessions 1: first device" % tag, sign_in("rules", "pw-rules", "dev-a"), 200)
            r.status("%s MaxActiveSessions 1: second device -> 403" % tag, sign_in("rules", "pw-rules", "dev-b"), 403)
            r.status("%s MaxActiveSessions 1: same device again -> 403" % tag,
                     sign_in("rules", "pw-rules", "dev-a"), 403)
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), MaxActiveSessions=0))
            r.status("%s MaxActiveSessions 0: no limit" % tag, sign_in("rules", "pw-rules", "dev-b"), 200)

            # Device restrictions apply at sign-in, 403.
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), EnableAllDevices=False,
                                                         EnabledDevices=["ok-dev"]))
            r.status("%s device not allowed -> 403" % tag, sign_in("rules", "pw-rules", "other-dev"), 403)
            r.status("%s allowed device (case-insensitive)" % tag, sign_in("rules", "pw-rules", "OK-DEV"), 200)
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), EnableAllDevices=True))

            # An authentication provider that is not installed fails every sign-in.
            admin("POST", "/Users/%s/Policy" % uid, dict(
                policy_of(uid), AuthenticationProviderId="Jellyfin.Plugin.Ldap.LdapAuthenticationProviderPlugin"))
            before = policy_of(uid)["InvalidLoginAttemptCount"]
            r.status("%s unknown provider -> 401" % tag, sign_in("rules", "pw-rules", "dev-c"), 401)
            r.check("%s unknown provider counts as a failure" % tag,
                    policy_of(uid)["InvalidLoginAttemptCount"] == before + 1)
            admin("POST", "/Users/%s/Policy" % uid, dict(
                policy_of(uid), AuthenticationProviderId="Jellyfin.Server.Implementations.Users."
                                                         "DefaultAuthenticationProvider"))

            # Lockout: 0 is stored as 3; reaching the limit disables on 12 only.
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), LoginAttemptsBeforeLockout=0))
            r.check("%s LoginAttemptsBeforeLockout 0 reads back as 3" % tag,
                    policy_of(uid)["LoginAttemptsBeforeLockout"] == 3)
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), LoginAttemptsBeforeLockout=2,
                                                         InvalidLoginAttemptCount=0))
            sign_in("rules", "wrong", "dev-d")
            sign_in("rules", "wrong", "dev-d")
            r.status("%s after 2 failures with a limit of 2: %s" % (tag, "locked out" if twelve else "not saved"),
                     sign_in("rules", "pw-rules", "dev-d"), 403 if twelve else 200)
            r.check("%s the lockout %s" % (tag, "disables the user" if twelve else "leaves the user enabled"),
                    policy_of(uid)["IsDisabled"] is twelve)

            # Another user signing in on the same device leaves the first token valid.
            make("first")
            make("second")
            first = sign_in("first", "pw-first", "shared-tv").json["AccessToken"]
            sign_in("second", "pw-second", "shared-tv")
            r.status("%s a second user on the same device keeps the first user's token" % tag, me(first), 200)
            again = sign_in("first", "pw-first", "shared-tv").json["AccessToken"]
            r.status("%s the same user again on that device replaces its token" % tag, me(first), 401)
            r.status("%s ... and the new token works" % tag, me(again), 200)

            make("Müller")
            r.status("%s a name taken in another Unicode case -> 400" % tag, admin(
                "POST", "/Users/New", {"Name": "MÜLLER"}), 400)
            make("straße")
            r.status("%s 'STRASSE' is not 'straße'" % tag, admin("POST", "/Users/New", {"Name": "STRASSE"}), 200)
            r.status("%s GET /Users/{not a Guid} -> 400" % tag, admin("GET", "/Users/not-a-guid"), 400)
            r.status("%s GET /Users/{empty Guid} -> 400" % tag, admin("GET", "/Users/" + "0" * 32), 400)
            r.status("%s GET /Users/{unknown Guid} -> 404" % tag, admin("GET", "/Users/" + "ab" * 16), 404)
            r.status("%s DELETE /Users/{not a Guid} -> 400" % tag, admin("DELETE", "/Users/x1"), 400)
            for name, status in (("tv&co", 400), ("smile\U0001F600", 400), ("日本語", 200), ("e\u0301te", 200),
                                 (".", 400 if twelve else 200)):
                r.status("%s user name %r -> %d" % (tag, name, status),
                         admin("POST", "/Users/New", {"Name": name}), status)

            # Sessions: a non-administrator sees their own and those of no
            # user; API-key requests file none except as a command's sender.
            def sessions(token=None):
                if token is None:
                    return admin("GET", "/Sessions").json
                return c.call("GET", "/Sessions", headers={"Authorization": auth_header(
                    "me", token=token, scheme="MediaBrowser")}).json

            def user_of(session):  # Jellyfin writes the empty Guid for "no user"
                uid = session.get("UserId") or ""
                return "" if set(uid) <= {"0"} else uid

            def key_call(method, path, device):
                return c.call(method, path, headers={"Authorization": auth_header(
                    device, token=API_KEY, client="KeyClient", scheme="MediaBrowser")})

            seen_by = sign_in("first", "pw-first", "own-phone").json
            other = sign_in("second", "pw-second", "other-phone").json
            key_call("GET", "/System/Info", "key-box")
            r.check("%s an API-key request files no session" % tag,
                    not [x for x in sessions() if x["DeviceId"] == "key-box"])
            key_call("POST", "/Sessions/%s/Message" % other["SessionInfo"]["Id"], "key-box")
            mine = [x for x in sessions() if x["DeviceId"] == "key-box"]
            r.check("%s a command sent with the API key files the sender's session, with no user" % tag,
                    len(mine) == 1 and not user_of(mine[0]), mine)
            visible = {user_of(x) for x in sessions(seen_by["AccessToken"])}
            r.check("%s a user sees their own sessions and those of no user, not others'" % tag,
                    visible == {seen_by["User"]["Id"], ""}, visible)
            r.check("%s the API key sees every session" % tag,
                    other["User"]["Id"] in {user_of(x) for x in sessions()})
            r.status("%s a DeviceId known only from an API key's session is no device -> %d"
                     % (tag, 400 if twelve else 404), admin("DELETE", "/Devices", query={"id": "key-box"}),
                     400 if twelve else 404)

            # Users: password state, renames, defaults.
            blank = admin("POST", "/Users/New", {"Name": "blank"}).json
            r.check("%s a user with no password reads HasPassword %s" % (tag, twelve),
                    blank["HasPassword"] is twelve and blank["HasConfiguredPassword"] is twelve, blank)
            r.check("%s a new user may not manage Live TV" % tag,
                    blank["Policy"]["EnableLiveTvManagement"] is False)
            dto = admin("GET", "/Users/" + blank["Id"]).json
            r.status("%s a rename that changes only case -> %d" % (tag, 204 if twelve else 400),
                     admin("POST", "/Users/" + blank["Id"], dict(dto, Name="BLANK")), 204 if twelve else 400)
            bare = admin("POST", "/Users/" + blank["Id"], {"Id": blank["Id"], "Name": "renamed-bare"})
            r.status("%s a rename without Configuration -> 500" % tag, bare, 500)
            r.check("%s ... after the new name was saved" % tag,
                    admin("GET", "/Users/" + blank["Id"]).json["Name"] == "renamed-bare")

            # The password route.
            make("pwself")
            own = sign_in("pwself", "pw-pwself", "pw-dev").json

            def change(body, token=own["AccessToken"]):
                return c.call("POST", "/Users/%s/Password" % own["User"]["Id"], body, headers={
                    "Authorization": auth_header("pw-dev", token=token, scheme="MediaBrowser")})

            r.status("%s CurrentPassword is not read: a self-change with it alone -> 403" % tag,
                     change({"CurrentPassword": "pw-pwself", "NewPw": "x1"}), 403)
            r.check("%s ... and the wrong current password counted as a failed sign-in" % tag,
                    policy_of(own["User"]["Id"])["InvalidLoginAttemptCount"] == 1)
            r.status("%s a self-change with CurrentPw" % tag, change({"CurrentPw": "pw-pwself", "NewPw": "pw-2"}),
                     204)
            r.status("%s a self-change without NewPw" % tag, change({"CurrentPw": "pw-2"}), 204)
            r.status("%s ... cleared the password" % tag, sign_in("pwself", "", "pw-dev2"), 200)
            boss = [u for u in admin("GET", "/Users").json if u["Policy"]["IsAdministrator"]][0]
            r.status("%s an administrator's password cannot be set empty -> 400" % tag,
                     admin("POST", "/Users/%s/Password" % boss["Id"], {"NewPw": ""}), 400)

            # Bodies of bare results.
            gone = admin("GET", "/Devices/Info", query={"id": "nope"})
            r.check("%s GET /Devices/Info of an unknown device -> 404 problem details" % tag,
                    gone.status == 404 and isinstance(gone.json, dict) and gone.json.get("title") == "Not Found",
                    gone)
            me_key = admin("GET", "/Users/Me")
            r.check("%s GET /Users/Me with the API key -> 400 problem details" % tag,
                    me_key.status == 400 and isinstance(me_key.json, dict) and me_key.json.get("status") == 400,
                    me_key)
            # Who may do what, and the fine print of single routes.
            r.status("%s HEAD /System/Ping -> 405 (GET and POST only)" % tag, c.call("HEAD", "/System/Ping"), 405)
            by_id = "/Users/%s/Authenticate" % own["User"]["Id"]
            r.status("%s /Users/{id}/Authenticate ignores a body Pw -> 400" % tag, c.call(
                "POST", by_id, {"Pw": ""}, headers={"Authorization": auth_header("byid", scheme="MediaBrowser")}), 400)
            admin("POST", "/Users/%s/Password" % own["User"]["Id"], {"NewPw": "pw-3"})
            r.status("%s /Users/{id}/Authenticate reads the pw query" % tag, c.call(
                "POST", by_id, query={"pw": "pw-3"}, headers={"Authorization": auth_header(
                    "byid", scheme="MediaBrowser")}), 200)
            mine = sign_in("pwself", "pw-3", "pw-dev3").json["AccessToken"]

            def as_own(method, path, body=None, **kw):
                return c.call(method, path, body=body, headers={"Authorization": auth_header(
                    "pw-dev3", token=mine, scheme="MediaBrowser")}, **kw)

            r.status("%s a user's own views" % tag, as_own("GET", "/UserViews", query={"userId": own["User"]["Id"]}),
                     200)
            r.status("%s another user's views -> 403" % tag, as_own("GET", "/UserViews", query={"userId": uid}), 403)
            admin("POST", "/Users/%s/Policy" % own["User"]["Id"], dict(policy_of(own["User"]["Id"]),
                                                                       EnableUserPreferenceAccess=False))
            mine = sign_in("pwself", "pw-3", "pw-dev3").json["AccessToken"]
            dto = admin("GET", "/Users/" + own["User"]["Id"]).json
            refused = as_own("POST", "/Users/" + own["User"]["Id"], dto)
            r.check("%s without EnableUserPreferenceAccess a user may not update itself -> 403 JSON message" % tag,
                    refused.status == 403 and refused.json == "User update not allowed.", refused)
            config = dict(dto["Configuration"], CastReceiverId="my-receiver")
            admin("POST", "/Users/%s/Configuration" % own["User"]["Id"], config)
            r.check("%s a CastReceiverId the server has not configured is not stored" % tag,
                    admin("GET", "/Users/" + own["User"]["Id"]).json["Configuration"].get("CastReceiverId")
                    in (None, ""))
            r.status("%s ... nor its configuration" % tag, as_own(
                "POST", "/Users/%s/Configuration" % own["User"]["Id"], dto["Configuration"]), 403)
            r.status("%s an unknown user is looked up before the permission check -> 404" % tag,
                     as_own("POST", "/Users/" + "cd" * 16, dto), 404)
            r.check("%s a session filter matches DeviceIds case-insensitively" % tag,
                    [x["DeviceId"] for x in admin("GET", "/Sessions", query={"DeviceId": "OWN-PHONE"}).json]
                    == ["own-phone"])
            target = other["SessionInfo"]["Id"]
            r.status("%s no SeekRelative on Jellyfin -> 400" % tag,
                     key_call("POST", "/Sessions/%s/Playing/SeekRelative" % target, "key-box"), 400)
            r.status("%s a system command must be a GeneralCommandType -> 400" % tag,
                     key_call("POST", "/Sessions/%s/System/SelfDestruct" % target, "key-box"), 400)
            r.status("%s ... GoHome is one" % tag, key_call("POST", "/Sessions/%s/System/GoHome" % target, "key-box"),
                     204)
            r.status("%s a general command needs a body -> 400" % tag,
                     key_call("POST", "/Sessions/%s/Command" % target, "key-box"), 400)
            r.status("%s ... whose Name is a GeneralCommandType" % tag, c.call(
                "POST", "/Sessions/%s/Command" % target, {"Name": "Explode"}, query={"ApiKey": API_KEY}), 400)
            r.status("%s a session id is matched exactly -> 404" % tag,
                     key_call("POST", "/Sessions/%s/Playing/Stop" % target.upper(), "key-box"), 404)
            c.call("POST", "/Sessions/%s/Playing/Stop" % target, query={"ApiKey": API_KEY})
            server_id = c.call("GET", "/System/Info/Public").json["Id"]
            named = [x for x in sessions() if x["DeviceId"] == server_id]
            r.check("%s an API key's session is named by the key, the server standing in for the device" % tag,
                    len(named) == 1 and named[0]["Client"] == "Billing"
                    and [x["Client"] for x in sessions() if x["DeviceId"] == "key-box"] == ["Billing"], named)
            r.check("%s controllableByUserId keeps sessions that support remote control: none over plain HTTP" % tag,
                    admin("GET", "/Sessions", query={"controllableByUserId": uid}).json == [])
            r.status("%s ... and a user may name only itself -> 403" % tag,
                     as_own("GET", "/Sessions", query={"controllableByUserId": uid}), 403)
            time.sleep(2.1)  # every session so far is older than two seconds
            fresh = sign_in("second", "pw-second", "fresh-phone").json["SessionInfo"]["Id"]
            recent = [x["Id"] for x in admin("GET", "/Sessions", query={"activeWithinSeconds": "2"}).json]
            r.check("%s activeWithinSeconds keeps only recent sessions" % tag, recent == [fresh], recent)
            r.status("%s a message needs Text -> 400" % tag, c.call(
                "POST", "/Sessions/%s/Message" % target, {"Header": "h"}, query={"ApiKey": API_KEY}), 400)
            folder_guid = admin("GET", "/Library/VirtualFolders").json[0]["ItemId"]
            admin("POST", "/Users/%s/Policy" % uid, dict(policy_of(uid), BlockedMediaFolders=[folder_guid]))
            r.check("%s a policy update never writes BlockedMediaFolders" % tag,
                    policy_of(uid).get("BlockedMediaFolders", []) == [])
            boss_token = sign_in("admin", "admin", "boss-dev").json["AccessToken"]
            r.status("%s deleting the last administrator -> 400" % tag, admin("DELETE", "/Users/" + boss["Id"]), 400)
            r.status("%s ... still signed the refused user out" % tag, me(boss_token), 401)
            r.status("%s a user who is not an administrator yet may be written as a disabled one" % tag, admin(
                "POST", "/Users/%s/Policy" % blank["Id"], dict(policy_of(blank["Id"]), IsAdministrator=True,
                                                              IsDisabled=True)), 204)
            rows = [d for d in admin("GET", "/Devices").json["Items"] if d["Id"] == "shared-tv"]
            r.check("%s a device two users signed in on is listed once per token" % tag,
                    sorted(d["LastUserName"] for d in rows) == ["first", "second"], rows)
            r.status("%s DELETE /Devices?id=unknown -> %d" % (tag, 400 if twelve else 404),
                     admin("DELETE", "/Devices", query={"id": "nope"}), 400 if twelve else 404)
            r.status("%s DELETE /Devices?id=shared-tv" % tag, admin("DELETE", "/Devices", query={"id": "shared-tv"}),
                     204)
            r.status("%s deleting the device revoked every user's token there" % tag, me(again), 401)
            if twelve:
                one = sign_in("first", "pw-first", "list-a").json["AccessToken"]
                two = sign_in("second", "pw-second", "list-b").json["AccessToken"]
                r.status("%s DELETE /Devices with one unknown id in the list -> 400" % tag, c.call(
                    "DELETE", "/Devices?id=list-a&id=nope&ApiKey=" + API_KEY), 400)
                r.check("%s ... and deletes none" % tag, me(one).status == 200 and me(two).status == 200)
                r.status("%s DELETE /Devices?id=a&id=b" % tag, c.call(
                    "DELETE", "/Devices?id=list-a&id=list-b&ApiKey=" + API_KEY), 204)
                r.check("%s ... signs both out" % tag, me(one).status == 401 and me(two).status == 401)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", required=True, help="path to the embyprov-sim binary")
    parser.add_argument("--spec", required=True, help="Emby OpenAPI v3 spec (specs/emby-4.8.11.0.trimmed.json)")
    parser.add_argument("--jellyfin-spec", required=True, help="Jellyfin OpenAPI spec")
    parser.add_argument("--workdir", default=tempfile.gettempdir(), help="where to write temporary seed files")
    args = parser.parse_args()
    for spec in (args.spec, args.jellyfin_spec):
        if not os.path.isfile(spec):
            print("FAIL: spec not found: %s" % spec)
            return 1
    os.makedirs(args.workdir, exist_ok=True)
    if not os.access(args.sim, os.X_OK):
        print("FAIL: simulator binary not found: %s" % args.sim)
        return 1
    report = Report()
    emby_book = SchemaBook(args.spec, check_formats=True)
    print("schema validator: %s" % emby_book.engine)
    run_validator_self_test(report, emby_book)
    run_cli_checks(report, args.sim)
    run_seed_checks(report, args.sim, args.workdir)
    run_emby(report, args.sim, emby_book)
    run_concurrency(report, args.sim)
    run_strict_mode(report, args.sim)
    run_api_key_bug_mode(report, args.sim)
    run_jellyfin(report, args.sim, SchemaBook(args.jellyfin_spec, check_formats=False))
    run_jellyfin_versions(report, args.sim)
    run_lenient_bodies(report, args.sim)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
