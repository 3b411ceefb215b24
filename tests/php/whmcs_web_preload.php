<?php
/*
 * The WHMCS module under a web SAPI, as php-fpm runs it (`php -S`). With
 * PHP's default ffi.enable=preload only preloaded code may use FFI: the
 * module must answer a clear error, not die. With Embyprov.php in
 * opcache.preload and embyprov-ffi.h in ffi.preload (the documented php-fpm
 * setup; the library found by its SONAME) it works, log callbacks included;
 * and with ffi.enable=1 too.
 *
 *   php whmcs_web_preload.php --module DIR --header FILE --sim BIN --library SO --workdir DIR
 */
declare(strict_types=1);

require __DIR__ . '/harness.php';

$opt = test_options($argv, ['module', 'header', 'sim', 'library', 'workdir']);
$t = new Checks();
@mkdir($opt['workdir'], 0777, true);
$sim = new Sim($opt['sim']);
echo "embyprov-sim at {$sim->url}\n";

/** Starts `php -S` with extra ini settings; returns [process, port]. */
function web_server(array $ini, array $env, string $docroot): array
{
    $port = free_port();
    $cmd = [PHP_BINARY];
    foreach ($ini as $k => $v) {
        $cmd[] = '-d';
        $cmd[] = "$k=$v";
    }
    array_push($cmd, '-S', "127.0.0.1:$port", '-t', $docroot);
    $proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, $docroot, $env);
    wait_for_port($port);
    return [$proc, $port];
}

function fetch(int $port, string $query = ''): array
{
    $ctx = stream_context_create(['http' => ['timeout' => 60, 'ignore_errors' => true]]);
    $body = @file_get_contents("http://127.0.0.1:$port/whmcs_web_router.php$query", false, $ctx);
    $data = json_decode((string) $body, true);
    return is_array($data) ? $data : ['raw' => $body];
}

$env = getenv();
$env['LD_LIBRARY_PATH'] = dirname($opt['library']);  // FFI_LIB is the SONAME
unset($env['EMBYPROV_LIBRARY']);
$env['EMBYPROV_TEST_MODULE'] = $opt['module'];
$env['EMBYPROV_TEST_PORT'] = (string) $sim->port;
$env['EMBYPROV_TEST_KEY'] = $sim->key;
$env['EMBYPROV_TEST_SUFFIX'] = bin2hex(random_bytes(3));
$db = $opt['workdir'] . '/web-state.db';
foreach ([$db, "$db-wal", "$db-shm"] as $f) {
    @unlink($f);
}
$env['EMBYPROV_DATABASE'] = $db;

/** Runs the router under one PHP configuration and checks the whole round. */
function round_trip(Checks $t, string $label, array $ini, array $env, Sim $sim, string $user): void
{
    [$proc, $port] = web_server($ini, $env, __DIR__);
    $r = fetch($port);
    $again = fetch($port, '?step=again');  // the same worker's next request
    proc_terminate($proc);
    proc_close($proc);
    $t->check("$label: a later request of the worker works and asks the server's type no more",
        ($again['create'] ?? '') === 'success' && ($again['terminate'] ?? '') === 'success'
        && ($again['type_probes'] ?? -1) === 0, json_encode($again));
    $t->check("$label: TestConnection", ($r['test_connection']['success'] ?? false) === true,
        json_encode($r['test_connection'] ?? $r['raw'] ?? null));
    $t->check("$label: Create / Suspend / Unsuspend / Terminate return \"success\"",
        ($r['create'] ?? '') === 'success' && ($r['suspend'] ?? '') === 'success' && ($r['unsuspend'] ?? '') === 'success'
        && ($r['terminate'] ?? '') === 'success', json_encode([$r['create'] ?? null, $r['suspend'] ?? null, $r['terminate'] ?? null]));
    $t->check("$label: the client area renders", ($r['client_area_code'] ?? -1) === 0 && ($r['client_area_has_user'] ?? false) === true);
    $t->check("$label: the log callback works (Emby requests in the module log)", ($r['emby_log_entries'] ?? 0) >= 8,
        (string) ($r['emby_log_entries'] ?? 0));
    $t->check("$label: the account went through the server and is gone again", count($sim->users($user)) === 0);
}

/**
 * As root, PHP preloads as opcache.preload_user (here "nobody"), which must be
 * able to read what it preloads. The build tree may sit in a folder only root
 * can enter (a mktemp clone is 0700), so the preloaded files and the library
 * are staged in a world-readable folder, as a package would install them.
 */
function stage_for_preload(array &$opt, array &$env): string
{
    $stage = sys_get_temp_dir() . '/embyprov-preload-' . bin2hex(random_bytes(4));
    mkdir("$stage/module/lib", 0755, true);
    mkdir("$stage/module/templates", 0755);
    mkdir("$stage/lib", 0755);
    foreach (glob($opt['module'] . '/*.php') as $f) {
        copy($f, "$stage/module/" . basename($f));
    }
    foreach (['lib', 'templates'] as $sub) {
        foreach (glob($opt['module'] . "/$sub/*") as $f) {
            copy($f, "$stage/module/$sub/" . basename($f));
        }
    }
    copy($opt['header'], "$stage/embyprov-ffi.h");
    copy(realpath($opt['library']), "$stage/lib/libembyprov.so.1");  // FFI_LIB is the SONAME
    foreach (['', '/module', '/module/lib', '/module/templates', '/lib'] as $dir) {
        chmod($stage . $dir, 0755);
        foreach (glob("$stage$dir/*") ?: [] as $f) {
            if (is_file($f)) {
                chmod($f, 0644);
            }
        }
    }
    $opt['module'] = "$stage/module";
    $opt['header'] = "$stage/embyprov-ffi.h";
    $env['LD_LIBRARY_PATH'] = "$stage/lib";
    $env['EMBYPROV_TEST_MODULE'] = $opt['module'];
    register_shutdown_function(static function () use ($stage): void {
        exec('rm -rf ' . escapeshellarg($stage));
    });
    return $stage;
}

$asRoot = function_exists('posix_geteuid') && posix_geteuid() === 0;
$preloadUser = $asRoot ? ['opcache.preload_user' => 'nobody'] : [];
if ($asRoot) {
    stage_for_preload($opt, $env);
}
$opcache = ['opcache.enable' => '1', 'opcache.enable_cli' => '1'];
$user = 'web-' . $env['EMBYPROV_TEST_SUFFIX'];

// 1. PHP's default ffi.enable=preload: nothing works until Embyprov.php is preloaded.
[$proc, $port] = web_server(['ffi.enable' => 'preload'], $env, __DIR__);
$r = fetch($port);
proc_terminate($proc);
proc_close($proc);
$t->check('ffi.enable=preload: the web SAPI refuses FFI to ordinary scripts (as php-fpm does)', ($r['cdef_allowed'] ?? true) === false,
    json_encode($r['raw'] ?? $r['ffi_enable'] ?? ''));
$t->check('... and CreateAccount explains what to configure, no fatal error',
    is_string($r['create'] ?? null) && str_contains($r['create'], 'opcache.preload'), (string) ($r['create'] ?? json_encode($r)));
$t->check('... and TestConnection too', ($r['test_connection']['success'] ?? true) === false
    && str_contains((string) ($r['test_connection']['error'] ?? ''), 'opcache.preload'));

// 2. The recommended php-fpm setup: preload the PHP binding and the FFI header.
round_trip($t, 'preloaded', ['ffi.enable' => 'preload', 'ffi.preload' => $opt['header'],
    'opcache.preload' => $opt['module'] . '/lib/Embyprov.php'] + $preloadUser + $opcache, $env, $sim, $user);

// 3. The blunt alternative: ffi.enable=1.
$env['EMBYPROV_LIBRARY'] = $opt['library'];
round_trip($t, 'ffi.enable=1', ['ffi.enable' => '1'], $env, $sim, $user);

$sim->stop();
exit($t->finish());
