<?php
/*
 * A FastCGI client just big enough to send one request to php-fpm and
 * read its answer (FastCGI 1.0: a responder request, its parameters, its
 * body; the answer's stdout, stderr and end record).
 */
declare(strict_types=1);

final class FastCgi
{
    private const BEGIN_REQUEST = 1;
    private const END_REQUEST = 3;
    private const PARAMS = 4;
    private const STDIN = 5;
    private const STDOUT = 6;
    private const STDERR = 7;

    public function __construct(private string $host, private int $port)
    {
    }

    /** @return array{status:int,body:string,stderr:string} */
    public function request(array $params, string $body, float $timeout = 60.0): array
    {
        $socket = @stream_socket_client("tcp://{$this->host}:{$this->port}", $errno, $errstr, $timeout);
        if ($socket === false) {
            throw new RuntimeException("cannot reach php-fpm at {$this->host}:{$this->port}: $errstr");
        }
        stream_set_timeout($socket, (int) ceil($timeout));
        $params += ['CONTENT_LENGTH' => (string) strlen($body), 'GATEWAY_INTERFACE' => 'FastCGI/1.0',
            'SERVER_PROTOCOL' => 'HTTP/1.1', 'SERVER_SOFTWARE' => 'embyprov-bench'];
        $pairs = '';
        foreach ($params as $name => $value) {
            $pairs .= self::length(strlen((string) $name)) . self::length(strlen((string) $value)) . $name . $value;
        }
        $out = self::record(self::BEGIN_REQUEST, pack('nCx5', 1, 0));  // responder, close after
        foreach (str_split($pairs, 65535) as $chunk) {
            $out .= self::record(self::PARAMS, $chunk);
        }
        $out .= self::record(self::PARAMS, '');
        foreach ($body === '' ? [] : str_split($body, 65535) as $chunk) {
            $out .= self::record(self::STDIN, $chunk);
        }
        $out .= self::record(self::STDIN, '');
        fwrite($socket, $out);

        $stdout = $stderr = '';
        while (true) {
            $header = self::read($socket, 8);
            $h = unpack('Cversion/Ctype/nid/nlength/Cpadding', $header);
            $content = self::read($socket, $h['length'] + $h['padding']);
            $content = substr($content, 0, $h['length']);
            if ($h['type'] === self::STDOUT) {
                $stdout .= $content;
            } elseif ($h['type'] === self::STDERR) {
                $stderr .= $content;
            } elseif ($h['type'] === self::END_REQUEST) {
                break;
            }
        }
        fclose($socket);
        [$head, $text] = array_pad(explode("\r\n\r\n", $stdout, 2), 2, '');
        $status = preg_match('/^Status: (\d{3})/mi', $head, $m) ? (int) $m[1] : 200;
        return ['status' => $status, 'body' => $text, 'stderr' => $stderr];
    }

    private static function record(int $type, string $content): string
    {
        return pack('CCnnCx', 1, $type, 1, strlen($content), 0) . $content;
    }

    private static function length(int $n): string
    {
        return $n < 128 ? chr($n) : pack('N', $n | 0x80000000);
    }

    /** @param resource $socket */
    private static function read($socket, int $n): string
    {
        $data = '';
        while (strlen($data) < $n) {
            $chunk = fread($socket, $n - strlen($data));
            if ($chunk === false || $chunk === '') {
                throw new RuntimeException('php-fpm closed the connection mid-answer');
            }
            $data .= $chunk;
        }
        return $data;
    }
}
