<?php
/*
 * The smallest WHMCS a server module needs to run outside WHMCS: the WHMCS
 * constant, logModuleCall (recording, and masking replaceVars the way the
 * Module Log does), generate_token, localAPI, a Capsule over in-memory
 * tables and the service status constants. Everything it records is in
 * $GLOBALS['whmcs_standin'] for the test to inspect.
 */
declare(strict_types=1);

namespace WHMCS\Database {
    final class Capsule
    {
        /** @var array<string,array<int,array<string,mixed>>> */
        public static array $tables = [];

        public static function schema(): FakeSchema
        {
            return new FakeSchema();
        }

        public static function table(string $name): FakeQuery
        {
            return new FakeQuery($name);
        }
    }

    final class FakeSchema
    {
        public function hasTable(string $name): bool
        {
            return array_key_exists($name, Capsule::$tables);
        }

        public function create(string $name, callable $define): void
        {
            Capsule::$tables[$name] = [];
            $define(new FakeBlueprint());
        }
    }

    final class FakeBlueprint
    {
        public function __call(string $method, array $args): self
        {
            return $this;
        }
    }

    final class FakeQuery
    {
        private string $name;
        /** @var array<string,mixed> */
        private array $where = [];

        public function __construct(string $name)
        {
            $this->name = $name;
        }

        public function where(string $column, $value): self
        {
            $this->where[$column] = $value;
            return $this;
        }

        private function matches(array $row, array $where): bool
        {
            foreach ($where as $k => $v) {
                if (!array_key_exists($k, $row) || $row[$k] != $v) {
                    return false;
                }
            }
            return true;
        }

        public function first(): ?object
        {
            foreach (Capsule::$tables[$this->name] ?? [] as $row) {
                if ($this->matches($row, $this->where)) {
                    return (object) $row;
                }
            }
            return null;
        }

        public function updateOrInsert(array $keys, array $values): bool
        {
            if (!array_key_exists($this->name, Capsule::$tables)) {
                throw new \RuntimeException("no table {$this->name}");
            }
            foreach (Capsule::$tables[$this->name] as $i => $row) {
                if ($this->matches($row, $keys)) {
                    Capsule::$tables[$this->name][$i] = array_merge($row, $values);
                    return true;
                }
            }
            Capsule::$tables[$this->name][] = array_merge($keys, $values);
            return true;
        }
    }
}

namespace WHMCS\Service {
    final class Status
    {
        public const ACTIVE = 'Active';
        public const SUSPENDED = 'Suspended';
    }
}

namespace {
    define('WHMCS', true);

    $GLOBALS['whmcs_standin'] = ['log' => [], 'localapi' => [], 'token' => 'whmcs-session-token-' . bin2hex(random_bytes(6))];

    function logModuleCall($module, $action, $request, $response, $processed = '', $replaceVars = [])
    {
        $text = static function ($v): string {
            return is_string($v) ? $v : (string) json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        };
        $entry = [
            'module' => $module, 'action' => $action,
            'raw_request' => $text($request), 'raw_response' => $text($response), 'raw_processed' => $text($processed),
            'replaceVars' => $replaceVars,
        ];
        foreach (['request', 'response', 'processed'] as $part) {
            $entry[$part] = $entry['raw_' . $part];
            foreach ((array) $replaceVars as $secret) {
                if (is_string($secret) && $secret !== '') {
                    $entry[$part] = str_replace($secret, '********', $entry[$part]);
                }
            }
        }
        $GLOBALS['whmcs_standin']['log'][] = $entry;
    }

    function generate_token($type = 'link')
    {
        $t = $GLOBALS['whmcs_standin']['token'];
        return $type === 'plain' ? $t : '&token=' . $t;
    }

    /** A form post as WHMCS hands it to modules: every value through htmlspecialchars(ENT_QUOTES). */
    function whmcs_post(array $fields): void
    {
        $clean = static function ($v) use (&$clean) {
            return is_array($v) ? array_map($clean, $v) : htmlspecialchars((string) $v, ENT_QUOTES);
        };
        $_SERVER['REQUEST_METHOD'] = 'POST';
        $_POST = array_map($clean, $fields);
    }

    function localAPI($command, $values, $admin = null)
    {
        $GLOBALS['whmcs_standin']['localapi'][] = [$command, $values];
        return ['result' => 'success'];
    }
}
