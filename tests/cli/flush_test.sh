#!/bin/sh
# When the SQLite state store flushes to disk, seen from outside with
# strace: before the first request that changes the server (what is
# recorded must be on disk first), at most once for a suspend, never for a
# page view or a hook that records nothing, and the host's close leaves the
# WAL in place instead of checkpointing it (two flushes on every close).
# Usage: flush_test.sh SIM CLI WORKDIR
set -eu
sim=$1 cli=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
if ! command -v strace >/dev/null 2>&1; then
    echo "strace is missing (scripts/install-deps.sh installs it)" >&2
    exit 1
fi
# LeakSanitizer cannot run under ptrace: in a sanitizer build, the traced
# processes go without leak checks (every other test has them).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
key="flush-test-key-0123456789abcdef"
. "$(dirname "$0")/start_sim.sh"
start_sim "$sim" "$work" "$key"
cat > "$work/params.json" <<JSON
{"serviceid":"f1","username":"flushed","password":"Flush-pass-123","serverhostname":"127.0.0.1",
 "serverport":$port,"serveraccesshash":"$key","clientsdetails":{"language":"english"},
 "client_area":{"form_action":"/s","csrf_token":"csrf-0123456789"}}
JSON
echo '{"action":"overview"}' > "$work/view.json"

passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL - $1"; fi; }
# Runs one hook in a fresh process (as a PHP request does) under strace;
# the trace has its flushes and the start of each request it sent.
traced() {
    hook=$1 && shift
    strace -f -qq -s 16 -e trace=fsync,fdatasync,sendto,sendmsg,write -e signal=none -o "$work/$hook.trace" \
        "$cli" call "$hook" --params "$work/params.json" --db "$work/state.db" "$@" > "$work/$hook.out"
    grep -c -E "^[0-9]+ +f(data)?sync\(" "$work/$hook.trace" || true
}
# Line numbers in a trace: of its first flush, of its first request that
# may change the server (any method but GET).
first_flush() { grep -n -E "^[0-9]+ +f(data)?sync\(" "$work/$1.trace" | head -n 1 | cut -d: -f1; }
first_write() { grep -n -E "\"(POST|DELETE|PUT) /" "$work/$1.trace" | head -n 1 | cut -d: -f1; }

traced create_account > /dev/null  # creates the database too
check "create succeeded" 'grep -q "\"result\":\"success\"" "$work/create_account.out"'
check "the host's close left the WAL in place" '[ -s "$work/state.db-wal" ]'
# A second service on the database that exists now: before the user is
# created, before its first write, at the end.
sed 's/"f1"/"f2"/; s/"flushed"/"flushed2"/' "$work/params.json" > "$work/params2.json"
second=$(strace -f -qq -e trace=fsync,fdatasync -o "$work/create2.trace" \
    "$cli" call create_account --params "$work/params2.json" --db "$work/state.db" > "$work/create2.out" &&
    grep -c -E "^[0-9]+ +f(data)?sync\(" "$work/create2.trace" || true)
check "a create on an existing database flushed three times (got $second)" '[ "$second" = 3 ]'
suspend=$(traced suspend_account)
check "suspend succeeded" 'grep -q "\"result\":\"success\"" "$work/suspend_account.out"'
check "suspend flushed once (got $suspend)" '[ "$suspend" = 1 ]'
check "suspend flushed before its first server write" \
    '[ -n "$(first_write suspend_account)" ] && [ "$(first_flush suspend_account)" -lt "$(first_write suspend_account)" ]'
view=$(traced client_area --request "$work/view.json")
check "a page view rendered" 'grep -q "\"template\":\"overview\"" "$work/client_area.out"'
check "a page view flushed nothing (got $view)" '[ "$view" = 0 ]'
drop=$(traced drop_devices)
check "drop_devices, which records nothing, flushed nothing (got $drop)" '[ "$drop" = 0 ]'
unsuspend=$(traced unsuspend_account)
check "unsuspend flushed once (got $unsuspend)" '[ "$unsuspend" = 1 ]'
terminate=$(traced terminate_account)
check "terminate flushed once (got $terminate)" '[ "$terminate" = 1 ]'
# It records nothing before removing the user: its one flush is its end.
check "terminate flushed after its server write" \
    '[ "$(first_flush terminate_account)" -gt "$(first_write terminate_account)" ]'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
