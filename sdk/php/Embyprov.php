<?php
/*
 * Embyprov.php - libembyprov for PHP, through FFI.
 *
 * One file, no dependencies beyond ext-ffi (PHP >= 7.4; tested on 8.2). The
 * WHMCS module and the FOSSBilling server manager both sit on top of it; a
 * billing script can use it directly:
 *
 *     require 'Embyprov.php';
 *     $ctx = new Embyprov\Context(['database' => 'sqlite:/var/lib/embyprov/state.db']);
 *     $result = $ctx->call('create_account', $params);   // throws Embyprov\EmbyprovException
 *     [$rc, $result] = $ctx->tryCall('suspend_account', $params);   // never throws for hook errors
 *
 * Web PHP (php-fpm, Apache) keeps PHP's default ffi.enable=preload, where only
 * preloaded code may use FFI. Preload this file (and, optionally, the header):
 *     opcache.preload = /usr/share/embyprov/php/Embyprov.php
 *     opcache.preload_user = www-data
 *     ffi.preload = /usr/share/embyprov/php/embyprov-ffi.h
 * php-cli needs nothing.
 *
 * Settings (a PHP constant wins over an environment variable of the same name):
 *   EMBYPROV_LIBRARY             path of libembyprov.so.1
 *   EMBYPROV_DATABASE            state database: "sqlite:/path/state.db" or a plain file path
 *   EMBYPROV_TEMPLATES_DIR       folder of client-area template overrides
 *   EMBYPROV_LANG_DIR            folder of language-file overrides
 *   EMBYPROV_CA_FILE             extra PEM bundle to trust (self-signed Emby servers)
 *   EMBYPROV_TLS_VERIFY          "0" turns certificate verification off (not recommended)
 *   EMBYPROV_CONNECT_TIMEOUT_MS  TCP connect timeout (library default 5000)
 *   EMBYPROV_TIMEOUT_MS          what one request may take in all (library default 15000)
 *   EMBYPROV_CALL_TIMEOUT_MS     what one hook call may take in all (library default 120000)
 *   EMBYPROV_MAX_PARALLEL        server requests in flight per call (library default 16)
 *   EMBYPROV_SERVER_CONNECTIONS  requests of the whole PHP process in flight to one
 *                                server (library default 16)
 */
declare(strict_types=1);

namespace Embyprov;

if (!class_exists(Context::class, false)) {

/** A hook answered with a non-zero code. getCode() is the negative embyprov_error code. */
class EmbyprovException extends \RuntimeException
{
    /** @var array<string,mixed> the library's result object ("error", "code", ...) */
    private array $result;
    private string $hook;

    public function __construct(string $message, int $code, array $result = [], string $hook = '')
    {
        parent::__construct($message, $code);
        $this->result = $result;
        $this->hook = $hook;
    }

    /** @return array<string,mixed> */
    public function getResult(): array
    {
        return $this->result;
    }

    public function getHook(): string
    {
        return $this->hook;
    }

    /** The stable code name, e.g. "EMBYPROV_ENETWORK". */
    public function getCodeName(): string
    {
        return Library::codeName($this->getCode());
    }
}

/** Where things are: constants first, then the environment, then defaults. */
final class Settings
{
    public static function get(string $name, ?string $default = null): ?string
    {
        if (defined($name)) {
            $value = constant($name);
            return $value === null ? $default : (string) $value;
        }
        $env = getenv($name);
        return ($env === false || $env === '') ? $default : $env;
    }

    /**
     * Places to look for the library, most specific first.
     * @param string[] $extraDirs folders of the host (e.g. the module folder)
     * @return string[]
     */
    public static function libraryCandidates(array $extraDirs = []): array
    {
        $explicit = self::get('EMBYPROV_LIBRARY');
        if ($explicit !== null) {
            return [$explicit];
        }
        $out = [];
        foreach ($extraDirs as $dir) {
            $out[] = rtrim($dir, '/') . '/libembyprov.so.1';
        }
        $machine = php_uname('m');
        $triplet = [
            'x86_64' => 'x86_64-linux-gnu', 'amd64' => 'x86_64-linux-gnu',
            'aarch64' => 'aarch64-linux-gnu', 'arm64' => 'aarch64-linux-gnu',
        ][$machine] ?? ($machine . '-linux-gnu');
        foreach (['/usr/lib/' . $triplet, '/usr/lib', '/usr/local/lib/' . $triplet, '/usr/local/lib'] as $dir) {
            $out[] = $dir . '/libembyprov.so.1';
        }
        return $out;
    }

    /**
     * The state database DSN. EMBYPROV_DATABASE if set, else state.db in the
     * first writable folder of /var/lib/embyprov and $fallbackDirs.
     * @param string[] $fallbackDirs
     */
    public static function database(array $fallbackDirs = []): string
    {
        $configured = self::get('EMBYPROV_DATABASE');
        if ($configured !== null) {
            return preg_match('/^[a-z][a-z0-9]*:/i', $configured) ? $configured : 'sqlite:' . $configured;
        }
        $tried = [];
        foreach (array_merge(['/var/lib/embyprov'], $fallbackDirs) as $dir) {
            $dir = rtrim($dir, '/');
            $tried[] = $dir;
            if (!is_dir($dir)) {
                @mkdir($dir, 0750, true);
            }
            if (is_dir($dir) && is_writable($dir)) {
                return 'sqlite:' . $dir . '/state.db';
            }
        }
        throw new EmbyprovException(
            'embyprov: no writable folder for the state database (tried ' . implode(', ', $tried)
            . '). Create /var/lib/embyprov owned by the web server user, or set EMBYPROV_DATABASE.',
            -10
        );
    }

    /**
     * The embyprov_open() configuration from the settings.
     * @param string[] $fallbackDirs
     * @return array<string,mixed>
     */
    public static function openConfig(array $fallbackDirs = []): array
    {
        $config = ['database' => self::database($fallbackDirs)];
        foreach (['templates_dir' => 'EMBYPROV_TEMPLATES_DIR', 'lang_dir' => 'EMBYPROV_LANG_DIR',
                  'ca_file' => 'EMBYPROV_CA_FILE'] as $key => $name) {
            $value = self::get($name);
            if ($value !== null) {
                $config[$key] = $value;
            }
        }
        foreach (['connect_timeout_ms' => 'EMBYPROV_CONNECT_TIMEOUT_MS', 'timeout_ms' => 'EMBYPROV_TIMEOUT_MS',
                  'call_timeout_ms' => 'EMBYPROV_CALL_TIMEOUT_MS', 'max_parallel' => 'EMBYPROV_MAX_PARALLEL',
                  'server_connections' => 'EMBYPROV_SERVER_CONNECTIONS'] as $key => $name) {
            $value = self::get($name);
            if ($value !== null && ctype_digit($value)) {
                $config[$key] = (int) $value;
            }
        }
        $verify = self::get('EMBYPROV_TLS_VERIFY');
        if ($verify !== null) {
            $config['tls_verify'] = !in_array(strtolower($verify), ['0', 'false', 'no', 'off'], true);
        }
        return $config;
    }
}

/** The loaded shared library (one FFI instance per path and process). */
final class Library
{
    public const ABI_VERSION = 1;

    /** The part of embyprov.h FFI needs: everything goes through embyprov_call(). */
    private const CDEF = <<<'C'
typedef struct embyprov_ctx embyprov_ctx;
typedef void (*embyprov_log_fn)(void *userdata, const char *action, const char *request, const char *response);
const char *embyprov_version(void);
uint32_t embyprov_abi_version(void);
const char *embyprov_strerror(int code);
int embyprov_open(const char *config_json, embyprov_ctx **out);
int embyprov_open_v2(const char *config_json, embyprov_ctx **out, char **error);
void embyprov_close(embyprov_ctx *ctx);
int embyprov_set_log_callback(embyprov_ctx *ctx, embyprov_log_fn fn, void *userdata);
const char *embyprov_last_error(const embyprov_ctx *ctx);
void embyprov_free(void *ptr);
int embyprov_call(embyprov_ctx *ctx, const char *hook, const char *params_json, const char *request_json, char **result_json);
C;

    private const CODE_NAMES = [
        0 => 'EMBYPROV_OK', -1 => 'EMBYPROV_ERROR', -2 => 'EMBYPROV_EINVALID', -3 => 'EMBYPROV_ENOTFOUND',
        -4 => 'EMBYPROV_EEXISTS', -5 => 'EMBYPROV_EAUTH', -6 => 'EMBYPROV_EREMOTE', -7 => 'EMBYPROV_ETIMEOUT',
        -8 => 'EMBYPROV_ENETWORK', -9 => 'EMBYPROV_ETLS', -10 => 'EMBYPROV_ESTORE', -11 => 'EMBYPROV_EUNSUPPORTED',
        -12 => 'EMBYPROV_ESTATE', -13 => 'EMBYPROV_ENOMEM', -14 => 'EMBYPROV_EMISUSE', -15 => 'EMBYPROV_EQUOTA',
    ];

    /** @var array<string,\FFI|null> */
    private static array $loaded = [];

    /**
     * Loads the library: the first candidate that exists, else the bare
     * SONAME (the dynamic loader's search path).
     * @param string[] $extraDirs
     */
    public static function load(array $extraDirs = []): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new EmbyprovException('embyprov: the PHP FFI extension is not loaded (install php-ffi / enable extension=ffi)', -14);
        }
        // ffi.preload=embyprov-ffi.h declares the scope EMBYPROV: the library
        // is then loaded once per PHP process instead of once per request.
        // (Under ffi.enable=preload, the default, php-fpm lets only code from
        // opcache.preload call FFI; preloading this file is the way in.)
        if (!isset(self::$loaded['scope:EMBYPROV'])) {
            try {
                self::$loaded['scope:EMBYPROV'] = self::checked(\FFI::scope('EMBYPROV'), 'the EMBYPROV scope');
            } catch (\FFI\Exception $e) {
                self::$loaded['scope:EMBYPROV'] = null;
            }
        }
        if (self::$loaded['scope:EMBYPROV'] !== null) {
            return self::$loaded['scope:EMBYPROV'];
        }
        $candidates = Settings::libraryCandidates($extraDirs);
        $path = null;
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                $path = $candidate;
                break;
            }
        }
        if ($path === null) {
            $path = Settings::get('EMBYPROV_LIBRARY') ?? 'libembyprov.so.1';
        }
        if (isset(self::$loaded[$path])) {
            return self::$loaded[$path];
        }
        try {
            $ffi = \FFI::cdef(self::CDEF, $path);
        } catch (\FFI\Exception $e) {
            $hint = str_contains($e->getMessage(), 'ffi.enable')
                ? ' This PHP (php-fpm / Apache) allows FFI only to preloaded code: add'
                  . ' opcache.preload=/usr/share/embyprov/php/Embyprov.php and opcache.preload_user=www-data'
                  . ' (or ffi.enable=1) to its php.ini and restart it; see the install guide.'
                : ' Looked in: ' . implode(', ', $candidates) . '. Set EMBYPROV_LIBRARY to the file.';
            throw new EmbyprovException('embyprov: cannot load libembyprov (' . $e->getMessage() . ').' . $hint, -14);
        }
        return self::$loaded[$path] = self::checked($ffi, $path);
    }

    private static function checked(\FFI $ffi, string $what): \FFI
    {
        $abi = (int) $ffi->embyprov_abi_version();
        if ($abi !== self::ABI_VERSION) {
            throw new EmbyprovException("embyprov: $what has ABI $abi, this PHP code needs ABI " . self::ABI_VERSION, -14);
        }
        return $ffi;
    }

    public static function codeName(int $code): string
    {
        return self::CODE_NAMES[$code] ?? 'EMBYPROV_ERROR';
    }
}

/**
 * One library context: a state-database connection and a connection pool.
 * One per PHP request is plenty; it is closed when the object goes away.
 */
final class Context
{
    private \FFI $ffi;
    /** @var \FFI\CData|null embyprov_ctx* */
    private $ctx;
    /** @var callable|null */
    private $logger;
    /** @var \Closure|null kept alive while the library may call it */
    private $trampoline;

    /**
     * @param array<string,mixed> $config embyprov_open() keys (see embyprov.h)
     * @param callable|null $logger fn(string $action, string $request, string $response): void,
     *        called once per server exchange, secrets already masked, always on
     *        the calling thread: the library hands over what its worker threads
     *        logged when their parallel part ends, so requests stay parallel.
     * @param string[] $libraryDirs extra folders to look for libembyprov.so.1 in
     */
    public function __construct(array $config = [], ?callable $logger = null, array $libraryDirs = [])
    {
        $this->ffi = Library::load($libraryDirs);
        $json = json_encode((object) $config, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        $out = $this->ffi->new('embyprov_ctx*');
        $error = $this->ffi->new('char*');
        $rc = (int) $this->ffi->embyprov_open_v2($json, \FFI::addr($out), \FFI::addr($error));
        if ($rc !== 0 || \FFI::isNull($out)) {
            $why = (string) $this->ffi->embyprov_strerror($rc);
            if (!\FFI::isNull($error)) {
                $why = \FFI::string($error);
                $this->ffi->embyprov_free($error);
            }
            throw new EmbyprovException("embyprov: cannot open a context: $why", $rc);
        }
        $this->ctx = $out;
        if ($logger !== null) {
            $this->logger = $logger;
            // Static, capturing only the logger: a closure bound to $this would
            // make a reference cycle, and the context (its database handle and
            // pooled connections) would wait for the cycle collector.
            $this->trampoline = static function ($userdata, $action, $request, $response) use ($logger): void {
                try {
                    $logger((string) $action, (string) $request, (string) $response);
                } catch (\Throwable $e) {
                    // A failing logger must never break provisioning.
                }
            };
            $this->ffi->embyprov_set_log_callback($this->ctx, $this->trampoline, null);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    public function close(): void
    {
        if ($this->ctx !== null) {
            $this->ffi->embyprov_close($this->ctx);
            $this->ctx = null;
        }
    }

    public function version(): string
    {
        return (string) $this->ffi->embyprov_version();
    }

    /**
     * Calls a hook; never throws for what the hook reports.
     * @param array<string,mixed> $params WHMCS-style module parameters
     * @param array<string,mixed>|null $request client_area only
     * @return array{0:int,1:array<string,mixed>} [code, result object]
     */
    public function tryCall(string $hook, array $params, ?array $request = null): array
    {
        if ($this->ctx === null) {
            throw new EmbyprovException('embyprov: the context is closed', -14, [], $hook);
        }
        $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
            | JSON_PRESERVE_ZERO_FRACTION;
        $paramsJson = json_encode((object) self::plain($params), $flags);
        $requestJson = $request === null ? null : json_encode((object) self::plain($request), $flags);
        if ($paramsJson === false || ($request !== null && $requestJson === false)) {
            return [-2, ['error' => 'embyprov: the parameters cannot be encoded as JSON: ' . json_last_error_msg(), 'code' => -2]];
        }
        $out = $this->ffi->new('char*');
        $rc = (int) $this->ffi->embyprov_call($this->ctx, $hook, $paramsJson, $requestJson, \FFI::addr($out));
        if (\FFI::isNull($out)) {
            $text = (string) $this->ffi->embyprov_last_error($this->ctx);
            return [$rc, ['error' => $text !== '' ? $text : (string) $this->ffi->embyprov_strerror($rc), 'code' => $rc]];
        }
        $text = \FFI::string($out);
        $this->ffi->embyprov_free($out);
        $result = json_decode($text, true);
        if (!is_array($result)) {
            $result = ['error' => 'embyprov: unreadable result from the library', 'code' => -1];
            $rc = $rc === 0 ? -1 : $rc;
        }
        if ($rc !== 0 && !isset($result['error'])) {
            $result['error'] = (string) $this->ffi->embyprov_strerror($rc);
        }
        return [$rc, $result];
    }

    /**
     * Calls a hook and throws EmbyprovException when it fails.
     * @param array<string,mixed> $params
     * @param array<string,mixed>|null $request
     * @return array<string,mixed>
     */
    public function call(string $hook, array $params, ?array $request = null): array
    {
        [$rc, $result] = $this->tryCall($hook, $params, $request);
        if ($rc !== 0) {
            throw new EmbyprovException((string) ($result['error'] ?? 'embyprov error'), $rc, $result, $hook);
        }
        return $result;
    }

    /** Keys whose value is a list even when empty (client-area checkbox lists). */
    private const LIST_KEYS = ['disabled_libraries', 'disabled_libraries[]'];

    /**
     * Only plain data goes to the library: objects (such as WHMCS's `model`)
     * are left out, JSON-unfriendly scalars become strings, and an empty PHP
     * array becomes {} (WHMCS passes "configoptions" => [] when a product has
     * none; the library expects an object there).
     * @param mixed $value
     * @return mixed
     */
    private static function plain($value, string $key = '')
    {
        if (is_array($value)) {
            if ($value === []) {
                return in_array($key, self::LIST_KEYS, true) ? [] : new \stdClass();
            }
            $out = [];
            foreach ($value as $k => $v) {
                if (is_object($v) && !($v instanceof \stdClass)) {
                    continue;
                }
                $out[$k] = self::plain($v, (string) $k);
            }
            return $out;
        }
        if ($value instanceof \stdClass) {
            return (object) self::plain((array) $value);
        }
        if (is_resource($value)) {
            return null;
        }
        if (is_float($value) && !is_finite($value)) {
            return (string) $value;
        }
        return $value;
    }
}

}
