#!/usr/bin/env bats
# pe-scan: operands (files, directories, "-"), symbols, --last/--all/
# --edge, --since/--until, --timeframe, --forward-returns, every
# per-symbol outcome (signals, skipped, error, timeout, worker crash),
# --results, --summary, --unordered, -j, --shard, --rank and --top,
# signals, a closed pipe, and every exit status.
#
# Timeouts and crashes use $BUILD/tests/pe-scan-hooks, pe-scan linked
# with tests/hooks/pe-scan-hooks.c: PE_SCAN_TEST_SLEEP=SYM hangs the worker
# on the file of base name SYM, PE_SCAN_TEST_ABORT=SYM aborts it (SIGABRT,
# 6).  No test depends on exact timing: a hung worker always hangs, and
# --timeout 1 leaves the healthy files far more time than they need.

bats_require_minimum_version 1.5.0

load helpers

HOOKS=${BUILD:-$REPO_DIR/build}/tests/pe-scan-hooks

setup() {
	common_setup
	mkdir d
	# closes 2 4 6 5 8; sma(close,3): -, -, 4, 5, 6.333333333333333
	mk d/A.csv "$HDR" 2024-01-01,2,2,2,2,10 2024-01-02,3,4,3,4,20 \
	    2024-01-03,5,6,5,6,30 2024-01-04,6,6,5,5,40 2024-01-05,6,8,6,8,50
	# two bars: too young for sma(close,3)
	mk d/B.csv "$HDR" 2024-01-01,2,2,2,2,10 2024-01-02,3,4,3,4,20
	# a symbol column: X rises 1 2 3, Y falls 3 2 1
	mk d/M.csv "$SHDR" X,2024-01-01,1,1,1,1,1 X,2024-01-02,2,2,2,2,1 \
	    X,2024-01-03,3,3,3,3,1 Y,2024-01-01,3,3,3,3,1 \
	    Y,2024-01-02,2,2,2,2,1 Y,2024-01-03,1,1,1,1,1
	mk d/.hidden.csv "$HDR"
	mk d/notes.txt hello
}

# The formula, unnamed: f1 in the lines, "f1: TEXT" in the summary.
F='close > sma(close, 3)'
K4='"candle":{"open":6,"high":8,"low":6,"close":8,"volume":50}'
A_LAST="{\"symbol\":\"A\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{\"sma_3\":6.333333333333333}}"
A_2="{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",\"candle\":{\"open\":5,\"high\":6,\"low\":5,\"close\":6,\"volume\":30},\"values\":{\"sma_3\":4}}"
X_LAST="{\"symbol\":\"X\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",\"candle\":{\"open\":3,\"high\":3,\"low\":3,\"close\":3,\"volume\":1},\"values\":{\"sma_3\":2}}"
B_SKIP='{"symbol":"B","type":"result","status":"skipped","reason":"insufficient data (2 bars, formula needs 3)"}'
B_NOTE='pe-scan: d/B.csv: insufficient data (2 bars, formula needs 3)'

# The summary lines on stderr; the notes before them, elapsed and rate, the
# cache's line and the dates' line aside (tests of their own check those).
summary_is() {	# TOTAL OK ERROR TIMEOUT SKIPPED then "N: formula" lines
	local sym=symbols m got
	[[ $1 == 1 ]] && sym=symbol
	local want="pe-scan: $1 $sym: $2 ok, $3 error, $4 timeout, $5 skipped"
	shift 5
	for m in "$@"; do
		if [[ ${m%%:*} == 1 ]]; then
			want+=$'\n'"pe-scan: 1 match:${m#*:}"
		else
			want+=$'\n'"pe-scan: ${m%%:*} matches:${m#*:}"
		fi
	done
	got=$(grep -E '^pe-scan: [0-9]+ (symbols?|match(es)?): ' <<<"$stderr" |
	    sed 's/ ([0-9]* stale)$//; s/ ([0-9]* not opened),/,/')
	[[ $got == "$want" ]] || {
		printf 'expected:\n%s\nactual:\n%s\n' "$want" "$stderr"
		return 1
	}
	[[ ${stderr##*$'\n'} =~ ^pe-scan:\ [0-9.]+\ s,\ [0-9]+\ symbols/s$ ]]
}

# The notes on stderr (why a symbol is not ok), in order.
notes_are() {
	local got
	got=$(grep -v -E -e '^pe-scan: [0-9]+ (symbols?|match(es)?): ' \
	    -e '^pe-scan: cache: ' -e '^pe-scan: bars: ' -e '^pe-scan: matches on ' \
	    -e '^pe-scan: [0-9.]+ s, ' -e 'forward returns: ' <<<"$stderr")
	[[ $got == "$(lines "$@")" ]] || {
		printf 'expected:\n%s\nactual:\n%s\n' "$(lines "$@")" "$got"
		return 1
	}
}

need_hooks() {
	[[ -x $HOOKS ]] || skip "no $HOOKS (make tools)"
}

# ---- usage ----

@test "--help, --version, usage errors exit 2" {
	run --separate-stderr pe-scan --help
	assert_success
	assert_line --index 0 --partial 'usage: pe-scan [-q] [--all | --last | --tail N]'
	run --separate-stderr pe-scan --version
	assert_success
	assert_output --regexp '^pe-scan [0-9]'
	run --separate-stderr pe-scan --bogus "$F" d
	assert_failure 2
	run --separate-stderr pe-scan
	fails_with 2 'pe-scan: no formula given'
	run --separate-stderr pe-scan "$F"
	fails_with 2 'pe-scan: no symbols provided'
	run --separate-stderr pe-scan -e "$F"
	fails_with 2 'pe-scan: no symbols provided'
	mkdir empty
	run --separate-stderr pe-scan "$F" empty
	fails_with 2 'pe-scan: no symbols provided (empty: no *.csv or *.jsonl file)'
}

@test "bad option values exit 2" {
	run --separate-stderr pe-scan -j 0 "$F" d
	fails_with 2 "pe-scan: invalid -j '0' (expected 1 to 1024)"
	run --separate-stderr pe-scan --timeout x "$F" d
	fails_with 2 "pe-scan: invalid --timeout 'x' (expected 0.001 to 1000000 seconds)"
	run --separate-stderr pe-scan --timeout 0 "$F" d
	assert_failure 2
	for s in 3/3 1 a/2 1/0 -1/2 1/2x; do
		run --separate-stderr pe-scan --shard "$s" "$F" d
		fails_with 2 "pe-scan: invalid --shard '$s' (expected K/N, 0 <= K < N)"
	done
}

@test "a bad formula exits 2 with its diagnostic" {
	run --separate-stderr pe-scan 'close >' d
	assert_failure 2
	assert_output ''
	[[ $stderr == pe-scan:* ]]
	run --separate-stderr pe-scan -f missing.pe d
	fails_with 2 'pe-scan: missing.pe: No such file or directory'
}

# ---- operands and symbols ----

@test "--last (the default): a directory's *.csv, sorted, dotfiles skipped" {
	run --separate-stderr pe-scan --stale-ok "$F" d
	assert_success
	assert_output "$(lines "$A_LAST" "$X_LAST")"
	notes_are "$B_NOTE"
	summary_is 4 3 0 0 1 "2: f1: $F"
	run --separate-stderr pe-scan --stale-ok --last "$F" d/
	assert_output "$(lines "$A_LAST" "$X_LAST")"
}

@test "stdout holds signal lines only; why a symbol is not ok goes to stderr" {
	mkdir e
	mk e/D.csv "$HDR" 2024-01-01,1,2,0.5,1,1 2024-01-02,2,1,0.5,1,1
	run --separate-stderr pe-scan --stale-ok "$F" d e/D.csv
	assert_failure 3
	assert_output "$(lines "$A_LAST" "$X_LAST")"
	notes_are "$B_NOTE" 'pe-scan: e/D.csv:3: high 1 is below max(open, close) 2'
	# a symbol of a file that holds several is named with its file
	mk S.csv "$SHDR" P,2024-01-01,1,1,1,1,1 Q,2024-01-01,1,1,1,1,1 \
	    Q,2024-01-02,1,1,1,1,1 Q,2024-01-03,1,1,1,1,1
	run --separate-stderr pe-scan --stale-ok "$F" S.csv
	assert_failure 1
	notes_are 'pe-scan: S.csv: P: insufficient data (1 bars, formula needs 3)'
}

@test "--last: a symbol whose data ends before the as-of time is stale" {
	# A ends 2024-01-05, X and Y (M.csv) 2024-01-03: the newest is A's
	run --separate-stderr pe-scan "$F" d
	assert_success
	assert_output "$A_LAST"
	notes_are "$B_NOTE" 'pe-scan: d/M.csv: X: stale (last bar 2024-01-03)' \
	    'pe-scan: d/M.csv: Y: stale (last bar 2024-01-03)'
	summary_is 4 1 0 0 3 "1: f1: $F"
	[[ $stderr == *'3 skipped (2 stale)'* ]]
	# --as-of: the as-of time given; a date is its first moment
	run --separate-stderr pe-scan --as-of 2024-01-03 "$F" d
	assert_output "$(lines "$A_LAST" "$X_LAST")"
	run --separate-stderr pe-scan --as-of 2024-01-06 --results "$F" d
	assert_failure 1
	assert_output "$(lines \
	    '{"symbol":"A","type":"result","status":"skipped","reason":"stale (last bar 2024-01-05)"}' \
	    "$B_SKIP" \
	    '{"symbol":"X","type":"result","status":"skipped","reason":"stale (last bar 2024-01-03)"}' \
	    '{"symbol":"Y","type":"result","status":"skipped","reason":"stale (last bar 2024-01-03)"}')"
	# --stale-ok evaluates them anyway; --all is never stale
	run --separate-stderr pe-scan --as-of 2024-01-06 --stale-ok "$F" d
	assert_output "$(lines "$A_LAST" "$X_LAST")"
	run --separate-stderr pe-scan --all --as-of 2024-01-06 "$F" d/A.csv
	assert_output "$(lines "$A_2" "$A_LAST")"
	# the last bar is the last at or before --until
	run --separate-stderr pe-scan --until 2024-01-03 "$F" d
	assert_output "$(lines "$A_2" "$X_LAST")"
	run --separate-stderr pe-scan --as-of tomorrow "$F" d
	fails_with 2 "pe-scan: invalid --as-of 'tomorrow' (not a date, time or epoch number)"
}

@test "--all: every matching bar; -e and a file operand" {
	run --separate-stderr pe-scan --all -e "$F" d/A.csv
	assert_success
	assert_output "$(lines "$A_2" "$A_LAST")"
	summary_is 1 1 0 0 0 "2: f1: $F"
}

@test "--edge: only where the formula turns true" {
	# close > 3: bars 1-4 (4, 6, 5, 8); turns true at bar 1 only
	run --separate-stderr pe-scan --all --edge 'close > 3' d/A.csv
	assert_success
	assert_output --partial '"time":"2024-01-02"'
	assert_equal "${#lines[@]}" 1
	run --separate-stderr pe-scan --edge 'close > 3' d/A.csv
	assert_failure 1
	assert_output ''
}

@test "-f: named formulas and their types" {
	mk r.pe 'up: close > sma(close, 3)' '@exit down: close < open'
	run --separate-stderr pe-scan --stale-ok -f r.pe d/A.csv d/M.csv
	assert_success
	assert_line --index 0 --partial '"symbol":"A","time":"2024-01-05","formula":"up","type":"scan_hit"'
	assert_line --index 1 --partial '"symbol":"X","time":"2024-01-03","formula":"up"'
	assert_equal "${#lines[@]}" 2
	summary_is 3 3 0 0 0 '2: up: close > sma(close, 3)' \
	    '0: down: close < open'
}

@test "-e takes a formula file's line: names and types as with -f" {
	run --separate-stderr pe-scan --stale-ok -e 'up: close > sma(close, 3)' \
	    -e '@exit down: close < open' -e '@entry close > 7' d/A.csv d/M.csv
	assert_success
	assert_output "$(lines \
	    "${A_LAST/\"f1\"/\"up\"}" \
	    "{\"symbol\":\"A\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"entry\",$K4,\"values\":{}}" \
	    "${X_LAST/\"f1\"/\"up\"}")"
	summary_is 3 3 0 0 0 '2: up: close > sma(close, 3)' \
	    '0: down: close < open' '1: f1: close > 7'
}

@test "names: lines name a formula, the summary says its text once, on one line" {
	mk r.pe 'f1: close > 7'
	run --separate-stderr pe-scan --summary s.json -e $'close >\n\t7' \
	    -f r.pe d/A.csv
	assert_success
	assert_line --index 0 --partial '"time":"2024-01-05","formula":"f1_2","type":"scan_hit","candle":{"open":6,"high":8,"low":6,"close":8,"volume":50},"values":{}}'
	assert_line --index 1 --partial '"time":"2024-01-05","formula":"f1","type":"scan_hit",'
	# a newline and a tab are spaces there
	summary_is 1 1 0 0 0 '1: f1_2: close >  7' '1: f1: close > 7'
	run jq -c .matches s.json
	assert_output '[{"formula":"f1_2","text":"close >\n\t7","count":1},{"formula":"f1","text":"close > 7","count":1}]'
}

@test "- reads a list of paths from stdin, in that order" {
	printf 'd/M.csv\n\nd/A.csv\n' >list
	run --separate-stderr pe-scan --stale-ok "$F" - <list
	assert_success
	assert_output "$(lines "$X_LAST" "$A_LAST")"
}

@test "nothing matched: exit 1; a skipped symbol is not a failure" {
	run --separate-stderr pe-scan "$F" d/B.csv
	assert_failure 1
	assert_output ''
	notes_are "$B_NOTE"
	summary_is 1 0 0 0 1 "0: f1: $F"
	run --separate-stderr pe-scan "$F and close > 100" d
	assert_failure 1
	assert_output ''
}

# ---- --since, --until, --timeframe ----

@test "--since/--until bound the bars; indicators warm up before --since" {
	# sma(close,3) at 2024-01-03 needs bars 1 and 2, before --since
	run --separate-stderr pe-scan --all --since 2024-01-03 "$F" d/A.csv
	assert_success
	assert_output "$(lines "$A_2" "$A_LAST")"
	run --separate-stderr pe-scan --all --since 2024-01-04 "$F" d/A.csv
	assert_output "$A_LAST"
	run --separate-stderr pe-scan --all --until 2024-01-04 "$F" d/A.csv
	assert_output "$A_2"
	run --separate-stderr pe-scan --all --since 2024-01-04 --until 2024-01-04 "$F" d/A.csv
	assert_failure 1
	assert_output ''
	# epoch seconds and a time of day: 2024-01-03T00:00Z is 1704240000
	run --separate-stderr pe-scan --all --since 1704240000 --until '2024-01-03T00:00Z' "$F" d/A.csv
	assert_output "$A_2"
	summary_is 1 1 0 0 0 "1: f1: $F"
}

@test "--last with --until: the last bar at or before it; none in range: no match" {
	run --separate-stderr pe-scan --until 2024-01-03 "$F" d/A.csv
	assert_success
	assert_output "$A_2"
	# a date means the whole day: an intraday bar on it is included
	mk I.csv "$HDR" 2024-01-01T10:00Z,1,1,1,1,1 2024-01-02T10:00Z,2,2,2,2,1 \
	    2024-01-02T15:00Z,3,3,3,3,1 2024-01-03T10:00Z,1,1,1,1,1
	run --separate-stderr pe-scan --until 2024-01-02 'close > 2' I.csv
	assert_success
	assert_output --partial '"time":"2024-01-02T15:00:00Z"'
	# the last bar <= --until (01-04) is before --since: nothing
	run --separate-stderr pe-scan --since 2024-01-04T06:00Z --until 2024-01-04T12:00Z 'close > 0' d/A.csv
	assert_failure 1
	assert_output ''
	# before the first bar
	run --separate-stderr pe-scan --until 2023-12-31 'close > 0' d/A.csv
	assert_failure 1
	summary_is 1 1 0 0 0 '0: f1: close > 0'
}

@test "bad --since/--until: exit 2 with the reason" {
	run --separate-stderr pe-scan --since yesterday "$F" d
	fails_with 2 "pe-scan: invalid --since 'yesterday' (not a date, time or epoch number)"
	run --separate-stderr pe-scan --until 2024-02-30 "$F" d
	fails_with 2 "pe-scan: invalid --until '2024-02-30' (day out of range)"
	run --separate-stderr pe-scan --since 2024-01-05 --until 2024-01-01 "$F" d
	fails_with 2 'pe-scan: --since is later than --until'
}

@test "--timeframe: each symbol resampled first, as pe-load does" {
	# A's five daily bars are one week (Monday 2024-01-01)
	run --separate-stderr pe-scan --timeframe 1w --all --results 'close > open' d/A.csv
	assert_success
	assert_line --index 0 '{"symbol":"A","time":"2024-01-01","formula":"f1","type":"scan_hit","candle":{"open":2,"high":8,"low":2,"close":8,"volume":150},"values":{}}'
	assert_line --index 1 --regexp '^\{"symbol":"A","type":"result","status":"ok","bars":1,"matches":1,"ms":[0-9.e-]+\}$'
	# the same as scanning pe-load's resampled file
	gen_candles --symbols 3 --bars 400 -o g >/dev/null
	mkdir w
	for f in g/*.csv; do
		pe-load --timeframe 1w "$f" >"w/${f##*/}"
	done
	run --separate-stderr pe-scan --all 'close > sma(close, 4)' w
	assert_success
	want=$output
	run --separate-stderr pe-scan --all --timeframe 1w 'close > sma(close, 4)' g
	assert_success
	assert_output "$want"
	# too few bars once resampled: skipped
	run --separate-stderr pe-scan --timeframe 1w --results "$F" d/A.csv
	assert_failure 1
	assert_output '{"symbol":"A","type":"result","status":"skipped","reason":"insufficient data (1 bars, formula needs 3)"}'
}

@test "an unknown --timeframe: pe-load's message, exit 2" {
	run --separate-stderr pe-scan --timeframe 2d "$F" d
	fails_with 2 "pe-scan: invalid timeframe '2d' (expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M, 1q, 1y)"
	run --separate-stderr pe-load --timeframe 2d d/A.csv
	[[ $stderr == "pe-load: invalid timeframe '2d' (expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M, 1q, 1y)" ]]
	run --separate-stderr pe-scan --session 09:30 "$F" d
	fails_with 2 "pe-scan: invalid --session '09:30' (expected HH:MM-HH:MM)"
}

# Half-hour bars of 2024-03-08 and 03-11 (New York's clocks moved on the
# 10th), close the bar's minute of the UTC day, in s/ES.csv.
session_bars() {
	mkdir -p s
	{ echo "$HDR"; for d in 2024-03-08 2024-03-11; do
		awk -v d="$d" 'BEGIN { for (i = 0; i < 48; i++)
			printf "%sT%02d:%02d:00Z,%d,%d,%d,%d,1\n", d, i / 2, i % 2 * 30, i, i + 1, i, i + 1 }'
	done; } >s/ES.csv
}

@test "--timeframe 1M and --session: the monthly bar, the regular session's daily bars, on the --tz clock" {
	session_bars
	run --separate-stderr pe-scan -q --all --no-cache --format csv --tz America/New_York \
	    --session 09:30-16:00 --timeframe 1d 'close > 0' s
	assert_success
	# 09:30 EST is bar 29 (14:30Z), EDT bar 27; 13 bars each day
	assert_line -n 1 'ES,2024-03-08,f1,scan_hit,29,42,29,42,13'
	assert_line -n 2 'ES,2024-03-11,f1,scan_hit,27,40,27,40,13'
	run --separate-stderr pe-scan -q --all --no-cache --format csv --timeframe 1M 'close > 0' s
	assert_success
	assert_line -n 1 'ES,2024-03-01,f1,scan_hit,0,48,0,48,96'
	assert_equal "${#lines[@]}" 2
	run --separate-stderr pe-scan -q --all --no-cache --format csv --tz America/New_York \
	    --session 09:30-16:00 'close > 0' s
	assert_line -n 1 'ES,2024-03-08T09:30:00-05:00,f1,scan_hit,29,30,29,30,1'
	assert_equal "${#lines[@]}" 27
}

@test "the cache keys the bars' timeframe, session and zone: a cache made with one is never read for another" {
	session_bars
	local args want
	for args in '--timeframe 1d' '--timeframe 1d --session 09:30-16:00' \
	    '--timeframe 1d --session 10:00-16:00' '--session 09:30-16:00' \
	    '--timeframe 1d --session 09:30-16:00 --tz America/New_York' \
	    '--timeframe 1d --session 09:30-16:00 --tz Europe/Paris' \
	    '--timeframe 4h --tz Asia/Kolkata' '--timeframe 4h' ''; do
		# shellcheck disable=SC2086
		want=$(pe-scan -q --all --no-cache $args 'sma(close, 2) > 0' s)
		# shellcheck disable=SC2086
		run --separate-stderr pe-scan -q --all --cache-dir c $args 'sma(close, 2) > 0' s
		assert_success
		assert_equal "$output" "$want"
		# shellcheck disable=SC2086
		run --separate-stderr pe-scan -q --cache-dir c $args 'sma(close, 2) > 0' s
		assert_equal "$output" "$(tail -n 1 <<<"$want")"
	done
}

# ---- --forward-returns ----

@test "--forward-returns N: per formula, from every worker's signals" {
	# 1-bar returns: A (closes 2 4 6 5 8): 1, 0.5, -1/6, 0.6;
	# X (1 2 3): 1, 0.5; Y (3 2 1): -1/3, -0.5; the last bars have none
	run --separate-stderr pe-scan -j 2 --all --forward-returns 1 \
	    --summary s.json 'close > 0' d/A.csv d/M.csv
	assert_success
	assert_equal "${#lines[@]}" 11
	assert_equal "$(sed -n 3p <<<"$stderr")" \
	    'pe-scan: 1-bar forward returns: f1: 8 signals, mean +32.50%, median +50.00%, 62.5% positive, worst -50.00%, best +100.00%'
	run jq -c .forward_returns s.json
	assert_output '{"bars":1,"formulas":[{"formula":"f1","count":8,"mean":0.325,"median":0.5,"positive":0.625,"worst":-0.5,"best":1}]}'
}

@test "--forward-returns: an even count's median, a formula with none" {
	run --separate-stderr pe-scan --all --forward-returns 1 -e 'close > 0' \
	    -e 'close > 100' --summary s.json d/M.csv
	assert_success
	assert_equal "$(sed -n 4,5p <<<"$stderr")" \
	    "$(lines 'pe-scan: 1-bar forward returns: f1: 4 signals, mean +16.67%, median +8.33%, 50.0% positive, worst -50.00%, best +100.00%' \
	    'pe-scan: 1-bar forward returns: f2: 0 signals')"
	run jq -c '.forward_returns.formulas[1]' s.json
	assert_output '{"formula":"f2","count":0,"mean":null,"median":null,"positive":null,"worst":null,"best":null}'
	run jq -c '.forward_returns.formulas[0] | [.count, .median, .worst]' s.json
	assert_output '[4,0.08333333333333331,-0.5]'
}

@test "--forward-returns: signals too near the end have none; past --until counts" {
	run --separate-stderr pe-scan --all --forward-returns 5 --summary s.json 'close > 0' d/A.csv
	assert_success
	assert_equal "$(sed -n 3p <<<"$stderr")" 'pe-scan: 5-bar forward returns: f1: 0 signals'
	# signals on 01-01..01-03; their 2-bar returns reach 01-05: 2, 0.25, 1/3
	run --separate-stderr pe-scan --all --until 2024-01-03 --forward-returns 2 \
	    --summary s.json 'close > 0' d/A.csv
	assert_success
	run jq -c '.forward_returns.formulas[0] | [.count, .median, .worst, .best, .positive]' s.json
	assert_output '[3,0.33333333333333326,0.25,2,1]'
	# no summary key without the option
	run --separate-stderr pe-scan --all --summary s.json 'close > 0' d/A.csv
	run jq -c 'has("forward_returns")' s.json
	assert_output false
}

@test "--forward-returns: an exit is never scored as an entry; a short scores the fall" {
	# A closes 2 4 6 5 8: 1-bar moves +1, +0.5, -1/6, +0.6
	mk r.pe '@entry up: close > 0' '@exit out: close > 0' \
	    '@short dn: close > 0' '@cover back: close > 0'
	run --separate-stderr pe-scan --all --forward-returns 1 \
	    --summary s.json -f r.pe d/A.csv
	assert_success
	assert_equal "$(grep forward <<<"$stderr")" "$(lines \
	    'pe-scan: 1-bar forward returns: up: 4 signals, mean +48.33%, median +55.00%, 75.0% positive, worst -16.67%, best +100.00%' \
	    'pe-scan: 1-bar forward returns: out: not scored (@exit closes a position)' \
	    'pe-scan: 1-bar forward returns: dn: 4 signals (short), mean -48.33%, median -55.00%, 25.0% positive, worst -100.00%, best +16.67%' \
	    'pe-scan: 1-bar forward returns: back: not scored (@cover closes a position)')"
	run jq -c '[.forward_returns.formulas[] | .count]' s.json
	assert_output '[4,0,4,0]'
}

@test "--forward-returns: -j 1 and -j 3 aggregate the same; bad N exits 2" {
	gen_candles --symbols 12 --bars 300 -o g >/dev/null
	pe-scan -j 1 --all --forward-returns 3 --summary one.json 'close > open' g >/dev/null 2>&1
	pe-scan -j 3 --all --forward-returns 3 --summary three.json 'close > open' g >/dev/null 2>&1
	run jq -c .forward_returns one.json
	[[ $(jq '.forward_returns.formulas[0].count' one.json) -gt 1000 ]]
	assert_equal "$(jq -c .forward_returns three.json)" "$output"
	for n in 0 -1 x 1.5 1000001; do
		run --separate-stderr pe-scan --forward-returns "$n" "$F" d
		fails_with 2 "pe-scan: invalid --forward-returns '$n' (expected 1 to 1000000 bars)"
	done
}

# ---- errors ----

@test "not regular, no data, bad row: error results, exit 3; cannot open: exit 2" {
	mkdir e
	mk e/C.csv "$HDR"
	mk e/D.csv "$HDR" 2024-01-01,1,2,0.5,x,1
	run --separate-stderr pe-scan --results "$F" d/A.csv /dev/null e
	assert_failure 3
	assert_equal "$(sed 's/"ms":[0-9.e-]*}$/"ms":0}/' <<<"$output")" \
	    "$(lines "$A_LAST" \
	    '{"symbol":"A","type":"result","status":"ok","bars":5,"matches":1,"ms":0}' \
	    '{"symbol":"null","type":"result","status":"error","reason":"/dev/null: not a regular file"}' \
	    '{"symbol":"C","type":"result","status":"error","reason":"e/C.csv: no data"}' \
	    "{\"symbol\":\"D\",\"type\":\"result\",\"status\":\"error\",\"reason\":\"e/D.csv:2: close is not a number: 'x'\"}")"
	notes_are 'pe-scan: /dev/null: not a regular file' 'pe-scan: e/C.csv: no data' \
	    "pe-scan: e/D.csv:2: close is not a number: 'x'"
	summary_is 4 1 3 0 0 "1: f1: $F"
	# a path that cannot be opened: exit 2, whatever else happened
	run --separate-stderr pe-scan "$F" d/A.csv nope.csv e nodir/
	assert_failure 2
	assert_output "$A_LAST"
	notes_are 'pe-scan: nope.csv: No such file or directory' 'pe-scan: e/C.csv: no data' \
	    "pe-scan: e/D.csv:2: close is not a number: 'x'" \
	    'pe-scan: nodir/: No such file or directory'
	summary_is 5 1 4 0 0 "1: f1: $F"
	assert_equal "${stderr_lines[4]}" \
	    'pe-scan: 5 symbols: 1 ok, 4 error (2 not opened), 0 timeout, 0 skipped'
}

# ---- --results and --summary ----

@test "--results: one result line per symbol, \"type\":\"result\"" {
	run --separate-stderr pe-scan --stale-ok --results "$F" d
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 "$A_LAST"
	assert_line --index 1 --regexp '^\{"symbol":"A","type":"result","status":"ok","bars":5,"matches":1,"ms":[0-9.e-]+\}$'
	assert_line --index 2 "$B_SKIP"
	assert_line --index 3 "$X_LAST"
	assert_line --index 4 --regexp '^\{"symbol":"X","type":"result","status":"ok","bars":3,"matches":1,"ms":[0-9.e-]+\}$'
	assert_line --index 5 --regexp '^\{"symbol":"Y","type":"result","status":"ok","bars":3,"matches":0,"ms":[0-9.e-]+\}$'
	# every line says what it is: one jq separates them
	run bash -c 'pe-scan --stale-ok --results "$1" d 2>/dev/null | jq -r "select(.type == \"scan_hit\") | .symbol"' _ "$F"
	assert_output "$(lines A X)"
}

@test "--digits N: signal lines to N places, ms to 2 or fewer; the cache keeps exact values" {
	run --separate-stderr pe-scan --stale-ok --digits 2 --results "$F" d
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 "${A_LAST/6.333333333333333/6.33}"
	assert_line --index 1 --regexp '^\{"symbol":"A","type":"result","status":"ok","bars":5,"matches":1,"ms":[0-9]+(\.[0-9]{1,2})?\}$'
	assert_line --index 2 "$B_SKIP"
	assert_line --index 3 "$X_LAST"
	run --separate-stderr pe-scan --digits 0 --results "$F" d/A.csv
	assert_success
	assert_line --index 0 "${A_LAST/6.333333333333333/6}"
	assert_line --index 1 --regexp '^\{"symbol":"A","type":"result","status":"ok","bars":5,"matches":1,"ms":[0-9]+\}$'
	# the cache holds numbers, not text: the default is exact again
	run --separate-stderr pe-scan "$F" d/A.csv
	assert_success
	assert_output "$A_LAST"
}

@test "--digits leaves the --summary JSON's forward-return statistics exact" {
	# 1-bar returns of A: 1, 0.5, -1/6, 0.6
	run --separate-stderr pe-scan --all --forward-returns 1 --digits 1 \
	    --summary s.json 'close > 0' d/A.csv
	assert_success
	assert_line --index 4 "{\"symbol\":\"A\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run jq -c .forward_returns s.json
	assert_output '{"bars":1,"formulas":[{"formula":"f1","count":4,"mean":0.4833333333333334,"median":0.55,"positive":0.75,"worst":-0.16666666666666663,"best":1}]}'
}

@test "--digits outside 0 to 17: exit 2 naming the option and the value" {
	local n
	for n in 18 -1 x ''; do
		run --separate-stderr pe-scan --digits "$n" "$F" d
		fails_with 2 "pe-scan: invalid --digits '$n' (expected 0 to 17)"
	done
}

@test "--summary FILE: the summary as JSON, no temporary left" {
	mkdir out
	run --separate-stderr pe-scan --stale-ok --summary out/s.json "$F" d nope.csv
	assert_failure 2
	run jq -c 'del(.elapsed, .symbols_per_s, .cache, .max_rss_kb)' out/s.json
	assert_output "{\"symbols\":5,\"ok\":3,\"error\":1,\"timeout\":0,\"skipped\":1,\"matches\":[{\"formula\":\"f1\",\"text\":\"$F\",\"count\":2}],\"interrupted\":false}"
	# the saved states of A, B and M (--last), all missing.  Written:
	# A's state; for B (too few bars) and M (a symbol column), which go
	# the ordinary way, a mark saying so and their candles.  Bars: A 5,
	# B 2, M 3 + 3, all but B's run through the plan
	run jq -c '.cache | del(.bytes)' out/s.json
	assert_output "{\"dir\":\"$PE_CACHE_DIR\",\"hits\":0,\"extended\":0,\"misses\":3,\"hit_rate\":0,\"corrupt\":0,\"written\":5,\"unstored\":0,\"evicted\":0,\"evicted_bytes\":0,\"bars_parsed\":13,\"bars_computed\":11}"
	run jq -e '(.elapsed | type) == "number" and (.symbols_per_s | type) == "number" and .max_rss_kb.parent > 0 and .max_rss_kb.worker > 0 and .max_rss_kb.jobs >= 1' out/s.json
	assert_success
	dir_is out s.json
}

# ---- workers ----

@test "-j 1 and -j 3 write the same, in input order" {
	gen_candles --symbols 12 --bars 300 -o g >/dev/null
	run --separate-stderr pe-scan -j 1 --all --results 'close > sma(close, 5)' g
	assert_success
	one=$(sed 's/"ms":[^}]*//' <<<"$output")
	run --separate-stderr pe-scan -j 3 --all --results 'close > sma(close, 5)' g
	assert_success
	assert_equal "$(sed 's/"ms":[^}]*//' <<<"$output")" "$one"
	run --separate-stderr pe-scan -j 3 --unordered --all 'close > sma(close, 5)' g
	assert_success
	assert_equal "$(sort <<<"$output")" "$(grep -v status <<<"$one" | sort)"
}

@test "timeout: the worker is killed and replaced, the scan goes on" {
	need_hooks
	PE_SCAN_TEST_SLEEP=A run --separate-stderr "$HOOKS" -j 1 --timeout 1 "$F" d
	assert_failure 3
	assert_output "$X_LAST"
	notes_are 'pe-scan: d/A.csv: timed out after 1 s' "$B_NOTE"
	summary_is 4 2 0 1 1 "1: f1: $F"
}

@test "a worker crash: an error result, replaced, the scan goes on" {
	need_hooks
	PE_SCAN_TEST_ABORT=B run --separate-stderr "$HOOKS" -j 1 --stale-ok --results "$F" d
	assert_failure 3
	assert_line --index 2 '{"symbol":"B","type":"result","status":"error","reason":"worker crashed (signal 6)"}'
	notes_are 'pe-scan: d/B.csv: worker crashed (signal 6)'
	summary_is 4 3 1 0 0 "2: f1: $F"
}

@test "--unordered writes as files complete; ordered waits" {
	need_hooks
	PE_SCAN_TEST_SLEEP=A run --separate-stderr "$HOOKS" -j 2 --timeout 1 --unordered --stale-ok --results "$F" d
	assert_failure 3
	assert_line --index 4 '{"symbol":"A","type":"result","status":"timeout","reason":"timed out after 1 s"}'
	assert_equal "${#lines[@]}" 5
	PE_SCAN_TEST_SLEEP=A run --separate-stderr "$HOOKS" -j 2 --timeout 1 --stale-ok --results "$F" d
	assert_line --index 0 '{"symbol":"A","type":"result","status":"timeout","reason":"timed out after 1 s"}'
}

# Processes whose command line holds this test's directory: the scan's.
scan_procs() {
	pgrep -f "$BATS_TEST_TMPDIR/d" || true
}

interrupt() {	# SIGNAL STATUS
	PE_SCAN_TEST_SLEEP=B "$HOOKS" -j 2 --summary s.json "$F" \
	    "$BATS_TEST_TMPDIR/d" >out 2>err &
	pid=$!
	for _ in $(seq 100); do
		[[ $(scan_procs | wc -l) -ge 3 ]] && break
		sleep 0.05
	done
	sleep 0.2
	kill "-$1" "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" "$2"
	assert_equal "$(scan_procs)" ''
	grep -q '(interrupted)' err
	run jq .interrupted s.json
	assert_output true
}

@test "SIGTERM: workers killed and reaped, exit 143" {
	need_hooks
	interrupt TERM 143
}

@test "SIGINT: workers killed and reaped, exit 130" {
	need_hooks
	interrupt INT 130
}

@test "a closed stdout pipe ends quietly, no worker left" {
	gen_candles --symbols 40 --bars 300 -o "$BATS_TEST_TMPDIR/d/g" >/dev/null
	run bash -c 'pe-scan -j 2 --all "close > 0" "$1"/d/g 2>err | head -1; echo "${PIPESTATUS[0]}"' _ "$BATS_TEST_TMPDIR"
	assert_line --index 1 141
	assert_equal "$(cat err)" ''
	assert_equal "$(scan_procs)" ''
}

# ---- shards ----

@test "--shard K/N: FNV-1a of the name; the shards make the whole" {
	# FNV-1a 64 mod 2: A 0, B 1, X 1, Y 0
	run --separate-stderr pe-scan --stale-ok --shard 0/2 "$F" d
	assert_success
	assert_output "$A_LAST"
	summary_is 2 2 0 0 0 "1: f1: $F"
	run --separate-stderr pe-scan --stale-ok --shard 1/2 --results "$F" d
	assert_line --index 0 "$B_SKIP"
	assert_line --index 1 "$X_LAST"
	gen_candles --symbols 30 --bars 100 -o g >/dev/null
	pe-scan --all --results 'close > sma(close, 5)' g 2>/dev/null | sort >whole
	for k in 0 1 2; do
		pe-scan --shard $k/3 --all --results 'close > sma(close, 5)' g 2>/dev/null || true
	done | sort >merged
	run diff <(sed 's/"ms":[^}]*//' whole) <(sed 's/"ms":[^}]*//' merged)
	assert_success
	[[ -s whole ]]
}

@test "3 wins over 0, 2 over 3: matches, a bad file, one that cannot be opened" {
	mk bad.csv "$HDR" 2024-01-01,1,2,0.5,x,1
	run --separate-stderr pe-scan "$F" d/A.csv bad.csv
	assert_failure 3
	assert_output "$A_LAST"
	run --separate-stderr pe-scan "$F" d/A.csv bad.csv nope.csv
	assert_failure 2
	assert_output "$A_LAST"
}

@test "-q: no summary, no notes of skipped symbols; errors still said" {
	mk bad.csv "$HDR" 2024-01-01,1,2,0.5,x,1
	run --separate-stderr pe-scan -q --stale-ok --summary s.json "$F" d bad.csv
	assert_failure 3
	assert_output "$(lines "$A_LAST" "$X_LAST")"
	[[ $stderr == "pe-scan: bad.csv:2: close is not a number: 'x'" ]]
	run jq -c '[.ok, .skipped, .error]' s.json
	assert_output '[3,1,1]'
	run --separate-stderr pe-scan --quiet --progress "$F" d/B.csv
	assert_failure 1
	[[ $stderr == '' ]]
}

# ---- the cache ----
#
# Counts come from --summary's JSON.  -j 1 where a test counts segments
# or corrupt finds (each worker opens the cache and meets a bad segment
# once).

G='rsi(14) > 60 and close > sma(close, 50)'

# cache_is FILE "[hits,misses,written,corrupt]"
cache_is() {
	run jq -c '.cache | [.hits, .misses, .written, .corrupt]' "$1"
	assert_output "$2"
}

# flip FILE OFFSET: change one byte in place
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 1)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

@test "cache: a second scan hits every entry and writes the same" {
	gen_candles --symbols 20 --bars 300 --seed 3 -o g >/dev/null
	pe-scan --all --no-cache "$G" g >want 2>/dev/null
	[[ -s want ]]
	dir_is cache
	run --separate-stderr pe-scan --all --summary s1.json "$G" g
	assert_output "$(cat want)"
	cache_is s1.json '[0,60,60,0]'	# candles, rsi, sma of 20 files
	run --separate-stderr pe-scan --all --summary s2.json "$G" g
	assert_output "$(cat want)"
	cache_is s2.json '[60,0,0,0]'
	run jq '.cache.hit_rate' s2.json
	assert_output 1
	[[ $stderr == *$'\npe-scan: cache: 60 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted; '"$PE_CACHE_DIR"$'\n'* ]]
	# a similar scan computes only what it does not share
	pe-scan --all --no-cache 'rsi(14) < 40 and close > ema(close, 20)' g \
	    >want2 2>/dev/null || true
	run --separate-stderr pe-scan --all --summary s3.json \
	    'rsi(14) < 40 and close > ema(close, 20)' g
	assert_output "$(cat want2)"
	cache_is s3.json '[40,20,20,0]'
}

@test "cache: a changed file is read again; --timeframe keys apart" {
	gen_candles --symbols 4 --bars 300 --seed 5 -o g >/dev/null
	pe-scan --all "$G" g >/dev/null 2>&1 || true
	# one volume changed: a new mtime (and maybe size), a new identity
	awk -F, 'NR == 300 { $6 = $6 + 1 } 1' OFS=, g/S0002.csv >tmp
	cat tmp >g/S0002.csv
	pe-scan --all --no-cache "$G" g >want 2>/dev/null || true
	run --separate-stderr pe-scan --all --summary s.json "$G" g
	assert_output "$(cat want)"
	cache_is s.json '[9,3,3,0]'
	pe-scan --all --no-cache --timeframe 1w 'close > sma(close, 5)' g \
	    >want 2>/dev/null || true
	[[ -s want ]]
	run --separate-stderr pe-scan --all --timeframe 1w --summary s.json \
	    'close > sma(close, 5)' g
	assert_output "$(cat want)"
	cache_is s.json '[4,4,4,0]'	# the daily candles, weekly sma anew
}

@test "cache: a damaged entry is detected, recomputed, written anew" {
	gen_candles --symbols 20 --bars 300 --seed 3 -o g >/dev/null
	pe-scan -j 1 --all "$G" g >want 2>/dev/null
	seg=$(ls cache/seg-*.pec)
	[[ $(wc -w <<<"$seg") -eq 1 ]]
	flip "$seg" 5000	# inside the first file's candles
	run --separate-stderr pe-scan -j 1 --all --summary s.json "$G" g
	assert_output "$(cat want)"
	cache_is s.json '[59,1,1,1]'
	run --separate-stderr pe-scan -j 1 --all --summary s.json "$G" g
	assert_output "$(cat want)"
	cache_is s.json '[60,0,0,0]'	# the newer entry wins
}

@test "cache: a truncated segment is ignored, recomputed, then removed" {
	gen_candles --symbols 20 --bars 300 --seed 3 -o g >/dev/null
	pe-scan -j 1 --all "$G" g >want 2>/dev/null
	seg=$(ls cache/seg-*.pec)
	truncate -s 100000 "$seg"
	run --separate-stderr pe-scan -j 1 --all --summary s.json "$G" g
	assert_output "$(cat want)"
	cache_is s.json '[0,60,60,1]'
	[[ ! -e $seg ]]		# the trim after the run took it
	[[ $(ls cache | wc -l) -eq 1 ]]
}

@test "cache: two scans at once share one cache without damage" {
	gen_candles --symbols 60 --bars 400 --seed 9 -o g >/dev/null
	pe-scan --all --no-cache "$G" g >want 2>/dev/null
	pe-scan -j 2 --all "$G" g >out1 2>err1 &
	pe-scan -j 2 --all "$G" g >out2 2>err2 &
	wait
	cmp want out1
	cmp want out2
	run --separate-stderr pe-scan --all --summary s.json "$G" g
	assert_output "$(cat want)"
	cache_is s.json '[180,0,0,0]'
	[[ -z $(ls -A cache | grep -v '^seg-.*\.pec$') ]]	# no temporary
}

@test "cache: --cache-max evicts the least recently used segments" {
	gen_candles --symbols 10 --bars 300 --seed 3 -o g >/dev/null
	gen_candles --symbols 10 --bars 300 --seed 4 -o h >/dev/null
	pe-scan -j 1 --all "$G" g >/dev/null 2>&1
	a=$(ls cache/seg-*.pec)
	pe-scan -j 1 --all "$G" h >/dev/null 2>&1
	b=$(ls cache/seg-*.pec | grep -v "$a")
	touch -d '2 hours ago' "$a"
	touch -d '1 hour ago' "$b"
	sa=$(stat -c %s "$a") sb=$(stat -c %s "$b")
	# g again: hits A, which becomes the most recent; B must go
	run --separate-stderr pe-scan -j 1 --all --cache-max "$sa" \
	    --summary s.json "$G" g
	[[ -e $a && ! -e $b ]]
	run jq -c '.cache | [.hits, .written, .evicted, .evicted_bytes, .bytes]' s.json
	assert_output "[30,0,1,$sb,$sa]"
	run --separate-stderr pe-scan -j 1 --cache-max 0 --summary s.json "$G" g
	dir_is cache
}

@test "cache: a run writes no more than --cache-max" {
	gen_candles --symbols 20 --bars 300 --seed 3 -o g >/dev/null
	pe-scan --all --no-cache "$G" g >want 2>/dev/null
	# one file's candles are about 15 KB: 40K holds a few entries
	run --separate-stderr pe-scan -j 1 --all --cache-max 40K \
	    --summary s.json "$G" g
	assert_output "$(cat want)"
	run jq -c '.cache | [.misses, .written + .unstored, .written < 10, .bytes <= 40960]' s.json
	assert_output '[60,60,true,true]'
	[[ $stderr == *" not written (over --cache-max), "* ]]
	run --separate-stderr pe-scan -j 1 --all --cache-max 40K \
	    --summary s.json "$G" g
	assert_output "$(cat want)"
	run jq -c '.cache | .hits > 0' s.json
	assert_output true
}

@test "cache: where it is, its mode, --no-cache, and one that cannot be used" {
	gen_candles --symbols 2 --bars 300 -o g >/dev/null
	pe-scan --no-cache "$G" g >/dev/null 2>&1 || true
	[[ ! -e cache ]]
	pe-scan --cache-dir a/b/c "$G" g >/dev/null 2>&1 || true
	[[ $(stat -c %a a/b/c) == 700 ]]
	[[ $(stat -c %a a/b/c/seg-*.pec | sort -u) == 600 ]]
	unset PE_CACHE_DIR
	XDG_CACHE_HOME=$PWD/xdg pe-scan "$G" g >/dev/null 2>&1 || true
	ls xdg/pe/seg-*.pec >/dev/null
	XDG_CACHE_HOME=relative HOME=$PWD/home pe-scan "$G" g >/dev/null 2>&1 || true
	ls home/.cache/pe/seg-*.pec >/dev/null
	[[ ! -e relative ]]
	pe-scan --no-cache "$G" g >want 2>/dev/null || true
	run --separate-stderr pe-scan --cache-dir /dev/null/x "$G" g
	assert_output "$(cat want)"
	[[ ${stderr%%$'\n'*} == 'pe-scan: no cache: /dev/null/x: Not a directory' ]]
	run --separate-stderr pe-scan --cache-max 5Q "$G" g
	fails_with 2 "pe-scan: invalid --cache-max '5Q' (expected a size such as 500M, 2G or 100000)"
	run --separate-stderr pe-scan --cache-dir '' "$G" g
	fails_with 2 "pe-scan: invalid --cache-dir '' (expected a directory)"
}

# ---- progress ----

@test "--progress=jsonl: a start and an end event, counts that add up" {
	gen_candles --symbols 30 --bars 300 -o g >/dev/null
	run --separate-stderr pe-scan -j 2 --progress=jsonl "$G" g
	grep -q '^{"event":"start","total":30,"jobs":2}$' <<<"$stderr"
	run jq -s -c 'map(select(.event == "end"))[0] | [.done, .total, .interrupted]' \
	    <<<"$(grep '^{"event"' <<<"$stderr")"
	assert_output '[30,30,false]'
	run --separate-stderr pe-scan --progress=pie "$G" g
	fails_with 2 "pe-scan: invalid --progress 'pie' (expected bar or jsonl)"
}

@test "--progress draws a bar and erases it; none on a pipe or with --no-progress" {
	gen_candles --symbols 30 --bars 300 -o g >/dev/null
	run --separate-stderr pe-scan --progress "$G" g
	[[ $stderr == $'\r'"pe-scan: ["*"/30 "*" ETA "*$'\r\e[K'"pe-scan: 30 symbols"* ]]
	run --separate-stderr pe-scan "$G" g
	[[ $stderr != *$'\r'* ]]
	# on a terminal, by default; not with --no-progress
	script -qec "pe-scan --cache-dir c '$G' g >/dev/null" /dev/null >tty1 || true
	grep -q $'\r'"pe-scan: \[" tty1
	script -qec "pe-scan --no-progress --cache-dir c '$G' g >/dev/null" /dev/null >tty2 || true
	! grep -q $'\r' <(tr -d '\n' <tty2 | sed 's/\r$//') || ! grep -q 'pe-scan: \[' tty2
}

# The frames of the bar in stderr file $1: one a line, without \r and \e[K.
frames() {
	tr '\r' '\n' <"$1" | sed 's/\x1b\[K//g' | grep -E '^pe-scan: (\[|[0-9]+/)' || true
}

@test "--progress fits the terminal's width (its window, else COLUMNS): it never wraps" {
	for d in a b; do mkdir $d; gen_candles --symbols 1 --bars 100 -o $d >/dev/null; done
	[[ -x $HOOKS ]] || skip "no $HOOKS (make tools)"
	# a pipe: COLUMNS says; the bar shrinks, then goes, then the line is cut
	for c in 80 45 30 12; do
		COLUMNS=$c PE_SCAN_TEST_SLEEP=S0001 "$HOOKS" --no-cache --timeout 0.3 -j 1 \
		    --progress 'close > 0' a/S0001.csv b/S0001.csv 2>err >/dev/null || true
		frames err >f
		[ "$(wc -l <f)" -ge 2 ]
		run awk -v c=$c 'length($0) > c - 1' f
		assert_output ''
	done
	COLUMNS=80 PE_SCAN_TEST_SLEEP=S0001 "$HOOKS" --no-cache --timeout 0.3 -j 1 \
	    --progress 'close > 0' a/S0001.csv b/S0001.csv 2>err >/dev/null || true
	grep -qx 'pe-scan: \[ *\] 0/2   0% 0/s ETA 0:00' <(frames err)
	COLUMNS=45 PE_SCAN_TEST_SLEEP=S0001 "$HOOKS" --no-cache --timeout 0.3 -j 1 \
	    --progress 'close > 0' a/S0001.csv b/S0001.csv 2>err >/dev/null || true
	grep -qx 'pe-scan: \[ \{11\}\] 0/2   0% 0/s ETA 0:00' <(frames err)
	COLUMNS=30 PE_SCAN_TEST_SLEEP=S0001 "$HOOKS" --no-cache --timeout 0.3 -j 1 \
	    --progress 'close > 0' a/S0001.csv b/S0001.csv 2>err >/dev/null || true
	grep -qx 'pe-scan: 1/2  50% [0-9]/s ETA 0:0' <(frames err)
	# a terminal of 45 columns: its window wins over COLUMNS
	script -qec "stty cols 45 rows 20; COLUMNS=200 PE_SCAN_TEST_SLEEP=S0001 '$HOOKS' \
	    --no-cache --timeout 0.3 -j 1 'close > 0' a/S0001.csv b/S0001.csv >/dev/null" \
	    /dev/null >tty || true
	frames tty >f
	[ "$(wc -l <f)" -ge 2 ]
	run awk 'length($0) > 44' f
	assert_output ''
}

@test "--progress: the bar is redrawn while a file runs, and its ETA counts down" {
	for d in a b c; do mkdir $d; gen_candles --symbols 1 --bars 100 -o $d >/dev/null; done
	[[ -x $HOOKS ]] || skip "no $HOOKS (make tools)"
	# each file hangs 1 s: after the first, 1 file/s and 2 to go; the
	# ETA then falls second by second while the second file runs
	PE_SCAN_TEST_SLEEP=S0001 "$HOOKS" --no-cache --timeout 1 -j 1 --progress \
	    'close > 0' a/S0001.csv b/S0001.csv c/S0001.csv 2>err >/dev/null || true
	frames err >f
	[ "$(grep -c ' 0/3 ' f)" -ge 3 ]
	grep -q ' 1/3  33% 1/s ETA 0:02$' f
	grep -q ' 1/3  33% 1/s ETA 0:01$' f
	[ "$(grep -n 'ETA 0:02$' f | head -1 | cut -d: -f1)" -lt \
	    "$(grep -n ' 1/3 .*ETA 0:01$' f | head -1 | cut -d: -f1)" ]
}

@test "--progress: the bar is erased before a line goes under it on the terminal" {
	gen_candles --symbols 30 --bars 300 -o g >/dev/null
	# stdout on the terminal too: each signal line starts on a clean row,
	# never after the bar's text
	script -qec "pe-scan --progress --cache-dir c '$G' g" /dev/null >tty || true
	grep -q $'\r\e\\[K{"symbol":' tty
	run grep -c $'ETA [0-9]*:[0-9]*\e\\[K{' tty
	assert_output 0
	# so are the lines --rank writes at the end
	script -qec "pe-scan --progress --cache-dir c --all --rank close '$G' g" \
	    /dev/null >tty || true
	grep -q $'\r\e\\[K{"symbol":.*"rank":1}' tty
	run grep -c $'ETA [0-9]*:[0-9]*\e\\[K{' tty
	assert_output 0
}

# ---- matches per date ----

@test "--all: matches per date on stderr and in the summary" {
	run --separate-stderr pe-scan --all --summary s.json "$F" d
	[[ $stderr == *$'\npe-scan: matches on 2 dates; busiest: 2024-01-03 (2), 2024-01-05 (1)\n'* ]]
	run jq -c .dates s.json
	assert_output '{"2024-01-03":2,"2024-01-05":1}'
	run --separate-stderr pe-scan --summary s.json "$F" d
	run jq -c 'has("dates")' s.json
	assert_output false
}

# ---- shards from the scheduler ----

@test "the shard from Slurm or Kubernetes variables, said on stderr" {
	gen_candles --symbols 30 --bars 100 -o g >/dev/null
	pe-scan --all --shard 1/3 'close > sma(close, 5)' g >want 2>/dev/null
	[[ -s want ]]
	SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
	    run --separate-stderr pe-scan --all 'close > sma(close, 5)' g
	assert_output "$(cat want)"
	[[ ${stderr%%$'\n'*} == 'pe-scan: shard 1/3 from Slurm' ]]
	JOB_COMPLETION_INDEX=1 PE_SHARD_COUNT=3 \
	    run --separate-stderr pe-scan --all 'close > sma(close, 5)' g
	assert_output "$(cat want)"
	[[ ${stderr%%$'\n'*} == 'pe-scan: shard 1/3 from Kubernetes' ]]
	# --shard wins over the variables
	SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
	    run --separate-stderr pe-scan --all --shard 0/1 'close > sma(close, 5)' g
	[[ $stderr != *'from Slurm'* ]]
	[[ $(wc -l <<<"$output") -gt $(wc -l <want) ]]
	SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
	    run --separate-stderr pe-scan 'close > sma(close, 5)' g
	fails_with 2 'pe-scan: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT do not make a shard (use --shard K/N)'
}

@test "GNU parallel: three shards, merged, equal one unsharded run" {
	gen_candles --symbols 40 --bars 300 -o g >/dev/null
	pe-scan --all --results "$G" g 2>/dev/null | sed 's/"ms":[^}]*//' | sort >whole
	[[ -s whole ]]
	parallel --will-cite -j 3 pe-scan --all --results --shard {}/3 \
	    "'$G'" g ::: 0 1 2 2>/dev/null | sed 's/"ms":[^}]*//' | sort >merged
	cmp whole merged
}

@test "scripts/pe-scan-slurm: an array's tasks, merged, equal one run" {
	gen_candles --symbols 40 --bars 300 -o g >/dev/null
	pe-scan --all "$G" g 2>/dev/null | sort >whole
	for k in 3 4 5 6; do
		SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=3 \
		    SLURM_ARRAY_TASK_COUNT=4 PE_SCAN_OUT=out \
		    "$REPO_DIR/scripts/pe-scan-slurm" --all "$G" g 2>/dev/null
	done
	dir_is out part-0.jsonl part-0.summary.json part-1.jsonl \
	    part-1.summary.json part-2.jsonl part-2.summary.json \
	    part-3.jsonl part-3.summary.json
	PE_SCAN_OUT=out "$REPO_DIR/scripts/pe-scan-slurm" --merge | sort >merged
	cmp whole merged
	run jq -s 'map(.symbols) | add' out/part-*.summary.json
	assert_output 40
}

# ---- the shared vocabulary ----

@test "--tail N, --symbol, --format csv, -o FILE; *.jsonl files in a directory" {
	run --separate-stderr pe-scan --tail 3 "$F" d/A.csv
	assert_output "$(lines "$A_2" "$A_LAST")"
	run --separate-stderr pe-scan --all --symbol X --symbol B --results "$F" d
	assert_line --index 0 "$B_SKIP"
	assert_line --index 1 "$X_LAST"
	assert_line --index 2 --partial '{"symbol":"X","type":"result","status":"ok","bars":3,'
	assert_equal "${#lines[@]}" 3
	run --separate-stderr pe-scan -q --symbol Z --symbol X "$F" d
	assert_output "$X_LAST"
	stderr_is ''
	run --separate-stderr pe-scan --symbol Z --symbol X "$F" d
	assert_output "$X_LAST"
	assert_equal "${stderr_lines[0]}" 'pe-scan: --symbol Z: not in the input'
	run --separate-stderr pe-scan --format csv --stale-ok "$F" d
	assert_success
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume,sma_3' \
	    'A,2024-01-05,f1,scan_hit,6,8,6,8,50,6.333333333333333' \
	    'X,2024-01-03,f1,scan_hit,3,3,3,3,1,2')"
	run --separate-stderr pe-scan --format csv --results "$F" d
	fails_with 2 'pe-scan: --results needs --format jsonl'
	mkdir o j
	run --separate-stderr pe-scan -o o/hits.jsonl "$F" d/A.csv
	assert_success
	assert_output ''
	assert_equal "$(cat o/hits.jsonl)" "$A_LAST"
	pe-load --format jsonl d/A.csv >j/A.jsonl
	run --separate-stderr pe-scan "$F" j
	assert_output "$A_LAST"
	run --separate-stderr pe-scan "$F" 'close > 0' d
	fails_with 2 "pe-scan: 'close > 0' is not a file: give several formulas with -e, or in a file with -f"
}

# ---- ranking: --rank, --top ----

# r/: four symbols of one flat bar a day (open = high = low = close,
# volume 1), closes by date:
#           01-01  01-02  01-03
#   A         1      5      3
#   B         2      5      9
#   C         3      4      9
#   D                9          (its last bar is stale with --last)
rank_universe() {
	local s c d
	mkdir r
	for s in A:1:5:3 B:2:5:9 C:3:4:9; do
		IFS=: read -r n c1 c2 c3 <<<"$s"
		mk "r/$n.csv" "$HDR" "2024-01-01,$c1,$c1,$c1,$c1,1" \
		    "2024-01-02,$c2,$c2,$c2,$c2,1" "2024-01-03,$c3,$c3,$c3,$c3,1"
	done
	mk r/D.csv "$HDR" 2024-01-02,9,9,9,9,1
}

# The symbol, time, score and rank of each line of $output.
ranks_are() {
	local got
	got=$(jq -c '[.symbol, .time, .score, .rank]' <<<"$output")
	[[ $got == "$(lines "$@")" ]] || {
		printf 'expected:\n%s\nactual:\n%s\n' "$(lines "$@")" "$got"
		return 1
	}
}

RB='{"symbol":"B","time":"2024-01-03","formula":"f1","type":"scan_hit","candle":{"open":9,"high":9,"low":9,"close":9,"volume":1},"values":{},"score":9,"rank":1}'

@test "--rank: a score and a rank on each line, the highest first, ties by name" {
	rank_universe
	run --separate-stderr pe-scan --rank close 'close > 0' r
	assert_success
	assert_line --index 0 "$RB"
	ranks_are '["B","2024-01-03",9,1]' '["C","2024-01-03",9,2]' \
	    '["A","2024-01-03",3,3]'
	notes_are 'pe-scan: r/D.csv: stale (last bar 2024-01-02)'
	# the summary counts the formula's matches; the score is no formula
	summary_is 4 3 0 0 1 '3: f1: close > 0'
	# --top N: the N best; a name breaks the tie at 9
	run --separate-stderr pe-scan -q --rank close --top 2 'close > 0' r
	assert_success
	ranks_are '["B","2024-01-03",9,1]' '["C","2024-01-03",9,2]'
	run --separate-stderr pe-scan -q --stale-ok --rank close --top 2 'close > 0' r
	ranks_are '["B","2024-01-03",9,1]' '["C","2024-01-03",9,2]'
	run --separate-stderr pe-scan -q --stale-ok --rank '-close' --top 2 'close > 0' r
	ranks_are '["A","2024-01-03",-3,1]' '["B","2024-01-03",-9,2]'
	# the lines are the unranked ones with a score and a rank added
	run --separate-stderr pe-scan -q --rank close 'close > 0' r/B.csv
	assert_output "$RB"
	run --separate-stderr pe-scan -q 'close > 0' r/B.csv
	assert_output "${RB%,\"score\"*}}"
}

@test "--rank: an undefined score is null and ranks last; --digits rounds it, --format csv has its columns" {
	rank_universe
	# 1 / (close - 9): NaN where close is 9
	run --separate-stderr pe-scan -q --rank '1 / (close - 9)' 'close > 0' r
	assert_success
	ranks_are '["A","2024-01-03",-0.16666666666666666,1]' \
	    '["B","2024-01-03",null,2]' '["C","2024-01-03",null,3]'
	run --separate-stderr pe-scan -q --digits 2 --rank '1 / (close - 9)' \
	    --top 1 'close > 0' r
	assert_output --partial '"values":{},"score":-0.17,"rank":1}'
	run --separate-stderr pe-scan -q --format csv --rank '1 / (close - 9)' \
	    --top 2 'close > 0' r
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume,score,rank' \
	    'A,2024-01-03,f1,scan_hit,3,3,3,3,1,-0.16666666666666666,1' \
	    'B,2024-01-03,f1,scan_hit,9,9,9,9,1,,2')"
	# the formula's values stay its own: the score's formula is not there
	run --separate-stderr pe-scan -q --format csv --rank 'sma(close, 2)' \
	    'close > sma(close, 3)' r/B.csv
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume,sma_3,score,rank' \
	    'B,2024-01-03,f1,scan_hit,9,9,9,9,1,5.333333333333333,7,1')"
	# a boolean scores 1 or 0, and is never a signal
	run --separate-stderr pe-scan -q --rank 'close > 5' 'close > 0' r
	ranks_are '["B","2024-01-03",1,1]' '["C","2024-01-03",1,2]' \
	    '["A","2024-01-03",0,3]'
	run --separate-stderr pe-scan -q --rank 'close > 0' 'close > 100' r
	assert_failure 1
	assert_output ''
}

@test "--rank with --all ranks each date's lines; --top N keeps each date's N best" {
	rank_universe
	run --separate-stderr pe-scan --all --rank close --top 2 'close > 0' r
	assert_success
	ranks_are '["C","2024-01-01",3,1]' '["B","2024-01-01",2,2]' \
	    '["D","2024-01-02",9,1]' '["A","2024-01-02",5,2]' \
	    '["B","2024-01-03",9,1]' '["C","2024-01-03",9,2]'
	summary_is 4 4 0 0 0 '10: f1: close > 0'
	run --separate-stderr pe-scan -q --all --rank close 'close > 0' r
	assert_equal "${#lines[@]}" 10
	assert_line --index 6 '{"symbol":"C","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":4,"high":4,"low":4,"close":4,"volume":1},"values":{},"score":4,"rank":4}'
	# --tail too; --results lines come as symbols end, the ranked lines after
	run --separate-stderr pe-scan -q --tail 1 --results --rank close \
	    --top 1 'close > 0' r
	assert_equal "$(jq -r '.type' <<<"$output" | tr '\n' ' ')" \
	    'result result result result scan_hit scan_hit '
	assert_line --index 4 --partial '"symbol":"D","time":"2024-01-02"'
	assert_line --index 5 "$RB"
}

@test "--rank: scores are pe-eval --values of EXPR at the same bar; --top N is the first N" {
	gen_candles --symbols 6 --bars 300 --seed 11 -o g >/dev/null
	local f want got
	# --last: each symbol's score is its rsi(14) at its last bar
	run --separate-stderr pe-scan -q --no-cache --rank 'rsi(14)' 'close > 0' g
	assert_success
	assert_equal "${#lines[@]}" 6
	got=$(grep -o '"symbol":"[^"]*"\|"score":[^,}]*' <<<"$output" |
	    paste -d' ' - - | sort)
	want=$(for f in g/*.csv; do
		pe-eval --last --values 'rsi(14)' 'close > 0' "$f"
	done | grep -o '"symbol":"[^"]*"\|"rsi_14":[^,}]*' | paste -d' ' - - |
	    sed 's/"rsi_14"/"score"/' | sort)
	assert_equal "$got" "$want"
	# ranked by it, highest first; --top 3 is the first three
	want=$(head -n 3 <<<"$output")
	run jq -s -c 'map(.score) == (map(.score) | sort | reverse) and
	    map(.rank) == [1, 2, 3, 4, 5, 6]' <<<"$output"
	assert_output true
	run --separate-stderr pe-scan -q --no-cache --rank 'rsi(14)' --top 3 'close > 0' g
	assert_output "$want"
	# --all: every bar of a symbol's, by time
	run --separate-stderr pe-scan -q --all --rank 'rsi(14)' 'close > open' g/S0002.csv
	got=$(grep -o '"time":"[^"]*"\|"score":[^,}]*' <<<"$output" |
	    paste -d' ' - -)
	want=$(pe-eval --values 'rsi(14)' 'close > open' g/S0002.csv |
	    grep -o '"time":"[^"]*"\|"rsi_14":[^,}]*' | paste -d' ' - - |
	    sed 's/"rsi_14"/"score"/')
	[[ -n $got && $got == "$want" ]] || fail "$(diff <(echo "$want") <(echo "$got"))"
	[[ $got == *'"score":null'* ]]	# rsi(14) is not warm on the first bars
}

@test "--rank and the cache: ranked runs equal --no-cache; an unranked run's entries are not theirs" {
	gen_candles --symbols 6 --bars 300 --seed 13 -o g >/dev/null
	R=(--rank 'roc(close, 10)' --top 4)
	pe-scan -q --no-cache "${R[@]}" 'close > sma(close, 20) or close > 0' g >want
	[[ $(wc -l <want) -eq 4 ]]
	# an unranked scan saves the state and lines of each file ...
	run --separate-stderr pe-scan -q --summary s.json 'close > sma(close, 20) or close > 0' g
	cache_is s.json '[0,6,6,0]'
	# ... which the ranked scan does not use: it keys its own
	run --separate-stderr pe-scan -q --summary s.json "${R[@]}" 'close > sma(close, 20) or close > 0' g
	assert_output "$(cat want)"
	cache_is s.json '[0,6,6,0]'
	run --separate-stderr pe-scan -q --summary s.json "${R[@]}" 'close > sma(close, 20) or close > 0' g
	assert_output "$(cat want)"
	cache_is s.json '[6,0,0,0]'
	# a bar appended to every file: the saved states step over it
	local i=0 f
	for f in g/*.csv; do
		i=$((i + 1))
		echo "2030-01-0$i,50,60,40,$((40 + 3 * i)),1000" >>"$f"
	done
	run --separate-stderr pe-scan -q --stale-ok --summary s.json "${R[@]}" 'close > sma(close, 20) or close > 0' g
	assert_output "$(pe-scan -q --no-cache --stale-ok "${R[@]}" 'close > sma(close, 20) or close > 0' g)"
	run jq .cache.extended s.json
	assert_output 6
	# --all: the cached indicator columns give the same ranks
	pe-scan -q --no-cache --all --rank 'rsi(14)' --top 2 'close > open' g >want
	pe-scan -q --all --rank 'rsi(14)' --top 2 'close > open' g >/dev/null
	run --separate-stderr pe-scan -q --all --rank 'rsi(14)' --top 2 'close > open' g
	assert_output "$(cat want)"
}

@test "--top needs --rank and every symbol; bad --top and --rank exit 2" {
	rank_universe
	run --separate-stderr pe-scan --top 2 'close > 0' r
	fails_with 2 'pe-scan: --top needs --rank'
	run --separate-stderr pe-scan --rank close --top 2 --shard 0/2 'close > 0' r
	fails_with 2 "pe-scan: --top ranks every symbol, not a shard's: merge the shards' lines, then sort them by \"score\""
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=2 \
	    run --separate-stderr pe-scan --rank close --top 2 'close > 0' r
	fails_with 2 'pe-scan: shard 1/2 from Slurm' \
	    "pe-scan: --top ranks every symbol, not a shard's: merge the shards' lines, then sort them by \"score\""
	for n in 0 -1 x 1.5 ''; do
		run --separate-stderr pe-scan --rank close --top "$n" 'close > 0' r
		fails_with 2 "pe-scan: invalid --top '$n' (expected a whole number >= 1)"
	done
	run --separate-stderr pe-scan --rank 'rsi(' 'close > 0' r
	fails_with 2 "pe-scan: rank:1:5: expected an expression after '(', found end of input" \
	    '  rsi(' '      ^'
	run --separate-stderr pe-scan --rank 'rsii(14)' 'close > 0' r
	fails_with 2 "pe-scan: rank:1:1: unknown function 'rsii' (did you mean 'rsi'?)" \
	    '  rsii(14)' '  ^~~~'
	run --separate-stderr pe-scan --rank '@entry close' 'close > 0' r
	fails_with 2 "pe-scan: rank:1:1: a value is no signal: '@entry' is for formulas" \
	    '  @entry close' '  ^~~~~~'
}

@test "--rank with --shard: each shard's lines carry their scores; sorted by score they are the whole run's" {
	gen_candles --symbols 12 --bars 300 --seed 17 -o g >/dev/null
	for k in 0 1 2; do
		pe-scan -q --shard $k/3 --rank 'roc(close, 10)' 'close > sma(close, 20)' g || true
	done >merged
	[[ $(wc -l <merged) -ge 4 ]]
	run jq -s -r 'sort_by(.score == null, -(.score // 0), .symbol) | .[:4][] | .symbol' merged
	want=$output
	run --separate-stderr pe-scan -q --rank 'roc(close, 10)' --top 4 'close > sma(close, 20)' g
	assert_equal "$(jq -r .symbol <<<"$output")" "$want"
}
