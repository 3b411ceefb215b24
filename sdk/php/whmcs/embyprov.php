<?php
/*
 * WHMCS server module for Emby / Jellyfin, over libembyprov (PHP FFI).
 *
 * Install: copy this folder to <whmcs>/modules/servers/embyprov/ (the .deb
 * ships it in /usr/share/embyprov/whmcs/modules/servers/embyprov/), enable
 * FFI for the PHP that runs WHMCS, and see docs/INSTALL-WHMCS.md.
 *
 * Every function catches every Throwable: lifecycle functions answer the
 * literal "success" or the error text, the others an array WHMCS can show.
 * Every Emby request is written to the module log (Utilities -> Logs ->
 * Module Log) with the API key and passwords masked.
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/Embyprov.php';

use Embyprov\Context;
use Embyprov\EmbyprovException;
use Embyprov\Settings;

if (!class_exists('EmbyprovWhmcs', false)) {
    /** The glue: one library context per PHP request, logging, masking. */
    final class EmbyprovWhmcs
    {
        public const MODULE = 'embyprov';

        private static ?Context $context = null;
        /** @var string the hook whose server requests are being logged */
        private static string $hook = '';
        /** @var string[] secrets masked in every log entry of the current call */
        private static array $secrets = [];

        public static function context(): Context
        {
            if (self::$context === null) {
                $fallback = [];
                if (!empty($GLOBALS['attachments_dir'])) {
                    $fallback[] = rtrim((string) $GLOBALS['attachments_dir'], '/') . '/embyprov';
                }
                $config = Settings::openConfig($fallback);
                $logger = static function (string $action, string $request, string $response): void {
                    self::log(self::$hook . ': ' . $action, $request, $response);
                };
                self::$context = new Context($config, $logger, [__DIR__, __DIR__ . '/lib']);
            }
            return self::$context;
        }

        /** Writes one module-log entry (only kept while module logging is on in WHMCS). */
        public static function log(string $action, $request, $response, $processed = ''): void
        {
            if (!function_exists('logModuleCall')) {
                return;
            }
            try {
                logModuleCall(self::MODULE, $action, $request, $response, $processed, self::$secrets);
            } catch (\Throwable $e) {
                // logging must never break provisioning
            }
        }

        /** @param array<string,mixed> $params @param array<string,mixed>|null $request */
        private static function collectSecrets(array $params, ?array $request): array
        {
            $out = [];
            foreach (['serveraccesshash', 'serverpassword', 'password'] as $key) {
                if (isset($params[$key]) && is_scalar($params[$key])) {
                    $out[] = (string) $params[$key];
                }
            }
            foreach (['password', 'new_password', 'confirm_password', 'csrf_token', 'token'] as $key) {
                if ($request !== null && isset($request[$key]) && is_scalar($request[$key])) {
                    $out[] = (string) $request[$key];
                }
            }
            $out = array_values(array_unique(array_filter($out, static fn ($s) => $s !== '')));
            // Longest first, so a secret containing another is masked whole.
            usort($out, static fn ($a, $b) => strlen($b) <=> strlen($a));
            return $out;
        }

        /**
         * Calls a hook. Never throws: a failure to load or open the library
         * comes back as an error result like any other.
         * @param array<string,mixed> $params
         * @param array<string,mixed>|null $request
         * @return array{0:int,1:array<string,mixed>}
         */
        public static function call(string $hook, array $params, ?array $request = null): array
        {
            self::$hook = $hook;
            self::$secrets = self::collectSecrets($params, $request);
            try {
                [$rc, $result] = self::context()->tryCall($hook, $params, $request);
            } catch (\Throwable $e) {
                $rc = $e instanceof EmbyprovException ? $e->getCode() : -1;
                $result = ['error' => $e->getMessage(), 'code' => $rc];
                self::log($hook, self::loggableParams($params), $e->getMessage(), $e->getTraceAsString());
                return [$rc, $result];
            }
            foreach (['password', 'update_service_password', 'generated_password'] as $key) {
                if (!empty($result[$key]) && is_string($result[$key])) {
                    self::$secrets[] = $result[$key];
                }
            }
            // The page, its data and the customer's message stay out of the
            // log: they may show a password (reveal_password, a generated
            // media-account password), and the customer's browser has them.
            $logged = $result;
            unset($logged['html'], $logged['vars'], $logged['message']);
            foreach (['password', 'update_service_password', 'generated_password'] as $key) {
                if (isset($logged[$key]) && $logged[$key] !== '') {
                    $logged[$key] = '********';
                }
            }
            self::log($hook, self::loggableParams($params) + ($request !== null ? ['request' => self::loggableRequest($request)] : []),
                      $logged, $rc === 0 ? '' : 'code ' . $rc);
            return [$rc, $result];
        }

        /**
         * A lifecycle function's answer: "success" or the error text.
         * @param array<string,mixed> $params
         */
        public static function lifecycle(string $hook, array $params): string
        {
            try {
                [$rc, $result] = self::call($hook, $params);
                if ($rc === 0) {
                    return 'success';
                }
                return self::errorText($result, $rc);
            } catch (\Throwable $e) {
                return 'embyprov: ' . $e->getMessage();
            }
        }

        /** @param array<string,mixed> $result */
        public static function errorText(array $result, int $rc): string
        {
            $text = isset($result['error']) && is_string($result['error']) && $result['error'] !== ''
                ? $result['error'] : 'embyprov error ' . $rc;
            return $text;
        }

        /** @param array<string,mixed> $params @return array<string,mixed> */
        private static function loggableParams(array $params): array
        {
            unset($params['model'], $params['clientsdetails']);
            if (isset($params['client_area']['csrf_token'])) {
                $params['client_area']['csrf_token'] = '********';
            }
            foreach (['serveraccesshash', 'serverpassword', 'password'] as $key) {
                if (isset($params[$key]) && $params[$key] !== '') {
                    $params[$key] = '********';
                }
            }
            return $params;
        }

        /** @param array<string,mixed> $request @return array<string,mixed> */
        private static function loggableRequest(array $request): array
        {
            foreach (['password', 'new_password', 'confirm_password', 'csrf_token', 'token'] as $key) {
                if (isset($request[$key]) && $request[$key] !== '') {
                    $request[$key] = '********';
                }
            }
            return $request;
        }

        /** The session's CSRF token: WHMCS's own when available. */
        public static function csrfToken(): string
        {
            if (function_exists('generate_token')) {
                $token = (string) generate_token('plain');
                if ($token !== '') {
                    return $token;
                }
            }
            if (session_status() === PHP_SESSION_ACTIVE) {
                if (empty($_SESSION['embyprov_csrf'])) {
                    $_SESSION['embyprov_csrf'] = bin2hex(random_bytes(20));
                }
                return (string) $_SESSION['embyprov_csrf'];
            }
            return '';
        }

        /**
         * WHMCS runs htmlspecialchars(ENT_QUOTES) over $_POST before any module
         * code; the library must see what the customer typed ("a&b", not "a&amp;b").
         * @param mixed $value
         * @return mixed
         */
        private static function unescapePosted($value)
        {
            if (is_array($value)) {
                return array_map([self::class, 'unescapePosted'], $value);
            }
            return is_string($value) ? htmlspecialchars_decode($value, ENT_QUOTES) : $value;
        }

        /**
         * The client-area request from the posted form. WHMCS routes on the
         * `action` request variable (action=productdetails), so the module's
         * forms post theirs as `embyprov_action` (see fixHtml()).
         * @return array<string,mixed>
         */
        public static function clientRequest(): array
        {
            $method = strtoupper((string) ($_SERVER['REQUEST_METHOD'] ?? 'GET'));
            $posted = $method === 'POST' ? self::unescapePosted($_POST) : [];
            $action = $posted['embyprov_action'] ?? null;
            if ($action === null && isset($posted['action']) && $posted['action'] !== 'productdetails') {
                $action = $posted['action'];
            }
            if (!is_string($action) || $action === '') {
                return ['action' => 'overview'];
            }
            $request = [];
            foreach ($posted as $key => $value) {
                if (in_array($key, ['embyprov_action', 'action', 'token', 'id', 'modop', 'a'], true)) {
                    continue;
                }
                $request[$key] = $value;
            }
            $request['action'] = $action;
            return $request;
        }

        /**
         * Makes the library's forms fit WHMCS: the action field must not be
         * called `action` (WHMCS would read it instead of productdetails), and
         * WHMCS's own CSRF field `token` rides along with `csrf_token`.
         */
        public static function fixHtml(string $html): string
        {
            $html = preg_replace('/(<input\b[^>]*\bname=")action(")/i', '$1embyprov_action$2', $html) ?? $html;
            $html = preg_replace_callback(
                '/<input\b[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]*)"[^>]*>/i',
                static fn ($m) => $m[0] . '<input type="hidden" name="token" value="' . $m[1] . '">',
                $html
            ) ?? $html;
            return $html;
        }

        /** Stores a new service password in WHMCS (after a generated or customer-chosen one). */
        public static function storeServicePassword(array $params, string $password, ?string $username = null): void
        {
            if (!function_exists('localAPI') || empty($params['serviceid'])) {
                return;
            }
            $values = ['serviceid' => (int) $params['serviceid'], 'servicepassword' => $password];
            if ($username !== null && $username !== '' && $username !== ($params['username'] ?? '')) {
                $values['serviceusername'] = $username;
            }
            try {
                localAPI('UpdateClientProduct', $values);
            } catch (\Throwable $e) {
                self::log('UpdateClientProduct', ['serviceid' => $values['serviceid']], $e->getMessage());
            }
        }

        /** @return string the Capsule class when WHMCS's database layer is there */
        public static function capsule(): ?string
        {
            return class_exists('WHMCS\\Database\\Capsule') ? 'WHMCS\\Database\\Capsule' : null;
        }
    }
}

/** Module metadata. Static on purpose: WHMCS reads it on many pages, and it must list the module even when the library cannot load. */
function embyprov_MetaData()
{
    return [
        'DisplayName' => 'Emby / Jellyfin',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultNonSSLPort' => '8096',
        'DefaultSSLPort' => '8920',
        'ListAccountsUniqueIdentifierDisplayName' => 'Username',
        'ListAccountsUniqueIdentifierField' => 'username',
    ];
}

/** Product settings, in configoptionN order (from the library). */
function embyprov_ConfigOptions()
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('config_options', []);
        if ($rc !== 0) {
            throw new \RuntimeException(EmbyprovWhmcs::errorText($result, $rc));
        }
        $fields = [];
        foreach ($result['options'] ?? [] as $option) {
            $field = [
                'FriendlyName' => (string) ($option['FriendlyName'] ?? $option['key']),
                'Type' => (string) ($option['Type'] ?? 'text'),
                'Default' => (string) ($option['Default'] ?? ''),
                'Description' => (string) ($option['Description'] ?? ''),
            ];
            if (isset($option['Options'])) {
                $field['Options'] = (string) $option['Options'];
            }
            if (isset($option['Size'])) {
                $field['Size'] = (string) $option['Size'];
            }
            $fields[(string) $option['key']] = $field;
        }
        return $fields;
    } catch (\Throwable $e) {
        EmbyprovWhmcs::log('ConfigOptions', '', $e->getMessage(), $e->getTraceAsString());
        return ['embyprov_error' => [
            'FriendlyName' => 'Module error',
            'Type' => 'textarea',
            'Default' => $e->getMessage(),
            'Description' => 'The Emby module cannot load libembyprov; see docs/INSTALL-WHMCS.md, "Troubleshooting".',
        ]];
    }
}

/** Server -> Test Connection: DNS, TCP, TLS, server, API key, step by step. */
function embyprov_TestConnection(array $params)
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('test_connection', $params);
        if ($rc === 0) {
            return ['success' => true, 'error' => ''];
        }
        $text = EmbyprovWhmcs::errorText($result, $rc);
        $steps = [];
        foreach ($result['steps'] ?? [] as $step) {
            $steps[] = ($step['ok'] ?? false ? 'ok ' : 'FAILED ') . ($step['step'] ?? '?') . ': ' . ($step['detail'] ?? '');
        }
        if ($steps) {
            $text .= ' (' . implode('; ', $steps) . ')';
        }
        return ['success' => false, 'error' => $text];
    } catch (\Throwable $e) {
        return ['success' => false, 'error' => 'embyprov: ' . $e->getMessage()];
    }
}

function embyprov_CreateAccount(array $params)
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('create_account', $params);
        if ($rc !== 0) {
            return EmbyprovWhmcs::errorText($result, $rc);
        }
        if (!empty($result['password']) && is_string($result['password'])) {
            // The library made the password up (the service had none): keep it in WHMCS.
            EmbyprovWhmcs::storeServicePassword($params, $result['password'], $result['username'] ?? null);
        }
        return 'success';
    } catch (\Throwable $e) {
        return 'embyprov: ' . $e->getMessage();
    }
}

function embyprov_SuspendAccount(array $params)
{
    return EmbyprovWhmcs::lifecycle('suspend_account', $params);
}

function embyprov_UnsuspendAccount(array $params)
{
    return EmbyprovWhmcs::lifecycle('unsuspend_account', $params);
}

function embyprov_TerminateAccount(array $params)
{
    return EmbyprovWhmcs::lifecycle('terminate_account', $params);
}

function embyprov_ChangePassword(array $params)
{
    return EmbyprovWhmcs::lifecycle('change_password', $params);
}

function embyprov_ChangePackage(array $params)
{
    return EmbyprovWhmcs::lifecycle('change_package', $params);
}

function embyprov_AdminCustomButtonArray()
{
    return [
        'Drop all devices' => 'DropDevices',
        'Sync with server' => 'Sync',
    ];
}

/** Admin button: signs out every device of the service's accounts. */
function embyprov_DropDevices(array $params)
{
    return EmbyprovWhmcs::lifecycle('drop_devices', $params);
}

/** Admin button: re-applies the product (policy, libraries, limits) to every account. */
function embyprov_Sync(array $params)
{
    return EmbyprovWhmcs::lifecycle('change_package', $params);
}

function embyprov_ClientAreaCustomButtonArray()
{
    return [
        'Sign out all devices' => 'ClientDropDevices',
    ];
}

function embyprov_ClientAreaAllowedFunctions()
{
    return ['ClientDropDevices'];
}

/**
 * Client button "Sign out all devices". WHMCS links custom buttons with a
 * plain GET (no CSRF token), so this shows a confirmation form; the form
 * posts the action with the token to the service page (ClientArea).
 */
function embyprov_ClientDropDevices(array $params)
{
    try {
        return [
            'templatefile' => 'templates/confirm',
            'breadcrumb' => [
                'clientarea.php?action=productdetails&id=' . (int) ($params['serviceid'] ?? 0) => 'Sign out all devices',
            ],
            'vars' => [
                'embyprov_form_action' => 'clientarea.php?action=productdetails&id=' . (int) ($params['serviceid'] ?? 0),
                'embyprov_action' => 'drop_devices',
                'embyprov_csrf' => EmbyprovWhmcs::csrfToken(),
                'embyprov_question' => 'Sign out every device that uses your Emby account?',
                'embyprov_confirm' => 'Sign out all devices',
            ],
        ];
    } catch (\Throwable $e) {
        return 'embyprov: ' . $e->getMessage();
    }
}

/**
 * The service page: the library renders the page (or performs the posted
 * action and renders the result); it replaces WHMCS's overview tab.
 */
function embyprov_ClientArea(array $params)
{
    try {
        $serviceId = (int) ($params['serviceid'] ?? 0);
        $params['client_area'] = [
            'form_action' => 'clientarea.php?action=productdetails&id=' . $serviceId,
            'csrf_token' => EmbyprovWhmcs::csrfToken(),
        ];
        $request = EmbyprovWhmcs::clientRequest();
        [$rc, $result] = EmbyprovWhmcs::call('client_area', $params, $request);
        if (!empty($result['update_service_password']) && is_string($result['update_service_password'])) {
            EmbyprovWhmcs::storeServicePassword($params, $result['update_service_password']);
        }
        $html = isset($result['html']) && is_string($result['html']) ? EmbyprovWhmcs::fixHtml($result['html']) : '';
        $error = $rc === 0 ? '' : EmbyprovWhmcs::errorText($result, $rc);
        $vars = [
            'embyprov_html' => $html,
            'embyprov_error' => $html === '' ? $error : '',
            'embyprov_code' => $rc,
            'embyprov_page' => (string) ($result['template'] ?? ''),
            'embyprov_message' => (string) ($result['message'] ?? ''),
        ];
        // Nothing the customer posted goes into the template variables
        // as it was typed: a reseller's template might print it unescaped.
        return [
            'tabOverviewReplacementTemplate' => $html === '' ? 'templates/error.tpl' : 'templates/overview.tpl',
            'templateVariables' => $vars,
        ];
    } catch (\Throwable $e) {
        EmbyprovWhmcs::log('ClientArea', '', $e->getMessage(), $e->getTraceAsString());
        return [
            'tabOverviewReplacementTemplate' => 'templates/error.tpl',
            'templateVariables' => ['embyprov_error' => 'embyprov: ' . $e->getMessage(), 'embyprov_html' => ''],
        ];
    }
}

/** Rows on the admin's service page: what the module knows, plus the last usage figures. */
function embyprov_AdminServicesTabFields(array $params)
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('admin_services_tab', $params);
        if ($rc !== 0) {
            return ['Emby' => htmlspecialchars(EmbyprovWhmcs::errorText($result, $rc), ENT_QUOTES)];
        }
        $rows = [];
        foreach ($result['fields'] ?? [] as $label => $value) {
            $text = is_scalar($value) ? (string) $value : json_encode($value);
            $rows[(string) $label] = nl2br(htmlspecialchars(rtrim($text), ENT_QUOTES));
        }
        $capsule = EmbyprovWhmcs::capsule();
        if ($capsule !== null && $capsule::schema()->hasTable('mod_embyprov_usage')) {
            $usage = $capsule::table('mod_embyprov_usage')->where('serviceid', (int) ($params['serviceid'] ?? 0))->first();
            if ($usage) {
                $usage = (array) $usage;
                $rows['Usage'] = htmlspecialchars(sprintf(
                    '%d device(s), %d playing now, %d media account(s) (as of %s)',
                    $usage['devices'], $usage['active_streams'], $usage['media_accounts'], $usage['updated_at']
                ), ENT_QUOTES);
            }
        }
        return $rows;
    } catch (\Throwable $e) {
        EmbyprovWhmcs::log('AdminServicesTabFields', '', $e->getMessage(), $e->getTraceAsString());
        return ['Emby' => htmlspecialchars('embyprov: ' . $e->getMessage(), ENT_QUOTES)];
    }
}

/**
 * Daily cron, once per server: devices, streams and media accounts of every
 * service, kept in mod_embyprov_usage and shown on the admin service tab.
 */
function embyprov_UsageUpdate(array $params)
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('usage_update', $params);
        if ($rc !== 0) {
            return EmbyprovWhmcs::errorText($result, $rc);
        }
        $capsule = EmbyprovWhmcs::capsule();
        if ($capsule !== null) {
            $schema = $capsule::schema();
            if (!$schema->hasTable('mod_embyprov_usage')) {
                $schema->create('mod_embyprov_usage', static function ($table) {
                    $table->integer('serviceid')->primary();
                    $table->integer('devices')->default(0);
                    $table->integer('active_streams')->default(0);
                    $table->integer('media_accounts')->default(0);
                    $table->string('status', 32)->default('');
                    $table->dateTime('updated_at');
                });
            }
            $now = date('Y-m-d H:i:s');
            foreach ($result['services'] ?? [] as $service) {
                if (!isset($service['serviceid']) || !ctype_digit((string) $service['serviceid'])) {
                    continue;  // a service of another panel sharing the state database
                }
                $capsule::table('mod_embyprov_usage')->updateOrInsert(
                    ['serviceid' => (int) $service['serviceid']],
                    [
                        'devices' => (int) ($service['devices'] ?? 0),
                        'active_streams' => (int) ($service['active_streams'] ?? 0),
                        'media_accounts' => (int) ($service['media_accounts'] ?? 0),
                        'status' => (string) ($service['status'] ?? ''),
                        'updated_at' => $now,
                    ]
                );
            }
        }
        return 'success';
    } catch (\Throwable $e) {
        EmbyprovWhmcs::log('UsageUpdate', '', $e->getMessage(), $e->getTraceAsString());
        return 'embyprov: ' . $e->getMessage();
    }
}

/** Server Sync Tool: the server's (non-admin) Emby users. */
function embyprov_ListAccounts(array $params)
{
    try {
        [$rc, $result] = EmbyprovWhmcs::call('list_accounts', $params);
        if ($rc !== 0) {
            return ['success' => false, 'error' => EmbyprovWhmcs::errorText($result, $rc)];
        }
        $active = defined('WHMCS\\Service\\Status::ACTIVE') ? constant('WHMCS\\Service\\Status::ACTIVE') : 'Active';
        $suspended = defined('WHMCS\\Service\\Status::SUSPENDED') ? constant('WHMCS\\Service\\Status::SUSPENDED') : 'Suspended';
        $accounts = [];
        foreach ($result['accounts'] ?? [] as $account) {
            $accounts[] = [
                'email' => '',
                'username' => (string) ($account['username'] ?? ''),
                'domain' => '',
                'uniqueIdentifier' => (string) ($account['uniqueIdentifier'] ?? $account['username'] ?? ''),
                'product' => '',
                'primaryip' => '',
                'created' => (string) ($account['created'] ?? ''),
                'status' => ($account['status'] ?? '') === 'Suspended' ? $suspended : $active,
            ];
        }
        return ['success' => true, 'accounts' => $accounts];
    } catch (\Throwable $e) {
        return ['success' => false, 'error' => 'embyprov: ' . $e->getMessage()];
    }
}
