#!/usr/bin/env bats
# pe-scan's incremental cache (--last, the default): a file that grew by
# appended rows costs only those rows, an unchanged one nothing, and
# anything else is read whole.  Every output is compared, byte for byte,
# with the same scan without the cache; the summary's counts show which
# way each file went.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	export PE_CACHE_DIR=$BATS_TEST_TMPDIR/cache
}

# Formulas true at almost every bar, so that every last bar gives a line
# with its values: windows, recursive indicators, multi-output ones, and
# the evaluator's own state (cross, barssince, valuewhen, first).
FORMULAS='a: rsi(14) >= 0 and sma(close, 50) > 0 and ema(close, 20) > 0 and macd(12, 26, 9).hist > -1e9
b: bbands(close, 20, 2).upper > 0 and atr(14) >= 0 and highest(high, 30) > 0 and change(close, 5) > -1e9 and stddev(close, 10) >= 0
c: barssince(cross_above(close, sma(close, 10))) >= 0 or valuewhen(close > open, close) > 0 or first(close > open)
d: cross_above(ema(close, 5), ema(close, 12)) or adx(14) > 0 or stoch(14, 3, 3).slowk > -1
e: obv > -1e18 and mfi(14) >= 0'

# same CMD...: the cached scan of CMD's arguments writes what the scan
# without the cache writes; its stderr is in $stderr.
same() {
	pe-scan --no-cache "$@" >want 2>/dev/null || true
	run --separate-stderr pe-scan "$@"
	printf '%s\n' "$output" >got
	[[ -s want ]] || fail "no line to compare"
	cmp want got || fail "cached and uncached differ: $(diff want got | head -5)"
}

# cache_line_is TEXT: the summary's cache counts (up to the directory).
cache_line_is() {
	local line
	line=$(grep '^pe-scan: cache: ' <<<"$stderr")
	[[ ${line%%; /*} == "pe-scan: cache: $1" ]] || fail "cache line: $line"
}

bars_are() {
	grep -qx "pe-scan: bars: $1" <<<"$stderr" ||
	    fail "bars line: $(grep '^pe-scan: bars' <<<"$stderr")"
}

# bump FILE LINE: the last digit of LINE (a volume) one more, mod 10, in
# place: the same size.
bump() {
	awk -v l="$2" 'NR == l { n = length($0); d = (substr($0, n) + 1) % 10
	    $0 = substr($0, 1, n - 1) d } { print }' "$1" >"$1.new"
	cat "$1.new" >"$1"
	rm "$1.new"
}

# Each of the five real series, cut 3 bars short, then grown a bar at a
# time.
real_cut() {
	local f n
	mkdir d
	for f in "$DATA_DIR"/*.csv; do
		n=$(wc -l <"$f")
		head -n $((n - 3)) "$f" >"d/$(basename "$f")"
	done
}

@test "five real series grown a bar at a time: each scan reads only the new bar, the same bytes as without the cache" {
	echo "$FORMULAS" >f.pe
	real_cut
	# their years differ: --stale-ok, or all but the newest are stale
	same --stale-ok -f f.pe d
	assert_success
	cache_line_is '0 hits, 5 misses (0.0% hit rate), 0 corrupt, 5 written, 0 evicted'
	local f k n
	for k in 3 2 1; do
		for f in "$DATA_DIR"/*.csv; do
			n=$(wc -l <"$f")
			sed -n "$((n - k + 1))p" "$f" >>"d/$(basename "$f")"
		done
		same --stale-ok -f f.pe d
		assert_success
		cache_line_is '0 hits, 5 extended, 0 misses (100.0% hit rate), 0 corrupt, 5 written, 0 evicted'
		bars_are '5 parsed, 5 computed'
	done
	# the full files: the lines of the last bars, 5 formulas each
	for f in "$DATA_DIR"/*.csv; do cmp "$f" "d/$(basename "$f")"; done
	[[ $(wc -l <got) -eq 25 ]]
	# and a scan of unchanged files reads nothing
	same --stale-ok -f f.pe d
	cache_line_is '5 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted'
	bars_are '0 parsed, 0 computed'
}

@test "the nightly run: pe-load --merge appends a bar to every file, the scan extends every entry" {
	gen_candles --symbols 40 --bars 321 -o full >/dev/null
	mkdir d
	local f s
	for f in full/*.csv; do head -n 301 "$f" >"d/${f##*/}"; done
	echo "$FORMULAS" >f.pe
	same -f f.pe d
	for f in full/*.csv; do
		s=$(basename "$f" .csv)
		{ head -n 1 "$f"; sed -n 302p "$f"; } >bar.csv
		pe-load -q --merge --symbol "$s" -o d bar.csv
	done
	same -f f.pe d
	assert_success
	cache_line_is '0 hits, 40 extended, 0 misses (100.0% hit rate), 0 corrupt, 40 written, 0 evicted'
	bars_are '40 parsed, 40 computed'
	# -e formulas and --values are of the saved state's plan too: another
	# plan is a miss, never another plan's state
	same -e 'rsi(14) < 101' d
	cache_line_is '0 hits, 40 misses (0.0% hit rate), 0 corrupt, 40 written, 0 evicted'
	same --format csv -f f.pe d
	cache_line_is '0 hits, 40 misses (0.0% hit rate), 0 corrupt, 40 written, 0 evicted'
}

@test "a byte changed mid-file with the times set back, the last bar rewritten in place, a cut: read whole, never a stale hit" {
	gen_candles --symbols 3 --bars 300 -o d >/dev/null
	echo "$FORMULAS" >f.pe
	same -f f.pe d
	cp d/S0001.csv d/S0002.csv .
	# a volume in the middle, same size, modification time set back
	touch -r d/S0001.csv stamp
	bump d/S0001.csv 150
	touch -r stamp d/S0001.csv
	[[ $(stat -c %s d/S0001.csv) -eq $(stat -c %s S0001.csv) ]]
	[[ $(stat -c %y d/S0001.csv) == "$(stat -c %y stamp)" ]]	# to the ns
	! cmp -s d/S0001.csv S0001.csv
	# the bar in progress rewritten in place: the last line, same length
	bump d/S0002.csv 301
	[[ $(stat -c %s d/S0002.csv) -eq $(stat -c %s S0002.csv) ]]
	! cmp -s d/S0002.csv S0002.csv
	# a cut: the last bar gone
	sed -i '$d' d/S0003.csv
	same -f f.pe d
	assert_success
	cache_line_is '0 hits, 3 misses (0.0% hit rate), 0 corrupt, 3 written, 0 evicted'
	bars_are '899 parsed, 899 computed'
	# and a bar appended after each of those: extended from the new state
	for s in 1 2 3; do echo 2030-01-0$s,1,2,0.5,1.5,10 >>d/S000$s.csv; done
	same -f f.pe d
	cache_line_is '0 hits, 3 extended, 0 misses (100.0% hit rate), 0 corrupt, 3 written, 0 evicted'
	# a bar corrected mid-file and one appended, as one pe-load --merge
	# does: the file grew, but its old part changed (obv's last value
	# with it): read whole
	sed -n '1p; 100p' d/S0001.csv | sed '2s/,[0-9]*$/,123456/' >fix.csv
	echo 2030-01-05,1,2,0.5,1.5,10 >>fix.csv
	pe-load -q --merge --symbol S0001 -o d fix.csv
	same -f f.pe d
	cache_line_is '2 hits, 1 misses (66.7% hit rate), 0 corrupt, 1 written, 0 evicted'
}

@test "appended rows the ordinary read refuses: the same error, line and exit status as without the cache" {
	gen_candles --symbols 2 --bars 100 -o d >/dev/null
	echo "$FORMULAS" >f.pe
	same -f f.pe d
	echo '2030-01-01,1,2,0.5,x,10' >>d/S0001.csv
	echo '2000-01-01,1,2,0.5,1,10' >>d/S0002.csv
	pe-scan --no-cache -f f.pe d >/dev/null 2>want.err || echo $? >want.rc
	run --separate-stderr pe-scan -f f.pe d
	assert_failure 3
	[[ $(cat want.rc) -eq 3 ]]
	grep -q "^pe-scan: d/S0001.csv:102: close is not a number: 'x'$" <<<"$stderr"
	grep -q '^pe-scan: d/S0002.csv:102: times not increasing at 2000-01-01 (run pe-load first)$' <<<"$stderr"
	grep -q "^pe-scan: d/S0001.csv:102: close is not a number: 'x'$" want.err
	grep -q '^pe-scan: d/S0002.csv:102: times not increasing at 2000-01-01' want.err
}

@test "a file that did not end with a newline, then grew: read whole; a symbol column and --all: the ordinary way" {
	gen_candles --symbols 1 --bars 80 -o d >/dev/null
	printf '%s' "$(cat d/S0001.csv)" >d/S0001.csv	# no final newline
	echo "$FORMULAS" >f.pe
	same -f f.pe d
	printf '\n2030-01-01,1,2,0.5,1.5,10\n' >>d/S0001.csv
	same -f f.pe d
	cache_line_is '0 hits, 1 misses (0.0% hit rate), 0 corrupt, 1 written, 0 evicted'
	bars_are '81 parsed, 81 computed'
	# a file of several symbols goes the ordinary way: a mark says so,
	# its candles are cached by the file's identity
	gen_candles --symbols 2 --bars 60 -o m >/dev/null
	{ echo "symbol,$HDR"; sed '1d; s/^/A,/' m/S0001.csv; sed '1d; s/^/B,/' m/S0002.csv; } >d/S0001.csv
	same -f f.pe d
	cache_line_is '0 hits, 1 misses (0.0% hit rate), 0 corrupt, 2 written, 0 evicted'
	bars_are '120 parsed, 120 computed'
	same -f f.pe d
	cache_line_is '1 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted'
	bars_are '0 parsed, 120 computed'
	# one symbol again: the mark no longer holds, the state path does
	cp m/S0001.csv d/S0001.csv
	same -f f.pe d
	cache_line_is '0 hits, 1 misses (0.0% hit rate), 0 corrupt, 1 written, 0 evicted'
	echo 2030-01-01,1,2,0.5,1.5,10 >>d/S0001.csv
	same -f f.pe d
	cache_line_is '0 hits, 1 extended, 0 misses (100.0% hit rate), 0 corrupt, 1 written, 0 evicted'
	# --all keeps the candles and columns of files, not states
	same --all -f f.pe d
	[[ $stderr != *extended* ]]
}

@test "a recursive let, cum and tf() are saved and extended with the state: the same lines as a cold scan" {
	printf '%s\n' 'let ha_close = (open + high + low + close) / 4' \
	    'let ha_open = iif(na(ha_open[1]), (open + close) / 2, (ha_open[1] + ha_close[1]) / 2)' \
	    'a: ha_close > ha_open or ha_close <= ha_open' \
	    'b: tf("1w", sma(close, 3)) > 0 and cum(volume) > 0' >f.pe
	real_cut
	# the scores show the values: the last weekly sma, the sum of closes
	local v=(--rank 'tf("1w", sma(close, 3)) * 1e6 + cum(close)')
	same --stale-ok "${v[@]}" -f f.pe d
	assert_success
	cache_line_is '0 hits, 5 misses (0.0% hit rate), 0 corrupt, 5 written, 0 evicted'
	local f k n
	for k in 3 2 1; do
		for f in "$DATA_DIR"/*.csv; do
			n=$(wc -l <"$f")
			sed -n "$((n - k + 1))p" "$f" >>"d/$(basename "$f")"
		done
		same --stale-ok "${v[@]}" -f f.pe d
		assert_success
		cache_line_is '0 hits, 5 extended, 0 misses (100.0% hit rate), 0 corrupt, 5 written, 0 evicted'
	done
	[[ $(wc -l <got) -eq 10 ]]
	[[ $(grep -c '"score":[0-9]' got) -eq 10 ]]
	# another tf() is another plan: no saved state of this one is used
	sed -i 's/sma(close, 3)/sma(close, 4)/' f.pe
	same --stale-ok "${v[@]}" -f f.pe d
	cache_line_is '0 hits, 5 misses (0.0% hit rate), 0 corrupt, 5 written, 0 evicted'
}

@test "an entry saved within 50 ms of its file's change is checked by its bytes; an older one is trusted without reading the file" {
	command -v strace >/dev/null || skip "no strace"
	gen_candles --symbols 2 --bars 300 -o d >/dev/null
	echo "$FORMULAS" >f.pe
	# the times of S0002 in the future: whenever the entry is saved, its
	# file's time is within 50 ms of it, or after
	touch -d '+1 hour' d/S0002.csv
	sleep 0.1	# S0001 changed over 50 ms before the scan saves it
	same -f f.pe d
	cache_line_is '0 hits, 2 misses (0.0% hit rate), 0 corrupt, 2 written, 0 evicted'
	# (LeakSanitizer cannot work under a tracer)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=openat -o trace pe-scan -f f.pe d >got 2>/dev/null
	cmp want got
	! grep -q 'd/S0001.csv' trace
	grep -q 'd/S0002.csv' trace
	same -f f.pe d
	cache_line_is '2 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted'
	bars_are '0 parsed, 0 computed'
}
