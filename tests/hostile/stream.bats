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
