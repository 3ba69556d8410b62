#!/usr/bin/env bats
# The hostile round, findings 7, 10 and part of 11: what has a bound says
# so when it is passed, and a parameter that makes no sense is refused
# rather than quietly changed.
#
#   - a formula file is read to at most 16 MiB (one byte more tells it is
#     too large): /dev/urandom, an endless FIFO or a data file given to
#     -f by mistake end at once with exit 2;
#   - a source's diagnostics stop after 20, with a "too many errors" line;
#   - a file of many formulas compiles in time linear in them;
#   - nesting is bounded by depth, not by the length of a flat chain, and
#     a formula by its number of terms (20,000);
#   - fast >= slow in the macd family, and a constant where an indicator
#     reads its input series, are usage errors naming what is wrong;
#   - an option or parameter out of range says the range, and an echo of
#     what was typed is cut with "...".

bats_require_minimum_version 1.5.0
load ../helpers

setup() {
	common_setup
	mk t.csv "$HDR" 2024-01-02,1,2,0.5,1.5,200 2024-01-03,1,2,0.5,1.6,200 \
	    2024-01-04,1,2,0.5,1.7,200
}

# limited CMD...: CMD under a 1 GB address-space limit (none under the
# sanitizers, which reserve more) and a 60 s timeout: a run that reads
# without a bound fails fast instead of taking the machine's memory.
limited() {
	if [[ -n ${PE_ASAN:-} ]]; then
		timeout 60 "$@"
	else
		(ulimit -v 1000000 && exec timeout 60 "$@")
	fi
}

# ---- 7. Formula files are bounded ----

@test "pe-eval -f /dev/urandom: refused after 16 MiB (it grew to 7.4 GB in 20 s)" {
	run --separate-stderr limited pe-eval -f /dev/urandom t.csv
	fails_with 2 "pe-eval: /dev/urandom: formula file too large (over 16 MiB)"
	run --separate-stderr limited pe-scan -f /dev/urandom t.csv
	fails_with 2 "pe-scan: /dev/urandom: formula file too large (over 16 MiB)"
}

@test "a data file of 17 MB given to -f by mistake: refused, not parsed" {
	{ echo "$HDR"; yes 2024-01-02,1,2,0.5,1.5,200 | head -c 17000000; } >big.csv
	run --separate-stderr limited pe-eval -f big.csv t.csv
	fails_with 2 "pe-eval: big.csv: formula file too large (over 16 MiB)"
}

@test "the bound is 16 MiB exactly: 16777216 bytes are read, one more is refused" {
	{ echo 'a: close > 1'; head -c $((16777216 - 14)) /dev/zero | tr '\0' '#'; echo; } >at.pe
	[[ $(stat -c %s at.pe) -eq 16777216 ]]
	run --separate-stderr limited pe-eval --format csv -f at.pe t.csv
	assert_success
	stderr_empty
	printf '#' >>at.pe
	run --separate-stderr limited pe-eval -f at.pe t.csv
	fails_with 2 "pe-eval: at.pe: formula file too large (over 16 MiB)"
}

@test "a FIFO that never ends and an endless stdin: refused after 16 MiB, not read forever" {
	mkfifo ff
	yes 'a: close > 1' >ff 2>/dev/null &
	run --separate-stderr limited pe-eval -f ff t.csv
	fails_with 2 "pe-eval: ff: formula file too large (over 16 MiB)"
	wait
	run --separate-stderr limited bash -c 'pe-eval -f - t.csv </dev/zero'
	fails_with 2 "pe-eval: stdin: formula file too large (over 16 MiB)"
}

# headers: the lines of $stderr that begin a diagnostic ("pe-eval: ...";
# a diagnostic's source and caret lines are indented).
headers() {
	grep -c '^pe-eval: ' <<<"$stderr"
}

@test "a data file under the bound given to -f: 20 diagnostics, then 'too many errors' (1,500,002 lines before)" {
	{ echo "$HDR"; yes 2024-01-02,1,2,0.5,1.5,200 | head -n 40000; } >data.csv
	run --separate-stderr limited pe-eval -f data.csv t.csv
	assert_failure 2
	assert_output ''
	[[ $(headers) -eq 21 ]] || fail "$(headers) diagnostics"
	[[ ${stderr%%$'\n'*} == "pe-eval: data.csv:1:1: formula without a name (write 'name: expression')" ]]
	[[ ${stderr##*$'\n'} == 'pe-eval: data.csv: too many errors (stopped after 20)' ]]
}

@test "a file of random bytes given to -f: at most 21 diagnostic lines, the last 'too many errors'" {
	head -c 1000000 /dev/urandom >junk.bin
	run --separate-stderr limited pe-eval -f junk.bin t.csv
	assert_failure 2
	assert_output ''
	[[ $(headers) -eq 21 ]] || fail "$(headers) diagnostics"
	[[ ${stderr##*$'\n'} == 'pe-eval: junk.bin: too many errors (stopped after 20)' ]]
}

@test "the checker's diagnostics stop after 20 too; 20 errors are all shown, with no 'too many'" {
	for i in $(seq 1 25); do echo "f$i: clse > $i"; done >c.pe
	run --separate-stderr pe-eval -f c.pe t.csv
	assert_failure 2
	[[ $(headers) -eq 21 ]] || fail "$(headers) diagnostics"
	[[ ${stderr##*$'\n'} == 'pe-eval: c.pe: too many errors (stopped after 20)' ]]
	head -n 20 c.pe >c20.pe
	run --separate-stderr pe-eval -f c20.pe t.csv
	assert_failure 2
	[[ $(headers) -eq 20 ]] || fail "$(headers) diagnostics"
	[[ $stderr != *'too many'* ]]
}

@test "a file of 100000 small formulas (2 MB) runs in seconds: the compiler and the signal writer were quadratic in them" {
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "f%d: close > %d\n", i, i }' >many.pe
	SECONDS=0
	run --separate-stderr limited pe-eval --format csv -f many.pe t.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    't,2024-01-02,f0,scan_hit,1,2,0.5,1.5,200' 't,2024-01-02,f1,scan_hit,1,2,0.5,1.5,200' \
	    't,2024-01-03,f0,scan_hit,1,2,0.5,1.6,200' 't,2024-01-03,f1,scan_hit,1,2,0.5,1.6,200' \
	    't,2024-01-04,f0,scan_hit,1,2,0.5,1.7,200' 't,2024-01-04,f1,scan_hit,1,2,0.5,1.7,200'
	# about 1 s (80000 formulas took 40 s, 400000 ten minutes)
	[[ -n ${PE_ASAN:-} ]] || (( SECONDS < 20 )) || fail "$SECONDS s"
}

# ---- Nesting is bounded by depth, not by a chain's length ----

# chain N SEP TERM: TERM, N times, joined by SEP.
chain() {
	local n=$1 sep=$2 term=$3 i s=$3
	for ((i = 1; i < n; i++)); do s+=$sep$term; done
	printf '%s' "$s"
}

@test "a flat chain of 300 terms compiles (was 'nested too deeply'); 257 levels of nesting are still refused" {
	run --separate-stderr pe-eval --format csv "$(chain 300 ' + ' close) > 400" t.csv
	assert_success
	stderr_empty
	assert_line --index 3 't,2024-01-04,f1,scan_hit,1,2,0.5,1.7,200'
	run --separate-stderr pe-eval --format csv "$(chain 300 ' and ' 'close > 1.55')" t.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    't,2024-01-03,f1,scan_hit,1,2,0.5,1.6,200' \
	    't,2024-01-04,f1,scan_hit,1,2,0.5,1.7,200'
	{ echo "a: $(chain 300 ' or ' 'close > 1.65')"; echo "let x = $(chain 300 ' - ' 1)"; echo "b: close > x"; } >c.pe
	run --separate-stderr pe-eval --format csv -f c.pe t.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    't,2024-01-02,b,scan_hit,1,2,0.5,1.5,200' \
	    't,2024-01-03,b,scan_hit,1,2,0.5,1.6,200' \
	    't,2024-01-04,a,scan_hit,1,2,0.5,1.7,200' \
	    't,2024-01-04,b,scan_hit,1,2,0.5,1.7,200'
	# nesting itself is still bounded: 257 parentheses, or x-(x-(...))
	run --separate-stderr pe-eval "$(printf '(%.0s' {1..257})close$(printf ')%.0s' {1..257}) > 1" t.csv
	fails_with 2 'pe-eval: formula:1:257: expression nested too deeply (more than 256 levels)' \
	    '  ...(((((((((((((((((((((((((((((((((((((((((((((((((((close))))))))))))))))))))))))))))))))))))))))))))...' \
	    '                                                       ^'
	run --separate-stderr pe-eval "$(printf 'close-(%.0s' {1..256})close$(printf ')%.0s' {1..256}) > 1" t.csv
	assert_failure 2
	[[ ${stderr%%$'\n'*} == 'pe-eval: formula:1:6: expression nested too deeply (more than 256 levels)' ]]
}

@test "a chain of 9999 terms (20,000 terms with '> 0'): no stack overflow in the compiler, and --explain stays linear" {
	{ printf 'a: '; chain 9999 '+' close; echo ' > 0'; } >long.pe
	run --separate-stderr limited pe-eval --format csv -f long.pe t.csv
	assert_success
	stderr_empty
	assert_line --index 1 't,2024-01-02,a,scan_hit,1,2,0.5,1.5,200'
	run --separate-stderr limited pe-eval --explain -f long.pe
	assert_success
	# indented to 40 levels at most: about 2 MB, not the 100 MB a
	# 10000-deep indentation would take
	(( ${#output} < 3000000 ))
	[[ $output == *$'\n                                                                                [9999] n1 + num lb 0\n'* ]]
}

@test "one term past 20,000 is 'too large' (a 7 MB formula took 10 GB and 30 s before); so is a 16 MiB chain" {
	{ printf 'a: '; chain 10000 '+' close; echo ' > 0'; } >long.pe
	run --separate-stderr limited pe-eval -f long.pe t.csv
	fails_with 2 'pe-eval: long.pe:1:60004: formula too large (more than 20000 terms)' \
	    '  ...+close+close+close+close+close+close+close+close+close+close+close+close+close+close+close+close > 0' \
	    '                                                                                                      ^'
	run --separate-stderr limited pe-eval "$(chain 10000 '+' close) > 0" t.csv
	assert_failure 2
	[[ ${stderr%%$'\n'*} == 'pe-eval: formula:1:60001: formula too large (more than 20000 terms)' ]]
	# a 16 MB one, and a second statement after it: refused at its
	# 20,001st term, at once; the next line is still checked
	{ printf 'a: '; head -c 8000000 /dev/zero | tr '\0' 1 | sed 's/1/1+/g'; echo '1 > 0'; echo 'b: close > > 1'; } >huge.pe
	run --separate-stderr limited pe-eval -f huge.pe t.csv
	assert_failure 2
	[[ ${stderr%%$'\n'*} == 'pe-eval: huge.pe:1:20003: formula too large (more than 20000 terms)' ]]
	[[ $stderr == *$'\npe-eval: huge.pe:2:12: expected an expression after \'>\', found \'>\'\n'* ]]
}

# ---- 10. Parameters that make no sense are refused ----

@test "macd:26:12:9 (fast above slow) is refused, not swapped under the name macd_26_12_9; fast = slow too" {
	run --separate-stderr pe-indicators macd:26:12:9 t.csv
	fails_with 2 'pe-indicators: macd: fast period 26 must be below slow period 12'
	run --separate-stderr pe-indicators macd:12:12:9 t.csv
	fails_with 2 'pe-indicators: macd: fast period 12 must be below slow period 12'
	run --separate-stderr pe-indicators macdext:30:20 t.csv
	fails_with 2 'pe-indicators: macdext: fast period 30 must be below slow period 20'
	run --separate-stderr pe-indicators apo:26:12 t.csv
	fails_with 2 'pe-indicators: apo: fast period 26 must be below slow period 12'
	run --separate-stderr pe-indicators ppo:5:5 t.csv
	fails_with 2 'pe-indicators: ppo: fast period 5 must be below slow period 5'
	run --separate-stderr pe-indicators adosc:10:3 t.csv
	fails_with 2 'pe-indicators: adosc: fast period 10 must be below slow period 3'
	# a fast period alone, above the default slow one (26)
	run --separate-stderr pe-indicators macd:30 t.csv
	fails_with 2 'pe-indicators: macd: fast period 30 must be below slow period 26'
	run --separate-stderr pe-indicators 'macd:12:26:9 apo:3:4 adosc:2:3' t.csv
	assert_success
}

@test "macd(26, 12, 9) in a formula: the same error, the caret on the fast period" {
	run --separate-stderr pe-eval 'macd(26, 12, 9) > 0' t.csv
	fails_with 2 'pe-eval: formula:1:6: macd: fast period 26 must be below slow period 12' \
	    '  macd(26, 12, 9) > 0' \
	    '       ^~'
	run --separate-stderr pe-eval 'ppo(close, 10, 10, ema) > 0' t.csv
	fails_with 2 'pe-eval: formula:1:12: ppo: fast period 10 must be below slow period 10' \
	    '  ppo(close, 10, 10, ema) > 0' \
	    '             ^~'
}

@test "a number where an indicator reads its input series is refused, naming the argument (sma(20, 5) was the sma of 20)" {
	run --separate-stderr pe-eval 'sma(20, 5) > 0' t.csv
	fails_with 2 'pe-eval: formula:1:5: sma: argument 1 is the input series; 20 is a number' \
	    '  sma(20, 5) > 0' \
	    '      ^~'
	# the wrong arity of the round: stddev takes (x, period, nbdev)
	run --separate-stderr pe-eval 'stddev(20, 5, 3) > 0' t.csv
	fails_with 2 'pe-eval: formula:1:8: stddev: argument 1 is the input series; 20 is a number' \
	    '  stddev(20, 5, 3) > 0' \
	    '         ^~'
	run --separate-stderr pe-eval 'beta(2, close, 5) > 0' t.csv
	fails_with 2 'pe-eval: formula:1:6: beta: argument 1 is the first input series; 2 is a number' \
	    '  beta(2, close, 5) > 0' \
	    '       ^'
	# fewer arguments: a leading number is still a parameter
	run --separate-stderr pe-eval --format csv 'sma(2) > 0' t.csv
	assert_success
	assert_line --index 1 't,2024-01-03,f1,scan_hit,1,2,0.5,1.6,200,1.55'
}

# ---- 11. Messages say what is wrong, and cut what they echo ----

@test "--timeout out of range says the range (was 'expected a positive number')" {
	run --separate-stderr pe-scan --timeout 99999999999 'close > 0' t.csv
	fails_with 2 "pe-scan: invalid --timeout '99999999999' (expected 0.001 to 1000000 seconds)"
	run --separate-stderr pe-scan --timeout 0.0001 'close > 0' t.csv
	fails_with 2 "pe-scan: invalid --timeout '0.0001' (expected 0.001 to 1000000 seconds)"
	run --separate-stderr pe-backtest --timeout "$(printf '9%.0s' {1..1000})" -e '@entry b: close > 0' t.csv
	fails_with 2 "pe-backtest: invalid --timeout '9999999999999999999999999999999999999...' (expected 0.001 to 1000000 seconds)"
	run --separate-stderr pe-scan --timeout 0.001 --timeout 1000000 'close > 0' t.csv
	assert_success
}

@test "sma:<100000 digits> is out of range, not 'not a number', and is not echoed whole" {
	local big
	big=$(printf '9%.0s' {1..100000})
	run --separate-stderr pe-indicators "sma:$big" t.csv
	fails_with 2 'pe-indicators: sma: period must be a whole number from 2 to 100000 (got 9999999999999999999999999999999999999...)'
	run --separate-stderr pe-indicators sma:1e999 t.csv
	fails_with 2 'pe-indicators: sma: period must be a whole number from 2 to 100000 (got 1e999)'
	run --separate-stderr pe-indicators "bbands:20:$big" t.csv
	fails_with 2 'pe-indicators: bbands: nbdevup must be a number from -3e+37 to 3e+37 (got 9999999999999999999999999999999999999...)'
	run --separate-stderr pe-indicators "sma:x$big" t.csv
	fails_with 2 "pe-indicators: sma: period 'x999999999999999999999999999999999999...' is not a number"
	run --separate-stderr pe-indicators "ma:20:$big" t.csv
	fails_with 2 "pe-indicators: ma: matype '9999999999999999999999999999999999999...' is not a moving-average type (expected one of sma, ema, wma, dema, tema, trima, kama, mama, t3)"
	run --separate-stderr pe-indicators "sma@h$big" t.csv
	fails_with 2 "pe-indicators: unknown input 'h999999999999999999999999999999999999...' (expected open, high, low, close or volume)"
	run --separate-stderr pe-indicators "macd.x$big" t.csv
	fails_with 2 "pe-indicators: macd has no output 'x999999999999999999999999999999999999...' (outputs: macd, signal, hist)"
}
