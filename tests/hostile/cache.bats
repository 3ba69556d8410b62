#!/usr/bin/env bats
# The hostile round, finding 6: the cache trusts its directory.  What a
# careless user or another account can put there: a FIFO or a symlink
# named like a segment, a directory others may write or that belongs to
# someone else; and what pe itself left: a killed worker's unfinished
# segment, stale temporaries.  Every case ends with exactly the names the
# cache directory must hold (a published segment shown as "seg").
#
# Tests run as root in CI: a directory of "another user" is one chowned to
# uid 12345, and modes are set with chmod.

bats_require_minimum_version 1.5.0
load ../helpers

HOOKS=${BUILD:-$REPO_DIR/build}/tests/pe-scan-hooks
F='close > 1'

setup() {
	common_setup
	mkdir d
	mk d/A.csv "$HDR" 2024-01-01,1,1,1,1,1 2024-01-02,2,2,2,2,1
	mk d/B.csv "$HDR" 2024-01-01,3,3,3,3,1 2024-01-02,4,4,4,4,1
	mk d/C.csv "$HDR" 2024-01-01,5,5,5,5,1 2024-01-02,6,6,6,6,1
	C="$BATS_TEST_TMPDIR/cache"
}

SIGNALS=$(for s in A:2 B:4 C:6; do
	printf '{"symbol":"%s","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":%s,"high":%s,"low":%s,"close":%s,"volume":1},"values":{}}\n' \
	    "${s%:*}" "${s#*:}" "${s#*:}" "${s#*:}" "${s#*:}"
done)

# cache_is NAME...: the cache directory holds exactly the NAMEs, every
# published segment (seg-TIME-PID-N.pec) as one "seg".
cache_is() {
	local got want
	got=$(LC_ALL=C ls -A "$C" |
	    sed -E 's/^seg-[0-9a-f]{16}-[0-9]+-[0-9]+\.pec$/seg/' | sort -u)
	want=$(printf '%s\n' "$@" | LC_ALL=C sort | sed '/^$/d')
	[[ $got == "$want" ]] ||
	    fail "$(printf 'cache holds:\n%s\nexpected:\n%s' "$(ls -A "$C")" "$want")"
}

# notes_are LINE...: stderr without the summary's time line.
notes_are() {
	stderr=$(grep -Ev '^pe-scan: [0-9.]+ s, [0-9]+ symbols/s$' <<<"$stderr")
	stderr_is "$@"
}

# ---- what pe left ----

@test "a worker killed at --timeout: its unfinished segment is removed, not left for a later trim" {
	[[ -x $HOOKS ]] || skip "no $HOOKS (make tools)"
	# one worker: A into its segment, then B hangs and it is killed
	PE_SCAN_TEST_SLEEP=B run --separate-stderr "$HOOKS" -j 1 --timeout 1 "$F" d
	assert_failure 3
	notes_are 'pe-scan: d/B.csv: timed out after 1 s' \
	    'pe-scan: 3 symbols: 2 ok, 0 error, 1 timeout, 0 skipped' \
	    "pe-scan: 2 matches: f1: $F" \
	    "pe-scan: cache: 0 hits, 2 misses (0.0% hit rate), 0 corrupt, 2 written, 0 evicted; $C" \
	    'pe-scan: bars: 4 parsed, 4 computed'
	# the replacement's segment (C) only: A's went with the killed
	# worker (whose counts never came back)
	cache_is seg
}

@test "stale temporaries of pe's naming over a day old go at the next run, and it says so" {
	run --separate-stderr pe-scan -q "$F" d
	assert_success
	# a killed run's (2 days), a running one's (23 hours), not pe's
	: >"$C/.tmp-123-0"
	: >"$C/.tmp-124-0"
	: >"$C/.tmp-mine"
	touch -d '2 days ago' "$C/.tmp-123-0" "$C/.tmp-mine"
	touch -d '23 hours ago' "$C/.tmp-124-0"
	# every file a hit: nothing written, so no trim either
	run --separate-stderr pe-scan "$F" d
	assert_success
	assert_output "$SIGNALS"
	notes_are "pe-scan: cache: $C: removed 1 stale temporary (over a day old)" \
	    'pe-scan: 3 symbols: 3 ok, 0 error, 0 timeout, 0 skipped' \
	    "pe-scan: 3 matches: f1: $F" \
	    "pe-scan: cache: 3 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted; $C" \
	    'pe-scan: bars: 0 parsed, 0 computed'
	cache_is seg .tmp-124-0 .tmp-mine
}

# ---- names that are not files ----

@test "a FIFO named like a segment: skipped as corrupt at once, never waited on (blocked for ever before, --timeout or not)" {
	run --separate-stderr pe-scan -q "$F" d	# a real segment first
	assert_success
	mkfifo "$C/seg-fifo.pec"
	run --separate-stderr timeout 20 pe-scan --timeout 1 "$F" d
	assert_success
	assert_output "$SIGNALS"
	notes_are 'pe-scan: 3 symbols: 3 ok, 0 error, 0 timeout, 0 skipped' \
	    "pe-scan: 3 matches: f1: $F" \
	    "pe-scan: cache: 3 hits, 0 misses (100.0% hit rate), 1 corrupt, 0 written, 0 evicted; $C" \
	    'pe-scan: bars: 0 parsed, 0 computed'
	cache_is seg seg-fifo.pec
}

@test "a symlink named like a segment: never followed, skipped as corrupt" {
	run --separate-stderr pe-scan -q -j 1 "$F" d
	assert_success
	# a good segment, outside the cache, that a symlink would lend it
	mkdir elsewhere
	mv "$C"/seg-*.pec elsewhere/planted.pec
	ln -s "$BATS_TEST_TMPDIR/elsewhere/planted.pec" "$C/seg-link.pec"
	run --separate-stderr pe-scan "$F" d
	assert_success
	assert_output "$SIGNALS"
	notes_are 'pe-scan: 3 symbols: 3 ok, 0 error, 0 timeout, 0 skipped' \
	    "pe-scan: 3 matches: f1: $F" \
	    "pe-scan: cache: 0 hits, 3 misses (0.0% hit rate), 1 corrupt, 3 written, 0 evicted; $C" \
	    'pe-scan: bars: 6 parsed, 6 computed'
	cache_is seg seg-link.pec
}

# ---- a directory pe must not trust ----

# refused NOTE: pe-scan ran without the cache: its signals, exit 0, the
# note, no cache line in the summary, nothing written in the directory.
refused() {
	run --separate-stderr pe-scan "$F" d
	assert_success
	assert_output "$SIGNALS"
	notes_are "pe-scan: no cache: $C: $1" \
	    'pe-scan: 3 symbols: 3 ok, 0 error, 0 timeout, 0 skipped' \
	    "pe-scan: 3 matches: f1: $F"
	cache_is
}

@test "a cache directory others may write: refused with a note, the run goes on without it" {
	mkdir -m 700 "$C"
	chmod o+w "$C"
	refused 'writable by others'
	chmod 1777 "$C"		# sticky, as /tmp: still anybody's to fill
	refused 'writable by others'
}

@test "a cache directory its group may write: refused with a note" {
	mkdir -m 700 "$C"
	chmod g+w "$C"
	refused 'writable by its group'
}

@test "a cache directory another user owns: refused with a note" {
	mkdir -m 700 "$C"
	chown 12345 "$C" || skip "cannot chown (not root)"
	refused 'owned by another user (uid 12345)'
}

@test "pe-backtest refuses the same directory, with the same note" {
	mkdir -m 700 "$C"
	chmod o+w "$C"
	mk r.pe '@entry up: close > 1'
	run --separate-stderr pe-backtest -q -f r.pe d
	assert_success
	stderr_is "pe-backtest: no cache: $C: writable by others"
	cache_is
}
