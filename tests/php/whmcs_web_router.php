<?php
/*
 * Runs inside `php -S` (a web SAPI, where ffi.enable=preload forbids
 * FFI::cdef): one request drives the WHMCS module through a short
 * lifecycle and answers what happened as JSON (?step=again: a create and a
 * terminate only, and how often the server's type was asked). Settings come
 * from the environment of the server process.
 */
declare(strict_types=1);

header('Content-Type: application/json');
require __DIR__ . '/whmcs_standin.php';
require getenv('EMBYPROV_TEST_MODULE') . '/embyprov.php';

$server = [
    'serverhostname' => '127.0.0.1', 'serverport' => getenv('EMBYPROV_TEST_PORT'), 'serversecure' => false,
    'serveraccesshash' => getenv('EMBYPROV_TEST_KEY'),
];
$params = $server + [
    'serviceid' => 7001, 'username' => 'web-' . getenv('EMBYPROV_TEST_SUFFIX'), 'password' => 'Web-Pass-1234!',
    'configoption2' => 'Movies', 'configoptions' => [], 'customfields' => [],
];
$probes = static fn (): int => count(array_filter($GLOBALS['whmcs_standin']['log'],
    static fn ($e) => str_contains($e['action'], '/System/Info/Public')));
if (($_GET['step'] ?? '') === 'again') {
    // A later request of the same worker: a fresh library context, but the
    // process still knows the server's type.
    $out = ['create' => embyprov_CreateAccount($params), 'terminate' => embyprov_TerminateAccount($params)];
    $out['type_probes'] = $probes();
    echo json_encode($out);
    return;
}
$out = [
    'ffi_enable' => ini_get('ffi.enable'),
    'cdef_allowed' => (static function (): bool {
        try {
            FFI::cdef('int abs(int);');
            return true;
        } catch (Throwable $e) {
            return false;
        }
    })(),
    'test_connection' => embyprov_TestConnection($server),
    'create' => embyprov_CreateAccount($params),
    'suspend' => embyprov_SuspendAccount($params),
    'unsuspend' => embyprov_UnsuspendAccount($params),
];
$_SERVER['REQUEST_METHOD'] = 'GET';
$page = embyprov_ClientArea($params);
$out['client_area_code'] = $page['templateVariables']['embyprov_code'] ?? null;
$out['client_area_has_user'] = str_contains((string) ($page['templateVariables']['embyprov_html'] ?? ''), $params['username']);
$out['terminate'] = embyprov_TerminateAccount($params);
$out['emby_log_entries'] = count(array_filter($GLOBALS['whmcs_standin']['log'], static fn ($e) => str_contains($e['action'], ': ')));
echo json_encode($out);
