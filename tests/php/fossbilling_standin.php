<?php
/*
 * The part of FOSSBilling a server manager touches, reduced to what the
 * contract says (src/library/Server/*.php): the abstract Server_Manager with
 * its constructor and logger, Server_Exception with :placeholders and a
 * code, and the Server_Account / Server_Client / Server_Package value
 * objects. The logger records into $GLOBALS['fossbilling_log'].
 */
declare(strict_types=1);

$GLOBALS['fossbilling_log'] = [];

final class Box_Log
{
    public function __call(string $priority, array $args)
    {
        // As FOSSBilling's Box_Log: one argument is the message as is, more run through vsprintf.
        $message = (string) array_shift($args);
        $GLOBALS['fossbilling_log'][] = [$priority, $args ? vsprintf($message, $args) : $message];
        return $this;
    }
}

class Server_Exception extends Exception
{
    public function __construct(string $message, ?array $variables = null, int $code = 0)
    {
        parent::__construct($variables ? strtr($message, $variables) : $message, $code);
    }
}

abstract class Server_Manager
{
    protected array $_config = [
        'ip' => null, 'host' => null, 'secure' => false, 'username' => null, 'password' => null,
        'accesshash' => null, 'config' => null, 'port' => null, 'passwordLength' => null,
    ];
    private ?Box_Log $_log = null;

    public function __construct(array $options)
    {
        foreach (['ip', 'host', 'username', 'password', 'accesshash', 'passwordLength', 'ssl', 'config', 'port'] as $k) {
            if (isset($options[$k])) {
                $this->_config[$k] = $options[$k];
            }
        }
        if (isset($options['secure'])) {
            $this->_config['secure'] = (bool) $options['secure'];
        }
        $this->init();
    }

    protected function init()
    {
    }

    public function getLog(): ?Box_Log
    {
        return $this->_log ??= new Box_Log();
    }

    abstract public function getLoginUrl(?Server_Account $account);
    abstract public function getResellerLoginUrl(?Server_Account $account);
    abstract public function testConnection();
    abstract public function createAccount(Server_Account $account);
    abstract public function synchronizeAccount(Server_Account $account);
    abstract public function suspendAccount(Server_Account $account);
    abstract public function unsuspendAccount(Server_Account $account);
    abstract public function cancelAccount(Server_Account $account);
    abstract public function changeAccountPassword(Server_Account $account, string $newPassword);
    abstract public function changeAccountUsername(Server_Account $account, string $newUsername);
    abstract public function changeAccountDomain(Server_Account $account, string $newDomain);
    abstract public function changeAccountIp(Server_Account $account, string $newIp);
    abstract public function changeAccountPackage(Server_Account $account, Server_Package $package);
}

class Server_Client
{
    private ?string $email = null;

    public function getEmail(): ?string
    {
        return $this->email;
    }

    public function setEmail(?string $email): static
    {
        $this->email = $email;
        return $this;
    }
}

class Server_Package
{
    private ?string $name = 'FOSSBilling';
    private array $custom = [];

    public function setCustomValues(array $param): static
    {
        $this->custom = $param;
        return $this;
    }

    public function getCustomValue(string $param): ?string
    {
        return isset($this->custom[$param]) ? (string) $this->custom[$param] : null;
    }

    public function getName(): ?string
    {
        return $this->name;
    }

    public function setName(?string $name): static
    {
        $this->name = $name;
        return $this;
    }
}

class Server_Account
{
    private ?string $username = null;
    private ?string $password = null;
    private ?string $domain = null;
    private ?string $ip = null;
    private ?Server_Client $client = null;
    private ?Server_Package $package = null;
    private ?bool $reseller = null;
    private ?bool $suspended = null;
    private ?string $note = null;

    public function getUsername(): ?string { return $this->username; }
    public function setUsername(?string $v): static { $this->username = $v; return $this; }
    public function getPassword(): ?string { return $this->password; }
    public function setPassword(?string $v): static { $this->password = $v; return $this; }
    public function getDomain(): ?string { return $this->domain; }
    public function setDomain(?string $v): static { $this->domain = $v; return $this; }
    public function getIp(): ?string { return $this->ip; }
    public function setIp(?string $v): static { $this->ip = $v; return $this; }
    public function getClient(): ?Server_Client { return $this->client; }
    public function setClient(?Server_Client $v): static { $this->client = $v; return $this; }
    public function getPackage(): Server_Package { return $this->package; }
    public function setPackage(?Server_Package $v): static { $this->package = $v; return $this; }
    public function getReseller(): ?bool { return $this->reseller; }
    public function setReseller(bool $v): static { $this->reseller = $v; return $this; }
    public function getSuspended(): ?bool { return $this->suspended; }
    public function setSuspended(bool $v): static { $this->suspended = $v; return $this; }
    public function getNote(): ?string { return $this->note; }
    public function setNote(?string $v): static { $this->note = $v; return $this; }
}
