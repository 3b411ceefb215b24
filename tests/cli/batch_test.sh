#!/bin/sh
# embyprov batch: JSON lines in, one JSON line out per input line, in input
# order, with bounded concurrency; exit status 1 when any line failed.
# Usage: batch_test.sh SIM CLI WORKDIR
set -eu
sim=$1 cli=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
key="batch-test-key-0123456789abcdef"
. "$(dirname "$0")/start_sim.sh"
start_sim "$sim" "$work" "$key"
server="\"serverhostname\":\"127.0.0.1\",\"serverport\":$port,\"serveraccesshash\":\"$key\""
{
    for i in 1 2 3 4 5 6; do
        echo "{\"hook\":\"create_account\",\"params\":{\"serviceid\":\"b$i\",\"username\":\"batch$i\",\"password\":\"Batch-pass-$i$i\",$server}}"
    done
    echo "{\"hook\":\"suspend_account\",\"params\":{\"serviceid\":\"nope\",$server}}"
    echo "not json"
} > "$work/jobs.jsonl"

passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL - $1"; fi; }

set +e
"$cli" batch --input "$work/jobs.jsonl" --jobs 3 --db "$work/state.db" > "$work/out.jsonl" 2> "$work/err.txt"
status=$?
set -e
check "exit status 1 when a line failed" '[ "$status" = 1 ]'
check "one output line per input line" '[ "$(wc -l < "$work/out.jsonl")" = 8 ]'
check "output in input order" '[ "$(sed -n "s/^{\"line\":\([0-9]*\),.*/\1/p" "$work/out.jsonl" | tr "\n" " ")" = "1 2 3 4 5 6 7 8 " ]'
check "six creates succeeded" '[ "$(grep -c "\"result\":\"success\"" "$work/out.jsonl")" = 6 ]'
check "the unknown service is not found" 'sed -n 7p "$work/out.jsonl" | grep -q "\"code\":-3"'
check "the bad line is invalid" 'sed -n 8p "$work/out.jsonl" | grep -q "\"code\":-2"'
check "summary on stderr" 'grep -q "6 succeeded, 2 failed" "$work/err.txt"'
check "no password in the output" '! grep -q "Batch-pass" "$work/out.jsonl"'
set +e
"$cli" batch --input "$work/jobs.jsonl" --db "$work/no-such-folder/state.db" > /dev/null 2> "$work/open.txt"
status=$?
set -e
check "a context that cannot open: exit status not 0" '[ "$status" != 0 ]'
check "... and the reason on stderr" 'grep -q "no-such-folder/state.db.*folder does not exist" "$work/open.txt"'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
