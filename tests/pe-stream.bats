#!/usr/bin/env bats
# pe-stream: a live feed in, signals out.  The streamed signals of every
# symbol against pe-eval on that symbol's own series (byte for byte),
# --on close against the final-only feed, flushing through FIFOs, every
# kind of dropped line, memory staying flat, SIGHUP, SIGUSR1, --warmup,
# --shard, --strict, --emit all, --arrival, several inputs, --symbol, -o,
# --format csv, -q, the note on symbols short of bars, --since and
# --until, and every usage error.

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
}

USAGE=(
'usage: pe-stream [-q] [--arrival] [--buffer N] [--emit match|all] [-o FILE]'
'                 [--format csv|jsonl] [--digits N] [--max-symbols N]'
'                 [--min-bars N] [--on once|update|close] [--shard K/N]'
'                 [--same-time replace|ignore|error] [--stats] [--strict]'
'                 [--symbol NAME] ... [--since DATE] [--until DATE]'
'                 [--tz ZONE] [--warmup DIR] [--cache-dir DIR] [--no-cache]'
'                 [-e EXPR] ... [-f FORMULAS] ... [FORMULA] [INPUT ...]'
)

# The two formulas of the bench: RSI with SMA(200), and a MACD cross.
FORMULAS=(
'oversold: rsi(14) < 45 and close > sma(close, 200) * 0.9'
'@entry macd_up: cross_above(macd(12,26,9), macd(12,26,9).signal)'
)

# One candle line: sym day(1..28 of 2024-01) open high low close.
candle() {
	printf '{"symbol":"%s","time":"2024-01-%02d","open":%s,"high":%s,"low":%s,"close":%s,"volume":10}\n' \
	    "$1" "$2" "$3" "$4" "$5" "$6"
}

# sig SYM DAY CLOSE [VOLUME]: the signal line of f1 on a candle of candle().
sig() {
	printf '{"symbol":"%s","time":"2024-01-%02d","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":0.5,"close":%s,"volume":%s},"values":{}}' \
	    "$1" "$2" "$3" "${4:-10}"
}

# eval_from SYM FORMULA BAR: pe-eval's lines of FORMULA (a name in f.pe)
# on hist/SYM.csv from bar BAR (0-based) on.
eval_from() {
	local t
	t=$(sed -n "$(($3 + 2))p" "hist/$1.csv" | cut -d, -f1)
	pe-eval -f f.pe "hist/$1.csv" | awk -v t="$t" -v f="\"formula\":\"$2\"" '
	    index($0, f) && match($0, /"time":"[^"]*"/) &&
	    substr($0, RSTART + 8, RLENGTH - 9) >= t'
}

# stream_of SYM FORMULA: the lines of out for SYM and FORMULA.
stream_of() {
	grep -F "\"symbol\":\"$1\"" out | grep -F "\"formula\":\"$2\"" || true
}

# The resident memory pe-stream reported in the statistics on $1.
rss_of() {
	sed -n 's/.*rss \([0-9]*\) KiB$/\1/p' "$1"
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

# ---- usage and options ----

@test "-h and --help print the usage to stdout and exit 0" {
	run --separate-stderr pe-stream -h
	help_ok "${USAGE[@]}"
	run --separate-stderr pe-stream --help
	help_ok "${USAGE[@]}"
}

@test "--version prints the program name and a version" {
	run --separate-stderr pe-stream --version
	ok_with 'pe-stream 0.1.0'
}

@test "the man page documents every option of --help" {
	run pe-stream --help
	for o in $(grep -o -- '--[a-z-]*\|-[a-z] ' <<<"$output" | sort -u); do
		grep -q -- "Fl ${o#-}" "$REPO_DIR/man/pe-stream.1" ||
		    grep -q -- "Fl -${o#--}" "$REPO_DIR/man/pe-stream.1" ||
		    fail "man page lacks $o"
	done
}

@test "bad options: exact messages, exit 2" {
	run --separate-stderr pe-stream --buffer 0 x
	fails_with 2 "pe-stream: invalid --buffer '0' (expected 1 to 1000000)"
	run --separate-stderr pe-stream --buffer 5x x
	fails_with 2 "pe-stream: invalid --buffer '5x' (expected 1 to 1000000)"
	run --separate-stderr pe-stream --min-bars -1 x
	fails_with 2 "pe-stream: invalid --min-bars '-1' (expected 1 to 1000000)"
	run --separate-stderr pe-stream --max-symbols 0 x
	fails_with 2 "pe-stream: invalid --max-symbols '0' (expected 1 to 100000000)"
	run --separate-stderr pe-stream --emit some x
	fails_with 2 "pe-stream: invalid --emit 'some' (expected match or all)"
	run --separate-stderr pe-stream --on bar x
	fails_with 2 "pe-stream: invalid --on 'bar' (expected once, update or close)"
	run --separate-stderr pe-stream --same-time keep x
	fails_with 2 "pe-stream: invalid --same-time 'keep' (expected replace, ignore or error)"
	run --separate-stderr pe-stream --shard 3/3 x
	fails_with 2 "pe-stream: invalid --shard '3/3' (expected K/N, 0 <= K < N)"
	run --separate-stderr pe-stream --bogus x
	assert_failure 2
	[[ ${stderr_lines[0]} == "pe-stream: unrecognized option '--bogus'" ]]
	[[ ${stderr_lines[1]} == "${USAGE[0]}" ]]
}

@test "no formula, a missing input, a bad formula: exit 2" {
	run --separate-stderr pe-stream
	fails_with 2 'pe-stream: no formula given' "${USAGE[@]}"
	run --separate-stderr pe-stream 'close > 1' nothere.jsonl
	fails_with 2 'pe-stream: nothere.jsonl: No such file or directory'
	run --separate-stderr pe-stream 'close >' </dev/null
	assert_failure 2
	assert_output ''
	[[ $stderr == "pe-stream: "*"expected"* ]]
}

@test "an empty input or a header alone: no signals, exit 0; a bad header: exit 3" {
	run --separate-stderr pe-stream 'close > 1' </dev/null
	ok_with
	mk nohigh.csv 'symbol,time,open,low,close'
	run --separate-stderr pe-stream 'close > 1' nohigh.csv
	assert_failure 3
	[[ $stderr == 'pe-stream: nohigh.csv:1: '* ]]
	mk h.csv 'symbol,time,open,high,low,close'
	run --separate-stderr pe-stream 'close > 1' h.csv
	ok_with
}

# ---- the mock stream: each symbol as pe-eval sees it ----

@test "interleaved symbols: each one's signals are pe-eval's from bar max(min-bars - 1, lookback)" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 4 --bars 600 --seed 11 --jsonl >feed.jsonl
	gen_candles --symbols 4 --bars 600 --seed 11 -o hist
	run --separate-stderr pe-stream -f f.pe feed.jsonl
	assert_success
	stderr_empty
	printf '%s\n' "$output" >out
	local s n=0
	for s in S0001 S0002 S0003 S0004; do
		# lookbacks 199 and 34: both start at bar 199 (min-bars 200)
		diff <(eval_from $s oversold 199) <(stream_of $s oversold)
		diff <(eval_from $s macd_up 199) <(stream_of $s macd_up)
		n=$((n + $(stream_of $s oversold | wc -l) +
		    $(stream_of $s macd_up | wc -l)))
	done
	[ "$n" -eq "${#lines[@]}" ]
	[ "$(stream_of S0001 macd_up | wc -l)" -gt 3 ]
	[ "$(stream_of S0002 oversold | wc -l)" -gt 3 ]
}

@test "--min-bars 50: each formula from its own max(49, lookback)" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 3 --bars 300 --seed 5 --jsonl >feed.jsonl
	gen_candles --symbols 3 --bars 300 --seed 5 -o hist
	pe-stream --min-bars 50 -f f.pe feed.jsonl >out
	local s
	for s in S0001 S0002 S0003; do
		diff <(eval_from $s oversold 199) <(stream_of $s oversold)
		diff <(eval_from $s macd_up 49) <(stream_of $s macd_up)
	done
	# the macd cross fires before bar 199 somewhere
	[ "$(grep -c '"2020-0[1-9]' out)" -gt 0 ]
}

@test "CSV input with a symbol column gives the same lines as JSONL" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 2 --bars 300 --seed 3 --jsonl >feed.jsonl
	{
		echo 'symbol,time,open,high,low,close,volume'
		sed 's/{"symbol":"\([^"]*\)","time":"\([^"]*\)","open":\([^,]*\),"high":\([^,]*\),"low":\([^,]*\),"close":\([^,]*\),"volume":\([^}]*\)}/\1,\2,\3,\4,\5,\6,\7/' feed.jsonl
	} >feed.csv
	pe-stream --min-bars 1 -f f.pe feed.jsonl >a
	pe-stream --min-bars 1 -f f.pe feed.csv >b
	cmp a b
	[ "$(wc -l <a)" -gt 10 ]
}

@test "JSONL: key order, string prices, aliases and other keys give the same signals" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 3 --bars 300 --seed 12 --jsonl >a.jsonl
	# the fast path: keys reordered, prices as strings, blanks
	sed 's/{"symbol":\("[^"]*"\),"time":\("[^"]*"\),"open":\([^,]*\),"high":\([^,]*\),"low":\([^,]*\),"close":\([^,]*\),"volume":\([^}]*\)}/{ "close":"\6", "time":\2,"open" : "\3","low":\5,"high":"\4","volume":\7,"symbol":\1 }/' a.jsonl >b.jsonl
	# the reader: aliases and a key it ignores
	sed 's/"open"/"o"/; s/"high"/"H"/; s/"symbol"/"ticker"/; s/}$/,"x":[1]}/' a.jsonl >c.jsonl
	[ "$(sed -n 1p b.jsonl)" != "$(sed -n 1p a.jsonl)" ]
	[ "$(sed -n 1p c.jsonl)" != "$(sed -n 1p a.jsonl)" ]
	pe-stream --min-bars 30 -f f.pe a.jsonl >a
	pe-stream --min-bars 30 -f f.pe b.jsonl >b
	pe-stream --min-bars 30 -f f.pe c.jsonl >c
	cmp a b
	cmp a c
	[ "$(wc -l <a)" -gt 10 ]
}

@test "JSONL: a BOM and blanks before the first line, CRLF line ends" {
	{
		printf '\357\273\277  '
		candle A 1 1 2 0.5 1.5 | sed 's/$/\r/'
		candle A 2 1 2 0.5 1.7 | sed 's/$/\r/'
	} >feed.jsonl
	run --separate-stderr pe-stream --min-bars 1 'close > open' feed.jsonl
	assert_success
	stderr_empty
	[ "${#lines[@]}" -eq 2 ]
}

# ---- live-feed semantics ----

@test "same time: replace re-evaluates the bar, ignore drops it, error rejects it" {
	{
		candle A 1 1 2 0.5 1
		candle A 2 1 2 0.5 1
		candle A 2 1 2 0.5 1.5
		candle A 3 1 2 0.5 1.2
	} >feed.jsonl
	K2='"candle":{"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}'
	K3='"candle":{"open":1,"high":2,"low":0.5,"close":1.2,"volume":10}'
	run --separate-stderr pe-stream --min-bars 1 'close > open' feed.jsonl
	ok_with "{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K2,\"values\":{}}" \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K3,\"values\":{}}"
	run --separate-stderr pe-stream --same-time ignore --min-bars 1 'close > open' feed.jsonl
	ok_with "{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K3,\"values\":{}}"
	run --separate-stderr pe-stream --same-time error --min-bars 1 'close > open' feed.jsonl
	assert_success
	assert_output "{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K3,\"values\":{}}"
	stderr_is 'pe-stream: feed.jsonl:3: A: a second candle at 2024-01-02'
}

@test "replace: the indicators see only the last version (sma of 1 2 4 after 1 2 9 4)" {
	{
		candle A 1 1 1 1 1
		candle A 2 2 2 2 2
		candle A 3 9 9 9 9
		candle A 3 4 4 4 4
	} >feed.jsonl
	run --separate-stderr pe-stream --on update --emit all --min-bars 3 'close > sma(close, 3)' feed.jsonl
	assert_success
	assert_line --index 0 --partial '"time":"2024-01-03"'
	assert_line --index 0 --partial '"values":{"sma_3":4},"match":true}'
	assert_line --index 1 --partial '"values":{"sma_3":2.3333333333333335},"match":true}'
	[ "${#lines[@]}" -eq 2 ]
}

@test "--on once (the default): a formula fires once a bar, on the first version where it holds" {
	{
		candle A 1 1 2 0.5 1.5
		candle A 1 1 2 0.5 1.6
		candle A 2 1 2 0.5 0.9
		candle A 2 1 2 0.5 1.2
		candle A 2 1 2 0.5 1.3
		candle A 2 1 2 0.5 0.8
		candle A 3 1 2 0.5 1.1
	} >feed.jsonl
	K='"candle":{"open":1,"high":2,"low":0.5,"close":'
	L1="{\"symbol\":\"A\",\"time\":\"2024-01-01\",\"formula\":\"up\",\"type\":\"scan_hit\",${K}1.5,\"volume\":10},\"values\":{}}"
	L2="{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"formula\":\"up\",\"type\":\"scan_hit\",${K}1.2,\"volume\":10},\"values\":{}}"
	L3="{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"up\",\"type\":\"scan_hit\",${K}1.1,\"volume\":10},\"values\":{}}"
	run --separate-stderr pe-stream --stats --min-bars 1 'up: close > open' feed.jsonl
	assert_success
	assert_output "$(printf '%s\n' "$L1" "$L2" "$L3")"
	stderr_matches '3 processed, 4 replaced'
	stderr_matches ' 3 signals'
	run --separate-stderr pe-stream --on once --min-bars 1 'up: close > open' feed.jsonl
	ok_with "$L1" "$L2" "$L3"
	# every time: each version where it holds
	run --separate-stderr pe-stream --on update --min-bars 1 'up: close > open' feed.jsonl
	assert_success
	[ "${#lines[@]}" -eq 5 ]
	assert_line --index 1 --partial "${K}1.6,"
	assert_line --index 3 --partial "${K}1.3,"
	# once the bar is final: its last version
	run --separate-stderr pe-stream --on close --min-bars 1 'up: close > open' feed.jsonl
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --partial "${K}1.6,"
	assert_line --index 1 --partial "${K}1.1,"
	# --emit all: a line per version; match says whether the line fires
	run --separate-stderr pe-stream --emit all --min-bars 1 'up: close > open' feed.jsonl
	assert_success
	[ "$(printf '%s\n' "$output" | grep -o '"match":[a-z]*' | tr '\n' ' ')" = \
	    '"match":true "match":false "match":false "match":true "match":false "match":false "match":true ' ]
	# two formulas keep apart: the second first holds on a later version
	run --separate-stderr pe-stream --min-bars 1 -e 'up: close > open' -e 'big: close > 1.25' feed.jsonl
	assert_success
	[ "$(printf '%s\n' "$output" | jq -r '"\(.formula) \(.candle.close)"' | tr '\n' ' ')" = \
	    'up 1.5 big 1.5 up 1.2 big 1.3 up 1.1 ' ]
}

@test "--on close: replaced bars give what the final-only feed gives, once each" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 3 --bars 400 --seed 9 --jsonl >final.jsonl
	# Before each final candle, an earlier version of it: close = open.
	awk '{ x = $0; match(x, /"open":[^,]*/); o = substr(x, RSTART + 7, RLENGTH - 7)
	       sub(/"close":[^,]*/, "\"close\":" o, x); print x; print }' \
	    final.jsonl >updates.jsonl
	[ "$(wc -l <updates.jsonl)" -eq 2400 ]
	run --separate-stderr pe-stream --stats --on close --min-bars 30 -f f.pe updates.jsonl
	assert_success
	printf '%s\n' "$output" >a
	stderr_matches '1200 processed, 1200 replaced'
	pe-stream --on close --min-bars 30 -f f.pe final.jsonl >b
	pe-stream --min-bars 30 -f f.pe final.jsonl >c
	cmp a b
	cmp a c
	[ "$(wc -l <a)" -gt 20 ]
	# on update, the first versions fire too
	pe-stream --on update --min-bars 30 -f f.pe updates.jsonl >d
	! cmp -s a d
}

@test "bad lines of every kind: warned, counted, the good lines around them still signal" {
	{
		candle A 1 1 2 0.5 1.5
		echo '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.6'
		echo '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5}'
		echo '{"symbol":"A","time":"2024-13-02","open":1,"high":2,"low":0.5,"close":1.6}'
		echo '{"symbol":"A","time":"2024-01-02","open":1,"high":1,"low":0.5,"close":1.6}'
		echo '{"symbol":"","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.6}'
		echo '[1,2]'
		echo
		candle A 2 1 2 0.5 1.7
		candle A 1 1 2 0.5 1.6
		candle B 2 1 2 0.5 1.8
		candle C 2 1 2 0.5 1.8
		candle A 2 1 2 0.5 1.9
		candle B 3 1 2 0.5 1.1
	} >feed.jsonl
	run --separate-stderr pe-stream --stats --min-bars 1 --max-symbols 2 --same-time error 'close > 1.55' feed.jsonl
	assert_success
	assert_output "$(lines \
	    '{"symbol":"A","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":0.5,"close":1.7,"volume":10},"values":{}}' \
	    '{"symbol":"B","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":0.5,"close":1.8,"volume":10},"values":{}}')"
	[ "${#stderr_lines[@]}" -eq 11 ]
	[ "${stderr_lines[0]}" = "pe-stream: feed.jsonl:2: invalid JSON at column 73: '}' expected near end of file" ]
	[ "${stderr_lines[1]}" = 'pe-stream: feed.jsonl:3: missing close' ]
	[ "${stderr_lines[2]}" = "pe-stream: feed.jsonl:4: bad time '2024-13-02': month out of range" ]
	[ "${stderr_lines[3]}" = 'pe-stream: feed.jsonl:5: high 1 is below max(open, close) 1.6' ]
	[ "${stderr_lines[4]}" = 'pe-stream: feed.jsonl:6: empty symbol' ]
	[ "${stderr_lines[5]}" = 'pe-stream: feed.jsonl:7: not a JSON object' ]
	[ "${stderr_lines[6]}" = 'pe-stream: feed.jsonl:10: A: out of order (older than its last candle, 2024-01-02)' ]
	[ "${stderr_lines[7]}" = 'pe-stream: feed.jsonl:12: C: more than 2 symbols (--max-symbols)' ]
	[ "${stderr_lines[8]}" = 'pe-stream: feed.jsonl:13: A: a second candle at 2024-01-02' ]
	[ "${stderr_lines[9]}" = 'pe-stream: 13 lines read, 4 processed, 0 replaced, 0 ignored, 9 rejected (1 bad time, 1 bad number, 1 bad range, 1 bad symbol, 2 bad JSON, 1 out of order, 1 same time rejected, 1 too many symbols), 0 other shard, 0 other symbol' ]
	[[ ${stderr_lines[10]} =~ ^'pe-stream: 2 signals, 2 symbols (0 warmed up, 0 bars), 0 below --min-bars, latency p50 '[0-9.]+' us, p99 '[0-9.]+' us, max '[0-9.]+' us, rss '[0-9]+' KiB'$ ]]
}

@test "--strict: the first dropped line ends the run with exit 3, after the lines before it" {
	{
		candle A 1 1 2 0.5 1.5
		candle A 2 1 2 0.5 1.6
		candle A 1 1 2 0.5 1.6
		candle A 3 1 2 0.5 1.7
	} >feed.jsonl
	run --separate-stderr pe-stream --strict --min-bars 1 'close > 1' feed.jsonl
	assert_failure 3
	[ "${#lines[@]}" -eq 2 ]
	stderr_is 'pe-stream: feed.jsonl:3: A: out of order (older than its last candle, 2024-01-02)'
	printf 'symbol,time,open,high,low,close\nA,2024-01-01,1,x,1,1\n' >bad.csv
	run --separate-stderr pe-stream --strict 'close > 1' - <bad.csv
	fails_with 3 "pe-stream: stdin:2: high is not a number: 'x'"
}

@test "--emit all: a line per candle and formula from the lookback on, with match; --arrival adds received" {
	{
		candle A 1 1 2 0.5 1.5
		candle A 2 1 2 0.5 1
		candle A 3 1 2 0.5 1.9
	} >feed.jsonl
	# bar 0 is before the lookback (1): no line for it
	run --separate-stderr pe-stream --emit all --min-bars 1 'close > sma(close, 2)' feed.jsonl
	ok_with \
	    '{"symbol":"A","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":0.5,"close":1,"volume":10},"values":{"sma_2":1.25},"match":false}' \
	    '{"symbol":"A","time":"2024-01-03","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":0.5,"close":1.9,"volume":10},"values":{"sma_2":1.45},"match":true}'
	run --separate-stderr pe-stream --arrival --min-bars 1 'close > 1' feed.jsonl
	assert_success
	assert_output --regexp '^\{"symbol":"A","time":"2024-01-01",.*"values":\{\},"received":"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\.[0-9]{3})?Z"\}$'
	run --separate-stderr pe-stream --arrival --emit all --min-bars 1 'close > 1' feed.jsonl
	assert_line --index 1 --regexp '"match":false,"received":"[^"]*"\}$'
	# on close, the last bar is final at the end: it keeps its arrival
	run --separate-stderr pe-stream --on close --arrival --min-bars 1 'close > 1' feed.jsonl
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --regexp '^\{"symbol":"A","time":"2024-01-03",.*,"received":"[^"]*"\}$'
}

@test "--digits N: the candle and values of each line to N places; the default is exact; times untouched" {
	# 0.125 and 20.5 are ties; 2.675 and 1.005 are stored below
	# themselves; (0.2 + 0.4) / 2 is not 0.3
	{
		printf '%s\n' '{"symbol":"A","time":"2024-01-01","open":0.1,"high":0.3,"low":0.1,"close":0.2,"volume":10}'
		printf '%s\n' '{"symbol":"A","time":"2024-01-02","open":0.2,"high":0.4,"low":0.2,"close":0.4,"volume":20.5}'
		printf '%s\n' '{"symbol":"A","time":"2024-01-03","open":0.125,"high":2.675,"low":0.125,"close":1.005,"volume":10}'
	} >feed.jsonl
	local f='"formula":"f1","type":"scan_hit"'
	run --separate-stderr pe-stream --emit all --min-bars 1 'close > sma(close, 2)' feed.jsonl
	ok_with "{\"symbol\":\"A\",\"time\":\"2024-01-02\",$f,\"candle\":{\"open\":0.2,\"high\":0.4,\"low\":0.2,\"close\":0.4,\"volume\":20.5},\"values\":{\"sma_2\":0.30000000000000004},\"match\":true}" \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-03\",$f,\"candle\":{\"open\":0.125,\"high\":2.675,\"low\":0.125,\"close\":1.005,\"volume\":10},\"values\":{\"sma_2\":0.7025},\"match\":true}"
	run --separate-stderr pe-stream --digits 2 --emit all --min-bars 1 'close > sma(close, 2)' feed.jsonl
	ok_with "{\"symbol\":\"A\",\"time\":\"2024-01-02\",$f,\"candle\":{\"open\":0.2,\"high\":0.4,\"low\":0.2,\"close\":0.4,\"volume\":20.5},\"values\":{\"sma_2\":0.3},\"match\":true}" \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-03\",$f,\"candle\":{\"open\":0.12,\"high\":2.67,\"low\":0.12,\"close\":1,\"volume\":10},\"values\":{\"sma_2\":0.7},\"match\":true}"
	run --separate-stderr pe-stream --digits 0 --arrival --min-bars 1 'close > sma(close, 2)' feed.jsonl
	assert_success
	assert_line --index 0 --regexp "^\\{\"symbol\":\"A\",\"time\":\"2024-01-02\",.*\"candle\":\\{\"open\":0,\"high\":0,\"low\":0,\"close\":0,\"volume\":20\\},\"values\":\\{\"sma_2\":0\\},\"received\":\"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\\.[0-9]{3})?Z\"\\}$"
	assert_line --index 1 --partial '"candle":{"open":0,"high":3,"low":0,"close":1,"volume":10},"values":{"sma_2":1},"received":"'
}

@test "--digits outside 0 to 17: exit 2 naming the option and the value" {
	local n
	for n in 18 -1 x ''; do
		run --separate-stderr pe-stream --digits "$n" x
		fails_with 2 "pe-stream: invalid --digits '$n' (expected 0 to 17)"
	done
}

# ---- flushing, signals ----

@test "a signal is read from a FIFO before the input ends, each right after its candle" {
	mkfifo in outp
	timeout 20 pe-stream --min-bars 1 'close > open' <in >outp 2>err &
	exec 7>in 8<outp
	candle A 1 1 2 0.5 1.5 >&7
	read -r -t 5 -u 8 first
	candle B 1 1 2 0.5 1.7 >&7
	read -r -t 5 -u 8 second
	exec 7>&-
	cat <&8 >rest
	exec 8<&-
	wait
	[[ $first == '{"symbol":"A","time":"2024-01-01",'* ]]
	[[ $second == '{"symbol":"B","time":"2024-01-01",'* ]]
	[ ! -s rest ]
}

@test "SIGHUP reloads the formula file; new formulas are primed from the buffer" {
	echo 'up: close > open' >f.pe
	mkfifo in
	pe-stream --min-bars 1 -f f.pe <in >out 2>err &
	local pid=$!
	exec 7>in
	candle A 1 1 2 1 2 >&7
	candle A 2 2 3 2 3 >&7
	candle A 3 3 4 3 4 >&7
	wait_for out '"time":"2024-01-03"'
	echo 'rise: close > sma(close, 3)' >f.pe
	kill -HUP $pid
	wait_for err 'reloaded 1 formulas'
	# sma(close,3) over 3 4 5 (bars 2 and 3 from the ring): 4
	candle A 4 4 5 4 5 >&7
	wait_for out '"time":"2024-01-04"'
	echo 'broken: close >' >f.pe
	kill -HUP $pid
	wait_for err 'reload failed'
	candle A 5 5 6 5 6 >&7
	exec 7>&-
	wait $pid
	[ "$(grep -c '"formula":"up"' out)" -eq 3 ]
	grep -q '"time":"2024-01-04","formula":"rise".*"values":{"sma_3":4}}$' out
	grep -q '"time":"2024-01-05","formula":"rise".*"values":{"sma_3":5}}$' out
	[ "$(wc -l <out)" -eq 5 ]
	grep -q '^pe-stream: reload failed: keeping the old formulas$' err
}

@test "SIGUSR1 prints the statistics while the feed is quiet" {
	mkfifo in
	pe-stream --min-bars 1 'close > open' <in >out 2>err &
	local pid=$!
	exec 7>in
	candle A 1 1 2 1 2 >&7
	wait_for out '"symbol":"A"'
	kill -USR1 $pid
	wait_for err '1 signals, 1 symbols'
	exec 7>&-
	wait
	grep -q '^pe-stream: 1 lines read, 1 processed, 0 replaced, 0 ignored, 0 rejected, 0 other shard, 0 other symbol$' err
	grep -q '^pe-stream: 1 signals, 1 symbols (0 warmed up, 0 bars), 0 below --min-bars, latency ' err
}

# ---- warmup, shard, memory ----

@test "--warmup: histories prime each symbol, signals flow from the first live candle" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 3 --bars 320 --seed 4 --jsonl >feed.jsonl
	gen_candles --symbols 3 --bars 320 --seed 4 -o hist
	mkdir warm
	local s t
	for s in S0001 S0002; do	# S0003 has no history: starts cold
		head -n 251 hist/$s.csv >warm/$s.csv
	done
	t=$(sed -n 252p hist/S0001.csv | cut -d, -f1)
	awk -v t="$t" 'match($0, /"time":"[^"]*"/) &&
	    substr($0, RSTART + 8, RLENGTH - 9) >= t' feed.jsonl >live.jsonl
	[ "$(wc -l <live.jsonl)" -eq 210 ]
	run --separate-stderr pe-stream --stats --warmup warm -f f.pe live.jsonl
	assert_success
	printf '%s\n' "$output" >out
	for s in S0001 S0002; do
		diff <(eval_from $s oversold 250) <(stream_of $s oversold)
		diff <(eval_from $s macd_up 250) <(stream_of $s macd_up)
	done
	[ -z "$(stream_of S0003 oversold)$(stream_of S0003 macd_up)" ]
	[ "$(stream_of S0001 oversold | wc -l)$(stream_of S0002 oversold | wc -l)" != 00 ]
	# S0003 has its 70 live bars only
	[ "${stderr_lines[0]}" = 'pe-stream: 1 symbol below --min-bars 200 (fewest bars: S0003 with 70)' ]
	[[ ${stderr_lines[2]} == 'pe-stream: '*' signals, 3 symbols (2 warmed up, 500 bars), 1 below --min-bars,'* ]]
}

@test "--warmup: an unreadable history is a warning, the symbol starts cold" {
	mkdir warm
	mk warm/A.csv "$HDR" '2024-01-01,1,2,0.5,x,1'
	candle A 2 1 2 0.5 1.5 >feed.jsonl
	run --separate-stderr pe-stream --warmup warm --min-bars 1 'close > 1' feed.jsonl
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	stderr_is "pe-stream: warmup: warm/A.csv:2: close is not a number: 'x'"
}

# warm_saved_setup: 4 symbols' histories in warm/ (300 bars), their next
# 40 bars, interleaved, in live.jsonl, and f.pe.
warm_saved_setup() {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 4 --bars 340 --seed 6 --jsonl >feed.jsonl
	gen_candles --symbols 4 --bars 340 --seed 6 -o hist
	mkdir warm
	local s t
	for s in S0001 S0002 S0003 S0004; do
		head -n 301 hist/$s.csv >warm/$s.csv
	done
	t=$(sed -n 302p hist/S0001.csv | cut -d, -f1)
	awk -v t="$t" 'match($0, /"time":"[^"]*"/) &&
	    substr($0, RSTART + 8, RLENGTH - 9) >= t' feed.jsonl >live.jsonl
	[ "$(wc -l <live.jsonl)" -eq 160 ]
}

@test "--warmup: primed from pe-scan --last's saved states, the same lines as from the files" {
	warm_saved_setup
	pe-stream --no-cache --warmup warm -f f.pe live.jsonl >want
	[ "$(wc -l <want)" -gt 5 ]
	# no saved states yet: the files, and pe-stream makes no cache
	run --separate-stderr pe-stream --stats --warmup warm -f f.pe live.jsonl
	assert_success
	[ ! -e "$PE_CACHE_DIR" ]
	[[ ${stderr_lines[1]} == *' 4 symbols (4 warmed up, 1200 bars), '* ]]
	pe-scan -q --last -f f.pe warm >/dev/null
	run --separate-stderr pe-stream --stats --warmup warm -f f.pe live.jsonl
	assert_success
	printf '%s\n' "$output" | cmp - want
	[[ ${stderr_lines[1]} == *' 4 symbols (4 warmed up, 4 from saved states, 1200 bars), '* ]]
	# the directory named otherwise: the same files, the same states
	run --separate-stderr pe-stream --stats --warmup ./warm/ -f f.pe live.jsonl
	printf '%s\n' "$output" | cmp - want
	[[ ${stderr_lines[1]} == *'(4 warmed up, 4 from saved states, 1200 bars)'* ]]
	# --no-cache, or another cache: the files
	run --separate-stderr pe-stream --stats --no-cache --warmup warm -f f.pe live.jsonl
	[[ ${stderr_lines[1]} == *'(4 warmed up, 1200 bars)'* ]]
	run --separate-stderr pe-stream --stats --cache-dir nowhere --warmup warm -f f.pe live.jsonl
	[[ ${stderr_lines[1]} == *'(4 warmed up, 1200 bars)'* ]]
	[ ! -e nowhere ]
	# other output options are other saved states: none here
	pe-stream --no-cache --digits 2 --warmup warm -f f.pe live.jsonl >want2
	run --separate-stderr pe-stream --stats --digits 2 --warmup warm -f f.pe live.jsonl
	printf '%s\n' "$output" | cmp - want2
	[[ ${stderr_lines[1]} == *'(4 warmed up, 1200 bars)'* ]]
	# a history changed since the scan is read whole
	echo "$(sed -n 302p hist/S0002.csv)" >>warm/S0002.csv
	pe-stream --no-cache --warmup warm -f f.pe live.jsonl >want3
	run --separate-stderr pe-stream --stats --warmup warm -f f.pe live.jsonl
	printf '%s\n' "$output" | cmp - want3
	[[ ${stderr_lines[1]} == *'(4 warmed up, 3 from saved states, 1201 bars)'* ]]
}

@test "--warmup from saved states: an update of the history's last bar is a replace, as from the file" {
	warm_saved_setup
	pe-scan -q --last -f f.pe warm >/dev/null
	# the feed first sends each history's last bar again, its close
	# changed, then goes on
	for s in S0001 S0002 S0003 S0004; do
		tail -n 1 warm/$s.csv | awk -F, -v s=$s '{ c = $5 * 1.01; h = $3 > c ? $3 : c
		    printf "{\"symbol\":\"%s\",\"time\":\"%s\",\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":%s}\n", s, $1, $2, h, $4, c, $6 }'
	done >upd.jsonl
	cat upd.jsonl live.jsonl >feed2.jsonl
	for on in once update close; do
		pe-stream --no-cache --on $on --emit all --warmup warm -f f.pe feed2.jsonl >want
		run --separate-stderr pe-stream --stats --on $on --emit all --warmup warm -f f.pe feed2.jsonl
		assert_success
		printf '%s\n' "$output" | cmp - want
		[[ ${stderr_lines[0]} == *' 160 processed, 4 replaced, '* ]]
		# each symbol primed again from its file to replace its bar
		[[ ${stderr_lines[1]} == *'(4 warmed up, 1200 bars)'* ]]
	done
}

@test "--shard: the shards' outputs together are the whole output" {
	gen_candles --symbols 12 --bars 40 --seed 2 --jsonl >feed.jsonl
	pe-stream --min-bars 1 'close > open' feed.jsonl | sort >all
	local k
	for k in 0 1 2; do
		pe-stream --stats --shard $k/3 --min-bars 1 'close > open' feed.jsonl >s$k 2>e$k
		grep -q "other shard" e$k
	done
	sort s0 s1 s2 | cmp - all
	[ -s s0 ] && [ -s s1 ] && [ -s s2 ]
	# a symbol is in one shard only
	[ -z "$(cut -d, -f1 s0 | sort -u | comm -12 - <(cut -d, -f1 s1 | sort -u))" ]
}

@test "memory stays flat: 1,000,000 candles over 100 symbols vs 100,000" {
	[[ -z ${PE_ASAN:-} && -z ${PE_COVERAGE:-} ]] ||
	    skip 'memory is not measured under the sanitizers or coverage'
	gen_candles --symbols 100 --bars 1000 | pe-stream --stats 'close > 1e9' 2>small
	gen_candles --symbols 100 --bars 10000 | pe-stream --stats 'close > 1e9' 2>big
	grep -q '1000000 lines read, 1000000 processed' big
	local a b
	a=$(rss_of small)
	b=$(rss_of big)
	[ -n "$a" ] && [ -n "$b" ]
	[ $((b - a)) -lt 4096 ] || fail "rss grew from $a to $b KiB"
}

@test "latency: p99 per candle well under 50 us over 100,000 candles, two formulas" {
	[[ -z ${PE_ASAN:-} && -z ${PE_COVERAGE:-} ]] ||
	    skip 'timing is not measured under the sanitizers or coverage'
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 100 --bars 1000 --jsonl | pe-stream --stats -f f.pe 2>stats >/dev/null
	local p99
	p99=$(sed -n 's/.*, p99 \([0-9]*\)\.[0-9]* us.*/\1/p' stats)
	[ -n "$p99" ] || fail "no p99 in $(cat stats)"
	[ "$p99" -lt 50 ] || fail "p99 $p99 us (bench target: 20)"
}

# ---- the shared vocabulary: inputs, --symbol, -o, --format, -q, --since ----

@test "several inputs: one after the other as if concatenated, '-' is stdin; warnings name each file" {
	{
		candle A 1 1 2 0.5 1.5
		candle B 1 1 2 0.5 1.6
	} >a.jsonl
	{
		candle A 2 1 2 0.5 1.7
		echo '{"symbol":"A","time":"2024-01-03","open":1,"high":2,"low":0.5}'
		candle A 1 1 2 0.5 1.8
	} >b.jsonl
	printf 'symbol,time,open,high,low,close\nB,2024-01-02,1,2,0.5,1.9\n' >c.csv
	run --separate-stderr pe-stream --stats --min-bars 1 'close > 1' a.jsonl - b.jsonl <c.csv
	assert_success
	assert_output "$(lines "$(sig A 1 1.5)" "$(sig B 1 1.6)" "$(sig B 2 1.9 null)" "$(sig A 2 1.7)")"
	[ "${#stderr_lines[@]}" -eq 4 ]
	[ "${stderr_lines[0]}" = 'pe-stream: b.jsonl:2: missing close' ]
	[ "${stderr_lines[1]}" = 'pe-stream: b.jsonl:3: A: out of order (older than its last candle, 2024-01-02)' ]
	[ "${stderr_lines[2]}" = 'pe-stream: 6 lines read, 4 processed, 0 replaced, 0 ignored, 2 rejected (1 bad number, 1 out of order), 0 other shard, 0 other symbol' ]
	[[ ${stderr_lines[3]} == 'pe-stream: 4 signals, 2 symbols (0 warmed up, 0 bars), 0 below --min-bars, latency '* ]]
	# a bar waiting under --on close is replaced by the next input's update
	candle A 1 1 2 0.5 0.5 >first.jsonl
	candle A 1 1 2 0.5 1.2 >second.jsonl
	run --separate-stderr pe-stream --on close --min-bars 1 'close > 1' first.jsonl second.jsonl
	ok_with "$(sig A 1 1.2)"
}

@test "an input that cannot be read: exit 2 before any is read, -o FILE not made" {
	candle A 1 1 2 0.5 1.5 >a.jsonl
	run --separate-stderr pe-stream --min-bars 1 -o out.jsonl 'close > 1' a.jsonl nope.jsonl
	fails_with 2 'pe-stream: nope.jsonl: No such file or directory'
	[ ! -e out.jsonl ]
	mkdir d
	run --separate-stderr pe-stream --min-bars 1 'close > 1' a.jsonl d
	fails_with 2 'pe-stream: d: Is a directory'
	run --separate-stderr pe-stream --min-bars 1 'close > 1' 'close < 2'
	fails_with 2 "pe-stream: 'close < 2' is not a file: give several formulas with -e, or in a file with -f"
}

@test "--symbol: only the symbols named, the others counted, not warned about" {
	{
		candle A 1 1 2 0.5 1.5
		candle B 1 1 2 0.5 1.6
		candle C 1 1 2 0.5 1.7
		candle B 2 1 2 0.5 1.8
		candle A 2 1 2 0.5 1.9
	} >feed.jsonl
	run --separate-stderr pe-stream --stats --symbol B --symbol C --min-bars 1 'close > 1' feed.jsonl
	assert_success
	assert_output "$(lines "$(sig B 1 1.6)" "$(sig C 1 1.7)" "$(sig B 2 1.8)")"
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = 'pe-stream: 5 lines read, 3 processed, 0 replaced, 0 ignored, 0 rejected, 0 other shard, 2 other symbol' ]
	[[ ${stderr_lines[1]} == 'pe-stream: 3 signals, 2 symbols (0 warmed up, 0 bars), 0 below --min-bars, latency '* ]]
	run --separate-stderr pe-stream --symbol ''  'close > 1' feed.jsonl
	fails_with 2 'pe-stream: invalid --symbol: empty symbol'
}

@test "--symbol NAME given once names a feed without symbols (default: the file's base name, stdin)" {
	printf '{"time":"2024-01-01","open":1,"high":2,"low":0.5,"close":1.5,"volume":10}\n' >nosym.jsonl
	printf 'time,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.6,10\n' >nosym.csv
	run --separate-stderr pe-stream --min-bars 1 'close > 1' nosym.jsonl
	ok_with "$(sig nosym 1 1.5)"
	run --separate-stderr pe-stream --min-bars 1 'close > 1' <nosym.jsonl
	ok_with "$(sig stdin 1 1.5)"
	run --separate-stderr pe-stream --symbol AAPL --min-bars 1 'close > 1' nosym.jsonl nosym.csv
	ok_with "$(sig AAPL 1 1.5)" "$(sig AAPL 2 1.6)"
	# given twice it names nothing: "nosym" is not one of them
	run --separate-stderr pe-stream --stats --symbol AAPL --symbol MSFT --min-bars 1 'close > 1' nosym.jsonl
	assert_success
	assert_output ''
	[ "${stderr_lines[0]}" = 'pe-stream: 1 lines read, 0 processed, 0 replaced, 0 ignored, 0 rejected, 0 other shard, 1 other symbol' ]
}

@test "-o FILE: emptied before the first candle, each line written and flushed to it as it fires" {
	mkfifo in
	echo 'an old line' >out.jsonl
	pe-stream --min-bars 1 -o out.jsonl 'close > 1' <in >stdout 2>err &
	local pid=$! i
	exec 7>in
	for i in $(seq 100); do
		[ -s out.jsonl ] || break
		sleep 0.1
	done
	[ ! -s out.jsonl ] || fail "out.jsonl was not emptied"
	candle A 1 1 2 0.5 1.5 >&7
	wait_for out.jsonl '"symbol":"A"'
	candle A 2 1 2 0.5 0.5 >&7
	candle A 3 1 2 0.5 1.7 >&7
	exec 7>&-
	wait $pid
	file_is out.jsonl "$(sig A 1 1.5)" "$(sig A 3 1.7)"
	[ ! -s stdout ] && [ ! -s err ]
	# -o -: the standard output
	candle A 1 1 2 0.5 1.5 >a.jsonl
	run --separate-stderr pe-stream --min-bars 1 -o - 'close > 1' a.jsonl
	ok_with "$(sig A 1 1.5)"
}

@test "-o FILE that cannot be created or written: exit 3 naming it" {
	candle A 1 1 2 0.5 1.5 >a.jsonl
	run --separate-stderr pe-stream --min-bars 1 -o nodir/out.jsonl 'close > 1' a.jsonl
	fails_with 3 'pe-stream: nodir/out.jsonl: cannot write: No such file or directory'
	[ -w /dev/full ] || skip 'no /dev/full'
	run --separate-stderr pe-stream --min-bars 1 -o /dev/full 'close > 1' a.jsonl
	fails_with 3 'pe-stream: /dev/full: cannot write: No space left on device'
}

@test "--format csv: pe-eval's CSV, row for row" {
	printf '%s\n' "${FORMULAS[@]}" >f.pe
	gen_candles --symbols 1 --bars 300 --seed 6 -o hist
	pe-eval --symbol S0001 --format csv -f f.pe hist/S0001.csv >want
	[ "$(wc -l <want)" -gt 10 ]
	run --separate-stderr pe-stream --symbol S0001 --format csv --min-bars 1 -f f.pe hist/S0001.csv
	assert_success
	stderr_empty
	printf '%s\n' "$output" | cmp - want
	pe-stream --format jsonl --min-bars 1 -f f.pe hist/S0001.csv >a
	pe-stream --min-bars 1 -f f.pe hist/S0001.csv >b
	cmp a b
}

@test "--format csv: the header first, even alone; match and received last; symbols quoted" {
	{
		candle 'A,B' 1 1 2 0.5 1.5
		candle 'A,B' 2 1 2 0.5 1
		candle 'A,B' 3 1 2 0.5 1.9
	} >feed.jsonl
	local h='symbol,time,formula,type,open,high,low,close,volume'
	run --separate-stderr pe-stream --format csv 'close > 1' </dev/null
	ok_with "$h"
	run --separate-stderr pe-stream --format csv --min-bars 1 'close > sma(close, 2)' feed.jsonl
	ok_with "$h,sma_2" '"A,B",2024-01-03,f1,scan_hit,1,2,0.5,1.9,10,1.45'
	run --separate-stderr pe-stream --format csv --emit all --min-bars 1 'close > sma(close, 2)' feed.jsonl
	ok_with "$h,sma_2,match" '"A,B",2024-01-02,f1,scan_hit,1,2,0.5,1,10,1.25,false' \
	    '"A,B",2024-01-03,f1,scan_hit,1,2,0.5,1.9,10,1.45,true'
	run --separate-stderr pe-stream --format csv --emit all --arrival --min-bars 1 'close > sma(close, 2)' feed.jsonl
	assert_success
	stderr_empty
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$h,sma_2,match,received" ]
	assert_line --index 1 --regexp '^"A,B",2024-01-02,f1,scan_hit,1,2,0.5,1,10,1.25,false,20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\.[0-9]{3})?Z$'
	run --separate-stderr pe-stream --format csv --arrival --min-bars 1 'close > 1.8' feed.jsonl
	assert_line --index 0 "$h,received"
	assert_line --index 1 --regexp '^"A,B",2024-01-03,f1,scan_hit,1,2,0.5,1.9,10,20[^,]*Z$'
	run --separate-stderr pe-stream --format xml 'close > 1' feed.jsonl
	fails_with 2 "pe-stream: invalid format 'xml' (expected csv or jsonl)"
}

@test "--format csv: a reload writes the header again; -q silences the reload note, not the failure" {
	echo 'up: close > open' >f.pe
	mkfifo in
	pe-stream -q --format csv --min-bars 1 -f f.pe <in >out 2>err &
	local pid=$!
	exec 7>in
	candle A 1 1 2 1 2 >&7
	wait_for out '^A,2024-01-01,up,'
	echo 'rise: close > sma(close, 2)' >f.pe
	kill -HUP $pid
	wait_for out 'sma_2$'
	candle A 2 2 3 2 3 >&7
	wait_for out '^A,2024-01-02,rise,'
	echo 'broken: close >' >f.pe
	kill -HUP $pid
	wait_for err 'reload failed'
	exec 7>&-
	wait $pid
	file_is out 'symbol,time,formula,type,open,high,low,close,volume' \
	    'A,2024-01-01,up,scan_hit,1,2,1,2,10' \
	    'symbol,time,formula,type,open,high,low,close,volume,sma_2' \
	    'A,2024-01-02,rise,scan_hit,2,3,2,3,10,2.5'
	! grep -q reloaded err
	[ "$(tail -n 1 err)" = 'pe-stream: reload failed: keeping the old formulas' ]
}

@test "at the end, a note on the symbols short of bars: how many, the fewest, singular or plural" {
	{
		candle A 1 1 2 0.5 1.5
		candle B 1 1 2 0.5 1.5
		candle B 2 1 2 0.5 1.5
		candle C 1 1 2 0.5 1.5
		candle C 2 1 2 0.5 1.5
		candle C 3 1 2 0.5 1.5
	} >feed.jsonl
	run --separate-stderr pe-stream --min-bars 3 'close > 1' feed.jsonl
	assert_success
	assert_output "$(sig C 3 1.5)"
	stderr_is 'pe-stream: 2 symbols below --min-bars 3 (fewest bars: A with 1)'
	run --separate-stderr pe-stream --min-bars 2 'close > 1' feed.jsonl
	assert_success
	stderr_is 'pe-stream: 1 symbol below --min-bars 2 (fewest bars: A with 1)'
	# a lookback longer than --min-bars: the bars the formulas need
	run --separate-stderr pe-stream --min-bars 1 'close > sma(close, 3) * 0.5' feed.jsonl
	assert_success
	stderr_is 'pe-stream: 2 symbols below the 3 bars the formulas need (fewest bars: A with 1)'
	run --separate-stderr pe-stream --min-bars 1 'close > 1' feed.jsonl
	ok_with "$(sig A 1 1.5)" "$(sig B 1 1.5)" "$(sig B 2 1.5)" "$(sig C 1 1.5)" \
	    "$(sig C 2 1.5)" "$(sig C 3 1.5)"
}

@test "-q: no note; warnings, --stats and the exit status unchanged" {
	{
		candle A 1 1 2 0.5 1.5
		echo '[1]'
		candle B 1 1 2 0.5 1.5
		candle B 2 1 2 0.5 1.5
	} >feed.jsonl
	run --separate-stderr pe-stream -q --stats --min-bars 2 'close > 1' feed.jsonl
	assert_success
	assert_output "$(sig B 2 1.5)"
	[ "${#stderr_lines[@]}" -eq 3 ]
	[ "${stderr_lines[0]}" = 'pe-stream: feed.jsonl:2: not a JSON object' ]
	[ "${stderr_lines[1]}" = 'pe-stream: 4 lines read, 3 processed, 0 replaced, 0 ignored, 1 rejected (1 bad JSON), 0 other shard, 0 other symbol' ]
	[[ ${stderr_lines[2]} == 'pe-stream: 1 signals, 2 symbols (0 warmed up, 0 bars), 1 below --min-bars, latency '* ]]
	run --separate-stderr pe-stream --quiet --min-bars 2 'close > 1' feed.jsonl
	assert_success
	stderr_is 'pe-stream: feed.jsonl:2: not a JSON object'
	run --separate-stderr pe-stream -q --strict --min-bars 2 'close > 1' feed.jsonl
	fails_with 3 'pe-stream: feed.jsonl:2: not a JSON object'
}

@test "--since and --until: only the lines of bars in range; the bars before still warm up" {
	{
		candle A 1 1 2 0.5 1
		candle A 2 1 2 0.5 2
		candle A 3 1 3 0.5 3
		candle A 4 1 4 0.5 4
		candle A 5 1 5 0.5 5
	} >feed.jsonl
	local f='"formula":"f1","type":"scan_hit"'
	run --separate-stderr pe-stream --stats --emit all --min-bars 1 --since 2024-01-03 --until 2024-01-04 'close > sma(close, 2)' feed.jsonl
	assert_success
	assert_output "$(lines \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-03\",$f,\"candle\":{\"open\":1,\"high\":3,\"low\":0.5,\"close\":3,\"volume\":10},\"values\":{\"sma_2\":2.5},\"match\":true}" \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-04\",$f,\"candle\":{\"open\":1,\"high\":4,\"low\":0.5,\"close\":4,\"volume\":10},\"values\":{\"sma_2\":3.5},\"match\":true}")"
	[[ ${stderr_lines[0]} == 'pe-stream: 5 lines read, 5 processed,'* ]]
	[[ ${stderr_lines[1]} == 'pe-stream: 2 signals,'* ]]
	# --until DATE is the whole day; times of day inside it count
	printf '{"symbol":"A","time":"2024-01-04T23:59:59Z","open":1,"high":2,"low":0.5,"close":1.5}\n' >late.jsonl
	run --separate-stderr pe-stream --min-bars 1 --until 2024-01-04 'close > 1' late.jsonl
	assert_success
	assert_output --partial '"time":"2024-01-04T23:59:59Z"'
	run --separate-stderr pe-stream --min-bars 1 --since 2024-01-05 'close > 1' late.jsonl
	ok_with
	run --separate-stderr pe-stream --since x 'close > 1' feed.jsonl
	fails_with 2 "pe-stream: invalid --since 'x' (not a date, time or epoch number)"
	run --separate-stderr pe-stream --since 2024-02-01 --until 2024-01-01 'close > 1' feed.jsonl
	fails_with 2 'pe-stream: --since is later than --until'
}

# ---- the man page's examples ----

@test "man page example: the alerts.pe formulas over a feed" {
	printf '%s\n' "${FORMULAS[@]}" >alerts.pe
	gen_candles --symbols 2 --bars 260 --seed 8 --jsonl >feed.jsonl
	run --separate-stderr pe-stream -f alerts.pe feed.jsonl
	assert_success
	stderr_empty
	[ "${#lines[@]}" -gt 0 ]
	# the jq example: the values by their names, no quoting needed
	run bash -c "pe-stream -f alerts.pe feed.jsonl | jq -r 'select(.formula == \"macd_up\") |
	    [.symbol, .time, .values.macd_12_26_9, .values.macd_12_26_9_signal] | @tsv'"
	assert_success
	[ "${#lines[@]}" -gt 0 ]
	for l in "${lines[@]}"; do
		[[ $l =~ ^S000[12]$'\t'2[0-9-]+$'\t'-?[0-9.e-]+$'\t'-?[0-9.e-]+$ ]] ||
		    fail "not a macd_up row: $l"
	done
}

@test "man page example: two symbols only, as CSV rows in a file, from two inputs" {
	printf '%s\n' "${FORMULAS[@]}" >alerts.pe
	gen_candles --symbols 3 --bars 500 --seed 8 --jsonl >feed.jsonl
	sed 's/"S0001"/"AAPL"/; s/"S0002"/"MSFT"/' feed.jsonl >all.jsonl
	head -n 750 all.jsonl >mon.jsonl
	tail -n +751 all.jsonl >tue.jsonl
	run --separate-stderr pe-stream --symbol AAPL --symbol MSFT --format csv -o alerts.csv -f alerts.pe mon.jsonl tue.jsonl
	ok_with
	pe-stream --symbol AAPL --symbol MSFT --format csv -f alerts.pe all.jsonl | cmp - alerts.csv
	[ "$(wc -l <alerts.csv)" -gt 3 ]
	! grep -q '^S0003,' alerts.csv
	[ "$(head -n 1 alerts.csv | cut -d, -f1-9)" = 'symbol,time,formula,type,open,high,low,close,volume' ]
}

@test "-e takes a formula file's line: a tag and a name" {
	{
		candle A 1 1 2 0.5 1
		candle A 2 1 2 0.5 1.5
	} >feed.jsonl
	K2='"candle":{"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}'
	run --separate-stderr pe-stream --min-bars 1 -e '@entry up: close > open' feed.jsonl
	ok_with "{\"symbol\":\"A\",\"time\":\"2024-01-02\",\"formula\":\"up\",\"type\":\"entry\",$K2,\"values\":{}}"
}

@test "tf(\"1w\", x): the stream fires on the very bars pe-eval and pe-scan do (no lookahead, no repaint)" {
	pe-load --format jsonl "$DATA_DIR/fb_2012_2014.csv" >fb.jsonl
	f='tf("1w", close) > close and tf("1w", sma(close, 3)) < close[1]'
	want=$(pe-eval --format csv "$f" "$DATA_DIR/fb_2012_2014.csv" | cut -d, -f2 | tail -n +2)
	[ "$(wc -l <<<"$want")" -gt 20 ]
	run --separate-stderr pe-stream --min-bars 1 --format csv "$f" fb.jsonl
	assert_success
	assert_equal "$(cut -d, -f2 <<<"$output" | grep '^20')" "$want"
	mkdir d && cp "$DATA_DIR/fb_2012_2014.csv" d/
	run --separate-stderr pe-scan -q --all --no-cache --format csv "$f" d
	assert_success
	assert_equal "$(cut -d, -f2 <<<"$output" | grep '^20')" "$want"
}

@test "sym(\"SYM\", x): the other symbol's bars from the same feed; with each time's reference bar first, pe-eval's very signals; after it, a bar behind" {
	gen_candles --symbols 2 --bars 300 -o g >/dev/null
	f='close / sym("S0002", close) > sma(close / sym("S0002", close), 10)'
	want=$(pe-eval --format csv "$f" g/S0001.csv | cut -d, -f2 | tail -n +2)
	[ "$(wc -l <<<"$want")" -gt 50 ]
	# S0002's bar of each time first: sort keeps the input's order of ties
	{ pe-load --format jsonl g/S0002.csv; pe-load --format jsonl g/S0001.csv; } |
	    sort -s -t'"' -k8,8 >first.jsonl
	run --separate-stderr pe-stream --min-bars 1 --format csv "$f" first.jsonl
	assert_success
	assert_equal "$(grep '^S0001,' <<<"$output" | cut -d, -f2)" "$want"
	# S0001's first: at its first bar S0002 has none yet (NaN), and at
	# every later one S0002's bar before: the batch formula over
	# sym(...)[1] fires on the same bars
	{ pe-load --format jsonl g/S0001.csv; pe-load --format jsonl g/S0002.csv; } |
	    sort -s -t'"' -k8,8 >second.jsonl
	g='close > sym("S0002", close) * 0.8'
	run --separate-stderr pe-stream --min-bars 1 --format csv "$g" second.jsonl
	assert_success
	lag='close > sym("S0002", close)[1] * 0.8'
	assert_equal "$(grep '^S0001,' <<<"$output" | cut -d, -f2)" \
	    "$(pe-eval --format csv "$lag" g/S0001.csv | cut -d, -f2 | tail -n +2)"
	# (an indicator over it would stay NaN from that first NaN, as over
	# any NaN: the stream fires nothing)
	run --separate-stderr pe-stream --min-bars 1 --format csv "$f" second.jsonl
	assert_equal "$(grep -c '^S0001,' <<<"$output")" 0
	# --warmup primes S0002's values though the feed never sends it (and
	# S0001's own history): the last 60 bars as pe-eval gives them
	mkdir w && cp g/S0002.csv w/ && head -n 241 g/S0001.csv >w/S0001.csv
	pe-load --format jsonl g/S0001.csv | tail -n 60 >tail.jsonl
	run --separate-stderr pe-stream --min-bars 1 --warmup w --format csv "$f" tail.jsonl
	assert_success
	assert_equal "$(grep '^S0001,' <<<"$output" | cut -d, -f2)" \
	    "$(pe-eval --format csv --tail 60 "$f" g/S0001.csv | cut -d, -f2 | tail -n +2)"
}
