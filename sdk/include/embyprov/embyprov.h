/*
 * embyprov.h - the whole public contract of libembyprov.
 *
 * libembyprov provisions and manages accounts on Emby (and Jellyfin) media
 * servers for hosting billing panels. A panel loads the library, opens a
 * context, and calls one function per billing event (create, suspend, ...).
 * Everything a call needs arrives as JSON shaped like the WHMCS module
 * parameters; everything it returns is JSON that a panel shim can pass on.
 *
 * Anything not declared in this header is not API and may change at any time.
 *
 * ---------------------------------------------------------------------------
 * Conventions (they hold for every function below unless its comment says
 * otherwise):
 *
 *  - Return value: EMBYPROV_OK (0) or a negative embyprov_error code. The
 *    numbers are stable: codes are only ever appended.
 *  - Inputs (`const char *`) are borrowed for the length of the call, must be
 *    NUL-terminated UTF-8, and are never kept.
 *  - Outputs come back through `char **result_json`. The library allocates
 *    them; the host frees them with embyprov_free() and nothing else. On
 *    return, *result_json holds a JSON object, on success and on failure
 *    alike; it is NULL only when result_json itself was NULL or memory ran
 *    out.
 *  - Every result object carries either `"result": "success"` or
 *    `"error": "<message for humans>"`, so a panel shim can pass it through.
 *    Error messages never contain secrets (API keys, passwords, tokens).
 *  - Threads: one context is used by one thread at a time; separate
 *    contexts are independent and may be used concurrently. Internally a
 *    call may run several server requests in parallel; that is invisible
 *    to the host.
 *  - No C++ exception ever leaves the library.
 *
 * ABI versioning: EMBYPROV_ABI_VERSION (and the SONAME) change only when an
 * exported signature changes or a symbol is removed. New hooks, new JSON
 * fields and new error codes are additive and keep the ABI version. A host
 * should check embyprov_abi_version() == EMBYPROV_ABI_VERSION after loading.
 * ---------------------------------------------------------------------------
 */
#ifndef EMBYPROV_EMBYPROV_H
#define EMBYPROV_EMBYPROV_H

#include <stdint.h>

#ifdef __cplusplus
#  define EMBYPROV_BEGIN_DECL extern "C" {
#  define EMBYPROV_END_DECL }
#else
#  define EMBYPROV_BEGIN_DECL
#  define EMBYPROV_END_DECL
#endif

#if defined(_WIN32)
#  if defined(EMBYPROV_BUILDING)
#    define EMBYPROV_API __declspec(dllexport)
#  else
#    define EMBYPROV_API __declspec(dllimport)
#  endif
#else
#  define EMBYPROV_API __attribute__((visibility("default")))
#endif

#define EMBYPROV_VERSION_MAJOR 0
#define EMBYPROV_VERSION_MINOR 1
#define EMBYPROV_VERSION_PATCH 0
#define EMBYPROV_VERSION_NUMBER \
    (EMBYPROV_VERSION_MAJOR * 10000 + EMBYPROV_VERSION_MINOR * 100 + EMBYPROV_VERSION_PATCH)
#define EMBYPROV_VERSION_STRING "0.1.0"
#define EMBYPROV_ABI_VERSION 1

EMBYPROV_BEGIN_DECL

/** Stable error codes. Append only; never renumber. */
typedef enum embyprov_error {
    EMBYPROV_OK           =   0, /**< success */
    EMBYPROV_ERROR        =  -1, /**< anything not covered below */
    EMBYPROV_EINVALID     =  -2, /**< bad input: malformed JSON, missing or ill-typed key, oversized payload */
    EMBYPROV_ENOTFOUND    =  -3, /**< unknown hook, service, account or device */
    EMBYPROV_EEXISTS      =  -4, /**< name or link already taken by someone else */
    EMBYPROV_EAUTH        =  -5, /**< the media server refused our credentials (HTTP 401/403) */
    EMBYPROV_EREMOTE      =  -6, /**< the media server answered an error or something unreadable */
    EMBYPROV_ETIMEOUT     =  -7, /**< connecting to or reading from the server timed out */
    EMBYPROV_ENETWORK     =  -8, /**< DNS or TCP failure: the server could not be reached */
    EMBYPROV_ETLS         =  -9, /**< TLS handshake or certificate verification failed */
    EMBYPROV_ESTORE       = -10, /**< the state database failed */
    EMBYPROV_EUNSUPPORTED = -11, /**< the server (or this build) does not offer the feature */
    EMBYPROV_ESTATE       = -12, /**< not allowed in the service's current state (e.g. terminated),
                                      or another operation on the service is still running */
    EMBYPROV_ENOMEM       = -13, /**< out of memory */
    EMBYPROV_EMISUSE      = -14, /**< the API was called wrongly (NULL, closed or foreign context, NULL output pointer) */
    EMBYPROV_EQUOTA       = -15  /**< a product limit (e.g. media-account quota) would be exceeded */
} embyprov_error;

/** Opaque library context: configuration, state store, connection pool. */
typedef struct embyprov_ctx embyprov_ctx;

/**
 * Receives one media-server exchange, already masked: API keys, passwords
 * and tokens are replaced by "********". The shape matches WHMCS's
 * logModuleCall(module, action, request, response).
 *
 * @param userdata  the pointer given to embyprov_set_log_callback()
 * @param action    "METHOD /path" of the request, e.g. "POST /emby/Users/New"
 * @param request   the request line, headers of interest and body (masked)
 * @param response  "HTTP <status>" and the response body (masked), or the
 *                  transport error when no response arrived
 *
 * The strings are valid only during the callback, and calls never overlap.
 * The callback always runs on the thread that called the hook, so hosts
 * that cannot be entered from other threads (PHP) keep parallel requests:
 * exchanges made while requests run in parallel are handed over in the
 * order they ended, as soon as that parallel part is over, before the hook
 * returns. It must not call back into the same context.
 */
typedef void (*embyprov_log_fn)(void *userdata, const char *action,
                                const char *request, const char *response);

/** Library version as "MAJOR.MINOR.PATCH". Static string. Thread safe. */
EMBYPROV_API const char *embyprov_version(void);

/** EMBYPROV_ABI_VERSION of the loaded binary. Thread safe. */
EMBYPROV_API uint32_t embyprov_abi_version(void);

/**
 * Static English text for an error code ("invalid input", ...). Never NULL;
 * unknown codes give "unknown error". Thread safe.
 */
EMBYPROV_API const char *embyprov_strerror(int code);

/**
 * Opens a context.
 *
 * config_json (may be NULL or "{}" for all defaults), every key optional;
 * a key not listed here is refused (EMBYPROV_EINVALID):
 *   "database"           string  state store DSN, one of:
 *                                "sqlite:PATH" (default "sqlite:embyprov.db"
 *                                in the working directory), "sqlite::memory:";
 *                                MariaDB/MySQL: "mysql:host=127.0.0.1;port=3306;
 *                                db=embyprov;user=u;password=p" (keys host,
 *                                port, db, user, password, character-set
 *                                (default utf8mb4), compress, auto-reconnect,
 *                                secure-auth; ';' separates, so a password
 *                                cannot contain one; "mariadb:" is the same);
 *                                PostgreSQL: "postgresql:host=127.0.0.1
 *                                port=5432 dbname=embyprov user=u password=p"
 *                                (libpq key=value pairs, values with spaces
 *                                in 'single quotes'; connect_timeout defaults
 *                                to 10). The database must exist and the user
 *                                must be able to create tables in it; the
 *                                module creates and migrates its tables.
 *                                The password is masked in every message.
 *                                Any other prefix fails with EMBYPROV_EINVALID.
 *   "templates_dir"      string  folder whose templates override the
 *                                built-in ones
 *   "lang_dir"           string  folder whose lang/NAME.json override the
 *                                built-in ones
 *   "connect_timeout_ms" int     TCP connect timeout, 100..120000
 *                                (default 5000)
 *   "timeout_ms"         int     how long one request may take in all, from
 *                                the TCP connect through the TLS handshake
 *                                to the answer's last byte, however slowly
 *                                the server sends them, 100..600000
 *                                (default 15000); a
 *                                request cut by it fails EMBYPROV_ETIMEOUT
 *                                and is never resent
 *   "call_timeout_ms"    int     how long one hook call may take in all,
 *                                100..3600000 (default 120000): no request
 *                                outlasts it, none starts after it
 *                                (EMBYPROV_ETIMEOUT), and the wait for
 *                                another hook's lock ends by it too
 *   "max_answer_bytes"   int     the largest server answer read, 65536..
 *                                268435456 (default 33554432); a longer one
 *                                fails EMBYPROV_EREMOTE. Reading an answer
 *                                takes a few times this in memory at most,
 *                                however densely the server packs it (one
 *                                parsed value within twice the cap, lists
 *                                read one item at a time, at most one item
 *                                per 256 bytes of the cap)
 *   "max_parallel"       int     concurrent server requests per call, 1..64
 *                                (default 16)
 *   "server_connections" int     concurrent requests of the whole process
 *                                (every context and call) to one server,
 *                                1..256 (default 16); a request waits for
 *                                a free one within its call's time
 *   "lock_wait_ms"       int     how long a state-changing hook waits for
 *                                another one on the same service (in any
 *                                process or panel node sharing the
 *                                database) before failing with
 *                                EMBYPROV_ESTATE, 0..600000 (default 60000)
 *   "audit_keep_days"    int     audit rows older than this go, 1..36500
 *                                (default 365): a service's at its next
 *                                audited call, every service's at the
 *                                usage_update hook (the panel's daily cron)
 *   "audit_keep_rows"    int     at most this many audit rows per service,
 *                                the newest, 1..1000000 (default 1000).
 *                                Client-area page views that change and
 *                                reveal nothing get no row
 *   "tls_verify"         bool    verify server certificates (default true)
 *   "ca_file"            string  PEM bundle to trust in addition to the
 *                                system store; must be a readable file
 *   "client_name"        string  Client= in the Emby authorization header
 *                                (default "embyprov"); no control
 *                                characters and none of , " < > & =
 *   "device_id"          string  DeviceId= of this module (default: derived
 *                                from the database DSN, stable)
 *
 * On success *out receives the context. On failure *out is NULL and
 * embyprov_strerror() describes the code (there is no context to ask);
 * embyprov_open_v2() also hands back the reason.
 *
 * @return EMBYPROV_OK, EMBYPROV_EINVALID (bad config), EMBYPROV_ESTORE
 *         (database cannot be opened or migrated), EMBYPROV_EMISUSE (out NULL)
 * Ownership: the caller owns *out and releases it with embyprov_close().
 * Thread safety: may be called from any thread.
 * Example: embyprov_open("{\"database\":\"sqlite:/var/lib/embyprov/state.db\"}", &ctx)
 */
EMBYPROV_API int embyprov_open(const char *config_json, embyprov_ctx **out);

/**
 * embyprov_open() that also says why it failed. Unknown config keys are
 * refused by name (a typo such as "databse" must not open ./embyprov.db).
 *
 * On failure *error (when error is not NULL) receives a message a person can
 * act on, naming the key, the file or the database and its reason, with any
 * database password masked; free it with embyprov_free(). On success, or
 * when the message cannot be allocated, *error is NULL.
 *
 * @return as embyprov_open()
 * Example:
 *   char *why = NULL;
 *   if (embyprov_open_v2(config, &ctx, &why) != EMBYPROV_OK) {
 *       fprintf(stderr, "%s\n", why ? why : "cannot open");
 *       embyprov_free(why);
 *   }
 */
EMBYPROV_API int embyprov_open_v2(const char *config_json, embyprov_ctx **out, char **error);

/**
 * Closes a context and frees everything it holds. NULL, a context closed
 * already and a pointer this library never handed out are no-ops; after
 * close, every call on the context answers EMBYPROV_EMISUSE.
 */
EMBYPROV_API void embyprov_close(embyprov_ctx *ctx);

/**
 * Installs (or with fn == NULL removes) the log callback of a context.
 * @return EMBYPROV_OK or EMBYPROV_EMISUSE (ctx NULL)
 */
EMBYPROV_API int embyprov_set_log_callback(embyprov_ctx *ctx, embyprov_log_fn fn,
                                           void *userdata);

/**
 * The message of the last failed call on this context. Valid until the next
 * call on the context; "" after a successful call; never NULL (a NULL ctx
 * gives a static message). Owned by the library.
 */
EMBYPROV_API const char *embyprov_last_error(const embyprov_ctx *ctx);

/** Frees a string returned by the library. NULL is a no-op. */
EMBYPROV_API void embyprov_free(void *ptr);

/* ---------------------------------------------------------------------------
 * Hooks. Every hook has the same shape:
 *
 *   int embyprov_<hook>(embyprov_ctx *ctx, const char *params_json,
 *                       char **result_json);
 *
 * params_json is the WHMCS module-parameter object (other panels map onto
 * it). The keys a hook reads:
 *   server:   "serverhostname" or "serverip", "serverport", "serversecure"
 *             (true/"on"/"1"), "serveraccesshash" (the Emby API key),
 *             optionally "serverusername" + "serverpassword" (an admin user,
 *             used where an API key is not enough)
 *   service:  "serviceid" (required by every service hook), "userid",
 *             "username", "password"
 *   product:  "configoption1".."configoption16" in the order config_options
 *             returns, and "configoptions" {name: value} whose keys
 *             "libraries", "stream_limit", "media_accounts", "device_limit"
 *             override the product (upgrades sold as configurable options)
 *   other:    "clientsdetails": {"language": "english"}, "suspendreason"
 *
 * Params larger than 1 MiB are refused with EMBYPROV_EINVALID.
 * Return codes common to all hooks: EMBYPROV_OK, EMBYPROV_EINVALID,
 * EMBYPROV_EMISUSE, EMBYPROV_ENETWORK, EMBYPROV_ETIMEOUT, EMBYPROV_ETLS,
 * EMBYPROV_EAUTH, EMBYPROV_EREMOTE, EMBYPROV_ESTORE, EMBYPROV_ERROR.
 * Ownership: *result_json is owned by the caller; free it with embyprov_free().
 * Thread safety: one thread per context at a time.
 * Every hook may be called again after a failure or a success: it converges
 * to the requested state and never duplicates accounts.
 * ------------------------------------------------------------------------- */

/**
 * Module metadata. params_json may be "{}".
 * Result: {"result":"success","DisplayName":"Emby / Jellyfin","APIVersion":"1.1",
 *          "RequiresServer":true,"DefaultNonSSLPort":"8096","DefaultSSLPort":"8920",
 *          "version":"0.1.0","abi":1,"hooks":["create_account",...]}
 */
EMBYPROV_API int embyprov_meta_data(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * The product settings, in configoptionN order.
 * Result: {"result":"success","options":[{"key":"flavour","FriendlyName":"Server type",
 *          "Type":"dropdown","Options":"auto,emby,jellyfin","Default":"auto",
 *          "Description":"..."}, ...]}
 */
EMBYPROV_API int embyprov_config_options(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Checks the server step by step: DNS, TCP, TLS (if serversecure), the
 * server's public info (version and flavour), then the API key.
 * Result: {"result":"success","success":true,"server":{"name":"..","version":"4.8.11.0",
 *          "flavour":"emby"},"steps":[{"step":"dns","ok":true,"detail":"127.0.0.1"},...]}
 * On failure: {"error":"TCP: connection refused (127.0.0.1:8096)","success":false,"steps":[...]}
 * and the code of the failing step (EMBYPROV_ENETWORK, EMBYPROV_ETLS, EMBYPROV_EAUTH, ...).
 */
EMBYPROV_API int embyprov_test_connection(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Creates the Emby user of a service: create, set the password, write the
 * full policy, as one unit. The user is created under a random name the
 * module records first and is renamed to "username" only once its password
 * and policy are in place, so no account with a known name ever has a blank
 * password; if a step fails the user is removed, or, when the server cannot
 * be reached, the next create finishes it and terminate removes it (see
 * docs/RELIABILITY.md). An empty "password" makes the
 * library generate one (returned in the result). Calling it again for a
 * service that exists converges (password and policy are re-applied).
 * Result: {"result":"success","user_id":"<32 hex>","username":"..","password":".." (only when generated)}
 * Extra codes: EMBYPROV_EEXISTS (the name belongs to another Emby user).
 * Example params: {"serviceid":42,"username":"jane","password":"S3cret!x",
 *   "serverhostname":"emby.example.com","serverport":8920,"serversecure":"on",
 *   "serveraccesshash":"<api key>","configoption2":"Movies,TV Shows"}
 */
EMBYPROV_API int embyprov_create_account(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Disables the main account and every media account of the service (which
 * also signs them out), remembering each account's prior state.
 * Result: {"result":"success","accounts":N}. Extra: EMBYPROV_ENOTFOUND, EMBYPROV_ESTATE.
 */
EMBYPROV_API int embyprov_suspend_account(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Restores every account of the service to the state it had before
 * suspension (a media account the customer had disabled stays disabled).
 * Result: {"result":"success","accounts":N}. Extra: EMBYPROV_ENOTFOUND, EMBYPROV_ESTATE.
 */
EMBYPROV_API int embyprov_unsuspend_account(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Removes every Emby user of the service (Connect links go with them). The
 * service's records stay, marked terminated. Terminating a terminated
 * service succeeds. Result: {"result":"success","removed":N}.
 */
EMBYPROV_API int embyprov_terminate_account(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Sets the main account's password to params "password" (required). The old
 * password stops working at once and the account's other sign-ins end.
 * Result: {"result":"success"}. Extra: EMBYPROV_ENOTFOUND, EMBYPROV_ESTATE.
 */
EMBYPROV_API int embyprov_change_password(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Re-applies the (new) product to the main account and every media account:
 * libraries, limits, permissions. Media accounts over the new quota are
 * disabled (newest first), never deleted.
 * Result: {"result":"success","accounts":N,"disabled_over_quota":K}.
 */
EMBYPROV_API int embyprov_change_package(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Signs out every device of the service's accounts (main and media).
 * Result: {"result":"success","devices":N}.
 */
EMBYPROV_API int embyprov_drop_devices(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Usage of every service on one server (server params only).
 * Result: {"result":"success","services":[{"serviceid":"42","devices":2,
 *          "active_streams":1,"media_accounts":1,"status":"active"}]}
 */
EMBYPROV_API int embyprov_usage_update(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * The server's users, for importing existing accounts into billing (server
 * params only). Administrators are left out.
 * Result: {"result":"success","accounts":[{"username":"jane","uniqueIdentifier":"jane",
 *          "user_id":"..","status":"Active","created":"2026-01-02 03:04:05","serviceid":"42"|null}]}
 */
EMBYPROV_API int embyprov_list_accounts(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * Fields for the admin's service tab: {"result":"success","fields":{"Emby user id":"..",...}}
 * (values are plain text; the host escapes them).
 */
EMBYPROV_API int embyprov_admin_services_tab(embyprov_ctx *ctx, const char *params_json, char **result_json);

/**
 * The customer's client area: renders a page or performs an action; the
 * full contract is docs/CLIENT-AREA.md.
 *
 * params_json: the service's params as for every hook, plus
 *   "client_area": {"form_action": "<URL the forms post to>",
 *                   "csrf_token": "<the token of the customer's session>"}
 *   and "clientsdetails": {"language": "german"} (WHMCS name or locale code).
 * request_json: the posted form fields plus "action": "overview",
 *   "reveal_password", "drop_devices", "change_password", "connect_link",
 *   "media_add", "media_edit_form", "media_edit", "media_delete",
 *   "media_devices", "media_drop_devices"; NULL means {"action":"overview"}.
 *   Every action that changes something or reveals the password must carry
 *   "csrf_token" equal to the host's; every "user_id" must be a media
 *   account of this service.
 * Result, on success and on failure alike, holds the page to show:
 *   {"result":"success","template":"overview","html":"<div ...>","vars":{...},
 *    "message":"The password was changed.","message_type":"success"}
 *   After change_password also "update_service_password": the host stores it
 *   as the service's password. On failure "error" (in the customer's
 *   language), "code" and the page with the message in it.
 * Extra codes: EMBYPROV_ENOTFOUND (service not provisioned, or an account
 *   not of this service), EMBYPROV_EEXISTS, EMBYPROV_EQUOTA, EMBYPROV_ESTATE
 *   (suspended), EMBYPROV_EUNSUPPORTED (Emby Connect on Jellyfin).
 * Example request: {"action":"change_password","csrf_token":"9f2c...",
 *   "new_password":"N3w-pass!","confirm_password":"N3w-pass!"}
 */
EMBYPROV_API int embyprov_client_area(embyprov_ctx *ctx, const char *params_json,
                                      const char *request_json, char **result_json);

/**
 * Calls a hook by name, for dynamic hosts: hook is one of "meta_data",
 * "config_options", "test_connection", "create_account", "suspend_account",
 * "unsuspend_account", "terminate_account", "change_password",
 * "change_package", "drop_devices", "usage_update", "list_accounts",
 * "admin_services_tab", "client_area". request_json is read only by
 * "client_area" and may be NULL otherwise.
 * Extra codes: EMBYPROV_ENOTFOUND (unknown hook name).
 */
EMBYPROV_API int embyprov_call(embyprov_ctx *ctx, const char *hook, const char *params_json,
                               const char *request_json, char **result_json);

EMBYPROV_END_DECL

#endif /* EMBYPROV_EMBYPROV_H */
