<?php
/*
 * FOSSBilling server manager for Emby / Jellyfin, over libembyprov (PHP FFI).
 *
 * Install: this file goes to <fossbilling>/library/Server/Manager/Embyprov.php
 * and Embyprov.php of sdk/php to <fossbilling>/library/Embyprov/Embyprov.php
 * (the .deb ships both under /usr/share/embyprov/fossbilling/); see
 * docs/INSTALL-FOSSBILLING.md.
 *
 * Product settings live in the hosting plan's custom values, named like the
 * library's product settings (libraries, stream_limit, media_accounts, ...).
 * Every failure is raised as Server_Exception with the library's message;
 * every server request is written to the order's log, secrets masked.
 */

foreach ([__DIR__ . '/../../Embyprov/Embyprov.php', __DIR__ . '/Embyprov/Embyprov.php',
          '/usr/share/embyprov/php/Embyprov.php'] as $embyprovLib) {
    if (is_file($embyprovLib)) {
        require_once $embyprovLib;
        break;
    }
}
unset($embyprovLib);

class Server_Manager_Embyprov extends Server_Manager
{
    /** @var \Embyprov\Context|null */
    private $embyprov;
    /** @var string[]|null library product-setting keys, in configoptionN order */
    private ?array $optionKeys = null;
    /** @var string[] secrets masked in log lines */
    private array $secrets = [];

    public static function getForm(): array
    {
        return [
            'label' => 'Emby / Jellyfin (embyprov)',
            'form' => [
                'credentials' => [
                    'fields' => [
                        [
                            'name' => 'accesshash',
                            'type' => 'text',
                            'label' => 'API key',
                            'placeholder' => 'Emby: Dashboard > Advanced > API Keys',
                            'required' => true,
                        ],
                        [
                            'name' => 'username',
                            'type' => 'text',
                            'label' => 'Admin username (optional)',
                            'placeholder' => 'Only for servers that refuse some calls with an API key',
                            'required' => false,
                        ],
                        [
                            'name' => 'password',
                            'type' => 'password',
                            'label' => 'Admin password (optional)',
                            'placeholder' => 'Password of that admin user',
                            'required' => false,
                        ],
                    ],
                ],
            ],
        ];
    }

    public function init(): void
    {
        if (!class_exists(\Embyprov\Context::class)) {
            throw new Server_Exception('The ":server_manager" server manager cannot find :missing', [
                ':server_manager' => 'Emby / Jellyfin', ':missing' => 'library/Embyprov/Embyprov.php'], 2001);
        }
        if (empty($this->_config['host']) && empty($this->_config['ip'])) {
            throw new Server_Exception('The ":server_manager" server manager is not fully configured. Please configure the :missing',
                [':server_manager' => 'Emby / Jellyfin', ':missing' => 'hostname'], 2001);
        }
        if (empty($this->_config['accesshash']) && (empty($this->_config['username']) || empty($this->_config['password']))) {
            throw new Server_Exception('The ":server_manager" server manager is not fully configured. Please configure the :missing',
                [':server_manager' => 'Emby / Jellyfin', ':missing' => 'API key'], 2001);
        }
        if (empty($this->_config['port'])) {
            $this->_config['port'] = !empty($this->_config['secure']) ? 8920 : 8096;
        }
    }

    public function getLoginUrl(?Server_Account $account = null): string
    {
        return $this->serverUrl() . '/web/index.html';
    }

    public function getResellerLoginUrl(?Server_Account $account = null): string
    {
        return $this->getLoginUrl($account);
    }

    public function testConnection(): bool
    {
        $this->hook('test_connection', $this->serverParams());
        return true;
    }

    public function createAccount(Server_Account $account): bool
    {
        $this->hook('create_account', $this->accountParams($account));
        return true;
    }

    /** The account as the server sees it: suspended or not (by the Emby user's state). */
    public function synchronizeAccount(Server_Account $account): Server_Account
    {
        $result = $this->hook('list_accounts', $this->serverParams());
        $new = clone $account;
        foreach ($result['accounts'] ?? [] as $remote) {
            if (strcasecmp((string) ($remote['username'] ?? ''), (string) $account->getUsername()) === 0) {
                $new->setSuspended(($remote['status'] ?? '') === 'Suspended');
                $new->setUsername((string) $remote['username']);
                return $new;
            }
        }
        throw new Server_Exception('Account :username was not found on the Emby server', [':username' => (string) $account->getUsername()], 3);
    }

    public function suspendAccount(Server_Account $account): bool
    {
        $params = $this->accountParams($account);
        if ($account->getNote()) {
            $params['suspendreason'] = $account->getNote();
        }
        $this->hook('suspend_account', $params);
        return true;
    }

    public function unsuspendAccount(Server_Account $account): bool
    {
        $this->hook('unsuspend_account', $this->accountParams($account));
        return true;
    }

    public function cancelAccount(Server_Account $account): bool
    {
        $this->hook('terminate_account', $this->accountParams($account));
        return true;
    }

    public function changeAccountPassword(Server_Account $account, string $newPassword): bool
    {
        $params = $this->accountParams($account);
        $params['password'] = $newPassword;
        $this->hook('change_password', $params);
        return true;
    }

    public function changeAccountUsername(Server_Account $account, string $newUsername): bool
    {
        throw new Server_Exception('Emby accounts cannot be renamed by the module; create a new account instead', null, 11);
    }

    /** Emby accounts have no domain: nothing to do on the server. */
    public function changeAccountDomain(Server_Account $account, string $newDomain): bool
    {
        return true;
    }

    /** Emby accounts have no IP address of their own: nothing to do on the server. */
    public function changeAccountIp(Server_Account $account, string $newIp): bool
    {
        return true;
    }

    public function changeAccountPackage(Server_Account $account, Server_Package $package): bool
    {
        $account = clone $account;
        $account->setPackage($package);
        $this->hook('change_package', $this->accountParams($account));
        return true;
    }

    /** Signs out every device of the account (main and media accounts). */
    public function dropDevices(Server_Account $account): int
    {
        $result = $this->hook('drop_devices', $this->accountParams($account));
        return (int) ($result['devices'] ?? 0);
    }

    /** Per-service usage (devices, streams, media accounts) on this server. */
    public function usage(): array
    {
        return $this->hook('usage_update', $this->serverParams())['services'] ?? [];
    }

    // ------------------------------------------------------------------

    /** The service id the library keys its records by: FOSSBilling gives managers none, the username is unique. */
    public static function serviceId(Server_Account $account): string
    {
        return 'fossbilling-' . (string) $account->getUsername();
    }

    private function serverUrl(): string
    {
        $host = (string) ($this->_config['host'] ?: $this->_config['ip']);
        if (str_contains($host, '://')) {
            return rtrim($host, '/');
        }
        return (!empty($this->_config['secure']) ? 'https://' : 'http://') . $host . ':' . (int) $this->_config['port'];
    }

    private function serverParams(): array
    {
        return [
            'serverhostname' => (string) ($this->_config['host'] ?: $this->_config['ip']),
            'serverip' => (string) ($this->_config['ip'] ?? ''),
            'serverport' => (int) $this->_config['port'],
            'serversecure' => !empty($this->_config['secure']),
            'serveraccesshash' => (string) ($this->_config['accesshash'] ?? ''),
            'serverusername' => (string) ($this->_config['username'] ?? ''),
            'serverpassword' => (string) ($this->_config['password'] ?? ''),
        ];
    }

    private function accountParams(Server_Account $account): array
    {
        $params = $this->serverParams();
        $params['serviceid'] = self::serviceId($account);
        $params['username'] = (string) $account->getUsername();
        $password = (string) $account->getPassword();
        // FOSSBilling keeps "********" in place of a stored password.
        $params['password'] = preg_match('/^\*+$/', $password) ? '' : $password;
        $client = $account->getClient();
        if ($client !== null) {
            $params['clientsdetails'] = ['email' => (string) $client->getEmail()];
        }
        try {
            $package = $account->getPackage();
        } catch (\Throwable $e) {
            $package = null;  // an account without a plan: the library's defaults apply
        }
        if ($package !== null) {
            $keys = $this->optionKeys();
            foreach ($keys as $i => $key) {
                $n = $i + 1;
                $value = $package->getCustomValue($key);
                if ($value === null) {
                    $value = $package->getCustomValue('configoption' . $n);
                }
                if ($value !== null) {
                    $params['configoption' . $n] = $value;
                }
            }
        }
        return $params;
    }

    /** @return string[] */
    private function optionKeys(): array
    {
        if ($this->optionKeys === null) {
            $result = $this->hook('config_options', []);
            $this->optionKeys = array_map(static fn ($o) => (string) $o['key'], $result['options'] ?? []);
        }
        return $this->optionKeys;
    }

    private function context(): \Embyprov\Context
    {
        if ($this->embyprov === null) {
            $fallback = defined('PATH_DATA') ? [rtrim((string) constant('PATH_DATA'), '/') . '/embyprov'] : [];
            try {
                // A weak reference: manager -> context -> logger must not be a
                // cycle that keeps contexts open until the cycle collector runs.
                $self = \WeakReference::create($this);
                $this->embyprov = new \Embyprov\Context(\Embyprov\Settings::openConfig($fallback), static function (string $action, string $request, string $response) use ($self): void {
                    $manager = $self->get();
                    if ($manager !== null) {
                        $manager->logLine('Emby ' . $action . "\n" . $request . "\n" . $response);
                    }
                });
            } catch (\Throwable $e) {
                throw new Server_Exception(':error', [':error' => $e->getMessage()], 2001);
            }
        }
        return $this->embyprov;
    }

    /**
     * One line to the order's log: Emby exchanges at debug level (kept only
     * in FOSSBilling's debug mode), outcomes at info / err. One argument
     * only, so Box_Log does not run the text through vsprintf.
     */
    private function logLine(string $text, string $level = 'debug'): void
    {
        foreach ($this->secrets as $secret) {
            $text = str_replace($secret, '********', $text);
        }
        try {
            $log = $this->getLog();
            if ($log !== null) {
                $log->{$level}($text);
            }
        } catch (\Throwable $e) {
            // logging must never break provisioning
        }
    }

    /** Calls a hook; a failure becomes Server_Exception with the library's message. */
    private function hook(string $hook, array $params): array
    {
        $this->secrets = array_values(array_filter([
            (string) ($params['serveraccesshash'] ?? ''), (string) ($params['serverpassword'] ?? ''),
            (string) ($params['password'] ?? ''),
        ], static fn ($s) => $s !== ''));
        [$rc, $result] = $this->context()->tryCall($hook, $params);
        if ($rc !== 0) {
            $text = (string) ($result['error'] ?? 'embyprov error ' . $rc);
            $this->logLine('Emby ' . $hook . ' failed: ' . $text, 'err');
            throw new Server_Exception(':error', [':error' => $text], -$rc);
        }
        $this->logLine('Emby ' . $hook . ': success', 'info');
        return $result;
    }
}
