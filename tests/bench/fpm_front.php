<?php
/*
 * What php-fpm runs for one request of the benchmark: loads the WHMCS
 * stand-in and the shipped module, as WHMCS does on every request, runs the
 * module function named in the posted job, and answers how long the script
 * and the module function took (monotonic clock).
 *
 *   job: {"hook": "SuspendAccount" | "ClientArea" | ..., "params": {...},
 *         "post": {...} (a client-area form; its CSRF token is filled in)}
 */
declare(strict_types=1);

$start = hrtime(true);
require __DIR__ . '/../php/whmcs_standin.php';
require getenv('EMBYPROV_BENCH_MODULE') . '/embyprov.php';

$job = json_decode((string) file_get_contents('php://input'), true);
$params = $job['params'];
$_SERVER['REQUEST_METHOD'] = 'GET';
$_POST = [];
if (isset($job['post'])) {
    $token = $GLOBALS['whmcs_standin']['token'];
    whmcs_post($job['post'] + ['csrf_token' => $token, 'token' => $token]);
}
$hookStart = hrtime(true);
if ($job['hook'] === 'ClientArea') {
    $page = embyprov_ClientArea($params);
    $result = (int) ($page['templateVariables']['embyprov_code'] ?? -1) === 0 ? 'success' : $page['templateVariables'] ?? $page;
} else {
    $result = ('embyprov_' . $job['hook'])($params);
}
$hookEnd = hrtime(true);
header('Content-Type: application/json');
echo json_encode(['result' => $result, 'hook_ms' => ($hookEnd - $hookStart) / 1e6,
    'script_ms' => ($hookEnd - $start) / 1e6, 'pid' => getmypid()]);
