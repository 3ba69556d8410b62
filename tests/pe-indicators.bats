#!/usr/bin/env bats
# pe-indicators: spec grammar, column names, values, formats, every error
# message and exit status, --list, and the man page's EXAMPLES.
#
# Only sma, ema and rsi are used, so that these tests hold whatever other
# indicators the registry has.  Expected values are computed by hand from
# the definitions (TA-Lib's conventions, lib/ind/*.c) in the comments.

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
}

USAGE=(
'usage: pe-indicators [-q] [-i SPEC] ... [-e EXPR] ... [-f FORMULAS] ...'
'                     [-o FILE] [--format csv|jsonl] [--digits N]'
'                     [--symbol NAME] ... [--since DATE] [--until DATE]'
'                     [--tz ZONE] [--tail N | --last] [--skip-bad]'
"                     ['SPEC ...'] [INPUT ...]"
'       pe-indicators --list [--format csv|jsonl] [NAME ...]'
)

# Five daily candles, closes 2 4 6 5 8 (the man page's c.csv).
C=(
"$HDR"
'2024-01-01,2,2,2,2,10'
'2024-01-02,3,4,3,4,20'
'2024-01-03,5,6,5,6,30'
'2024-01-04,6,6,5,5,40'
'2024-01-05,6,8,6,8,50'
)

# sma:3 of 2 4 6 5 8: (2+4+6)/3 = 4, (4+6+5)/3 = 5, (6+5+8)/3 = 19/3.
# ema:3, k = 2/(3+1) = 0.5, seeded by the SMA of the first 3 (4):
#   4 + 0.5*(5-4) = 4.5, 4.5 + 0.5*(8-4.5) = 6.25.
# rsi:2 over the changes +2 +2 -1 +3 (Wilder, n = 2):
#   bar 2: gain (2+2)/2 = 2, loss 0: 100 * 2/2 = 100;
#   bar 3: gain (2*1+0)/2 = 1, loss (0*1+1)/2 = 0.5: 100 * (1/1.5),
#          1/1.5 rounds down to 0.6666666666666666, so 66.66666666666666;
#   bar 4: gain (1*1+3)/2 = 2, loss (0.5*1+0)/2 = 0.25: 100 * (2/2.25)
#          = 88.88888888888889.
C_OUT=(
"$HDR,sma_3,ema_3,rsi_2"
'2024-01-01,2,2,2,2,10,,,'
'2024-01-02,3,4,3,4,20,,,'
'2024-01-03,5,6,5,6,30,4,4,100'
'2024-01-04,6,6,5,5,40,5,4.5,66.66666666666666'
'2024-01-05,6,8,6,8,50,6.333333333333333,6.25,88.88888888888889'
)

# ---- usage, options ----

@test "-h and --help print the usage to stdout and exit 0" {
	run --separate-stderr pe-indicators -h
	help_ok "${USAGE[@]}"
	run --separate-stderr pe-indicators --help
	help_ok "${USAGE[@]}"
}

@test "--version prints the program name and a version" {
	run --separate-stderr pe-indicators --version
	assert_success
	assert_output --regexp '^pe-indicators [0-9]+\.[0-9]+\.[0-9]+$'
	stderr_empty
}

@test "unknown options and missing option arguments: exit 2, the usage on stderr" {
	run --separate-stderr pe-indicators -x sma
	fails_with 2 "pe-indicators: invalid option -- 'x'" "${USAGE[@]}"
	run --separate-stderr pe-indicators --bogus sma
	fails_with 2 "pe-indicators: unrecognized option '--bogus'" \
	    "${USAGE[@]}"
	run --separate-stderr pe-indicators sma -i
	fails_with 2 "pe-indicators: option requires an argument -- 'i'" \
	    "${USAGE[@]}"
	run --separate-stderr pe-indicators sma --tail
	fails_with 2 "pe-indicators: option '--tail' requires an argument" \
	    "${USAGE[@]}"
}

@test "no SPEC: exit 2, a message and the usage on stderr" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators <c.csv
	fails_with 2 'pe-indicators: no indicator given (see pe-indicators --list)' \
	    "${USAGE[@]}"
}

@test "invalid --tail, --format and --symbol: exit 2" {
	mk c.csv "${C[@]}"
	for t in x -1 1x '' ' 2'; do
		run --separate-stderr pe-indicators --tail "$t" sma:3 c.csv
		fails_with 2 "pe-indicators: invalid --tail '$t' (expected a whole number >= 0)"
	done
	run --separate-stderr pe-indicators --format xml sma:3 c.csv
	fails_with 2 "pe-indicators: invalid format 'xml' (expected csv or jsonl)"
	run --separate-stderr pe-indicators --symbol '' sma:3 c.csv
	assert_failure 2
	assert_output ''
	stderr_matches '^pe-indicators: invalid --symbol: '
}

# ---- values and columns ----

@test "sma:3 ema:3 rsi:2 by hand; lookback cells empty" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators 'sma:3 ema:3 rsi:2' c.csv
	ok_with "${C_OUT[@]}"
	# Options after the operands; spec order gives column order.
	run --separate-stderr pe-indicators 'rsi:2 sma:3' c.csv --skip-bad
	ok_with "$HDR,rsi_2,sma_3" \
	    '2024-01-01,2,2,2,2,10,,' '2024-01-02,3,4,3,4,20,,' \
	    '2024-01-03,5,6,5,6,30,100,4' \
	    '2024-01-04,6,6,5,5,40,66.66666666666666,5' \
	    '2024-01-05,6,8,6,8,50,88.88888888888889,6.333333333333333'
}

@test "stdin: no -i, -i -, and '-' among files; a shorter series than the lookback" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "${C_OUT[@]}"
	run --separate-stderr pe-indicators 'sma:3 ema:3 rsi:2' - <c.csv
	ok_with "${C_OUT[@]}"
	mk two.csv "$HDR" '2024-01-01,2,2,2,2,10' '2024-01-02,3,4,3,4,20'
	run --separate-stderr pe-indicators sma:3 two.csv
	ok_with "$HDR,sma_3" '2024-01-01,2,2,2,2,10,' '2024-01-02,3,4,3,4,20,'
}

@test "column names: defaults filled in, @INPUT unless close, .OUTPUT of a single output" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators 'sma:20 sma:50@high ema:10@volume rsi sma ema:10@close sma:2@h sma:2.sma' c.csv
	assert_success
	stderr_empty
	assert_line -n 0 "$HDR,sma_20,sma_50_high,ema_10_volume,rsi_14,sma_30,ema_10,sma_2_high,sma_2"
	# sma:2@h: highs 2 4 6 6 8 -> 3 5 6 7; sma:2: closes -> 3 5 5.5 6.5.
	assert_line -n 5 '2024-01-05,6,8,6,8,50,,,,,,,7,6.5'
	assert_line -n 2 '2024-01-02,3,4,3,4,20,,,,,,,3,3'
}

@test "column names: [a-z0-9_.] only, a minus sign m; JSONL keys the same as CSV columns" {
	mk c.csv "${C[@]}"
	specs=(bbands:2:2:-2.lower bbands:2:2.5:1e30.upper stddev:2:-1e-5 correl:2@high,low)
	run --separate-stderr pe-indicators "${specs[*]}" c.csv
	assert_success
	assert_line -n 0 "$HDR,bbands_2_2_m2_lower,bbands_2_2.5_1e30_upper,stddev_2_m1em05,correl_2_high_low"
	run --separate-stderr pe-indicators --format jsonl --tail 1 "${specs[*]}" c.csv
	assert_success
	run jq -r 'keys_unsorted | join(",")' <<<"$output"
	assert_output "symbol,$HDR,bbands_2_2_m2_lower,bbands_2_2.5_1e30_upper,stddev_2_m1em05,correl_2_high_low"
}

@test "ema over volume: 10 20 30 40 50, ema:2 seeded 15, k = 2/3" {
	mk c.csv "${C[@]}"
	# 15 + (30-15)*2/3 = 25, 25 + (40-25)*2/3 = 35, 35 + (50-35)*2/3 = 45
	# (each product is 10 in doubles: 15 * 0.6666666666666666 rounds to 10).
	run --separate-stderr pe-indicators ema:2@volume c.csv
	ok_with "$HDR,ema_2_volume" '2024-01-01,2,2,2,2,10,' \
	    '2024-01-02,3,4,3,4,20,15' '2024-01-03,5,6,5,6,30,25' \
	    '2024-01-04,6,6,5,5,40,35' '2024-01-05,6,8,6,8,50,45'
}

@test "several symbols in one file: grouped by first appearance, state never leaks" {
	mk m.csv "$SHDR" 'A,2024-01-01,1,1,1,1,1' 'B,2024-01-01,2,2,2,2,2' \
	    'A,2024-01-02,3,3,3,3,3' 'B,2024-01-02,4,4,4,4,4' \
	    'A,2024-01-03,5,5,5,5,5'
	# A: sma:2 of 1 3 5 -> 2 4; rsi:2 of +2 +2 -> 100 at its bar 2.
	# B: sma:2 of 2 4 -> 3 (not (5+2)/2: A's state is gone); rsi empty.
	run --separate-stderr pe-indicators 'sma:2 rsi:2' m.csv
	ok_with "$SHDR,sma_2,rsi_2" 'A,2024-01-01,1,1,1,1,1,,' \
	    'A,2024-01-02,3,3,3,3,3,2,' 'A,2024-01-03,5,5,5,5,5,4,100' \
	    'B,2024-01-01,2,2,2,2,2,,' 'B,2024-01-02,4,4,4,4,4,3,'
}

@test "several files: a symbol column from the base names, files in order" {
	mk c.csv "${C[@]}"
	mk d.csv "$HDR" '2024-02-01,1,1,1,1,' '2024-02-02,3,3,3,3,'
	run --separate-stderr pe-indicators sma:2 d.csv c.csv
	ok_with "$SHDR,sma_2" 'd,2024-02-01,1,1,1,1,,' 'd,2024-02-02,3,3,3,3,,2' \
	    'c,2024-01-01,2,2,2,2,10,' 'c,2024-01-02,3,4,3,4,20,3' \
	    'c,2024-01-03,5,6,5,6,30,5' 'c,2024-01-04,6,6,5,5,40,5.5' \
	    'c,2024-01-05,6,8,6,8,50,6.5'
	run --separate-stderr pe-indicators --symbol X sma:2 d.csv - <c.csv
	assert_success
	assert_line -n 1 'X,2024-02-01,1,1,1,1,,'
	assert_line -n 3 'X,2024-01-01,2,2,2,2,10,'
}

@test "symbols that need quoting: RFC 4180 in CSV, escaped in JSONL" {
	printf '%s\n' "$SHDR" '"a,""b",2024-01-01,1,1,1,1,1' \
	    '"a,""b",2024-01-02,3,3,3,3,3' >q.csv
	run --separate-stderr pe-indicators sma:2 q.csv
	ok_with "$SHDR,sma_2" '"a,""b",2024-01-01,1,1,1,1,1,' \
	    '"a,""b",2024-01-02,3,3,3,3,3,2'
	run --separate-stderr pe-indicators --format jsonl --tail 1 sma:2 q.csv
	ok_with '{"symbol":"a,\"b","time":"2024-01-02","open":3,"high":3,"low":3,"close":3,"volume":3,"sma_2":2}'
}

# ---- --tail, --format ----

@test "--tail N: the last N rows of each symbol, computed over all" {
	mk m.csv "$SHDR" 'A,2024-01-01,1,1,1,1,1' 'B,2024-01-01,2,2,2,2,2' \
	    'A,2024-01-02,3,3,3,3,3' 'B,2024-01-02,4,4,4,4,4' \
	    'A,2024-01-03,5,5,5,5,5'
	run --separate-stderr pe-indicators --tail 1 sma:2 m.csv
	ok_with "$SHDR,sma_2" 'A,2024-01-03,5,5,5,5,5,4' 'B,2024-01-02,4,4,4,4,4,3'
	run --separate-stderr pe-indicators --tail 2 sma:2 m.csv
	ok_with "$SHDR,sma_2" 'A,2024-01-02,3,3,3,3,3,2' \
	    'A,2024-01-03,5,5,5,5,5,4' 'B,2024-01-01,2,2,2,2,2,' \
	    'B,2024-01-02,4,4,4,4,4,3'
	run --separate-stderr pe-indicators --tail 0 sma:2 m.csv
	ok_with "$SHDR,sma_2"
	run --separate-stderr pe-indicators --tail 99 sma:2 m.csv
	assert_success
	assert_equal "${#lines[@]}" 6
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators --tail 1 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "${C_OUT[0]}" "${C_OUT[5]}"
}

@test "--format jsonl: the candle keys, one key per output, null in the lookback" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators --format jsonl 'sma:3 rsi:2' <c.csv
	ok_with \
	    '{"symbol":"stdin","time":"2024-01-01","open":2,"high":2,"low":2,"close":2,"volume":10,"sma_3":null,"rsi_2":null}' \
	    '{"symbol":"stdin","time":"2024-01-02","open":3,"high":4,"low":3,"close":4,"volume":20,"sma_3":null,"rsi_2":null}' \
	    '{"symbol":"stdin","time":"2024-01-03","open":5,"high":6,"low":5,"close":6,"volume":30,"sma_3":4,"rsi_2":100}' \
	    '{"symbol":"stdin","time":"2024-01-04","open":6,"high":6,"low":5,"close":5,"volume":40,"sma_3":5,"rsi_2":66.66666666666666}' \
	    '{"symbol":"stdin","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"sma_3":6.333333333333333,"rsi_2":88.88888888888889}'
	# A missing volume is null too; the symbol is the file's base name.
	mk nv.csv 'time,open,high,low,close' '2024-01-01T09:30:00Z,1,2,0.5,1.5'
	run --separate-stderr pe-indicators --format jsonl --format jsonl ema:2 nv.csv
	ok_with '{"symbol":"nv","time":"2024-01-01T09:30:00Z","open":1,"high":2,"low":0.5,"close":1.5,"volume":null,"ema_2":null}'
	run --separate-stderr pe-indicators --format csv ema:2 nv.csv
	ok_with 'time,open,high,low,close,volume,ema_2' \
	    '2024-01-01T09:30:00Z,1,2,0.5,1.5,,'
}

@test "JSONL input with symbol keys" {
	printf '%s\n' \
	    '{"symbol":"A","time":"2024-01-01","open":1,"high":1,"low":1,"close":1,"volume":1}' \
	    '{"symbol":"A","time":"2024-01-02","open":"3","high":3,"low":3,"close":3,"volume":3}' >a.jsonl
	run --separate-stderr pe-indicators sma:2 a.jsonl
	ok_with "$SHDR,sma_2" 'A,2024-01-01,1,1,1,1,1,' 'A,2024-01-02,3,3,3,3,3,2'
}

# ---- spec errors (exit 2) ----

@test "an unknown indicator: exit 2, with a suggestion when one is close" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators smaa c.csv
	fails_with 2 "pe-indicators: unknown indicator 'smaa' (did you mean 'sma'?)"
	run --separate-stderr pe-indicators 'sma:3 rsii:2' c.csv
	fails_with 2 "pe-indicators: unknown indicator 'rsii' (did you mean 'rsi'?)"
	run --separate-stderr pe-indicators xyzzyq c.csv
	fails_with 2 "pe-indicators: unknown indicator 'xyzzyq'"
	run --separate-stderr pe-indicators :3 c.csv
	fails_with 2 "pe-indicators: bad indicator spec ':3' (expected NAME[:P1...][@INPUT][.OUTPUT])"
}

@test "a bad parameter, input or output: exit 2, naming it" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators sma:1 c.csv
	fails_with 2 'pe-indicators: sma: period must be a whole number from 2 to 100000 (got 1)'
	run --separate-stderr pe-indicators ema:2.5 c.csv
	fails_with 2 'pe-indicators: ema: period must be a whole number from 2 to 100000 (got 2.5)'
	run --separate-stderr pe-indicators rsi:100001 c.csv
	fails_with 2 'pe-indicators: rsi: period must be a whole number from 2 to 100000 (got 100001)'
	run --separate-stderr pe-indicators sma:x c.csv
	fails_with 2 "pe-indicators: sma: period 'x' is not a number"
	run --separate-stderr pe-indicators sma:2:3 c.csv
	fails_with 2 'pe-indicators: sma: too many parameters (it takes 1)'
	run --separate-stderr pe-indicators sma:2@foo c.csv
	fails_with 2 "pe-indicators: unknown input 'foo' (expected open, high, low, close or volume)"
	run --separate-stderr pe-indicators sma:2.foo c.csv
	fails_with 2 "pe-indicators: sma has no output 'foo' (outputs: sma)"
}

@test "spec errors come before reading any input; a file given as a spec" {
	run --separate-stderr pe-indicators smaa nosuch.csv
	fails_with 2 "pe-indicators: unknown indicator 'smaa' (did you mean 'sma'?)"
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators c.csv sma:3
	fails_with 2 "pe-indicators: 'c.csv' is a file, not an indicator spec (the specs come first: pe-indicators 'sma:20 rsi:14' FILE ...)"
	# several specs given as several operands: the second is no file
	run --separate-stderr pe-indicators sma:3 rsi:14 c.csv
	fails_with 2 "pe-indicators: 'rsi:14' is not a file: give several specs as one operand ('sma:20 rsi:14') or with -i"
	run --separate-stderr pe-indicators sma:3 nosuch.csv
	fails_with 2 'pe-indicators: nosuch.csv: No such file or directory'
}

@test "-i SPEC, repeatable, each a spec or several; then every operand is an input" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators -i sma:3 -i 'ema:3 rsi:2' c.csv
	ok_with "${C_OUT[@]}"
	run --separate-stderr pe-indicators --indicator 'sma:3 ema:3' -i rsi:2 <c.csv
	ok_with "${C_OUT[@]}"
	# the trader's slip the old -i FILE invited: several files, then a spec
	mkdir daily
	cp c.csv daily/S0001.csv
	cp c.csv daily/S0002.csv
	run --separate-stderr pe-indicators --tail 1 rsi:2 daily/S000*.csv
	ok_with "$SHDR,rsi_2" 'S0001,2024-01-05,6,8,6,8,50,88.88888888888889' \
	    'S0002,2024-01-05,6,8,6,8,50,88.88888888888889'
}

# ---- data errors (exit 3) and input files (exit 2) ----

@test "times not increasing: unsorted or duplicate, naming file, line, symbol and bar" {
	mk u.csv "$HDR" '2024-01-01,1,1,1,1,1' '2024-01-03,1,1,1,1,1' \
	    '2024-01-02,1,1,1,1,1'
	run --separate-stderr pe-indicators sma:2 u.csv
	fails_with 3 'pe-indicators: u.csv:4: times not increasing at 2024-01-02 (run pe-load first)'
	run --separate-stderr pe-indicators sma:2 <u.csv
	fails_with 3 'pe-indicators: stdin:4: times not increasing at 2024-01-02 (run pe-load first)'
	mk d.csv "$SHDR" 'A,2024-01-01,1,1,1,1,1' 'B,2024-01-01,1,1,1,1,1' \
	    'B,2024-01-01T12:00:00Z,1,1,1,1,1' 'B,2024-01-01T12:00:00Z,1,1,1,1,1'
	run --separate-stderr pe-indicators sma:2 d.csv
	fails_with 3 'pe-indicators: d.csv:5: B: times not increasing at 2024-01-01T12:00:00Z (run pe-load first)'
}

@test "an indicator that needs volume on a series without volume: exit 3" {
	mk nv.csv 'time,open,high,low,close' '2024-01-01,1,1,1,1' \
	    '2024-01-02,1,1,1,1'
	run --separate-stderr pe-indicators 'sma:2 ema:10@volume' nv.csv
	fails_with 3 'pe-indicators: nv.csv: no volume (ema:10@volume needs it)'
	mk nvs.csv 'symbol,time,open,high,low,close,volume' \
	    'A,2024-01-01,1,1,1,1,5' 'B,2024-01-01,1,1,1,1,'
	run --separate-stderr pe-indicators sma:2@v nvs.csv
	fails_with 3 'pe-indicators: nvs.csv: B: no volume (sma:2@v needs it)'
	run --separate-stderr pe-indicators sma:2 nv.csv
	assert_success
}

@test "bad rows: exit 3 naming file and line; --skip-bad drops and counts them" {
	mk b.csv "$HDR" '2024-01-01,1,1,1,1,1' 'x,1,1,1,1,1' '2024-01-03,1,0,1,1,1' \
	    '2024-01-04,3,3,3,3,3'
	run --separate-stderr pe-indicators sma:2 b.csv
	fails_with 3 "pe-indicators: b.csv:3: bad time 'x': not a date, time or epoch number"
	run --separate-stderr pe-indicators --skip-bad sma:2 b.csv
	assert_success
	assert_output "$(lines "$HDR,sma_2" '2024-01-01,1,1,1,1,1,' '2024-01-04,3,3,3,3,3,2')"
	stderr_is 'pe-indicators: b.csv: skipped 2 bad rows (1 bad time, 1 bad range)'
}

@test "a missing file: exit 2; empty input or no close column: exit 3" {
	run --separate-stderr pe-indicators sma:2 nosuch.csv
	fails_with 2 'pe-indicators: nosuch.csv: No such file or directory'
	: >e.csv
	run --separate-stderr pe-indicators sma:2 e.csv
	fails_with 3 'pe-indicators: e.csv: empty input (expected a header line or JSON)'
	run --separate-stderr pe-indicators sma:2 </dev/null
	fails_with 3 'pe-indicators: stdin: empty input (expected a header line or JSON)'
	mk t.csv 'time,open,high,low' '2024-01-01,1,1,1'
	run --separate-stderr pe-indicators sma:2 t.csv
	fails_with 3 'pe-indicators: t.csv:1: no close column in the header'
}

@test "an error in a later file stops the run after the earlier rows" {
	mk c.csv "${C[@]}"
	mk u.csv "$HDR" '2024-01-02,1,1,1,1,1' '2024-01-01,1,1,1,1,1'
	run --separate-stderr pe-indicators --tail 1 sma:2 c.csv u.csv
	assert_failure 3
	assert_output "$(lines "$SHDR,sma_2" 'c,2024-01-05,6,8,6,8,50,6.5')"
	stderr_is 'pe-indicators: u.csv:3: times not increasing at 2024-01-01 (run pe-load first)'
}

# ---- --list ----

# --list rsi and --list bbands, as printed (the man page shows the first).
LIST_RSI=(
'rsi - relative strength index (Wilder): 100 * avg gain / (avg gain + avg loss)'
''
'  inputs      one series: close, or the one @INPUT names'
'  parameters  period  a whole number from 2 to 100000; default 14'
'  outputs     rsi  column rsi_14'
'  lookback    14 bars before the first value'
'  spec        rsi:14'
'  formula     rsi(close, 14)'
)
LIST_BBANDS=(
'bbands - Bollinger bands: MA(n) +/- k population standard deviations'
''
'  inputs      one series: close, or the one @INPUT names'
'  parameters  period   a whole number from 2 to 100000; default 5'
'              nbdevup  a number from -3e+37 to 3e+37; default 2'
"              nbdevdn  a number from -3e+37 to 3e+37; default nbdevup's value"
'              matype   one of sma, ema, wma, dema, tema, trima, kama, mama, t3;'
'                       default sma'
'  outputs     upper   column bbands_5_2_2_upper'
'              middle  column bbands_5_2_2_middle'
'              lower   column bbands_5_2_2_lower'
'  lookback    4 bars before the first value'
'  spec        bbands:5:2:2:sma'
'  formula     bbands(close, 5, 2, 2, sma).upper'
)

@test "--list: NAME, PARAMETERS, DESCRIPTION in 80 columns, wrapped" {
	run --separate-stderr pe-indicators --list
	assert_success
	stderr_empty
	assert_equal "$(head -n 5 <<<"$output")" "$(lines \
	    'NAME                 PARAMETERS         DESCRIPTION' \
	    'sma                  period=30          simple moving average: the mean of the' \
	    '                                        last n values' \
	    'ema                  period=30          exponential moving average, k = 2/(n+1),' \
	    '                                        seeded by the SMA of the first n values')"
	# Several parameters a line as fit, the rest under them.
	assert_equal "$(grep -A 3 '^bbands ' <<<"$output")" "$(lines \
	    'bbands               period=5           Bollinger bands: MA(n) +/- k population' \
	    '                     nbdevup=2          standard deviations' \
	    '                     nbdevdn=nbdevup' \
	    '                     matype=sma')"
	assert_line '                     signal=9           EMA(fast) - EMA(slow), its signal EMA,'
	# Every line fits 80 columns and ends in no blank; every indicator
	# starts a line, in the registry's order.
	run awk 'length > 80 || / $/' <<<"$output"
	assert_output ''
	assert_equal "$(pe-indicators --list | awk 'NR > 1 && /^[^ ]/ { print $1 }')" \
	    "$(pe-indicators --list --format jsonl | jq -r .name)"
}

@test "--list NAME: the indicator in full, a blank line between two" {
	run --separate-stderr pe-indicators --list rsi
	ok_with "${LIST_RSI[@]}"
	run --separate-stderr pe-indicators --list bbands
	ok_with "${LIST_BBANDS[@]}"
	run --separate-stderr pe-indicators --list rsi bbands
	ok_with "${LIST_RSI[@]}" '' "${LIST_BBANDS[@]}"
	# Every indicator's in 80 columns.
	run bash -c 'pe-indicators --list $(pe-indicators --list --format jsonl |
	    jq -r .name) | awk "length > 80"'
	assert_success
	assert_output ''
}

@test "--list SPEC: its columns, lookback, spec and call; two series shown over high, low" {
	run --separate-stderr pe-indicators --list 'sma:20@high' macd.signal
	assert_success
	stderr_empty
	assert_line '  outputs     sma  column sma_20_high'
	assert_line '  lookback    19 bars before the first value'
	assert_line '  spec        sma:20@high'
	assert_line '  formula     sma(high, 20)'
	assert_line '  formula     macd(close, 12, 26, 9).signal'
	run --separate-stderr pe-indicators --list correl
	ok_with "correl - Pearson's correlation coefficient of two series over n bars" \
	    '' \
	    '  inputs      two series, given as @INPUT,INPUT2' \
	    '  parameters  period  a whole number from 1 to 100000; default 30' \
	    '  outputs     correl  column correl_30_high_low' \
	    '  lookback    29 bars before the first value' \
	    '  spec        correl:30@high,low' \
	    '  formula     correl(high, low, 30)'
	# No parameters; a long description wraps under itself.
	run --separate-stderr pe-indicators --list cdl3blackcrows
	ok_with 'cdl3blackcrows - three black crows: after a white candle, three falling black' \
	    '                 ones, each opening in the prior body, short lower shadows, -100' \
	    '' \
	    '  inputs      open, high, low, close' \
	    '  parameters  none' \
	    '  outputs     cdl3blackcrows  column cdl3blackcrows' \
	    '  lookback    13 bars before the first value' \
	    '  spec        cdl3blackcrows' \
	    '  formula     cdl3blackcrows()'
}

@test "--list: an unknown name or a bad spec exits 2, as a spec does" {
	run --separate-stderr pe-indicators --list smaa
	fails_with 2 "pe-indicators: unknown indicator 'smaa' (did you mean 'sma'?)"
	run --separate-stderr pe-indicators --list rsi psar
	fails_with 2 "pe-indicators: unknown indicator 'psar' (did you mean 'sar'?)"
	run --separate-stderr pe-indicators --list --format csv RSI
	fails_with 2 "pe-indicators: unknown indicator 'RSI' (did you mean 'rsi'?)"
	run --separate-stderr pe-indicators --list sma:1
	fails_with 2 'pe-indicators: sma: period must be a whole number from 2 to 100000 (got 1)'
	run --separate-stderr pe-indicators --list correl:30
	fails_with 2 'pe-indicators: correl reads two inputs: give them as @INPUT,INPUT2'
}

@test "--list --format csv: every field, RFC 4180; NAME... only those" {
	run --separate-stderr pe-indicators --list --format csv sma bbands correl
	ok_with 'name,inputs,parameters,outputs,lookback,description' \
	    'sma,x,period=30,sma,29,simple moving average: the mean of the last n values' \
	    'bbands,x,"period=5, nbdevup=2, nbdevdn=nbdevup, matype=sma","upper,middle,lower",4,Bollinger bands: MA(n) +/- k population standard deviations' \
	    "correl,\"x,y\",period=30,correl,29,Pearson's correlation coefficient of two series over n bars"
	# One row per registry entry, in its order; a spec names its indicator.
	run bash -c 'pe-indicators --list --format csv | tail -n +2 | cut -d, -f1'
	assert_output "$(pe-indicators --list --format jsonl | jq -r .name)"
	run --separate-stderr pe-indicators --list --format csv sma:20@high
	ok_with 'name,inputs,parameters,outputs,lookback,description' \
	    'sma,x,period=30,sma,29,simple moving average: the mean of the last n values'
}

@test "--list --format jsonl: one object per indicator" {
	run --separate-stderr pe-indicators --list --format jsonl sma ema rsi
	ok_with \
	    "$(pe-indicators --list --format jsonl | grep -E '^\{"name":"(sma|ema|rsi)"')"
	run --separate-stderr pe-indicators --list --format jsonl sma
	assert_success
	assert_output --regexp '^\{"name":"sma","inputs":\["x"\],"params":\[\{"name":"period","type":"int","default":30,"min":2,"max":100000\}\],"outputs":\["sma"\],"lookback":29,"description":"[^"]+"\}$'
	run --separate-stderr pe-indicators --list --format jsonl correl
	assert_success
	assert_output --partial '{"name":"correl","inputs":["x","y"],'
	# Every line is JSON, one per registry entry.
	run bash -c 'pe-indicators --list --format jsonl | jq -r .name | wc -l'
	assert_output 191
}

# ---- --digits ----

@test "--digits N: candles and every indicator column to N places, zeros dropped" {
	mk c.csv "${C[@]}"
	# 19/3, 66.66..., 88.88... rounded; 4.5 and 6.25 are exact
	run --separate-stderr pe-indicators --digits 2 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "$HDR,sma_3,ema_3,rsi_2" '2024-01-01,2,2,2,2,10,,,' \
	    '2024-01-02,3,4,3,4,20,,,' '2024-01-03,5,6,5,6,30,4,4,100' \
	    '2024-01-04,6,6,5,5,40,5,4.5,66.67' \
	    '2024-01-05,6,8,6,8,50,6.33,6.25,88.89'
	# 6.25 is a tie at 1 place and 4.5 at 0: to even, as printf
	run --separate-stderr pe-indicators --digits 1 --tail 2 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "$HDR,sma_3,ema_3,rsi_2" '2024-01-04,6,6,5,5,40,5,4.5,66.7' \
	    '2024-01-05,6,8,6,8,50,6.3,6.2,88.9'
	run --separate-stderr pe-indicators --digits 0 --tail 2 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "$HDR,sma_3,ema_3,rsi_2" '2024-01-04,6,6,5,5,40,5,4,67' \
	    '2024-01-05,6,8,6,8,50,6,6,89'
	# JSONL: the lookback is still null
	run --separate-stderr pe-indicators --digits 3 --tail 4 --format jsonl 'sma:3 rsi:2' c.csv
	ok_with '{"symbol":"c","time":"2024-01-02","open":3,"high":4,"low":3,"close":4,"volume":20,"sma_3":null,"rsi_2":null}' \
	    '{"symbol":"c","time":"2024-01-03","open":5,"high":6,"low":5,"close":6,"volume":30,"sma_3":4,"rsi_2":100}' \
	    '{"symbol":"c","time":"2024-01-04","open":6,"high":6,"low":5,"close":5,"volume":40,"sma_3":5,"rsi_2":66.667}' \
	    '{"symbol":"c","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"sma_3":6.333,"rsi_2":88.889}'
}

@test "--digits hides float noise; without it the exact round trip is kept" {
	mk n.csv 'time,open,high,low,close' '2024-01-01,0.1,0.1,0.1,0.1' \
	    '2024-01-02,0.2,0.2,0.2,0.2' '2024-01-03,0.4,0.4,0.4,0.4'
	# (0.1 + 0.2) / 2 and (0.2 + 0.4) / 2 in doubles
	run --separate-stderr pe-indicators sma:2 <n.csv
	ok_with "$HDR,sma_2" '2024-01-01,0.1,0.1,0.1,0.1,,' \
	    '2024-01-02,0.2,0.2,0.2,0.2,,0.15000000000000002' \
	    '2024-01-03,0.4,0.4,0.4,0.4,,0.30000000000000004'
	run --separate-stderr pe-indicators --digits 2 sma:2 <n.csv
	ok_with "$HDR,sma_2" '2024-01-01,0.1,0.1,0.1,0.1,,' \
	    '2024-01-02,0.2,0.2,0.2,0.2,,0.15' '2024-01-03,0.4,0.4,0.4,0.4,,0.3'
}

@test "--digits outside 0 to 17: exit 2 naming the option and the value" {
	mk c.csv "${C[@]}"
	local n
	for n in 18 -1 x '' 1e1; do
		run --separate-stderr pe-indicators --digits "$n" sma:3 c.csv
		fails_with 2 "pe-indicators: invalid --digits '$n' (expected 0 to 17)"
	done
}

# ---- formulas as columns (-e, -f) ----

# The man page's example over c.csv: ha is the mean of the four prices;
# roc2 = 100 * (close - close 2 bars ago) / close 2 bars ago:
#   100 * 4/2 = 200, 100 * 1/4 = 25, 100 * 2/6 = 33.333333333333336
#   (200/6 rounds up: 33.33333333333333570180911920033395290374755859375);
# up: close > open, 2 > 2 false, 4 > 3 true, ...
F_OUT=(
"$HDR,sma_3,ha,roc2,up"
'2024-01-01,2,2,2,2,10,,2,,0'
'2024-01-02,3,4,3,4,20,,3.5,,1'
'2024-01-03,5,6,5,6,30,4,5.5,200,1'
'2024-01-04,6,6,5,5,40,5,5.5,25,0'
'2024-01-05,6,8,6,8,50,6.333333333333333,7,33.333333333333336,1'
)
F_ARGS=(-i sma:3 -e 'ha: (open + high + low + close) / 4'
    -e 'roc2: 100 * change(close, 2) / close[2]' -e 'up: close > open')

@test "-e NAME: EXPR: a column after the indicators', named in lower case; lookback empty; a condition 1 or 0" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators "${F_ARGS[@]}" c.csv
	ok_with "${F_OUT[@]}"
	# without -i: the candles and the formulas; the name in lower case
	run --separate-stderr pe-indicators --tail 2 -e 'HA: ohlc4' \
	    --expression 'Up: close > open' c.csv
	ok_with "$HDR,ha,up" '2024-01-04,6,6,5,5,40,5.5,0' \
	    '2024-01-05,6,8,6,8,50,7,1'
	# a condition that is not known (NA) is an empty cell, like a
	# lookback; a division by zero too (high - low is 0 on bar 1)
	run --separate-stderr pe-indicators -e 'hot: sma(close, 3) > 4' \
	    -e 'pos: (close - low) / (high - low)' c.csv
	ok_with "$HDR,hot,pos" '2024-01-01,2,2,2,2,10,,' \
	    '2024-01-02,3,4,3,4,20,,1' '2024-01-03,5,6,5,6,30,0,1' \
	    '2024-01-04,6,6,5,5,40,1,0' '2024-01-05,6,8,6,8,50,1,1'
}

@test "-f FILE: a column per formula, lets shared and no column, tags allowed; JSONL, --digits, --tail" {
	mk c.csv "${C[@]}"
	mk f.pe '# two columns and a let' 'let mid = (high + low) / 2' \
	    'ha: (open + high + low + close) / 4' \
	    'roc2: 100 * change(close, 2) / close[2]' \
	    '@entry up: close > open and mid > 0'
	run --separate-stderr pe-indicators -i sma:3 -f f.pe c.csv
	ok_with "${F_OUT[@]}"
	# -e and -f in the order given
	mk g.pe 'up: close > open'
	run --separate-stderr pe-indicators -e 'roc2: 100 * change(close, 2) / close[2]' \
	    --file g.pe -e 'ha: ohlc4' --last c.csv
	ok_with "$HDR,roc2,up,ha" '2024-01-05,6,8,6,8,50,33.333333333333336,1,7'
	# from stdin
	run --separate-stderr pe-indicators -i sma:3 -f - c.csv <f.pe
	ok_with "${F_OUT[@]}"
	run --separate-stderr pe-indicators --format jsonl --tail 3 -f f.pe c.csv
	ok_with '{"symbol":"c","time":"2024-01-03","open":5,"high":6,"low":5,"close":6,"volume":30,"ha":5.5,"roc2":200,"up":1}' \
	    '{"symbol":"c","time":"2024-01-04","open":6,"high":6,"low":5,"close":5,"volume":40,"ha":5.5,"roc2":25,"up":0}' \
	    '{"symbol":"c","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"ha":7,"roc2":33.333333333333336,"up":1}'
	run --separate-stderr pe-indicators --format jsonl --tail 1 -e 'r: close[3]' c.csv
	ok_with '{"symbol":"c","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"r":4}'
	run --separate-stderr pe-indicators --format jsonl --tail 1 -e 'r: close[4]' -e 'n: close[5]' c.csv
	ok_with '{"symbol":"c","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"r":2,"n":null}'
	run --separate-stderr pe-indicators --digits 2 --since 2024-01-04 -i sma:3 -f f.pe c.csv
	ok_with "$HDR,sma_3,ha,roc2,up" '2024-01-04,6,6,5,5,40,5,5.5,25,0' \
	    '2024-01-05,6,8,6,8,50,6.33,7,33.33,1'
}

@test "formula columns are pe-eval --values' values, bit for bit, bar by bar, over several symbols" {
	G=$DATA_DIR/goog_2004_2008.csv
	exprs=('m: macd(12, 26, 9).signal / atr(14)' 'w: wma(close - open, 7)'
	    'z: (close - sma(close, 50)) / stddev(close, 50)'
	    'b: rsi(14) < 30 or cross_above(close, ema(close, 20))'
	    'v: cum(volume * (close - close[1]))' 's: sum(change(close), 10)')
	args=() vals=()
	for e in "${exprs[@]}"; do args+=(-e "$e"); vals+=(--values "$e"); done
	pe-indicators "${args[@]}" "$G" | cut -d, -f7- >got.csv
	# every bar: a formula that always holds; the values after the candle
	pe-eval --format csv "${vals[@]}" 'bar_index >= 0' "$G" | cut -d, -f10- >want.csv
	assert_equal "$(wc -l <got.csv)" 1048
	assert_equal "$(head -n 1 got.csv)" 'm,w,z,b,v,s'
	cmp got.csv want.csv
	# several symbols in one input: each from a fresh start
	{ echo "symbol,$HDR"; sed '1d; s/^/A,/' "$G"; sed '1d; s/^/B,/' "$DATA_DIR/msft_2000_2001.csv"; } >ab.csv
	pe-indicators "${args[@]}" ab.csv | grep '^B,' | cut -d, -f8- >b.csv
	pe-eval --format csv "${vals[@]}" 'bar_index >= 0' "$DATA_DIR/msft_2000_2001.csv" |
	    sed 1d | cut -d, -f10- >want_b.csv
	assert_equal "$(wc -l <b.csv)" 249
	cmp b.csv want_b.csv
}

@test "requested.pe: Heikin-Ashi close, choppiness, ulcer, TSI, chandelier exit as formulas, checked against pe-eval and awk; the registry's against awk" {
	R=$DATA_DIR/requested.pe
	# each formula as the issue wrote it, for pe-eval --values
	vals=(--values 'ha_close: (open + high + low + close) / 4'
	    --values 'chop: 100 * log10(sum(atr(1), 14) / (highest(high, 14) - lowest(low, 14))) / log10(14)'
	    --values 'ulcer: sqrt(sum(pow(100 * (close - highest(close, 14)) / highest(close, 14), 2), 14) / 14)'
	    --values 'tsi: 100 * ema(ema(change(close), 25), 13) / ema(ema(abs(change(close)), 25), 13)'
	    --values 'chandelier_long: highest(high, 22) - 3 * atr(22)')
	for G in "$DATA_DIR/goog_2004_2008.csv" "$DATA_DIR/msft_2000_2001.csv"; do
		pe-indicators -f "$R" "$G" >out.csv
		assert_equal "$(head -n 1 out.csv)" "$HDR,ha_close,chop,ulcer,tsi,chandelier_long"
		cut -d, -f7- out.csv >got.csv
		pe-eval --format csv "${vals[@]}" 'bar_index >= 0' "$G" | cut -d, -f10- >want.csv
		cmp got.csv want.csv
		# independently: awk from the candles, by the definitions
		# (TA-Lib's ATR: the mean of TR[1..n] at bar n, then Wilder's;
		# its EMA: seeded by the SMA of the first n values)
		awk -f "$TESTS_DIR/ind/requested.awk" "$G" >ref.csv
		run awk -F, -v OFS=, '
		    NR == FNR { if (FNR > 1) got[FNR - 1] = $0; next }
		    {
			split(got[FNR], g, ",")
			for (k = 1; k <= 5; k++) {
				a = g[k]; b = $k
				if ((a == "") != (b == "")) { bad++; print FNR, k, a, b; continue }
				if (a == "") continue
				n[k]++
				d = a - b; d = d < 0 ? -d : d; s = b < 0 ? -b : b
				if (d > 1e-9 * (s < 1 ? 1 : s) || (k == 1 && a + 0 != b + 0)) {
					bad++; print FNR, k, a, b
				}
			}
		    }
		    END { print n[1], n[2], n[3], n[4], n[5], bad + 0 }' got.csv ref.csv
		assert_success
		bars=$(($(wc -l <"$G") - 1))
		# the values each has: every bar but its lookback (14, 26, 37, 22)
		assert_output "$bars,$((bars - 14)),$((bars - 26)),$((bars - 37)),$((bars - 22)),0"
		# the registry's ha, chop, tsi and chandelier (issue 18) give
		# the same numbers as awk by the same definitions (ulcer's is
		# Martin's, not requested.pe's StockCharts form)
		pe-indicators -i 'ha.close chop:14 tsi:25:13 chandelier:22:3.long' "$G" |
		    sed 1d | cut -d, -f7- >reg.csv
		run awk -F, '
		    NR == FNR { got[FNR] = $0; next }
		    {
			split(got[FNR], g, ","); m[1] = 1; m[2] = 2; m[3] = 4; m[4] = 5
			for (k = 1; k <= 4; k++) {
				a = g[k]; b = $(m[k])
				if ((a == "") != (b == "")) { bad++; continue }
				if (a == "") continue
				d = a - b; d = d < 0 ? -d : d; s = b < 0 ? -b : b
				if (d > 1e-9 * (s < 1 ? 1 : s)) bad++
			}
		    }
		    END { print bad + 0 }' reg.csv ref.csv
		assert_output 0
	done
}

@test "formula errors: no name, a name taken, a bad formula, a missing file: exit 2, the caret, nothing read" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators -e 'close - open' c.csv
	fails_with 2 "pe-indicators: formula:1:1: a column needs a name: write 'name: expression'" \
	    '  close - open' '  ^~~~~~~~~~~~'
	run --separate-stderr pe-indicators -e '@entry rsi(14) < 30' c.csv
	fails_with 2 "pe-indicators: formula:1:8: a column needs a name: write 'name: expression'" \
	    '  @entry rsi(14) < 30' '         ^~~~~~~~~~~~'
	# a candle's column, in any case; an indicator's; an earlier formula's
	run --separate-stderr pe-indicators -e 'Close: (open + close) / 2' c.csv
	fails_with 2 "pe-indicators: formula:1:1: column 'close' is taken by the candles" \
	    '  Close: (open + close) / 2' '  ^~~~~'
	run --separate-stderr pe-indicators -e 'symbol: 1' c.csv
	fails_with 2 "pe-indicators: formula:1:1: column 'symbol' is taken by the candles" \
	    '  symbol: 1' '  ^~~~~~'
	run --separate-stderr pe-indicators -i 'sma:3 bbands:3' -e 'bbands_3_2_2_upper: high' c.csv
	fails_with 2 "pe-indicators: formula:1:1: column 'bbands_3_2_2_upper' is taken by indicator bbands:3" \
	    '  bbands_3_2_2_upper: high' '  ^~~~~~~~~~~~~~~~~~'
	run --separate-stderr pe-indicators -e 'x: 1' -e 'X: 2' c.csv
	fails_with 2 "pe-indicators: formula:1:1: column 'x' is taken by formula 'x' of an earlier -e" \
	    '  X: 2' '  ^'
	mk f.pe 'let a = 1' 'HA: ohlc4' 'b: a' ''
	mk g.pe '# more' 'b2: 2' '  ha: 3'
	run --separate-stderr pe-indicators -f f.pe -f g.pe c.csv
	fails_with 2 "pe-indicators: g.pe:3:3: column 'ha' is taken by formula 'HA' at f.pe:2:1" \
	    '    ha: 3' '    ^~'
	# every problem of every source, in order; nothing compiled yet
	run --separate-stderr pe-indicators -e 'open: 1' -f f.pe -e 'close + 1' c.csv
	fails_with 2 "pe-indicators: formula:1:1: column 'open' is taken by the candles" \
	    '  open: 1' '  ^~~~' \
	    "pe-indicators: formula:1:1: a column needs a name: write 'name: expression'" \
	    '  close + 1' '  ^~~~~~~~~'
	# the compiler's diagnostics, as pe-eval's
	run --separate-stderr pe-indicators -e 'x: sma(close, 20 > 3' c.csv
	fails_with 2 "pe-indicators: formula:1:21: expected ')' to close '(' opened at 1:7" \
	    '  x: sma(close, 20 > 3' '                      ^'
	run --separate-stderr pe-indicators -e 'x: rsi(close, 1)' c.csv
	fails_with 2 'pe-indicators: formula:1:15: rsi: period must be a whole number from 2 to 100000 (got 1)' \
	    '  x: rsi(close, 1)' '                ^'
	run --separate-stderr pe-indicators -e 'let x = 1' c.csv
	assert_failure 2
	stderr_matches '^pe-indicators: formula:1:1: a let here defines nothing'
	# a formula file that cannot be read; before any input is
	run --separate-stderr pe-indicators -f nosuch.pe nosuch.csv
	fails_with 2 'pe-indicators: nosuch.pe: No such file or directory'
	run --separate-stderr pe-indicators -f . c.csv
	assert_failure 2
	stderr_matches '^pe-indicators: \.: '
	# a bad formula comes before a missing input too
	run --separate-stderr pe-indicators -e 'x: nosuch(1)' nosuch.csv
	assert_failure 2
	stderr_matches "^pe-indicators: formula:1:4: unknown "
}

@test "with -e or -f every operand is an input: specs by -i; a formula that needs volume: exit 3" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators sma:3 -e 'up: close > open' c.csv
	fails_with 2 "pe-indicators: 'sma:3' is not a file: with -e or -f, give the specs with -i"
	run --separate-stderr pe-indicators -e 'up: close > open' c.csv c.csv
	assert_success
	assert_line -n 0 "$SHDR,up"
	assert_equal "${#lines[@]}" 11
	mk nv.csv 'time,open,high,low,close' '2024-01-01,1,1,1,1' \
	    '2024-01-02,1,1,1,1'
	run --separate-stderr pe-indicators -e 'o: obv / 2' nv.csv
	fails_with 3 'pe-indicators: nv.csv: obv(close) needs volume, and the input has none'
	mk nvs.csv 'symbol,time,open,high,low,close,volume' \
	    'A,2024-01-01,1,1,1,1,5' 'B,2024-01-01,1,1,1,1,'
	run --separate-stderr pe-indicators -e 'v: volume * close' nvs.csv
	fails_with 3 'pe-indicators: nvs.csv: B: volume: the input has no volume'
	run --separate-stderr pe-indicators -e 'o: close' nv.csv
	ok_with 'time,open,high,low,close,volume,o' '2024-01-01,1,1,1,1,,1' \
	    '2024-01-02,1,1,1,1,,1'
}

# ---- the man page ----

@test "man page EXAMPLES" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "${C_OUT[@]}"
	run --separate-stderr pe-indicators --tail 1 --format jsonl sma:2@high c.csv
	ok_with '{"symbol":"c","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"sma_2_high":7}'
	run --separate-stderr pe-indicators --digits 2 --tail 2 'sma:3 ema:3 rsi:2' <c.csv
	ok_with "$HDR,sma_3,ema_3,rsi_2" '2024-01-04,6,6,5,5,40,5,4.5,66.67' \
	    '2024-01-05,6,8,6,8,50,6.33,6.25,88.89'
	grep -qxF '2024-01-05,6,8,6,8,50,6.33,6.25,88.89' "$REPO_DIR/man/pe-indicators.1"
	run --separate-stderr pe-indicators --list rsi
	ok_with "${LIST_RSI[@]}"
	for l in "${LIST_RSI[@]:0:5}"; do
		grep -qxF "$l" "$REPO_DIR/man/pe-indicators.1"
	done
	run bash -c 'pe-load <c.csv | pe-indicators --tail 1 rsi:2'
	assert_success
	assert_output "$(lines "$HDR,rsi_2" '2024-01-05,6,8,6,8,50,88.88888888888889')"
	run --separate-stderr pe-indicators "${F_ARGS[@]}" c.csv
	ok_with "${F_OUT[@]}"
	for l in "${F_OUT[@]}"; do
		grep -qxF "$l" "$REPO_DIR/man/pe-indicators.1"
	done
	# the formula file of the example, as printed
	sed -n '/^\$ cat extra.pe$/,/^\$ pe-indicators/p' "$REPO_DIR/man/pe-indicators.1" |
	    sed '1d; $d' >extra.pe
	[ "$(wc -l <extra.pe)" -eq 3 ]
	cp "$DATA_DIR/goog_2004_2008.csv" goog.csv
	run --separate-stderr pe-indicators --tail 20 -f extra.pe goog.csv
	assert_success
	assert_equal "${#lines[@]}" 21
	assert_line -n 0 "$HDR,ulcer,chandelier_long"
	grep -qxF '$ pe-indicators --tail 20 -f extra.pe goog.csv' "$REPO_DIR/man/pe-indicators.1"
}

@test "pe-formula(7)'s 'Formulas as columns': the file and its output as printed" {
	man=$REPO_DIR/man/pe-formula.7
	mk c.csv "${C[@]}"
	sed -n '/^\$ cat cols.pe$/,/^\$ pe-indicators/p' "$man" | sed '1d; $d' >cols.pe
	[ "$(wc -l <cols.pe)" -eq 5 ]
	sed -n '/^\$ pe-indicators -f cols.pe c.csv$/,/^\.Ed/p' "$man" |
	    sed '1d; $d' >want
	[ "$(wc -l <want)" -eq 6 ]
	run --separate-stderr pe-indicators -f cols.pe c.csv
	ok_with "$(cat want)"
	# dist as pe-eval --values computes it, the let written out
	run --separate-stderr bash -c "pe-eval --format csv --values 'dist: 100 * (close - sma(close, 3)) / sma(close, 3)' 'close > 0' c.csv | cut -d, -f10"
	ok_with dist '' '' 50 0 26.315789473684216
}

@test "man page: the examples' output as printed, and sma, ema, rsi listed" {
	man=$REPO_DIR/man/pe-indicators.1
	for l in "${C_OUT[@]}"; do
		grep -qxF "$l" "$man"
	done
	for n in sma ema rsi; do
		grep -qx ".It Cm $n Ns \\\\&: Ns Ar period" "$man"
	done
	grep -q 'pe-indicators --list' "$man"
}

# ---- output ----

@test "| head ends quietly; a write error is exit 3" {
	gen_candles --symbols 2 --bars 20000 >big.csv
	run --separate-stderr bash -c \
	    'pe-indicators "sma:20 ema:20 rsi" big.csv | head -n 2; echo "${PIPESTATUS[0]}" >&2'
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 "$SHDR,sma_20,ema_20,rsi_14"
	stderr_is 141
	mk c.csv "${C[@]}"
	run --separate-stderr bash -c 'pe-indicators sma:3 <c.csv >/dev/full'
	assert_failure 3
	stderr_is 'pe-indicators: write error on standard output: No space left on device'
}

@test "the man page's INDICATORS section is the registry's (scripts/man-indicators --check)" {
	run env PE_INDICATORS="$(command -v pe-indicators)" \
	    "$REPO_DIR/scripts/man-indicators" --check
	assert_success
}

@test "svwap restarts at each session, read from the bars' times" {
	mk s.csv time,open,high,low,close,volume \
	    2024-03-04T20:00:00Z,10,11,9,10,1 \
	    2024-03-04T22:00:00Z,12,13,11,12,3 \
	    2024-03-05T00:00:00Z,13,16,13,13,2 \
	    2024-03-05T23:59:59.999Z,15,15,15,15,4
	run --separate-stderr pe-indicators 'svwap svwap:21 vwap' s.csv
	ok_with time,open,high,low,close,volume,svwap_0,svwap_21,vwap_0 \
	    2024-03-04T20:00:00Z,10,11,9,10,1,10,10,10 \
	    2024-03-04T22:00:00Z,12,13,11,12,3,11.5,12,11.5 \
	    2024-03-05T00:00:00Z,13,16,13,13,2,14,12.8,12.333333333333334 \
	    2024-03-05T23:59:59.999Z,15,15,15,15,4,14.666666666666666,15,13.4
	run --separate-stderr pe-indicators svwap:24 s.csv
	fails_with 2 'pe-indicators: svwap: hour must be a whole number from -23 to 23 (got 24)'
}

# ---- the shared vocabulary ----

@test "--since, --until, --last: the rows written; indicators warm up before" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators --since 2024-01-03 --until 2024-01-04 sma:3 c.csv
	ok_with "$HDR,sma_3" '2024-01-03,5,6,5,6,30,4' '2024-01-04,6,6,5,5,40,5'
	run --separate-stderr pe-indicators --last sma:3 c.csv
	ok_with "$HDR,sma_3" '2024-01-05,6,8,6,8,50,6.333333333333333'
	run --separate-stderr pe-indicators --until 2024-01-04 --tail 1 sma:3 c.csv
	ok_with "$HDR,sma_3" '2024-01-04,6,6,5,5,40,5'
	run --separate-stderr pe-indicators --since 2024-01-05 --until 2024-01-01 sma:3 c.csv
	fails_with 2 'pe-indicators: --since is later than --until'
}

@test "--symbol NAME: names input without a symbol column; keeps only those of input with several" {
	mk c.csv "${C[@]}"
	mk m.csv "$SHDR" 'A,2024-01-01,1,1,1,1,1' 'B,2024-01-01,2,2,2,2,2' \
	    'C,2024-01-01,3,3,3,3,3'
	run --separate-stderr pe-indicators --symbol B sma:2 m.csv
	ok_with "$SHDR,sma_2" 'B,2024-01-01,2,2,2,2,2,'
	run --separate-stderr pe-indicators --symbol C --symbol A sma:2 m.csv
	ok_with "$SHDR,sma_2" 'A,2024-01-01,1,1,1,1,1,' 'C,2024-01-01,3,3,3,3,3,'
	run --separate-stderr pe-indicators --symbol X --format jsonl --last sma:2 c.csv
	ok_with '{"symbol":"X","time":"2024-01-05","open":6,"high":8,"low":6,"close":8,"volume":50,"sma_2":6.5}'
	run --separate-stderr pe-indicators --symbol Z sma:2 m.csv
	assert_success
	assert_output "$SHDR,sma_2"
	stderr_is 'pe-indicators: --symbol Z: not in the input'
	run --separate-stderr pe-indicators -q --symbol Z sma:2 m.csv
	ok_with "$SHDR,sma_2"
}

@test "-o FILE: the output written whole; nothing left by a failed run" {
	mk c.csv "${C[@]}"
	mkdir o
	run --separate-stderr pe-indicators -o o/out.csv 'sma:3 ema:3 rsi:2' c.csv
	assert_success
	assert_output ''
	assert_equal "$(cat o/out.csv)" "$(lines "${C_OUT[@]}")"
	mk bad.csv "$HDR" '2024-01-01,1,2,0.5,x,1'
	run --separate-stderr pe-indicators -o o/out2.csv sma:3 c.csv bad.csv
	assert_failure 3
	dir_is o out.csv
}

@test "-q: no notes; skipped rows (data left out) and errors still said" {
	mk b.csv "$HDR" '2024-01-01,1,1,1,1,1' '2024-01-02,x,1,1,1,1'
	run --separate-stderr pe-indicators -q --skip-bad sma:2 b.csv
	assert_success
	assert_output "$(lines "$HDR,sma_2" '2024-01-01,1,1,1,1,1,')"
	stderr_is 'pe-indicators: b.csv: skipped 1 bad row (1 bad number)'
	run --separate-stderr pe-indicators -q sma:2 b.csv
	assert_failure 3
	stderr_is "pe-indicators: b.csv:3: open is not a number: 'x'"
}

@test "bbands:N:K is symmetric: nbdevdn left out is nbdevup; a given one wins; obv by its name" {
	mk c.csv "${C[@]}"
	# Bar 2: closes 2 4 6, mean 4, population variance 8/3; 1.5 sigma is
	# sqrt(6) = 2.449489742783178, so 4 +- sqrt(6) both ways; the lower
	# band at 2 sigma (TA-Lib's default) is 4 - 2 sqrt(8/3) = 0.734...
	# obv: 10, then +20 +30 -40 +50 with the close's changes: 60 20 70.
	run --separate-stderr pe-indicators --tail 3 \
	    'bbands:3:1.5 bbands:3:1.5:2.lower obv' c.csv
	ok_with "$HDR,bbands_3_1.5_1.5_upper,bbands_3_1.5_1.5_middle,bbands_3_1.5_1.5_lower,bbands_3_1.5_2_lower,obv" \
	    '2024-01-03,5,6,5,6,30,6.449489742783179,4,1.5505102572168212,0.734013676289095,60' \
	    '2024-01-04,6,6,5,5,40,6.22474487139159,5,3.7752551286084097,3.3670068381445466,20' \
	    '2024-01-05,6,8,6,8,50,8.204162026720304,6.333333333333333,4.462504639946362,3.8388950754840376,70'
	run --separate-stderr pe-indicators --tail 1 'bbands:3:2 bbands:3:2:2' \
	    c.csv
	assert_success
	assert_line -n 0 "$HDR,bbands_3_2_2_upper,bbands_3_2_2_middle,bbands_3_2_2_lower,bbands_3_2_2_upper,bbands_3_2_2_middle,bbands_3_2_2_lower"
	# --list says what the default is: nbdevup's value, not a number.
	run --separate-stderr pe-indicators --list bbands
	assert_success
	assert_line "              nbdevdn  a number from -3e+37 to 3e+37; default nbdevup's value"
	run --separate-stderr pe-indicators --list --format csv bbands
	assert_line -n 1 --partial 'bbands,x,"period=5, nbdevup=2, nbdevdn=nbdevup, matype=sma",'
	run bash -c 'pe-indicators --list --format jsonl bbands | jq -c ".params[2]"'
	assert_success
	assert_output '{"name":"nbdevdn","type":"real","default":null,"default_from":"nbdevup","min":-3e+37,"max":3e+37}'
}

@test "suggestions: a name in lower case, pe's name for another tool's, none for what pe lacks" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-indicators RSI:14 c.csv
	fails_with 2 "pe-indicators: unknown indicator 'RSI' (did you mean 'rsi'?)"
	run --separate-stderr pe-indicators psar c.csv
	fails_with 2 "pe-indicators: unknown indicator 'psar' (did you mean 'sar'?)"
	run --separate-stderr pe-indicators Stdev:20 c.csv
	fails_with 2 "pe-indicators: unknown indicator 'Stdev' (did you mean 'stddev'?)"
	run --separate-stderr pe-indicators highest:20 c.csv
	fails_with 2 "pe-indicators: unknown indicator 'highest' (did you mean 'max'?)"
	run --separate-stderr pe-indicators doji c.csv
	fails_with 2 "pe-indicators: unknown indicator 'doji' (did you mean 'cdldoji'?)"
	run --separate-stderr pe-indicators rma:14 c.csv
	fails_with 2 "pe-indicators: unknown indicator 'rma' (did you mean 'wilders'?)"
	run --separate-stderr pe-indicators swma:14 c.csv
	fails_with 2 "pe-indicators: unknown indicator 'swma'"
	run --separate-stderr pe-indicators --list RSI
	fails_with 2 "pe-indicators: unknown indicator 'RSI' (did you mean 'rsi'?)"
}
