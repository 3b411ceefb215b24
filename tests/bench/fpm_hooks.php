<?php
/*
 * Round-trip depth of the WHMCS module's hooks as PHP-FPM runs them: a
 * php-fpm pool with one worker (pm = static, ffi.enable = 1, the distribution's
 * php.ini otherwise, opcache on) runs fpm_front.php, which loads the shipped
 * module and calls one module function per request, over FastCGI, against
 * embyprov-sim with every answer delayed. Each hook is measured on a
 * worker's first request (php-fpm started afresh) and on its later ones,
 * with requests one at a time (EMBYPROV_MAX_PARALLEL=1, the plain sequential
 * way) and with the module's defaults; with strace, the flushes to disk of a
 * later request are counted too. Prints a Markdown table.
 *
 *   php fpm_hooks.php --module DIR --sim BIN --library SO --workdir DIR
 *       [--fpm BIN] [--latency-ms 50] [--media 15] [--rounds 3]
 */
declare(strict_types=1);

require __DIR__ . '/../php/harness.php';
require __DIR__ . '/fastcgi.php';

$opt = test_options($argv, ['module', 'sim', 'library', 'workdir']);
$latency = (int) ($opt['latency-ms'] ?? 50);
$media = (int) ($opt['media'] ?? 15);
$rounds = max(1, (int) ($opt['rounds'] ?? 3));
$fpmBinary = $opt['fpm'] ?? (trim((string) shell_exec('command -v php-fpm8.2 || command -v php-fpm')) ?: '');
if ($fpmBinary === '' || !is_executable($fpmBinary)) {
    fwrite(STDERR, "fpm_hooks: php-fpm not found (Debian: apt-get install php8.2-fpm)\n");
    exit(2);
}
$work = rtrim($opt['workdir'], '/');
@mkdir($work, 0777, true);
$db = "$work/fpm-state.db";
foreach ([$db, "$db-wal", "$db-shm", "$db-locks"] as $f) {
    @unlink($f);
}
$fail = static function (string $what, $detail): void {
    fwrite(STDERR, "fpm_hooks: $what failed: " . json_encode($detail) . "\n");
    exit(1);
};

/** One php-fpm master with one worker; restarted for each "first request". */
final class Fpm
{
    /** @var resource|null */
    private $proc = null;
    public int $port = 0;
    private FastCgi $client;

    public function __construct(private string $binary, private string $work, private array $env)
    {
    }

    public function start(array $extraEnv): void
    {
        $this->stop();
        $this->port = free_port();
        $asRoot = function_exists('posix_geteuid') && posix_geteuid() === 0;
        $conf = "[global]\npid = {$this->work}/fpm.pid\nerror_log = {$this->work}/fpm.log\ndaemonize = no\n"
            . "[bench]\nlisten = 127.0.0.1:{$this->port}\npm = static\npm.max_children = 1\npm.max_requests = 0\n"
            . "clear_env = yes\nphp_admin_value[ffi.enable] = 1\nphp_admin_value[display_errors] = stderr\n"
            . ($asRoot ? "user = root\ngroup = root\n" : '');
        foreach ($this->env + $extraEnv as $k => $v) {
            $conf .= "env[$k] = $v\n";
        }
        file_put_contents("{$this->work}/fpm.conf", $conf);
        $cmd = [$this->binary, '-F', '-y', "{$this->work}/fpm.conf"];
        if ($asRoot) {
            $cmd[] = '-R';
        }
        $this->proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', "{$this->work}/fpm.err", 'a']], $pipes);
        $this->client = new FastCgi('127.0.0.1', $this->port);
        if (!wait_for_port($this->port)) {
            throw new RuntimeException("php-fpm did not start; see {$this->work}/fpm.log");
        }
    }

    /** Runs one job; returns the front's answer plus the request's wall time. */
    public function run(array $job): array
    {
        $script = __DIR__ . '/fpm_front.php';
        $start = hrtime(true);
        $r = $this->client->request(['SCRIPT_FILENAME' => $script, 'SCRIPT_NAME' => '/fpm_front.php',
            'REQUEST_METHOD' => 'POST', 'CONTENT_TYPE' => 'application/json'], json_encode($job));
        $wall = (hrtime(true) - $start) / 1e6;
        $answer = json_decode($r['body'], true);
        if (!is_array($answer)) {
            throw new RuntimeException("php-fpm answered no JSON: {$r['body']} {$r['stderr']}");
        }
        return $answer + ['wall_ms' => $wall];
    }

    public function stop(): void
    {
        if (is_resource($this->proc)) {
            proc_terminate($this->proc);
            proc_close($this->proc);
        }
        $this->proc = null;
    }

    public function __destruct()
    {
        $this->stop();
    }
}

$sim = new Sim($opt['sim']);
$fpm = new Fpm($fpmBinary, $work, [
    'EMBYPROV_LIBRARY' => realpath($opt['library']), 'EMBYPROV_DATABASE' => $db,
    'EMBYPROV_BENCH_MODULE' => realpath($opt['module']), 'PATH' => '/usr/bin:/bin',
]);
$fpm->start([]);

// Product settings by name: configoptionN is the Nth field of ConfigOptions.
$options = $fpm->run(['hook' => 'ConfigOptions', 'params' => []])['result'];
$position = array_flip(array_keys($options));
$option = static fn (string $key): string => 'configoption' . ($position[$key] + 1);
$server = ['server' => true, 'serverid' => 3, 'serverip' => '127.0.0.1', 'serverhostname' => '127.0.0.1',
    'serverport' => (string) $sim->port, 'serversecure' => false, 'serverhttpprefix' => 'http',
    'serveraccesshash' => $sim->key, 'serverusername' => '', 'serverpassword' => ''];
$paramsFor = static function (int $id, string $libraries = 'Movies') use ($server, $option, $media): array {
    return $server + [
        'accountid' => $id, 'serviceid' => $id, 'userid' => 17, 'pid' => 5, 'packageid' => 5, 'domain' => '',
        'username' => "fpm-$id", 'password' => 'Fpm-Pass-' . $id . '!', 'status' => 'Active',
        'configoption1' => 'auto', $option('libraries') => $libraries, $option('media_accounts') => (string) $media,
        'clientsdetails' => ['userid' => 17, 'email' => 'bench@example.com', 'language' => 'english'],
    ];
};
/** A service with $media household accounts. */
$household = static function (int $id) use ($fpm, $paramsFor, $media, $fail): array {
    $p = $paramsFor($id);
    $r = $fpm->run(['hook' => 'CreateAccount', 'params' => $p]);
    if ($r['result'] !== 'success') {
        $fail('CreateAccount', $r);
    }
    for ($i = 0; $i < $media; $i++) {
        $r = $fpm->run(['hook' => 'ClientArea', 'params' => $p, 'post' => ['embyprov_action' => 'media_add',
            'name' => "fpm-$id-m$i", 'password' => "Media-Pass-$i-x!"]]);
        if ($r['result'] !== 'success') {
            $fail('adding a media account', $r);
        }
    }
    return $p;
};

$nextId = 9500;
$h = $household(++$nextId);
// What each hook runs, and what puts the service back before the next run.
$hooks = [
    'client area overview' => [['hook' => 'ClientArea', 'params' => $h], null],
    'SuspendAccount' => [['hook' => 'SuspendAccount', 'params' => $h], ['hook' => 'UnsuspendAccount', 'params' => $h]],
    'UnsuspendAccount' => [['hook' => 'UnsuspendAccount', 'params' => $h], ['hook' => 'SuspendAccount', 'params' => $h]],
    'ChangePackage' => [['hook' => 'ChangePackage', 'params' => $paramsFor($nextId, 'Movies,TV Shows') + $h],
        ['hook' => 'ChangePackage', 'params' => $h]],
    'CreateAccount (main account only)' => [null, null],
];
$job = static function (string $name) use (&$hooks, &$nextId, $paramsFor): array {
    if ($hooks[$name][0] !== null) {
        return $hooks[$name][0];
    }
    return ['hook' => 'CreateAccount', 'params' => $paramsFor(++$nextId)];
};
$faults = static fn () => $sim->http('POST', '/__sim/faults', json_encode(['latency_ms' => $latency]));
$noFaults = static fn () => $sim->http('DELETE', '/__sim/faults');
$strace = trim((string) shell_exec('command -v strace'));

$modes = ['one at a time' => ['EMBYPROV_MAX_PARALLEL' => '1'], 'module defaults' => []];
$ms = [];
$flushes = [];
foreach ($modes as $mode => $env) {
    foreach (array_keys($hooks) as $name) {
        [, $reset] = $hooks[$name];
        for ($round = 0; $round < $rounds; $round++) {
            if ($reset) {
                $fpm->run($reset);
            }
            $fpm->start($env);  // a fresh worker: its first request
            $faults();
            foreach (['first', 'later', 'later'] as $i => $which) {
                if ($i > 0 && $reset) {
                    $noFaults();
                    $fpm->run($reset);
                    $faults();
                }
                $r = $fpm->run($job($name));
                if ($r['result'] !== 'success') {
                    $fail("$name ($mode, $which)", $r);
                }
                $ms[$name][$mode][$which][] = $r['hook_ms'];
                $ms[$name][$mode][$which . ' wall'][] = $r['wall_ms'];
            }
            $noFaults();
        }
        if ($strace !== '' && $mode === 'module defaults') {
            // The flushes of one later request, seen by strace on the worker.
            if ($reset) {
                $fpm->run($reset);
            }
            $pid = (int) $fpm->run($job($name))['pid'];
            if ($reset) {
                $fpm->run($reset);
            }
            $trace = "$work/strace.txt";
            @unlink($trace);
            $tracer = proc_open([$strace, '-qq', '-f', '-e', 'trace=fsync,fdatasync', '-o', $trace, '-p', (string) $pid],
                [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
            usleep(300000);  // attached
            $fpm->run($job($name));
            usleep(100000);
            proc_terminate($tracer, 2);
            proc_close($tracer);
            $flushes[$name] = preg_match_all('/f(data)?sync\(/', (string) @file_get_contents($trace));
        }
    }
}
$fpm->stop();
$sim->stop();

$median = static function (array $v): float {
    sort($v);
    return $v[intdiv(count($v), 2)];
};
$limits = ['client area overview' => 1, 'SuspendAccount' => 2, 'UnsuspendAccount' => 2, 'ChangePackage' => 2,
    'CreateAccount (main account only)' => 3];
echo "Through the WHMCS module as PHP-FPM runs it (php-fpm " . PHP_VERSION . ", one worker, ffi.enable=1, opcache on, "
    . "the module's logger on), household of 1 + $media, every answer delayed by $latency ms; median of $rounds "
    . "workers for a first request, of " . (2 * $rounds) . " later requests. Depth: the module function's time over the "
    . "delay; request: the whole FastCGI request in ms. Limit: the fewest answers a hook must wait for one after "
    . "another." . ($strace !== '' ? ' Flushes: fsync/fdatasync calls of one later request (strace on the worker).' : '')
    . "\n\n";
echo "| hook | limit | one at a time: first | later | defaults: first | later | later request ms |"
    . ($strace !== '' ? ' flushes |' : '') . "\n|---|---:|---:|---:|---:|---:|---:|" . ($strace !== '' ? '---:|' : '') . "\n";
foreach ($ms as $name => $byMode) {
    $d = static fn (string $mode, string $which) => $median($byMode[$mode][$which]) / $latency;
    printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f |%s\n", $name, $limits[$name], $d('one at a time', 'first'),
        $d('one at a time', 'later'), $d('module defaults', 'first'), $d('module defaults', 'later'),
        $median($byMode['module defaults']['later wall']), $strace !== '' ? ' ' . ($flushes[$name] ?? '-') . ' |' : '');
}
