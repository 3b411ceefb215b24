"""libembyprov for Python, through ctypes.

A small wrapper for billing automation scripts::

    import embyprov

    with embyprov.Context(database="sqlite:/var/lib/embyprov/state.db") as ctx:
        server = {"serverhostname": "emby.example.com", "serverport": 8920,
                  "serversecure": True, "serveraccesshash": API_KEY}
        ctx.create_account({**server, "serviceid": 42, "username": "jane",
                            "password": "S3cret!x", "configoption2": "Movies"})
        try:
            ctx.suspend_account({**server, "serviceid": 42})
        except embyprov.NetworkError as e:       # every failure is an embyprov.Error
            print("retry later:", e, e.code_name)

Every hook takes the WHMCS-style params as a dict (see embyprov.h) and
returns the library's result dict; a non-zero code raises the Error
subclass of that code, carrying the result in ``.result``.

The library is found through $EMBYPROV_LIBRARY, else the dynamic loader's
search path (``libembyprov.so.1``), else the usual install folders.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import threading
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Tuple

__all__ = [
    "ABI_VERSION", "Context", "Error", "InvalidInput", "NotFound", "AlreadyExists",
    "AuthError", "RemoteError", "Timeout", "NetworkError", "TLSError", "StoreError",
    "Unsupported", "StateError", "OutOfMemory", "Misuse", "QuotaExceeded",
    "HOOKS", "load_library", "library_version",
]

ABI_VERSION = 1

HOOKS = (
    "meta_data", "config_options", "test_connection", "create_account",
    "suspend_account", "unsuspend_account", "terminate_account", "change_password",
    "change_package", "drop_devices", "usage_update", "list_accounts",
    "admin_services_tab", "client_area",
)


class Error(Exception):
    """A hook (or opening a context) failed. ``code`` is the negative embyprov_error."""

    code = -1
    code_name = "EMBYPROV_ERROR"

    def __init__(self, message: str, code: Optional[int] = None,
                 result: Optional[Dict[str, Any]] = None, hook: str = ""):
        super().__init__(message)
        if code is not None:
            self.code = code
            self.code_name = _CODE_NAMES.get(code, "EMBYPROV_ERROR")
        self.result = result or {}
        self.hook = hook


class InvalidInput(Error, ValueError):
    code, code_name = -2, "EMBYPROV_EINVALID"


class NotFound(Error, LookupError):
    code, code_name = -3, "EMBYPROV_ENOTFOUND"


class AlreadyExists(Error):
    code, code_name = -4, "EMBYPROV_EEXISTS"


class AuthError(Error, PermissionError):
    code, code_name = -5, "EMBYPROV_EAUTH"


class RemoteError(Error):
    code, code_name = -6, "EMBYPROV_EREMOTE"


class Timeout(Error, TimeoutError):
    code, code_name = -7, "EMBYPROV_ETIMEOUT"


class NetworkError(Error, ConnectionError):
    code, code_name = -8, "EMBYPROV_ENETWORK"


class TLSError(Error):
    code, code_name = -9, "EMBYPROV_ETLS"


class StoreError(Error):
    code, code_name = -10, "EMBYPROV_ESTORE"


class Unsupported(Error, NotImplementedError):
    code, code_name = -11, "EMBYPROV_EUNSUPPORTED"


class StateError(Error):
    code, code_name = -12, "EMBYPROV_ESTATE"


class OutOfMemory(Error, MemoryError):
    code, code_name = -13, "EMBYPROV_ENOMEM"


class Misuse(Error):
    code, code_name = -14, "EMBYPROV_EMISUSE"


class QuotaExceeded(Error):
    code, code_name = -15, "EMBYPROV_EQUOTA"


_ERRORS = {cls.code: cls for cls in (
    InvalidInput, NotFound, AlreadyExists, AuthError, RemoteError, Timeout, NetworkError,
    TLSError, StoreError, Unsupported, StateError, OutOfMemory, Misuse, QuotaExceeded)}
_CODE_NAMES = {0: "EMBYPROV_OK", -1: "EMBYPROV_ERROR", **{c: cls.code_name for c, cls in _ERRORS.items()}}


def _error(message: str, code: int, result: Optional[Dict[str, Any]] = None, hook: str = "") -> Error:
    return _ERRORS.get(code, Error)(message, code, result, hook)


LogCallback = Callable[[str, str, str], None]
_LOG_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p)

_lib_lock = threading.Lock()
_libs: Dict[str, ctypes.CDLL] = {}


def _candidates(path: Optional[str]) -> Iterable[str]:
    if path:
        yield path
        return
    env = os.environ.get("EMBYPROV_LIBRARY")
    if env:
        yield env
        return
    yield "libembyprov.so.1"
    found = ctypes.util.find_library("embyprov")
    if found:
        yield found
    machine = os.uname().machine
    triplet = {"x86_64": "x86_64-linux-gnu", "aarch64": "aarch64-linux-gnu"}.get(machine, machine + "-linux-gnu")
    for folder in ("/usr/lib/" + triplet, "/usr/lib", "/usr/local/lib/" + triplet, "/usr/local/lib"):
        yield os.path.join(folder, "libembyprov.so.1")


def load_library(path: Optional[str] = None) -> ctypes.CDLL:
    """Loads (once per path) and checks libembyprov; raises Misuse when it cannot."""
    tried = []
    with _lib_lock:
        for candidate in _candidates(path):
            if candidate in _libs:
                return _libs[candidate]
            try:
                lib = ctypes.CDLL(candidate)
            except OSError as e:
                tried.append(f"{candidate} ({e})")
                continue
            _declare(lib)
            abi = lib.embyprov_abi_version()
            if abi != ABI_VERSION:
                raise Misuse(f"{candidate} has ABI {abi}, this binding needs ABI {ABI_VERSION}", -14)
            _libs[candidate] = lib
            return lib
    raise Misuse("cannot load libembyprov; tried " + "; ".join(tried)
                 + ". Set EMBYPROV_LIBRARY to the file.", -14)


def _declare(lib: ctypes.CDLL) -> None:
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    lib.embyprov_version.argtypes, lib.embyprov_version.restype = [], cp
    lib.embyprov_abi_version.argtypes, lib.embyprov_abi_version.restype = [], ctypes.c_uint32
    lib.embyprov_strerror.argtypes, lib.embyprov_strerror.restype = [ctypes.c_int], cp
    lib.embyprov_open.argtypes, lib.embyprov_open.restype = [cp, ctypes.POINTER(vp)], ctypes.c_int
    lib.embyprov_open_v2.argtypes = [cp, ctypes.POINTER(vp), ctypes.POINTER(vp)]
    lib.embyprov_open_v2.restype = ctypes.c_int
    lib.embyprov_close.argtypes, lib.embyprov_close.restype = [vp], None
    lib.embyprov_set_log_callback.argtypes = [vp, _LOG_FN, vp]
    lib.embyprov_set_log_callback.restype = ctypes.c_int
    lib.embyprov_last_error.argtypes, lib.embyprov_last_error.restype = [vp], cp
    lib.embyprov_free.argtypes, lib.embyprov_free.restype = [vp], None
    # Results come back as void* (not c_char_p) so they can be freed.
    lib.embyprov_call.argtypes = [vp, cp, cp, cp, ctypes.POINTER(vp)]
    lib.embyprov_call.restype = ctypes.c_int


def library_version(path: Optional[str] = None) -> str:
    return load_library(path).embyprov_version().decode()


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")


class Context:
    """One library context: state database, connection pool, optional log callback.

    A context serves one thread at a time (calls are serialised by a lock);
    open one per worker thread for parallel work.
    """

    def __init__(self, config: Optional[Mapping[str, Any]] = None, *, library: Optional[str] = None,
                 log: Optional[LogCallback] = None, **options: Any):
        """``config``/``options``: embyprov_open() keys (database, timeout_ms, tls_verify, ...).

        ``log(action, request, response)`` receives every server exchange with
        secrets masked, always on the thread that made the call (what the
        library's worker threads log is handed over when their parallel
        part ends). It must not call back into the same context.
        """
        self._lib = load_library(library)
        merged = dict(config or {})
        merged.update(options)
        handle, why = ctypes.c_void_p(), ctypes.c_void_p()
        rc = self._lib.embyprov_open_v2(_encode(merged), ctypes.byref(handle), ctypes.byref(why))
        if rc != 0 or not handle.value:
            reason = self._lib.embyprov_strerror(rc).decode()
            if why.value:
                reason = ctypes.string_at(why.value).decode("utf-8", "replace")
                self._lib.embyprov_free(why)
            raise _error("cannot open a context: " + reason, rc)
        self._ctx: Optional[ctypes.c_void_p] = handle
        self._lock = threading.Lock()
        self._log_fn = None
        if log is not None:
            self.set_log_callback(log)

    # -- lifetime ----------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._ctx is not None:
                self._lib.embyprov_close(self._ctx)
                self._ctx = None
                self._log_fn = None

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    @property
    def version(self) -> str:
        return self._lib.embyprov_version().decode()

    def set_log_callback(self, log: Optional[LogCallback]) -> None:
        """Installs (or with None removes) the log callback."""
        with self._lock:
            self._require_open()
            if log is None:
                self._lib.embyprov_set_log_callback(self._ctx, _LOG_FN(), None)
                self._log_fn = None
                return

            def trampoline(_userdata, action, request, response):
                try:
                    log((action or b"").decode("utf-8", "replace"), (request or b"").decode("utf-8", "replace"),
                        (response or b"").decode("utf-8", "replace"))
                except Exception:
                    pass  # a failing logger must not break provisioning

            fn = _LOG_FN(trampoline)
            self._lib.embyprov_set_log_callback(self._ctx, fn, None)
            self._log_fn = fn  # keep it alive while the library holds it

    # -- calls ---------------------------------------------------------------------
    def try_call(self, hook: str, params: Optional[Mapping[str, Any]] = None,
                 request: Optional[Mapping[str, Any]] = None) -> Tuple[int, Dict[str, Any]]:
        """Calls a hook by name; returns (code, result) and never raises for hook errors."""
        params_json = _encode(dict(params or {}))
        request_json = None if request is None else _encode(dict(request))
        out = ctypes.c_void_p()
        with self._lock:
            self._require_open()
            rc = self._lib.embyprov_call(self._ctx, hook.encode(), params_json, request_json, ctypes.byref(out))
            if not out.value:
                text = self._lib.embyprov_last_error(self._ctx).decode("utf-8", "replace")
                return rc, {"error": text or self._lib.embyprov_strerror(rc).decode(), "code": rc}
            try:
                text = ctypes.string_at(out.value).decode("utf-8", "replace")
            finally:
                self._lib.embyprov_free(out)
        try:
            result = json.loads(text)
        except ValueError:
            result = None
        if not isinstance(result, dict):
            return (rc or -1), {"error": "unreadable result from the library", "code": rc or -1}
        if rc != 0 and "error" not in result:
            result["error"] = self._lib.embyprov_strerror(rc).decode()
        return rc, result

    def call(self, hook: str, params: Optional[Mapping[str, Any]] = None,
             request: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """Calls a hook by name; raises the Error subclass of a non-zero code."""
        rc, result = self.try_call(hook, params, request)
        if rc != 0:
            raise _error(str(result.get("error", "embyprov error")), rc, result, hook)
        return result

    def _require_open(self) -> None:
        if self._ctx is None:
            raise Misuse("the context is closed", -14)

    # -- one method per hook ---------------------------------------------------------
    def meta_data(self) -> Dict[str, Any]:
        return self.call("meta_data", {})

    def config_options(self) -> Dict[str, Any]:
        return self.call("config_options", {})

    def test_connection(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("test_connection", params)

    def create_account(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("create_account", params)

    def suspend_account(self, params: Mapping[str, Any], reason: Optional[str] = None) -> Dict[str, Any]:
        return self.call("suspend_account", {**params, "suspendreason": reason} if reason else params)

    def unsuspend_account(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("unsuspend_account", params)

    def terminate_account(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("terminate_account", params)

    def change_password(self, params: Mapping[str, Any], password: Optional[str] = None) -> Dict[str, Any]:
        return self.call("change_password", {**params, "password": password} if password is not None else params)

    def change_package(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("change_package", params)

    def drop_devices(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("drop_devices", params)

    def usage_update(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("usage_update", params)

    def list_accounts(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("list_accounts", params)

    def admin_services_tab(self, params: Mapping[str, Any]) -> Dict[str, Any]:
        return self.call("admin_services_tab", params)

    def client_area(self, params: Mapping[str, Any], request: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        return self.call("client_area", params, request if request is not None else {"action": "overview"})
