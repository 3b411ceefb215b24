<?php
/*
 * The WHMCS module as WHMCS calls it: php-cli loads the assembled module
 * folder (exactly what the package installs) over a stand-in for the WHMCS
 * globals, against a fresh embyprov-sim, through the whole lifecycle plus
 * the client area. Outcomes are judged on the server: can the customer sign
 * in, which libraries do they see, is the device signed out.
 *
 *   php whmcs_lifecycle.php --module DIR --sim BIN --library SO --workdir DIR
 *   (--broken: the module with a library that cannot load; run by the test itself)
 */
declare(strict_types=1);

require __DIR__ . '/harness.php';

$opt = test_options($argv, ['module', 'workdir']);
$t = new Checks();

if (isset($opt['broken'])) {
    // Child process: EMBYPROV_LIBRARY points at a file that does not exist.
    require __DIR__ . '/whmcs_standin.php';
    require $opt['module'] . '/embyprov.php';
    $meta = embyprov_MetaData();
    $t->check('MetaData still lists the module without the library', ($meta['DisplayName'] ?? '') === 'Emby / Jellyfin');
    $create = embyprov_CreateAccount(['serviceid' => 1, 'username' => 'x', 'password' => 'y',
        'serverhostname' => '127.0.0.1', 'serveraccesshash' => 'k']);
    $t->check('CreateAccount returns the load error as text, no exception',
        is_string($create) && $create !== 'success' && str_contains($create, 'libembyprov'), $create);
    $options = embyprov_ConfigOptions();
    $t->check('ConfigOptions shows the error as a field', isset($options['embyprov_error']));
    $conn = embyprov_TestConnection(['serverhostname' => '127.0.0.1', 'serveraccesshash' => 'k']);
    $t->check('TestConnection reports the error', ($conn['success'] ?? true) === false && $conn['error'] !== '', $conn['error'] ?? '');
    $ca = embyprov_ClientArea(['serviceid' => 1]);
    $t->check('ClientArea falls back to the error template', ($ca['tabOverviewReplacementTemplate'] ?? '') === 'templates/error.tpl');
    exit($t->finish());
}

foreach (['sim', 'library'] as $name) {
    if (!isset($opt[$name])) {
        fwrite(STDERR, "missing --$name\n");
        exit(2);
    }
}
@mkdir($opt['workdir'], 0777, true);
$db = $opt['workdir'] . '/whmcs-state.db';
foreach ([$db, "$db-wal", "$db-shm"] as $f) {
    @unlink($f);
}
putenv('EMBYPROV_LIBRARY=' . $opt['library']);
putenv('EMBYPROV_DATABASE=' . $db);

require __DIR__ . '/whmcs_standin.php';
require $opt['module'] . '/embyprov.php';

// The environment a php-fpm pool sets reaches the library's configuration.
putenv('EMBYPROV_MAX_PARALLEL=5');
putenv('EMBYPROV_SERVER_CONNECTIONS=3');
$fromEnv = Embyprov\Settings::openConfig();
$t->check('EMBYPROV_MAX_PARALLEL and EMBYPROV_SERVER_CONNECTIONS reach the configuration',
    ($fromEnv['max_parallel'] ?? null) === 5 && ($fromEnv['server_connections'] ?? null) === 3, json_encode($fromEnv));
putenv('EMBYPROV_MAX_PARALLEL');
putenv('EMBYPROV_SERVER_CONNECTIONS');

$sim = new Sim($opt['sim']);
echo "embyprov-sim at {$sim->url}\n";

$suffix = bin2hex(random_bytes(3));
$username = 'whmcs-jane-' . $suffix;
$password = 'Wh-Pass-' . bin2hex(random_bytes(4)) . '!';
$server = [
    'server' => true, 'serverid' => 3, 'serverip' => '127.0.0.1', 'serverhostname' => '127.0.0.1',
    'serverport' => (string) $sim->port, 'serversecure' => false, 'serverhttpprefix' => 'http',
    'serverusername' => '', 'serverpassword' => '', 'serveraccesshash' => $sim->key,
];
$params = $server + [
    'accountid' => 4101, 'serviceid' => 4101, 'userid' => 17, 'pid' => 5, 'packageid' => 5, 'domain' => '',
    'username' => $username, 'password' => $password, 'status' => 'Pending', 'type' => 'other',
    'moduletype' => 'embyprov', 'action' => 'create', 'whmcsVersion' => '8.10.1-release.1',
    'configoption1' => 'auto', 'configoption2' => 'Movies', 'configoption3' => '', 'configoption4' => '2',
    'configoptions' => [], 'customfields' => [],
    'clientsdetails' => ['userid' => 17, 'email' => 'jane@example.com', 'firstname' => 'Jane', 'language' => 'english'],
    'model' => new ArrayObject(['an Eloquent model' => true]),  // objects must not reach the library
];
$log = static fn () => $GLOBALS['whmcs_standin']['log'];

// --- module description ------------------------------------------------------
$meta = embyprov_MetaData();
$t->check('MetaData: display name, API 1.1, needs a server',
    ($meta['DisplayName'] ?? '') === 'Emby / Jellyfin' && ($meta['APIVersion'] ?? '') === '1.1' && ($meta['RequiresServer'] ?? false) === true);

$options = embyprov_ConfigOptions();
$keys = array_keys($options);
$types = array_unique(array_column($options, 'Type'));
$t->check('ConfigOptions: the product settings in configoptionN order', count($options) >= 12 && $keys[0] === 'flavour' && $keys[1] === 'libraries',
    implode(',', $keys));
$t->check('ConfigOptions: only WHMCS field types', array_diff($types, ['text', 'password', 'yesno', 'dropdown', 'radio', 'textarea']) === [],
    implode(',', $types));
$t->check('ConfigOptions: every field has a FriendlyName', count(array_filter($options, static fn ($o) => ($o['FriendlyName'] ?? '') === '')) === 0);
// Product settings by name, as the admin fills them in: configoptionN is the Nth field.
$position = array_flip($keys);
$option = static fn (string $key): string => 'configoption' . (($position[$key] ?? 98) + 1);
$params[$option('media_accounts')] = '2';

// --- Test Connection --------------------------------------------------------------
$conn = embyprov_TestConnection($server);
$t->check('TestConnection succeeds', ($conn['success'] ?? false) === true, $conn['error'] ?? '');
$conn = embyprov_TestConnection(['serveraccesshash' => 'wrong-key-0000'] + $server);
$t->check('TestConnection: a wrong API key is named as such', ($conn['success'] ?? true) === false && stripos($conn['error'], 'auth') !== false, $conn['error'] ?? '');
$t->check('TestConnection: the wrong key is not in the message', free_of($conn['error'] ?? '', 'wrong-key-0000'));
$closed = stream_socket_server('tcp://127.0.0.1:0');
$closedPort = (int) substr(strrchr(stream_socket_get_name($closed, false), ':'), 1);
fclose($closed);
$conn = embyprov_TestConnection(['serverport' => (string) $closedPort] + $server);
$t->check('TestConnection: an unreachable port says TCP (not "HTTP code 0")',
    ($conn['success'] ?? true) === false && str_contains($conn['error'], 'TCP'), $conn['error'] ?? '');

// --- CreateAccount ------------------------------------------------------------------
$GLOBALS['whmcs_standin']['log'] = [];
$r = embyprov_CreateAccount($params);
$t->check('CreateAccount returns "success"', $r === 'success', (string) $r);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('the customer signs in with the WHMCS password', $status === 200, "HTTP $status");
[$status] = $sim->signIn($username, '', 'phone-' . $suffix);
$t->check('a blank password is refused', $status === 401 || $status === 403, "HTTP $status");
$t->check('the customer sees the product\'s libraries', $sim->views($username, $password) === ['Movies'],
    json_encode($sim->views($username, $password)));

$entries = $log();
$emby = array_values(array_filter($entries, static fn ($e) => str_starts_with($e['action'], 'create_account: ')));
$t->check('every Emby request of CreateAccount is in the module log', count($emby) >= 3,
    count($emby) . ' entries: ' . implode(' | ', array_column($emby, 'action')));
$t->check('a log entry names the request ("create_account: POST /emby/Users/New")',
    count(array_filter($emby, static fn ($e) => str_contains($e['action'], 'POST /emby/Users/New'))) === 1);
$summary = array_values(array_filter($entries, static fn ($e) => $e['action'] === 'create_account'));
$t->check('one summary entry with the result', count($summary) === 1 && str_contains($summary[0]['raw_response'], 'success'));
$leaks = array_filter($entries, static fn ($e) =>
    !free_of($e['raw_request'] . $e['raw_response'] . $e['raw_processed'], $sim->key)
    || !free_of($e['raw_request'] . $e['raw_response'] . $e['raw_processed'], $password));
$t->check('no API key or password in any log entry, even before replaceVars', count($leaks) === 0,
    count($leaks) . ' leaking entries');
$t->check('replaceVars carry the API key and the password',
    count(array_filter($entries, static fn ($e) => in_array($sim->key, $e['replaceVars'], true) && in_array($password, $e['replaceVars'], true))) === count($entries));

$r = embyprov_CreateAccount($params);
$t->check('CreateAccount again (the Module Queue retries) converges', $r === 'success' && count($sim->users($username)) === 1,
    $r . ', users named so: ' . count($sim->users($username)));

// A service without a password: the library makes one up, WHMCS stores it.
$gen = ['serviceid' => 4102, 'username' => $username . 'g', 'password' => ''] + $params;
$r = embyprov_CreateAccount($gen);
$stored = array_values(array_filter($GLOBALS['whmcs_standin']['localapi'], static fn ($c) => $c[0] === 'UpdateClientProduct' && $c[1]['serviceid'] === 4102));
$t->check('a generated password is saved to the service (UpdateClientProduct)', $r === 'success' && count($stored) === 1
    && strlen((string) $stored[0][1]['servicepassword']) >= 8);
if ($stored) {
    [$status] = $sim->signIn($username . 'g', (string) $stored[0][1]['servicepassword'], 'gen-' . $suffix);
    $t->check('... and it is the password that signs in', $status === 200, "HTTP $status");
}
embyprov_TerminateAccount($gen);

// --- Suspend / Unsuspend -----------------------------------------------------------------
[, $tv] = $sim->signIn($username, $password, 'tv-' . $suffix);
$r = embyprov_SuspendAccount(['suspendreason' => 'Overdue on Payment', 'action' => 'suspend'] + $params);
$t->check('SuspendAccount returns "success"', $r === 'success', (string) $r);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('signing in is refused while suspended', $status === 401 || $status === 403, "HTTP $status");
$t->check('the TV was signed out by the suspension', $sim->tokenStatus($tv) === 401);
$r = embyprov_UnsuspendAccount($params);
$t->check('UnsuspendAccount returns "success"', $r === 'success', (string) $r);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('signing in works again', $status === 200, "HTTP $status");

// --- ChangePassword ---------------------------------------------------------------------------
$newPassword = 'Wh-New-' . bin2hex(random_bytes(4)) . '#';
$r = embyprov_ChangePassword(['password' => $newPassword, 'action' => 'changepw'] + $params);
$t->check('ChangePassword returns "success"', $r === 'success', (string) $r);
[$status] = $sim->signIn($username, $password, 'phone-' . $suffix);
$t->check('the old password is refused', $status === 401 || $status === 403, "HTTP $status");
[$status, $tv] = $sim->signIn($username, $newPassword, 'tv-' . $suffix);
$t->check('the new password works', $status === 200, "HTTP $status");
$params['password'] = $newPassword;
$t->check('the new password is masked in the log', count(array_filter($log(), static fn ($e) => !free_of($e['raw_request'] . $e['raw_response'], $newPassword))) === 0);

// --- Admin buttons -------------------------------------------------------------------------------
$buttons = embyprov_AdminCustomButtonArray();
$t->check('AdminCustomButtonArray: drop devices and sync', in_array('DropDevices', $buttons, true) && in_array('Sync', $buttons, true)
    && function_exists('embyprov_DropDevices') && function_exists('embyprov_Sync'));
$r = embyprov_DropDevices($params);
$t->check('"Drop all devices" returns "success"', $r === 'success', (string) $r);
$t->check('the TV is signed out', $sim->tokenStatus($tv) === 401);

$r = embyprov_ChangePackage(['configoption2' => 'Movies,TV Shows', 'action' => 'upgrade'] + $params);
$t->check('ChangePackage returns "success"', $r === 'success', (string) $r);
$t->check('the customer now sees both libraries', $sim->views($username, $newPassword) === ['Movies', 'TV Shows'],
    json_encode($sim->views($username, $newPassword)));
$params['configoption2'] = 'Movies,TV Shows';
$r = embyprov_Sync($params);
$t->check('"Sync with server" returns "success"', $r === 'success', (string) $r);

// --- Admin tab, usage, server sync ------------------------------------------------------------------
$tab = embyprov_AdminServicesTabFields($params);
$t->check('AdminServicesTabFields shows the Emby username', in_array($username, $tab, true) || count(array_filter($tab, static fn ($v) => str_contains($v, $username))) > 0,
    json_encode($tab));
$r = embyprov_UsageUpdate($server);
$row = \WHMCS\Database\Capsule::table('mod_embyprov_usage')->where('serviceid', 4101)->first();
$t->check('UsageUpdate stores the service\'s usage', $r === 'success' && $row !== null && (int) $row->media_accounts === 0, (string) $r);
$tab = embyprov_AdminServicesTabFields($params);
$t->check('... and the admin tab shows it', isset($tab['Usage']) && str_contains($tab['Usage'], 'device'), $tab['Usage'] ?? '');
$list = embyprov_ListAccounts($server);
$mine = array_values(array_filter($list['accounts'] ?? [], static fn ($a) => $a['username'] === $username));
$t->check('ListAccounts lists the account as Active', ($list['success'] ?? false) === true && count($mine) === 1
    && $mine[0]['status'] === 'Active' && $mine[0]['uniqueIdentifier'] === $username && preg_match('/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/', $mine[0]['created']));
$t->check('ListAccounts leaves the administrator out', count(array_filter($list['accounts'] ?? [], static fn ($a) => $a['username'] === 'admin')) === 0);

// --- Client area -------------------------------------------------------------------------------------------
$cbuttons = embyprov_ClientAreaCustomButtonArray();
$allowed = embyprov_ClientAreaAllowedFunctions();
$t->check('client buttons are callable functions', in_array('ClientDropDevices', $cbuttons, true) && in_array('ClientDropDevices', $allowed, true)
    && function_exists('embyprov_ClientDropDevices'));
$confirm = embyprov_ClientDropDevices($params);
$t->check('the client button shows a confirmation form (WHMCS links it without a token)',
    ($confirm['templatefile'] ?? '') === 'templates/confirm' && ($confirm['vars']['embyprov_csrf'] ?? '') === $GLOBALS['whmcs_standin']['token']
    && is_file($opt['module'] . '/templates/confirm.tpl'));
foreach (['overview.tpl', 'error.tpl', 'confirm.tpl'] as $tpl) {
    $t->check("template $tpl is in the module folder", is_file($opt['module'] . '/templates/' . $tpl));
}

$_SERVER['REQUEST_METHOD'] = 'GET';
$_POST = [];
$page = embyprov_ClientArea($params);
$vars = $page['templateVariables'] ?? [];
$code = (int) ($vars['embyprov_code'] ?? 0);
$html = (string) ($vars['embyprov_html'] ?? '');
$t->check('ClientArea replaces the overview with the rendered page',
    ($page['tabOverviewReplacementTemplate'] ?? '') === 'templates/overview.tpl' && $code === 0 && str_contains($html, $username),
    'code ' . $code . ' ' . (string) ($vars['embyprov_error'] ?? ''));
$t->check('the forms post to the service page', str_contains($html, 'clientarea.php?action=productdetails&amp;id=4101'));
$t->check('no form field is called "action" (WHMCS routes on it)', !preg_match('/name="action"/', $html) && str_contains($html, 'name="embyprov_action"'));
$t->check('every form carries WHMCS\'s token too', substr_count($html, 'name="token"') === substr_count($html, 'name="csrf_token"')
    && substr_count($html, 'name="token"') > 0);
$t->check('the libraries are listed', str_contains($html, 'TV Shows'));

[, $tv] = $sim->signIn($username, $newPassword, 'tv-' . $suffix);
whmcs_post(['embyprov_action' => 'drop_devices', 'csrf_token' => 'forged', 'token' => 'forged']);
$page = embyprov_ClientArea($params);
$t->check('a client action with a wrong token is refused and changes nothing',
    (int) ($page['templateVariables']['embyprov_code'] ?? 0) === -2 && $sim->tokenStatus($tv) === 200,
    'code ' . ($page['templateVariables']['embyprov_code'] ?? '?'));
whmcs_post(['embyprov_action' => 'drop_devices', 'csrf_token' => $GLOBALS['whmcs_standin']['token'], 'token' => $GLOBALS['whmcs_standin']['token']]);
$page = embyprov_ClientArea($params);
$t->check('client action "drop devices" succeeds with a message', (int) ($page['templateVariables']['embyprov_code'] ?? -1) === 0
    && ($page['templateVariables']['embyprov_message'] ?? '') !== '', (string) ($page['templateVariables']['embyprov_message'] ?? ''));
$t->check('... and the TV is signed out', $sim->tokenStatus($tv) === 401);

// Nothing posted reaches the template variables as typed (a reseller's template might print it raw).
$probe = '<script>probe-' . bin2hex(random_bytes(4)) . '</script>';
whmcs_post(['embyprov_action' => $probe, 'name' => $probe, 'csrf_token' => $GLOBALS['whmcs_standin']['token'],
            'token' => $GLOBALS['whmcs_standin']['token']]);
$page = embyprov_ClientArea($params);
$raw = array_filter($page['templateVariables'] ?? [], static fn ($v) => is_string($v) && str_contains($v, '<script>probe-'));
$t->check('no template variable carries a posted value unescaped', $raw === [], implode(', ', array_keys($raw)));

// Characters WHMCS escapes in $_POST; the plain "action" field name of an older form still works.
$changed = 'Ca<&>"\'-' . bin2hex(random_bytes(4));
whmcs_post(['action' => 'change_password', 'new_password' => $changed, 'confirm_password' => $changed,
            'csrf_token' => $GLOBALS['whmcs_standin']['token'], 'token' => $GLOBALS['whmcs_standin']['token']]);
$before = count($GLOBALS['whmcs_standin']['localapi']);
$page = embyprov_ClientArea($params);
[$status] = $sim->signIn($username, $changed, 'phone-' . $suffix);
$saved = array_slice($GLOBALS['whmcs_standin']['localapi'], $before);
$t->check('client "change password" works and WHMCS keeps the new password',
    (int) ($page['templateVariables']['embyprov_code'] ?? -1) === 0 && $status === 200
    && count($saved) === 1 && $saved[0][1]['servicepassword'] === $changed, "HTTP $status");
$t->check('the customer\'s new password is masked in the log, even before replaceVars',
    count($leaky = array_filter($log(), static fn ($e) => !free_of($e["raw_request"] . $e["raw_response"] . $e["raw_processed"], $changed))) === 0, json_encode(array_values($leaky)));
$params['password'] = $changed;
$_POST = [];
$_SERVER['REQUEST_METHOD'] = 'GET';

// --- Errors come back as text ----------------------------------------------------------------------------
$r = embyprov_SuspendAccount(['serviceid' => 999999] + $params);
$t->check('SuspendAccount of an unknown service returns the error text', is_string($r) && $r !== 'success' && $r !== '', (string) $r);
$r = embyprov_CreateAccount(['serverhostname' => '', 'serverip' => ''] + $params);
$t->check('a server without an address is a clear error', is_string($r) && $r !== 'success' && str_contains($r, 'hostname'), (string) $r);

// --- TerminateAccount ------------------------------------------------------------------------------------------
$r = embyprov_TerminateAccount(['action' => 'terminate'] + $params);
$t->check('TerminateAccount returns "success"', $r === 'success', (string) $r);
$t->check('the Emby user is gone', count($sim->users($username)) === 0);
$r = embyprov_TerminateAccount($params);
$t->check('TerminateAccount again succeeds', $r === 'success', (string) $r);

$sim->stop();

// --- A context that cannot open says why ---------------------------------------------------------------------------
$unopenable = [
    [['databse' => 'sqlite:' . $db], "'databse'"],
    [['database' => 'sqlite:' . $opt['workdir'] . '/no-such-folder/x.db'], 'folder does not exist'],
];
foreach ($unopenable as [$config, $reason]) {
    $why = '';
    try {
        new \Embyprov\Context($config);
    } catch (\Embyprov\EmbyprovException $e) {
        $why = $e->getMessage();
    }
    $t->check("a context that cannot open says why ($reason)", str_contains($why, $reason), $why);
}

// --- Without the library ------------------------------------------------------------------------------------------
$cmd = [PHP_BINARY, __FILE__, '--module', $opt['module'], '--workdir', $opt['workdir'], '--broken'];
$env = getenv();
$env['EMBYPROV_LIBRARY'] = $opt['workdir'] . '/no-such-libembyprov.so.1';
$env['EMBYPROV_DATABASE'] = $opt['workdir'] . '/broken.db';
$proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($proc);
echo preg_replace('/^(\d+ passed.*)$/m', '  (child) $1', $out);
$t->check('without the library every function still answers (no fatal error)', $rc === 0 && str_contains($out, '0 failed'), trim($err));

exit($t->finish());
