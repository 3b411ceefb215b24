<?php
/*
 * The FOSSBilling server manager as FOSSBilling's Servicehosting module
 * drives it: php-cli loads the assembled library/ folder (as the package
 * installs it) over a stand-in base class, against a fresh embyprov-sim,
 * through the whole lifecycle. Failures must arrive as Server_Exception.
 *
 *   php fossbilling_lifecycle.php --library-dir DIR --sim BIN --library SO --workdir DIR
 */
declare(strict_types=1);

require __DIR__ . '/harness.php';

$opt = test_options($argv, ['library-dir', 'sim', 'library', 'workdir']);
$t = new Checks();
@mkdir($opt['workdir'], 0777, true);
$db = $opt['workdir'] . '/fossbilling-state.db';
foreach ([$db, "$db-wal", "$db-shm"] as $f) {
    @unlink($f);
}
putenv('EMBYPROV_LIBRARY=' . $opt['library']);
putenv('EMBYPROV_DATABASE=' . $db);

require __DIR__ . '/fossbilling_standin.php';
require $opt['library-dir'] . '/Server/Manager/Embyprov.php';

$sim = new Sim($opt['sim']);
echo "embyprov-sim at {$sim->url}\n";

/** Expects $fn to throw Server_Exception; returns it (or null). */
function raises(callable $fn): ?Server_Exception
{
    try {
        $fn();
    } catch (Server_Exception $e) {
        return $e;
    } catch (Throwable $e) {
        echo '  (raised ', get_class($e), ': ', $e->getMessage(), ")\n";
        return null;
    }
    return null;
}

$config = ['ip' => '127.0.0.1', 'host' => '127.0.0.1', 'port' => $sim->port, 'secure' => false,
           'accesshash' => $sim->key, 'config' => [], 'passwordLength' => 12];

// --- the form and the configuration checks ---------------------------------
$form = Server_Manager_Embyprov::getForm();
$fields = array_column($form['form']['credentials']['fields'] ?? [], 'name');
$t->check('getForm: a label and the API key field', ($form['label'] ?? '') !== '' && in_array('accesshash', $fields, true), implode(',', $fields));
$e = raises(static fn () => new Server_Manager_Embyprov(['accesshash' => 'x']));
$t->check('a server without a hostname is refused (code 2001)', $e !== null && $e->getCode() === 2001, $e ? $e->getMessage() : 'no exception');
$e = raises(static fn () => new Server_Manager_Embyprov(['host' => '127.0.0.1']));
$t->check('a server without an API key is refused (code 2001)', $e !== null && $e->getCode() === 2001, $e ? $e->getMessage() : 'no exception');

$m = new Server_Manager_Embyprov($config);
$t->check('the login URL is the Emby web app', $m->getLoginUrl(null) === $sim->url . '/web/index.html', $m->getLoginUrl(null));
$t->check('testConnection succeeds', $m->testConnection() === true);
$bad = new Server_Manager_Embyprov(['accesshash' => 'not-the-key-123'] + $config);
$e = raises(static fn () => $bad->testConnection());
$t->check('testConnection with a wrong key raises Server_Exception naming authentication',
    $e !== null && stripos($e->getMessage(), 'auth') !== false && $e->getCode() === 5, $e ? $e->getMessage() : 'no exception');
$t->check('... without the key in the message', $e === null || free_of($e->getMessage(), 'not-the-key-123'));

// --- the account, as Servicehosting builds it ----------------------------------
$suffix = bin2hex(random_bytes(3));
$username = 'fb' . $suffix;
$password = 'Fb-Pass-' . bin2hex(random_bytes(4)) . '!';
$package = (new Server_Package())->setName('Emby Basic')->setCustomValues(['libraries' => 'Movies', 'stream_limit' => '2']);
$account = (new Server_Account())->setUsername($username)->setPassword($password)->setDomain('jane.example.com')
    ->setClient((new Server_Client())->setEmail('jane@example.com'))->setPackage($package)->setReseller(false)->setIp('127.0.0.1');

$t->check('createAccount returns true', $m->createAccount($account) === true);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('the customer signs in', $status === 200, "HTTP $status");
$t->check('the plan\'s custom value "libraries" is applied', $sim->views($username, $password) === ['Movies'], json_encode($sim->views($username, $password)));
$t->check('createAccount again converges', $m->createAccount($account) === true && count($sim->users($username)) === 1);

// FOSSBilling stores "********" instead of the password after activation.
$stored = (clone $account)->setPassword('********');

$synced = $m->synchronizeAccount($stored);
$t->check('synchronizeAccount: active', $synced->getSuspended() === false && $synced->getUsername() === $username);

[, $tv] = $sim->signIn($username, $password, 'tv-' . $suffix);
$t->check('suspendAccount returns true', $m->suspendAccount((clone $stored)->setNote('Overdue')) === true);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('signing in is refused while suspended', $status === 401 || $status === 403, "HTTP $status");
$t->check('the TV was signed out', $sim->tokenStatus($tv) === 401);
$t->check('synchronizeAccount: suspended', $m->synchronizeAccount($stored)->getSuspended() === true);
$t->check('unsuspendAccount returns true', $m->unsuspendAccount($stored) === true);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('signing in works again', $status === 200, "HTTP $status");

$newPassword = 'Fb-New-' . bin2hex(random_bytes(4)) . '#';
$t->check('changeAccountPassword returns true', $m->changeAccountPassword($stored, $newPassword) === true);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('the old password is refused', $status === 401 || $status === 403, "HTTP $status");
[$status, $tv] = $sim->signIn($username, $newPassword, 'tv-' . $suffix);
$t->check('the new password works', $status === 200, "HTTP $status");

$bigger = (new Server_Package())->setName('Emby Plus')->setCustomValues(['libraries' => 'Movies,TV Shows', 'media_accounts' => '2']);
$t->check('changeAccountPackage returns true', $m->changeAccountPackage($stored, $bigger) === true);
$t->check('the customer now sees both libraries', $sim->views($username, $newPassword) === ['Movies', 'TV Shows'],
    json_encode($sim->views($username, $newPassword)));

$t->check('dropDevices signs the TV out', $m->dropDevices($stored) >= 1 && $sim->tokenStatus($tv) === 401);
$usage = array_values(array_filter($m->usage(), static fn ($s) => $s['serviceid'] === Server_Manager_Embyprov::serviceId($stored)));
$t->check('usage() reports the service', count($usage) === 1);

$e = raises(static fn () => $m->changeAccountUsername($stored, 'renamed'));
$t->check('changeAccountUsername is refused with Server_Exception', $e !== null);
$t->check('changeAccountDomain / changeAccountIp are no-ops', $m->changeAccountDomain($stored, 'x.example') === true && $m->changeAccountIp($stored, '10.0.0.1') === true);

$ghost = (clone $stored)->setUsername('nobody' . $suffix);
$e = raises(static fn () => $m->suspendAccount($ghost));
$t->check('suspending an account the module never created raises Server_Exception with the reason',
    $e !== null && $e->getMessage() !== '' && $e->getCode() > 0, $e ? $e->getCode() . ' ' . $e->getMessage() : 'no exception');

$t->check('cancelAccount returns true', $m->cancelAccount($stored) === true);
$t->check('the Emby user is gone', count($sim->users($username)) === 0);
$t->check('cancelAccount again returns true', $m->cancelAccount($stored) === true);

// --- the order log ----------------------------------------------------------------
$lines = array_column($GLOBALS['fossbilling_log'], 1);
$t->check('every Emby request is in the order log', count(array_filter($lines, static fn ($l) => str_starts_with($l, 'Emby POST /emby/Users/New'))) >= 1,
    count($lines) . ' lines');
$t->check('outcomes are logged at info / err level', count(array_filter($GLOBALS['fossbilling_log'], static fn ($l) =>
    $l[0] === 'info' && $l[1] === 'Emby create_account: success')) >= 1
    && count(array_filter($GLOBALS['fossbilling_log'], static fn ($l) => $l[0] === 'err' && str_starts_with($l[1], 'Emby suspend_account failed'))) === 1);
$t->check('no API key or password in the log', count(array_filter($lines, static fn ($l) =>
    !free_of($l, $sim->key) || !free_of($l, $password) || !free_of($l, $newPassword))) === 0);

$sim->stop();
exit($t->finish());
