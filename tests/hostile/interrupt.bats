#!/usr/bin/env bats
# The hostile round, finding 5: a terminal's Ctrl-C (SIGINT to the whole
# process group) during a run of pe-scan or pe-backtest, 20 times each:
# exit 130, the summary marked interrupted, no file blamed, no process and
# no cache temporary left; and finding 11's -j beyond the descriptor
# limit: the run goes on with the workers it can have, and says so.
#
# A run cannot end before its Ctrl-C: the worker that reaches d/ZZZZ.csv
# (the last file) hangs there ($BUILD/tests/*-hooks, see
# tests/hooks/pe-scan-hooks.c), while the others scan the rest.  Nothing
# waits a fixed time for the run: the signal goes once the run's session
# exists and its pool has forked a worker.

bats_require_minimum_version 1.5.0
load ../helpers

HOOKS_DIR=${BUILD:-$REPO_DIR/build}/tests

setup() {
	common_setup
	gen_candles --symbols 300 --bars 300 -o d >/dev/null
	cp d/S0001.csv d/ZZZZ.csv
	mk rules.pe '@entry up: sma(close, 5) > sma(close, 20)' \
	    '@exit down: sma(close, 5) < sma(close, 20)'
	mkdir o
}

# wait_for CMD...: until CMD succeeds, at most 30 s.
wait_for() {
	local i
	for ((i = 0; i < 3000; i++)); do
		"$@" && return 0
		sleep 0.01
	done
	fail "waited 30 s for: $*"
}

# Whether pid leads its own session, and whether it has forked a worker.
leads_session() {
	[[ $(ps -o sid= -p "$1" 2>/dev/null) -eq $1 ]]
}

has_worker() {
	pgrep -P "$1" >/dev/null
}

# The cache's names, each published segment as "seg": no temporary may
# be there.
cache_names() {
	[[ -d cache ]] || return 0
	LC_ALL=C ls -A cache | sed -E 's/^seg-[0-9a-f]{16}-[0-9]+-[0-9]+\.pec$/seg/' |
	    sort -u
}

# ctrl_c TOOL ARGS...: 20 runs of $HOOKS_DIR/TOOL-hooks ARGS -o o/out
# d, each in a session of its own (as a terminal runs a job), with
# SIGINT to its whole process group mid-run.
ctrl_c() {
	local tool=$1 i pid rc bin=$HOOKS_DIR/$1-hooks
	shift
	[[ -x $bin ]] || skip "no $bin (make tools)"
	for ((i = 1; i <= 20; i++)); do
		PE_SCAN_TEST_SLEEP=ZZZZ setsid "$bin" "$@" -o o/out d \
		    2>err >/dev/null &
		pid=$!
		wait_for leads_session "$pid"
		wait_for has_worker "$pid"
		# vary the moment: as the workers start, or up to 80 ms on
		sleep "0.0$((2 * (i % 5)))"
		kill -INT -- "-$pid"
		rc=0
		wait "$pid" || rc=$?
		[[ $rc -eq 130 ]] || fail "run $i: exit $rc: $(cat err)"
		grep -Eq "^$tool: [0-9]+ symbols?: [0-9]+ ok, 0 error, 0 timeout, 0 skipped \(interrupted\)$" err ||
		    fail "run $i: no interrupted summary: $(cat err)"
		! grep -Eiq 'crash|timed out|exited|broken pipe|worker' err ||
		    fail "run $i: a file blamed: $(cat err)"
		# an interrupted --portfolio never ran its account
		! grep -q 'portfolio:' err ||
		    fail "run $i: an account that never ran: $(cat err)"
		[[ -z $(pgrep -s "$pid") ]] ||
		    fail "run $i: left running: $(pgrep -a -s "$pid")"
		[[ -z $(cache_names | grep -vx seg) ]] ||
		    fail "run $i: left in the cache: $(ls -A cache)"
		dir_is o
	done
}

@test "Ctrl-C to pe-scan's process group, 20 times: exit 130, interrupted, nothing blamed or left" {
	ctrl_c pe-scan -j 3 --all -e 'sma(close, 5) > sma(close, 20)'
}

@test "Ctrl-C to pe-backtest's process group, 20 times: exit 130, interrupted, nothing blamed or left (no --summary file either)" {
	ctrl_c pe-backtest -j 3 --summary o/summary.json -f rules.pe
}

@test "Ctrl-C to pe-backtest --portfolio, 20 times: the same, and no account figures" {
	ctrl_c pe-backtest -j 3 --portfolio --summary o/summary.json -f rules.pe
}

# ---- -j beyond the limits ----

# limited TOOL ARGS...: TOOL -j 64 ARGS d under 'ulimit -n 40', with only
# descriptors 0 to 2 open (bats holds more), into out; stderr into err.
limited() {
	local tool=$1
	shift
	bash -c 'ulimit -n 40 || exit 99
		for fd in /proc/$$/fd/*; do
			fd=${fd##*/}
			((fd > 2)) && eval "exec $fd>&-"
		done
		exec "$@" >out 2>err' _ "$tool" -j 64 "$@" d
}

# Under the limit a worker takes 4 descriptors to start and keeps 2:
# 3 + 2 * (n - 1) + 4 <= 40 gives 17 (with the sanitizers too).
fewer_note_is() {	# TOOL
	[[ $(head -1 err) == "$1: -j 64: running 17 workers (Too many open files)" ]] ||
	    fail "$(cat err)"
}

@test "pe-scan -j 64 under 'ulimit -n 40': runs with the workers it can have, says so, the same lines (exit 3 before)" {
	pe-scan --no-cache -j 2 --all -e 'sma(close, 5) > sma(close, 20)' d >want
	rc=0
	limited pe-scan --no-cache --all -e 'sma(close, 5) > sma(close, 20)' || rc=$?
	assert_equal "$rc" 0
	fewer_note_is pe-scan
	assert_equal "$(sed -n 2p err)" 'pe-scan: 301 symbols: 301 ok, 0 error, 0 timeout, 0 skipped'
	cmp -s want out || fail "not the same lines as -j 2"
}

@test "pe-backtest -j 64 under 'ulimit -n 40': the same" {
	pe-backtest --no-cache -j 2 -f rules.pe d >want
	rc=0
	limited pe-backtest --no-cache -f rules.pe || rc=$?
	assert_equal "$rc" 0
	fewer_note_is pe-backtest
	assert_equal "$(sed -n 2p err)" 'pe-backtest: 301 symbols: 301 ok, 0 error, 0 timeout, 0 skipped'
	cmp -s want out || fail "not the same trades as -j 2"
}
