<?php
/*
 * Shared by the PHP adapter tests: command-line options, a fresh
 * embyprov-sim on a free loopback port, the customer's view of the server
 * (sign in, token check) and a pass/fail counter.
 */
declare(strict_types=1);

final class Checks
{
    private int $passed = 0;
    private int $failed = 0;

    public function check(string $what, bool $ok, string $detail = ''): bool
    {
        if ($ok) {
            $this->passed++;
        } else {
            $this->failed++;
        }
        echo ($ok ? '  ok    ' : '  FAIL  '), $what, $detail !== '' ? ': ' . $detail : '', "\n";
        return $ok;
    }

    public function note(string $text): void
    {
        echo '  NOTE  ', $text, "\n";
    }

    public function finish(): int
    {
        echo "{$this->passed} passed, {$this->failed} failed\n";
        return $this->failed === 0 && $this->passed > 0 ? 0 : 1;
    }
}

/** --name value options */
function test_options(array $argv, array $required): array
{
    $out = [];
    for ($i = 1; $i < count($argv); $i++) {
        if (strncmp($argv[$i], '--', 2) === 0) {
            $name = substr($argv[$i], 2);
            $out[$name] = ($i + 1 < count($argv) && strncmp($argv[$i + 1], '--', 2) !== 0) ? $argv[++$i] : '1';
        }
    }
    foreach ($required as $name) {
        if (!isset($out[$name])) {
            fwrite(STDERR, "missing --$name\n");
            exit(2);
        }
    }
    return $out;
}

/** A loopback port nobody listens on right now. */
function free_port(): int
{
    $probe = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
    fclose($probe);
    return $port;
}

/** Waits until something accepts connections on the loopback port; false after $seconds. */
function wait_for_port(int $port, float $seconds = 10.0): bool
{
    $until = microtime(true) + $seconds;
    do {
        $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 0.2);
        if ($s) {
            fclose($s);
            return true;
        }
        usleep(50000);
    } while (microtime(true) < $until);
    return false;
}

/** A running embyprov-sim; it exits with this process (stdin EOF) at the latest. */
final class Sim
{
    public string $url;
    public string $key;
    public int $port;
    /** @var resource */
    private $proc;
    /** @var array<int,resource> */
    private array $pipes = [];

    public function __construct(string $binary)
    {
        $this->key = 'php-test-' . bin2hex(random_bytes(8));
        $cmd = [$binary, '--port', '0', '--api-key', $this->key, '--exit-on-stdin-eof'];
        $this->proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $this->pipes);
        if (!is_resource($this->proc)) {
            throw new RuntimeException('cannot start embyprov-sim');
        }
        $line = fgets($this->pipes[1]);
        if ($line === false || !preg_match('#^http://127\.0\.0\.1:(\d+)#', trim($line), $m)) {
            throw new RuntimeException('embyprov-sim did not print its URL');
        }
        $this->url = trim($line);
        $this->port = (int) $m[1];
    }

    public function stop(): void
    {
        if (is_resource($this->proc)) {
            fclose($this->pipes[0]);
            fclose($this->pipes[1]);
            proc_terminate($this->proc);
            proc_close($this->proc);
        }
    }

    public function __destruct()
    {
        $this->stop();
    }

    /** @return array{0:int,1:string} */
    public function http(string $method, string $path, ?string $body = null, array $headers = []): array
    {
        $headers[] = 'Content-Type: application/json';
        $ctx = stream_context_create(['http' => [
            'method' => $method,
            'header' => implode("\r\n", $headers),
            'content' => $body ?? '',
            'ignore_errors' => true,
            'timeout' => 15,
        ]]);
        $text = @file_get_contents($this->url . $path, false, $ctx);
        $status = 0;
        foreach ($http_response_header ?? [] as $h) {
            if (preg_match('#^HTTP/\S+\s+(\d{3})#', $h, $m)) {
                $status = (int) $m[1];
            }
        }
        return [$status, $text === false ? '' : $text];
    }

    /** Signs in as the customer would; returns [status, token]. */
    public function signIn(string $user, string $password, string $device): array
    {
        $auth = 'X-Emby-Authorization: Emby Client="php-probe", Device="' . $device . '", DeviceId="' . $device . '", Version="1.0"';
        [$status, $body] = $this->http('POST', '/emby/Users/AuthenticateByName',
            json_encode(['Username' => $user, 'Pw' => $password]), [$auth]);
        $token = '';
        if ($status === 200) {
            $token = (string) (json_decode($body, true)['AccessToken'] ?? '');
        }
        return [$status, $token];
    }

    /** Library names the customer sees after signing in (null when the sign-in fails). */
    public function views(string $user, string $password): ?array
    {
        $auth = 'X-Emby-Authorization: Emby Client="php-probe", Device="views", DeviceId="php-probe-views", Version="1.0"';
        [$status, $body] = $this->http('POST', '/emby/Users/AuthenticateByName',
            json_encode(['Username' => $user, 'Pw' => $password]), [$auth]);
        if ($status !== 200) {
            return null;
        }
        $auth = json_decode($body, true);
        [$status, $body] = $this->http('GET', '/emby/Users/' . $auth['User']['Id'] . '/Views', null,
            ['X-Emby-Token: ' . $auth['AccessToken']]);
        $names = array_map(static fn ($i) => (string) $i['Name'], json_decode($body, true)['Items'] ?? []);
        sort($names);
        return $names;
    }

    /** 200 while the token is valid, 401 once it was revoked. */
    public function tokenStatus(string $token): int
    {
        return $this->http('GET', '/emby/System/Info', null, ['X-Emby-Token: ' . $token])[0];
    }

    /** @return array<string,mixed> */
    public function state(): array
    {
        return json_decode($this->http('GET', '/__sim/state')[1], true) ?: [];
    }

    /** @return array<int,array<string,mixed>> users of that name */
    public function users(string $name): array
    {
        return array_values(array_filter($this->state()['users'] ?? [],
            static fn ($u) => strcasecmp((string) ($u['name'] ?? ''), $name) === 0));
    }
}

/** True when no string anywhere in $data contains $secret. */
function free_of($data, string $secret): bool
{
    if ($secret === '') {
        return true;
    }
    $text = is_string($data) ? $data : json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    return !str_contains((string) $text, $secret);
}
