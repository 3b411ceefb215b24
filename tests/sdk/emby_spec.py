#!/usr/bin/env python3
"""The simulator in Emby mode driven by requests built from the official Emby
OpenAPI spec (emby_spec_client.py): the Emby counterpart of jellyfin_sdk.mjs,
since Emby has no official client that installs offline.

A provisioning flow (an admin with an API key) and an app's flow (a user
signing in on a device). Every request is built by operationId from the spec
and every answer is checked against the spec's schema for its operation and
status; the checks assert what changed on the server, not only the status.

Usage: emby_spec.py --sim PATH --spec PATH
Prints one line per check and ends with "N passed, M failed"; exit 1 when a
check failed or fewer checks ran than the flow has.
"""

import argparse
import os
import re
import sys
import traceback

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emby_spec_client import Credentials, EmbyClient, Spec, SpecError  # noqa: E402
from simharness import API_KEY, Client, Report, Simulator  # noqa: E402

# Keep in step with the flow: a run that stops early must not look green.
EXPECTED_CHECKS = 124
# The flow runs twice: with empty successes as 200, as the 4.8 spec declares,
# and as 204, as Emby 3.5 sends them (which one 4.8 sends is not known).
PASSES = (("empty 200", ("--empty-200",), False), ("empty 204", (), True))

HEX32 = re.compile(r"^[0-9a-f]{32}$")
CUSTOMER = "spec-customer"
TEMPORARY = "spec-temporary"
PASSWORD = "Spec-pass-2026!"
PHONE = Credentials.app("embyprov-spec-app", "spec-phone", "spec-phone-0001", "1.0.0")
TABLET = Credentials.app("embyprov-spec-app", "spec-tablet", "spec-tablet-0001", "1.0.0")

# Every operation the flow is meant to reach.
FLOW_OPERATIONS = {
    "getSystemInfoPublic", "getSystemInfo", "getLibraryVirtualfoldersQuery", "getLibrarySelectablemediafolders",
    "getLibraryMediafolders", "postUsersNew", "getUsersById", "postUsersByIdPolicy", "postUsersByIdConfiguration",
    "postUsersByIdPassword", "getUsersQuery", "postUsersByIdConnectLink", "postUsersByIdConnectLinkDelete",
    "deleteUsersByIdConnectLink", "postUsersAuthenticatebyname", "getUsersByUseridViews", "getSessions",
    "getDevices", "getDevicesInfo", "postSessionsLogout", "postDevicesDelete", "deleteDevices",
    "postUsersByIdDelete", "deleteUsersById",
}


def items(answer):
    body = answer.json
    return body.get("Items", []) if isinstance(body, dict) else []


class Flow:
    def __init__(self, report, spec, url):
        self.r = report
        self.spec = spec
        self.sim = Client(url, prefix="")
        self.admin = EmbyClient(spec, url, Credentials.api_key(API_KEY), on_answer=self.answered)
        self.anonymous = self.admin.with_credentials(Credentials())

    def answered(self, answer):
        self.r.check("answer of %s (%d) matches the spec" % (answer.operation_id, answer.status),
                     not answer.problems, "; ".join(answer.problems[:3]))

    def ok(self, what, answer):
        return self.r.check(what, answer.ok, repr(answer))

    def refused(self, what, answer, status):
        return self.r.check("%s -> %d" % (what, status), answer.status == status, repr(answer))

    def declared_error(self, operation_id, status):
        return status >= 400 and str(status) in self.spec.operations[operation_id][2]["responses"]

    def sign_in(self, device, password=PASSWORD):
        return self.admin.with_credentials(device).call(
            "postUsersAuthenticatebyname", body={"Username": CUSTOMER, "Pw": password})

    def as_user(self, device, answer):
        return self.admin.with_credentials(device.signed_in(answer.json["AccessToken"], answer.json["User"]["Id"]))

    def user(self, client, user_id):
        return client.call("getUsersById", {"Id": user_id})

    def run(self):
        self.client_refusals()
        self.provisioning()
        self.app()
        self.termination()
        self.tally()

    # The client refuses what the spec does not allow, and sends nothing then.
    def client_refusals(self):
        attempts = [
            ("an operation the Emby spec lacks", "getUsersMe", {}, None),
            ("an undeclared parameter", "getUsersById", {"Id": "0" * 32, "Fields": "Policy"}, None),
            ("a missing required path parameter", "getUsersById", {}, None),
            ("a missing required query parameter", "getUsersByUseridViews", {"UserId": "0" * 32}, None),
            ("a parameter of the wrong type", "getUsersQuery", {"Limit": "ten"}, None),
            ("a body that breaks its schema", "postUsersNew", {}, {"Name": 42}),
            ("a missing required body", "postUsersByIdPolicy", {"Id": "0" * 32}, None),
            ("a body the operation does not take", "getSystemInfo", {}, {"Name": "x"}),
            ("sign-in without the X-Emby-Authorization header", "postUsersAuthenticatebyname", {},
             {"Username": CUSTOMER, "Pw": PASSWORD}),
        ]
        for what, operation_id, params, body in attempts:
            try:
                self.admin.call(operation_id, params, body)
                self.r.check("the client refuses " + what, False, "it was sent")
            except SpecError as e:
                self.r.check("the client refuses " + what, True, str(e))
        # The answer checks find what they should: a wrong type, an undeclared status.
        wrong = self.spec.answer_problems("getUsersById", 200, "application/json",
                                          '{"Id": 5, "Policy": {"IsAdministrator": "no"}}')
        self.r.check("the answer check finds wrongly typed fields", len(wrong) == 2, wrong)
        undeclared = self.spec.answer_problems("getUsersById", 302, "text/html", "")
        self.r.check("the answer check finds an undeclared status", len(undeclared) == 1, undeclared)
        log = self.sim.control("GET", "requests")
        self.r.check("nothing reached the server for the refused requests", log.status == 200 and log.json == [],
                     log)

    def provisioning(self):
        public = self.anonymous.call("getSystemInfoPublic")
        info = public.json or {}
        self.r.check("public info names an Emby 4.8 server", public.status == 200 and info.get("ServerName")
                     and str(info.get("Version", "")).startswith("4.8") and HEX32.match(info.get("Id", "")), public)
        system = self.admin.call("getSystemInfo")
        self.r.check("system info is the same server", system.status == 200 and system.json.get("Id") ==
                     info.get("Id") and system.json.get("Version") == info.get("Version"), system)

        folders = self.admin.call("getLibraryVirtualfoldersQuery")
        self.libraries = items(folders)
        self.r.check("libraries listed with their Guids", len(self.libraries) > 1 and all(
            HEX32.match(f.get("Guid", "")) for f in self.libraries) and
            folders.json.get("TotalRecordCount") == len(self.libraries), folders)
        by_guid = {f["Guid"]: f["Name"] for f in self.libraries}
        selectable = self.admin.call("getLibrarySelectablemediafolders")
        self.r.check("selectable folders are the same libraries", selectable.status == 200 and
                     {f.get("Guid"): f.get("Name") for f in selectable.json or []} == by_guid, selectable)
        media = self.admin.call("getLibraryMediafolders")
        self.r.check("media folders are the same libraries",
                     {f.get("Guid"): f.get("Name") for f in items(media)} == by_guid, media)

        created = self.admin.call("postUsersNew", body={"Name": CUSTOMER})
        dto = created.json or {}
        self.r.check("user created", created.status == 200 and dto.get("Name") == CUSTOMER and
                     HEX32.match(dto.get("Id", "")) and dto.get("HasConfiguredPassword") is False, created)
        self.uid = dto.get("Id", "")
        temporary = self.admin.call("postUsersNew", body={"Name": TEMPORARY})
        self.temp_id = (temporary.json or {}).get("Id", "")
        self.r.check("second user created", temporary.status == 200 and self.temp_id not in ("", self.uid),
                     temporary)

        got = self.user(self.admin, self.uid)
        self.r.check("the user reads back", got.status == 200 and got.json.get("Name") == CUSTOMER and
                     got.json.get("Policy", {}).get("IsAdministrator") is False, got)
        self.granted = self.libraries[0]
        policy = dict(got.json["Policy"], EnableAllFolders=False, EnabledFolders=[self.granted["Guid"]],
                      IsHidden=True)
        self.ok("policy replaced", self.admin.call("postUsersByIdPolicy", {"Id": self.uid}, policy))
        stored = self.user(self.admin, self.uid).json.get("Policy", {})
        self.r.check("the changed policy reads back whole", stored == policy,
                     {k: (policy.get(k), stored.get(k)) for k in set(policy) | set(stored)
                      if policy.get(k) != stored.get(k)})
        self.policy = stored

        configuration = dict(got.json["Configuration"], AudioLanguagePreference="fra",
                             HidePlayedInLatest=not got.json["Configuration"].get("HidePlayedInLatest", False))
        self.ok("configuration replaced", self.admin.call("postUsersByIdConfiguration", {"Id": self.uid},
                                                          configuration))
        stored = self.user(self.admin, self.uid).json.get("Configuration", {})
        self.r.check("the changed configuration reads back", stored.get("AudioLanguagePreference") == "fra" and
                     stored.get("HidePlayedInLatest") == configuration["HidePlayedInLatest"], stored)

        self.ok("password set", self.admin.call("postUsersByIdPassword", {"Id": self.uid},
                                                {"Id": self.uid, "NewPw": PASSWORD}))
        after = self.user(self.admin, self.uid).json
        self.r.check("the user now has a password", after.get("HasConfiguredPassword") is True and
                     after.get("HasPassword") is True, after)

        listed = self.admin.call("getUsersQuery")
        names = [u.get("Name") for u in items(listed)]
        self.r.check("both users are listed", CUSTOMER in names and TEMPORARY in names and
                     listed.json.get("TotalRecordCount") == len(names), names)
        hidden = [u.get("Name") for u in items(self.admin.call("getUsersQuery", {"IsHidden": True}))]
        self.r.check("the hidden filter finds the hidden user only", CUSTOMER in hidden and TEMPORARY not in hidden,
                     hidden)

        self.connect()

    def connect(self):
        link = self.admin.call("postUsersByIdConnectLink", {"Id": self.uid, "ConnectUsername": "alice"})
        self.r.check("Connect link accepted at once", link.status == 200 and link.json.get("IsPending") is False and
                     link.json.get("GuestDisplayName") == "alice", link)
        linked = self.user(self.admin, self.uid).json
        self.r.check("the link shows on the user", linked.get("ConnectUserName") == "alice" and
                     linked.get("ConnectLinkType") == "LinkedUser", linked)
        self.ok("Connect unlink (POST .../Connect/Link/Delete)",
                self.admin.call("postUsersByIdConnectLinkDelete", {"Id": self.uid}))
        unlinked = self.user(self.admin, self.uid).json
        self.r.check("the link is gone", "ConnectUserName" not in unlinked and "ConnectLinkType" not in unlinked,
                     unlinked)

        pending = self.admin.call("postUsersByIdConnectLink", {"Id": self.temp_id, "ConnectUsername": "bob"})
        self.r.check("Connect link waiting for confirmation", pending.status == 200 and
                     pending.json.get("IsPending") is True, pending)
        self.ok("Connect unlink (DELETE .../Connect/Link)",
                self.admin.call("deleteUsersByIdConnectLink", {"Id": self.temp_id}))
        self.r.check("the pending link is gone", "ConnectUserName" not in self.user(self.admin, self.temp_id).json)

    def app(self):
        phone = self.admin.with_credentials(PHONE)
        self.refused("no token", self.user(phone, self.uid), 401)
        self.refused("wrong password", self.sign_in(PHONE, "wrong"), 401)
        auth = self.sign_in(PHONE)
        body = auth.json or {}
        session = body.get("SessionInfo", {})
        self.r.check("sign-in gives a token and a session for the device", auth.status == 200 and
                     HEX32.match(body.get("AccessToken", "")) and body.get("User", {}).get("Id") == self.uid and
                     session.get("DeviceId") == PHONE.device_id and session.get("UserId") == self.uid, auth)
        user = self.as_user(PHONE, auth)
        me = self.user(user, self.uid)
        self.r.check("the token is the customer's", me.status == 200 and me.json.get("Name") == CUSTOMER, me)

        views = user.call("getUsersByUseridViews", {"UserId": self.uid, "IncludeExternalContent": False})
        self.r.check("the customer sees exactly the granted library",
                     [v.get("Name") for v in items(views)] == [self.granted["Name"]], views)
        sessions = user.call("getSessions", {"DeviceId": PHONE.device_id})
        self.r.check("the customer's session is listed", sessions.status == 200 and any(
            s.get("UserId") == self.uid and s.get("Client") == PHONE.client for s in sessions.json or []), sessions)
        devices = self.admin.call("getDevices")
        self.r.check("the device is listed with its user", any(
            d.get("Id") == PHONE.device_id and d.get("LastUserId") == self.uid and d.get("AppName") == PHONE.client
            for d in items(devices)), devices)
        device = self.admin.call("getDevicesInfo", {"Id": PHONE.device_id})
        self.r.check("the device's details name its user", device.status == 200 and
                     device.json.get("LastUserName") == CUSTOMER, device)

        # Suspension by policy: the token stops working; sign-in is refused until enabled again.
        self.ok("disabling", self.admin.call("postUsersByIdPolicy", {"Id": self.uid},
                                             dict(self.policy, IsDisabled=True)))
        self.refused("a disabled user's token", self.user(user, self.uid), 401)
        refused = self.sign_in(PHONE)
        self.refused("a disabled user signing in", refused, 401)
        self.r.check("that refusal is an error status the spec declares",
                     self.declared_error("postUsersAuthenticatebyname", refused.status), refused.status)
        disabled = [u.get("Name") for u in items(self.admin.call("getUsersQuery", {"IsDisabled": True}))]
        self.r.check("the disabled filter finds the user", disabled == [CUSTOMER], disabled)
        self.ok("enabling", self.admin.call("postUsersByIdPolicy", {"Id": self.uid},
                                            dict(self.policy, IsDisabled=False)))
        again = self.sign_in(PHONE)
        self.r.check("enabled again: sign-in works", again.status == 200, again)
        user = self.as_user(PHONE, again)
        self.r.check("the new token works", self.user(user, self.uid).status == 200)

        # Sign-out by the app.
        self.ok("sign-out", user.call("postSessionsLogout"))
        self.refused("the signed-out token", self.user(user, self.uid), 401)
        self.r.check("the API key still works after the sign-out", self.user(self.admin, self.uid).status == 200)

    def termination(self):
        # Sign-out by the admin: deleting a device revokes its tokens.
        signed_in = {}
        for device in (PHONE, TABLET):
            answer = self.sign_in(device)
            self.r.check("signed in on %s" % device.device, answer.status == 200, answer)
            signed_in[device.device_id] = self.as_user(device, answer)
        for operation_id, device, other in (("postDevicesDelete", PHONE, TABLET), ("deleteDevices", TABLET, None)):
            self.ok("%s deletes %s" % (operation_id, device.device),
                    self.admin.call(operation_id, {"Id": device.device_id}))
            listed = [d.get("Id") for d in items(self.admin.call("getDevices"))]
            self.r.check("%s is no longer listed" % device.device, device.device_id not in listed and
                         (other is None or other.device_id in listed), listed)
            self.refused("the deleted %s's token" % device.device,
                         self.user(signed_in[device.device_id], self.uid), 401)

        # Termination, once through each delete route.
        for operation_id, user_id in (("postUsersByIdDelete", self.temp_id), ("deleteUsersById", self.uid)):
            self.ok("%s deletes the user" % operation_id, self.admin.call(operation_id, {"Id": user_id}))
            self.refused("the deleted user", self.user(self.admin, user_id), 404)
        names = [u.get("Name") for u in items(self.admin.call("getUsersQuery"))]
        self.r.check("neither user is listed any more", CUSTOMER not in names and TEMPORARY not in names, names)

    def tally(self):
        called, validated = self.admin.called, self.admin.validated
        answers = sum(called.values())
        self.r.check("every operation called (%d, %d answers) was validated against the spec" % (len(called), answers),
                     called == validated, {k: (called.get(k), validated.get(k)) for k in set(called) | set(validated)
                                           if called.get(k) != validated.get(k)})
        self.r.check("the flow reached all %d operations it means to" % len(FLOW_OPERATIONS),
                     FLOW_OPERATIONS <= set(called), sorted(FLOW_OPERATIONS - set(called)))


class Prefixed:
    """A report whose check names carry the pass they belong to."""

    def __init__(self, report, prefix):
        self.report = report
        self.prefix = prefix

    def check(self, name, condition, detail=""):
        return self.report.check(self.prefix + name, condition, detail)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", required=True, help="the embyprov-sim binary")
    parser.add_argument("--spec", required=True, help="the Emby OpenAPI spec (trimmed copy)")
    args = parser.parse_args()
    report = Report()
    for label, extra, lenient in PASSES:
        print("== %s" % label)
        before = report.passed + report.failed
        try:
            spec = Spec(args.spec, empty_204_as_200=lenient)
            print("schema validator: %s" % spec.book.engine)
            with Simulator(args.sim, "--flavor", "emby", *extra, report=report) as sim:
                Flow(Prefixed(report, "[%s] " % label), spec, sim.url).run()
            if lenient:
                report.check("[%s] empty 204s were taken as the spec's empty 200 (%d)" % (label, spec.empty_204s),
                             spec.empty_204s > 0)
        except Exception:  # a broken flow is a failure, never a silent stop
            report.check("[%s] the flow ran to the end" % label, False, traceback.format_exc())
        ran = report.passed + report.failed - before
        report.check("[%s] all %d checks ran" % (label, EXPECTED_CHECKS), ran >= EXPECTED_CHECKS, "only %d ran" % ran)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
