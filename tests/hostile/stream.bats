#!/usr/bin/env bats
# The hostile round against pe-stream: an overlong line in the middle of a
# feed (finding 11), reload after SIGHUP against a fresh computation over
# the same bars (finding 9), and the cases that already held: 100 SIGHUPs
# during a feed, "| head", ">/dev/full".

bats_require_minimum_version 1.5.0
load ../helpers

setup() {
	common_setup
}

# One candle line: sym day(1..28 of 2024-01) close.
candle() {
	printf '{"symbol":"%s","time":"2024-01-%02d","open":1,"high":9,"low":0.5,"close":%s,"volume":10}\n' \
	    "$1" "$2" "$3"
}

# long N: a line of N bytes of 'x' (its line feed not counted).
long() {
	head -c "$1" /dev/zero | tr '\0' x
	echo
}

# wait_for FILE REGEX: up to 10 s for a line of FILE to match.
wait_for() {
	local i
	for i in $(seq 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "no line of $1 matches $2: $(cat "$1")"
}

# The statistics' second line, whose latency and memory vary.
STATS2='^pe-stream: [0-9]+ signals, [0-9]+ symbols \(0 warmed up, 0 bars\), 0 below --min-bars, latency p50 [0-9.]+ us, p99 [0-9.]+ us, max [0-9.]+ us, rss [0-9]+ KiB$'

# ---- finding 11: an overlong line is a bad line like any other ----

@test "a 5 MiB line mid-feed (exit 3 before): skipped with its line number, counted, the lines after it processed" {
	{ candle A 1 1; candle B 1 2; candle A 2 3; } >head.jsonl
	{ candle A 3 4; candle B 2 5; candle A 4 6; } >tail.jsonl
	cat head.jsonl tail.jsonl >clean.jsonl
	{ cat head.jsonl; long $((5 << 20)); cat tail.jsonl; } >feed.jsonl
	pe-stream --min-bars 1 --emit all 'close > 2' clean.jsonl >want
	[ "$(wc -l <want)" -eq 6 ]
	run --separate-stderr pe-stream --stats --min-bars 1 --emit all 'close > 2' feed.jsonl
	assert_success
	[ "$output" = "$(cat want)" ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = 'pe-stream: feed.jsonl:4: line longer than 1 MiB' ]
	[ "${stderr_lines[1]}" = 'pe-stream: 7 lines read, 6 processed, 0 replaced, 0 ignored, 1 rejected (1 line too long), 0 other shard, 0 other symbol' ]
	[[ ${stderr_lines[2]} =~ $STATS2 ]]
	# --strict still stops there, after the lines before it
	run --separate-stderr pe-stream --strict --min-bars 1 --emit all 'close > 2' feed.jsonl
	assert_failure 3
	[ "$output" = "$(head -n 3 want)" ]
	stderr_is 'pe-stream: feed.jsonl:4: line longer than 1 MiB'
}

@test "CSV: an overlong row is skipped and counted the same way; an overlong header still ends the run" {
	{
		echo 'symbol,time,open,high,low,close,volume'
		echo 'A,2024-01-01,1,9,0.5,1,10'
		echo 'A,2024-01-02,1,9,0.5,3,10'
	} >head.csv
	{ echo 'A,2024-01-03,1,9,0.5,4,10'; echo 'B,2024-01-01,1,9,0.5,5,10'; } >tail.csv
	cat head.csv tail.csv >clean.csv
	{ cat head.csv; long $((3 << 20)); long $((2 << 20)); cat tail.csv; } >feed.csv
	pe-stream --min-bars 1 --emit all 'close > 2' clean.csv >want
	run --separate-stderr pe-stream --stats --min-bars 1 --emit all 'close > 2' feed.csv
	assert_success
	[ "$output" = "$(cat want)" ]
	[ "${#stderr_lines[@]}" -eq 4 ]
	[ "${stderr_lines[0]}" = 'pe-stream: feed.csv:4: line longer than 1 MiB' ]
	[ "${stderr_lines[1]}" = 'pe-stream: feed.csv:5: line longer than 1 MiB' ]
	[ "${stderr_lines[2]}" = 'pe-stream: 6 lines read, 4 processed, 0 replaced, 0 ignored, 2 rejected (2 line too long), 0 other shard, 0 other symbol' ]
	[[ ${stderr_lines[3]} =~ $STATS2 ]]
	{ long $((2 << 20)); tail -n +2 head.csv; } >badhead.csv
	run --separate-stderr pe-stream --min-bars 1 'close > 2' badhead.csv
	fails_with 3 'pe-stream: badhead.csv:1: line longer than 1 MiB'
}

@test "the 1 MiB bound: a line of 1 MiB with its line feed is read, one byte more is not" {
	local c='"symbol":"A","time":"2024-01-02","open":1,"high":9,"low":0.5,"close":3,"volume":10}'
	{
		candle A 1 1
		printf '{%*s%s\n' $(((1 << 20) - ${#c} - 2)) '' "$c"
		printf '{%*s%s\n' $(((1 << 20) - ${#c} - 1)) '' "${c/01-02/01-03}"
	} >feed.jsonl
	[ "$(sed -n 2p feed.jsonl | wc -c)" -eq $((1 << 20)) ]
	run --separate-stderr pe-stream --min-bars 1 'close > 2' feed.jsonl
	assert_success
	assert_output '{"symbol":"A","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":1,"high":9,"low":0.5,"close":3,"volume":10},"values":{}}'
	stderr_is 'pe-stream: feed.jsonl:3: line longer than 1 MiB'
}

@test "live: a 3 MiB line arriving in pieces through a FIFO is skipped; the next candle signals before the feed ends" {
	mkfifo in
	timeout 20 pe-stream --min-bars 1 'close > 2' <in >out 2>err &
	local pid=$!
	exec 7>in
	candle A 1 3 >&7
	wait_for out '"time":"2024-01-01"'
	local i
	for i in 1 2 3; do
		head -c $((1 << 20)) /dev/zero | tr '\0' x >&7
		sleep 0.1
	done
	echo >&7
	candle A 2 4 >&7
	wait_for out '"time":"2024-01-02"'
	exec 7>&-
	wait $pid
	[ "$(cat err)" = 'pe-stream: stdin:2: line longer than 1 MiB' ]
	[ "$(wc -l <out)" -eq 2 ]
}

# ---- finding 9: a reload computes what a fresh run over the ring does ----

# feed_hup FORMULAS N BUFFER: stream feed.jsonl into out (stderr err)
# through a FIFO, with --buffer BUFFER and the formulas of FORMULAS,
# sending SIGHUP once the first N lines have given their lines and
# waiting for the reload before the rest.
feed_hup() {
	local pe=$1 n=$2 buf=$3 t
	mkfifo in
	pe-stream --min-bars 1 --buffer "$buf" -f "$pe" <in >out 2>err &
	local pid=$!
	exec 7>in
	head -n "$n" feed.jsonl >&7
	t=$(sed -n "${n}p" feed.jsonl | sed 's/.*"time":"\([^"]*\)".*/\1/')
	wait_for out "\"symbol\":\"S0002\",\"time\":\"$t\""
	kill -HUP $pid
	wait_for err 'reloaded'
	tail -n +$((n + 1)) feed.jsonl >&7
	exec 7>&-
	wait $pid
}

# of SYM FILE: the lines of FILE for symbol SYM.
of() {
	grep -F "\"symbol\":\"$1\"" "$2" || true
}

# from TIME: the lines of bars at or after TIME.
from() {
	awk -v t="$1" 'match($0, /"time":"[^"]*"/) &&
	    substr($0, RSTART + 8, RLENGTH - 9) >= t'
}

# Two symbols of 900 bars, interleaved bar by bar, and each one's file.
two_feeds() {
	gen_candles --symbols 2 --bars 900 --jsonl >feed.jsonl
	gen_candles --symbols 2 --bars 900 -o hist >/dev/null
}

# Windowed indicators and built-ins.  sma and those built on a running
# sum carry the rounding of the bars before their window (as TA-Lib's do),
# so a run that starts elsewhere can differ in the last digits.
WINDOWED='w: sma(close, 50) > 0 and bbands(close, 20, 2).upper > 0 and stddev(close, 10) >= 0 and var(close, 5) >= 0 and trima(close, 10) > 0 and cci(14) > -1e9 and sum(close, 7) > 0 and highest(high, 30) > 0 and change(close, 3) > -1e9'

@test "reload: every value, windowed (sma, bbands, ...) and recursive (ema, rsi, macd), is pe-eval's over exactly the ring's bars, byte for byte" {
	two_feeds
	printf '%s\n' "$WINDOWED" 'r: ema(close, 12) > 0 and rsi(14) >= 0 and macd(12, 26, 9) > -1e9 and atr(14) >= 0' >f.pe
	# 600 bars each (1200 lines), then the reload: the ring holds bars
	# 301 to 600; the stream goes on from bar 601
	feed_hup f.pe 1200 300
	local s
	for s in S0001 S0002; do
		{ head -n 1 hist/$s.csv; sed -n '302,$p' hist/$s.csv; } >ring.$s.csv
		pe-eval --symbol $s -f f.pe ring.$s.csv |
		    from "$(sed -n 602p hist/$s.csv | cut -d, -f1)" >want.$s
		[ "$(wc -l <want.$s)" -eq $((2 * 300)) ]
		of $s out | tail -n $((2 * 300)) >got.$s
		cmp want.$s got.$s
	done
	# they start afresh from the ring, as documented: not the whole
	# file's values (the recursive ones differ by their seeding)
	pe-eval -f f.pe hist/S0001.csv | tail -n 600 >whole
	! cmp -s whole got.S0001
}

# ---- a reload storm, and what already held ----

# Windows whose values are exact whatever the run's start.
EXACT='x: highest(high, 30) > 0 and lowest(low, 10) > 0 and change(close, 3) > -1e9 and close[5] > 0 and cross_above(close, highest(close, 20)[1]) or close > 0'

@test "100 SIGHUPs during a feed: the output is that of a run without them" {
	gen_candles --symbols 3 --bars 400 --jsonl >feed.jsonl
	echo "$EXACT" >f.pe
	pe-stream --min-bars 1 --buffer 100 -f f.pe feed.jsonl >want
	[ "$(wc -l <want)" -gt 1000 ]
	mkfifo in
	pe-stream --min-bars 1 --buffer 100 -f f.pe <in >out 2>err &
	local pid=$! i
	exec 7>in
	# the first lines out: the handlers are in place
	head -n 180 feed.jsonl >&7
	wait_for out '"symbol"'
	for i in $(seq 20 119); do
		sed -n "$((i * 9 + 1)),$((i * 9 + 9))p" feed.jsonl >&7
		kill -HUP $pid
	done
	sed -n '1081,$p' feed.jsonl >&7
	exec 7>&-
	wait $pid
	cmp want out
	# each reload said so, and nothing else was said
	[ "$(grep -c -v '^pe-stream: reloaded 1 formulas$' err)" -eq 0 ]
	[ "$(wc -l <err)" -ge 1 ]
}

@test "| head (held before): the stream ends quietly on the closed pipe" {
	gen_candles --symbols 2 --bars 5000 --jsonl >feed.jsonl
	run --separate-stderr bash -c 'pe-stream --min-bars 1 "close > 0" feed.jsonl | head -n 3; echo "${PIPESTATUS[0]}" >status'
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	stderr_empty
	[ "$(cat status)" -eq 141 ]	# SIGPIPE
}

@test ">/dev/full (held before): exit 3 with the write error" {
	[ -w /dev/full ] || skip 'no /dev/full'
	candle A 1 3 >a.jsonl
	run --separate-stderr bash -c 'pe-stream --min-bars 1 "close > 1" a.jsonl >/dev/full'
	assert_failure 3
	stderr_is 'pe-stream: write error on standard output: No space left on device'
}
