<?php
/*
 * Round-trip depth of the WHMCS module's hooks as WHMCS runs them: php-cli
 * loads the assembled module folder over the WHMCS stand-in, with the
 * module's logger on (WHMCS always logs module calls), against embyprov-sim
 * with every answer delayed. Each hook gets a fresh library context, as each
 * PHP-FPM request does. Prints a Markdown table: wall time, and wall time
 * over the delay (how many answers deep the hook waited), with the requests
 * one at a time (EMBYPROV_MAX_PARALLEL=1, the plain sequential way) and with
 * the module's defaults.
 *
 *   php php_hooks.php --module DIR --sim BIN --library SO --workdir DIR
 *       [--latency-ms 50] [--media 4] [--rounds 3]
 */
declare(strict_types=1);

require __DIR__ . '/../php/harness.php';

$opt = test_options($argv, ['module', 'sim', 'library', 'workdir']);
$latency = (int) ($opt['latency-ms'] ?? 50);
$media = (int) ($opt['media'] ?? 4);
$rounds = max(1, (int) ($opt['rounds'] ?? 3));
@mkdir($opt['workdir'], 0777, true);
$db = $opt['workdir'] . '/bench-state.db';
foreach ([$db, "$db-wal", "$db-shm"] as $f) {
    @unlink($f);
}
putenv('EMBYPROV_LIBRARY=' . $opt['library']);
putenv('EMBYPROV_DATABASE=' . $db);
require __DIR__ . '/../php/whmcs_standin.php';
require $opt['module'] . '/embyprov.php';

$sim = new Sim($opt['sim']);
$fresh_context = static function (?int $maxParallel): void {
    putenv($maxParallel === null ? 'EMBYPROV_MAX_PARALLEL' : "EMBYPROV_MAX_PARALLEL=$maxParallel");
    $context = new ReflectionProperty(EmbyprovWhmcs::class, 'context');
    $context->setAccessible(true);
    $context->setValue(null, null);
};
$fail = static function (string $what, $detail): void {
    fwrite(STDERR, "php_hooks: $what failed: " . json_encode($detail) . "\n");
    exit(1);
};

// Product settings by name: configoptionN is the Nth field of ConfigOptions.
$position = array_flip(array_keys(embyprov_ConfigOptions()));
$option = static fn (string $key): string => 'configoption' . ($position[$key] + 1);

/** A service with $media household accounts; returns its WHMCS params. */
$household = static function (int $id) use ($sim, $media, $fail, $option): array {
    $params = [
        'server' => true, 'serverid' => 3, 'serverip' => '127.0.0.1', 'serverhostname' => '127.0.0.1',
        'serverport' => (string) $sim->port, 'serversecure' => false, 'serverhttpprefix' => 'http',
        'serveraccesshash' => $sim->key, 'serverusername' => '', 'serverpassword' => '',
        'accountid' => $id, 'serviceid' => $id, 'userid' => 17, 'pid' => 5, 'packageid' => 5, 'domain' => '',
        'username' => "bench-$id", 'password' => 'Bench-Pass-' . $id . '!', 'status' => 'Active',
        'configoption1' => 'auto', 'configoption2' => 'Movies', $option('media_accounts') => (string) $media,
        'clientsdetails' => ['userid' => 17, 'email' => 'bench@example.com', 'language' => 'english'],
    ];
    $r = embyprov_CreateAccount($params);
    if ($r !== 'success') {
        $fail('CreateAccount', $r);
    }
    for ($i = 0; $i < $media; $i++) {
        whmcs_post(['embyprov_action' => 'media_add', 'name' => "bench-$id-m$i", 'password' => "Media-Pass-$i-x!",
            'csrf_token' => $GLOBALS['whmcs_standin']['token'], 'token' => $GLOBALS['whmcs_standin']['token']]);
        $page = embyprov_ClientArea($params);
        if ((int) ($page['templateVariables']['embyprov_code'] ?? -1) !== 0) {
            $fail('adding a media account', $page['templateVariables'] ?? $page);
        }
    }
    $_SERVER['REQUEST_METHOD'] = 'GET';
    $_POST = [];
    return $params;
};

$hooks = [
    'client area overview' => static function (array $p) {
        $_SERVER['REQUEST_METHOD'] = 'GET';
        $_POST = [];
        $page = embyprov_ClientArea($p);
        return (int) ($page['templateVariables']['embyprov_code'] ?? -1) === 0 ? 'success' : $page;
    },
    'SuspendAccount' => static fn (array $p) => embyprov_SuspendAccount($p),
    'UnsuspendAccount' => static fn (array $p) => embyprov_UnsuspendAccount($p),
    'ChangePackage' => static fn (array $p) => embyprov_ChangePackage([$option('libraries') => 'Movies,TV Shows'] + $p),
];

$modes = ['requests one at a time' => 1, 'module defaults' => null];
$ms = [];
$id = 9100;
foreach ($modes as $mode => $maxParallel) {
    for ($round = 0; $round < $rounds; $round++) {
        $fresh_context($maxParallel);
        $params = $household(++$id);
        $sim->http('POST', '/__sim/faults', json_encode(['latency_ms' => $latency]));
        foreach ($hooks as $name => $run) {
            $fresh_context($maxParallel);
            $start = hrtime(true);
            $r = $run($params);
            $ms[$name][$mode][] = (hrtime(true) - $start) / 1e6;
            if ($r !== 'success') {
                $fail($name, $r);
            }
        }
        $sim->http('DELETE', '/__sim/faults');
    }
}

$median = static function (array $v): float {
    sort($v);
    return $v[intdiv(count($v), 2)];
};
echo "Through the WHMCS module (php-cli " . PHP_VERSION . ", FFI, the module's logger on, a fresh library context per hook as in each PHP-FPM request), household of 1 + $media, every answer delayed by $latency ms; median of $rounds runs. Depth is wall time over the delay.\n\n";
echo "| hook | one at a time: ms | depth | module defaults: ms | depth |\n|---|---:|---:|---:|---:|\n";
foreach ($ms as $name => $byMode) {
    $one = $median($byMode['requests one at a time']);
    $def = $median($byMode['module defaults']);
    printf("| %s | %.0f | %.1f | %.0f | %.1f |\n", $name, $one, $one / $latency, $def, $def / $latency);
}
$sim->stop();
