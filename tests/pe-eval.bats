#!/usr/bin/env bats
# pe-eval: formulas from -e, -f and the first operand, signal JSONL and
# CSV, --last, --edge, --values, --explain, symbols, every error display
# and exit status, and the man page's EXAMPLES.
#
# Expected values are worked out by hand in the comments (indicators:
# sma and rsi only, TA-Lib's conventions, as in tests/pe-indicators.bats).

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
}

USAGE=(
'usage: pe-eval [-q] [--all | --last | --tail N] [--as-of DATE] [--stale-ok]'
'               [--edge] [--explain] [-o FILE] [--format csv|jsonl]'
'               [--digits N] [--skip-bad] [--symbol NAME] ... [--since DATE]'
'               [--until DATE] [--tz ZONE] [--ref DIR] [--values EXPR] ...'
'               [-e EXPR] ... [-f FORMULAS] ... [FORMULA] [INPUT ...]'
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
# The candle objects of those bars, as signal lines hold them.
K0='"candle":{"open":2,"high":2,"low":2,"close":2,"volume":10}'
K1='"candle":{"open":3,"high":4,"low":3,"close":4,"volume":20}'
K2='"candle":{"open":5,"high":6,"low":5,"close":6,"volume":30}'
K3='"candle":{"open":6,"high":6,"low":5,"close":5,"volume":40}'
K4='"candle":{"open":6,"high":8,"low":6,"close":8,"volume":50}'

# sma(close,3) of 2 4 6 5 8: -, -, 4, 5, 19/3 = 6.333333333333333.
# close > sma: bar 2 (6 > 4), bar 4 (8 > 6.33); not bar 3 (5 > 5).  The
# unnamed formula is f1, its sma sma_3.
SMA_OUT=(
"{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K2,\"values\":{\"sma_3\":4}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{\"sma_3\":6.333333333333333}}"
)

# rsi(close,2) over the changes +2 +2 -1 +3 (Wilder): -, -, 100,
# 66.66666666666666, 88.88888888888889 (tests/pe-indicators.bats).

# A formula file: a comment, a let, tags, a line continued inside '('.
F=(
'# closes above their 2-bar average, and two tagged rules'
'let fast = sma(close, 2)   # 3 5 5.5 6.5 from bar 1'
''
'up: close > fast'
'@entry buy: (close > open and'
'             rsi(2) > 50)'
'@exit sell: close < fast'
)
# up: bars 1 (4 > 3), 2 (6 > 5), 4 (8 > 6.5); sell: bar 3 (5 < 5.5);
# buy: close > open at bars 1, 2, 4 (not 3: 5 < 6), rsi defined from 2.
F_OUT=(
"{\"symbol\":\"c\",\"time\":\"2024-01-02\",\"formula\":\"up\",\"type\":\"scan_hit\",$K1,\"values\":{\"sma_2\":3}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"up\",\"type\":\"scan_hit\",$K2,\"values\":{\"sma_2\":5}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"buy\",\"type\":\"entry\",$K2,\"values\":{\"rsi_2\":100}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-04\",\"formula\":\"sell\",\"type\":\"exit\",$K3,\"values\":{\"sma_2\":5.5}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"up\",\"type\":\"scan_hit\",$K4,\"values\":{\"sma_2\":6.5}}"
"{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"buy\",\"type\":\"entry\",$K4,\"values\":{\"rsi_2\":88.88888888888889}}"
)

# ---- usage, options ----

@test "-h and --help print the usage to stdout and exit 0" {
	run --separate-stderr pe-eval -h
	help_ok "${USAGE[@]}"
	run --separate-stderr pe-eval --help
	help_ok "${USAGE[@]}"
}

@test "--version prints the program name and a version" {
	run --separate-stderr pe-eval --version
	assert_success
	assert_output --regexp '^pe-eval [0-9]+\.[0-9]+\.[0-9]+$'
	stderr_empty
}

@test "unknown options and missing option arguments: exit 2, the usage on stderr" {
	run --separate-stderr pe-eval -x 'close > 1'
	fails_with 2 "pe-eval: invalid option -- 'x'" "${USAGE[@]}"
	run --separate-stderr pe-eval --bogus 'close > 1'
	fails_with 2 "pe-eval: unrecognized option '--bogus'" "${USAGE[@]}"
	run --separate-stderr pe-eval -e
	fails_with 2 "pe-eval: option requires an argument -- 'e'" "${USAGE[@]}"
	run --separate-stderr pe-eval 'close > 1' --values
	fails_with 2 "pe-eval: option '--values' requires an argument" \
	    "${USAGE[@]}"
}

@test "no formula: exit 2, a message and the usage; --values alone is no formula" {
	run --separate-stderr pe-eval </dev/null
	fails_with 2 'pe-eval: no formula given' "${USAGE[@]}"
	run --separate-stderr pe-eval --values close </dev/null
	fails_with 2 'pe-eval: no formula given' "${USAGE[@]}"
}

@test "invalid --format and --symbol: exit 2" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval --format xml 'close > 1' c.csv
	fails_with 2 "pe-eval: invalid format 'xml' (expected csv or jsonl)"
	run --separate-stderr pe-eval --symbol '' 'close > 1' c.csv
	assert_failure 2
	assert_output ''
	stderr_matches '^pe-eval: invalid --symbol: '
}

# ---- matches and JSONL ----

@test "the first operand is the formula; signal JSONL with the indicators' values" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval 'close > sma(close, 3)' c.csv
	ok_with "${SMA_OUT[@]}"
	# Options anywhere, --format jsonl is the default.
	run --separate-stderr pe-eval 'close > sma(close, 3)' c.csv \
	    --format jsonl
	ok_with "${SMA_OUT[@]}"
}

@test "stdin: no FILE and '-'; the symbol is then stdin" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval 'close > 7' <c.csv
	ok_with "{\"symbol\":\"stdin\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run --separate-stderr pe-eval -e 'close > 7' - <c.csv
	ok_with "{\"symbol\":\"stdin\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
}

@test "exit 1 when nothing matched, with no output; a series shorter than the lookback" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval 'close > 100' c.csv
	assert_failure 1
	assert_output ''
	stderr_empty
	# sma(close,10) needs 10 bars: none of the 5 is defined, and pe-eval
	# says why nothing can fire (-q keeps it to itself)
	run --separate-stderr pe-eval 'close > sma(close, 10) or close < sma(close, 10)' c.csv
	assert_failure 1
	assert_output ''
	stderr_is 'pe-eval: c.csv: 5 bars, the formula needs 10'
	run --separate-stderr pe-eval -q 'close > sma(close, 10)' c.csv
	assert_failure 1
	stderr_empty
	# An empty series (a header only) is no match, not an error.
	mk h.csv "$HDR"
	run --separate-stderr pe-eval 'close > 0' h.csv
	assert_failure 1
	assert_output ''
	stderr_empty
}

@test "NA never fires: comparisons with NaN, Kleene and/or, not NA" {
	mk c.csv "${C[@]}"
	# close[1] is NaN at bar 0: 'not (close[1] > 100)' is NA there.
	run --separate-stderr pe-eval --format csv 'not (close[1] > 100)' c.csv
	assert_success
	assert_equal "${#lines[@]}" 5
	refute_line --partial 2024-01-01
	# true or NA is true: bar 0 fires; false and NA is false.
	run --separate-stderr pe-eval --format csv -e 'close > 0 or close[1] > 0' \
	    -e 'close > 100 and close[1] > 0' c.csv
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line -n 1 'c,2024-01-01,f1,scan_hit,2,2,2,2,10'
	# Division by zero is NaN: no match, no trap.
	run --separate-stderr pe-eval 'close / (close - close) > 0' c.csv
	assert_failure 1
	stderr_empty
}

@test "--last: only the last bar of each symbol; --all (the default) undoes it" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval --last 'close > sma(close, 3)' c.csv
	ok_with "${SMA_OUT[1]}"
	run --separate-stderr pe-eval --last 'close < 6' c.csv
	assert_failure 1
	assert_output ''
	run --separate-stderr pe-eval --last --all 'close > sma(close, 3)' c.csv
	ok_with "${SMA_OUT[@]}"
}

@test "--edge: a bar only when the condition turns true" {
	mk c.csv "${C[@]}"
	# close > 4.5: bars 2, 3, 4 (6 5 8); turns true at bar 2 only.
	run --separate-stderr pe-eval --edge 'close > 4.5' c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K2,\"values\":{}}"
	# close > 5: bars 2 and 4, each after a false bar.
	run --separate-stderr pe-eval --edge --format csv 'close > 5' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50'
	# With --last: the last bar (8 > 7, 5 > 7 false before it).
	run --separate-stderr pe-eval --edge --last 'close > 7' c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run --separate-stderr pe-eval --edge --last 'close > 1' c.csv
	assert_failure 1
}

@test "--values: named keys after the indicators, NaN as null, each value once" {
	mk c.csv "${C[@]}"
	# rsi(2) > 70 at bars 2 (100) and 4 (88.9); close[3] is NaN at 2.
	# close - open is e1 (given twice, one value), close[3] e2, rsi(close,2)
	# the formula's rsi_2, close > 5 e3.
	run --separate-stderr pe-eval 'rsi(2) > 70' --values 'close - open' \
	    --values 'close[3]' --values 'rsi(close,2)' --values 'close - open' \
	    --values 'close > 5' c.csv
	ok_with \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K2,\"values\":{\"rsi_2\":100,\"e1\":1,\"e2\":null,\"e3\":1}}" \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{\"rsi_2\":88.88888888888889,\"e1\":2,\"e2\":4,\"e3\":1}}"
	# A --values indicator or window is named as a column: highest(high,
	# 2) at bar 4 is 8, close - open -1 then 2 averages 0.5.
	run --separate-stderr pe-eval --last --format csv 'close > 0' \
	    --values 'highest(high, 2)' --values 'sma(close - open, 2)' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,highest_2_high,sma_2_e1' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50,8,0.5'
}

@test "--values NAME: EXPR: the value's key, in lower case, wherever it shows" {
	mk c.csv "${C[@]}"
	# At bar 4: rsi(2) 88.9, its sma(2) (66.7 + 88.9) / 2, high - low 2.
	# rsi(2) is named r, in the formula's values too, and so is it as
	# the input of sma; a name taken gets _2.
	run --separate-stderr pe-eval --last --values 'Spread: high - low' \
	    --values 'r: rsi(2)' --values 'close: open' \
	    'close > 7 and sma(rsi(2), 2) > 0' c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{\"r\":88.88888888888889,\"sma_2_r\":77.77777777777777,\"spread\":2,\"close_2\":6}}"
	run --separate-stderr pe-eval --values '@entry x: close' 'close > 1' </dev/null
	fails_with 2 "pe-eval: values:1:1: a value is no signal: '@entry' is for formulas" \
	    '  @entry x: close' \
	    '  ^~~~~~'
}

@test "several -e formulas: bar order, then formula order" {
	mk c.csv "${C[@]}"
	# close > 5: bars 2, 4; barssince(close > 5) == 1: bar 3.
	run --separate-stderr pe-eval --format csv -e 'close > 5' \
	    -e 'barssince(close > 5) == 1' -e 'close >= 6' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30' \
	    'c,2024-01-03,f3,scan_hit,5,6,5,6,30' \
	    'c,2024-01-04,f2,scan_hit,6,6,5,5,40' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,f3,scan_hit,6,8,6,8,50'
	# With -e, every operand is a file.
	run --separate-stderr pe-eval -e 'close > 7' c.csv c.csv
	assert_success
	assert_equal "${#lines[@]}" 2
}

@test "-e and the operand take a formula file's line: [@tag] [name:] expr" {
	mk c.csv "${C[@]}"
	# buy: rsi(2) > 70 at bars 2 (100) and 4 (88.9); sell: close below
	# sma(close, 2) (3 5 5.5 6.5 from bar 1) at bar 3 only.
	run --separate-stderr pe-eval -e '@entry buy: rsi(2) > 70' \
	    -e '@exit sell: close < sma(close, 2)' -e 'close > 7' c.csv
	ok_with \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-03\",\"formula\":\"buy\",\"type\":\"entry\",$K2,\"values\":{\"rsi_2\":100}}" \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-04\",\"formula\":\"sell\",\"type\":\"exit\",$K3,\"values\":{\"sma_2\":5.5}}" \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"buy\",\"type\":\"entry\",$K4,\"values\":{\"rsi_2\":88.88888888888889}}" \
	    "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run --separate-stderr pe-eval 'top: close > 7' c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"top\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	# The unnamed are f1, f2, ... in order, a tag or not; newlines are
	# blanks, as in any -e.
	run --separate-stderr pe-eval --format csv -e 'close > 7' \
	    -e $'@entry\n  close > 7' -e 'x: close > 7' -e 'close >= 8' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,f2,entry,6,8,6,8,50' \
	    'c,2024-01-05,x,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,f3,scan_hit,6,8,6,8,50'
	# --explain: a formula's text is its expression, a comment after it
	# kept when it has no name.
	run --separate-stderr pe-eval --explain -e '@exit out: close < 3' \
	    -e '@entry  close > 7  # breakout'
	assert_success
	assert_line 'formula out (exit) lookback 0: close < 3'
	assert_line 'formula f1 (entry) lookback 0: close > 7  # breakout'
}

@test "-e: a let, an empty text and errors after a name, with their place" {
	run --separate-stderr pe-eval -e 'let fast = sma(close, 2)' \
	    -e 'close > fast' </dev/null
	fails_with 2 "pe-eval: formula:1:1: a let here defines nothing to evaluate (name a formula 'name: expression', or put the let in a formula file)" \
	    '  let fast = sma(close, 2)' \
	    '  ^~~'
	run --separate-stderr pe-eval -e '  # only a comment' </dev/null
	fails_with 2 'pe-eval: formula:1:1: empty formula' \
	    '    # only a comment' \
	    '  ^'
	run --separate-stderr pe-eval 'buy: sma(close, 20 > 3' </dev/null
	fails_with 2 "pe-eval: formula:1:23: expected ')' to close '(' opened at 1:9" \
	    '  buy: sma(close, 20 > 3' \
	    '                        ^'
	run --separate-stderr pe-eval -e '@entry buy: rsii(14) < 30' </dev/null
	fails_with 2 "pe-eval: formula:1:13: unknown function 'rsii' (did you mean 'rsi'?)" \
	    '  @entry buy: rsii(14) < 30' \
	    '              ^~~~'
	run --separate-stderr pe-eval -e '@entry' </dev/null
	fails_with 2 "pe-eval: formula:1:7: expected an expression after '@entry', found end of input" \
	    '  @entry' \
	    '        ^'
	run --separate-stderr pe-eval -e '@buy close > 1' </dev/null
	fails_with 2 "pe-eval: formula:1:1: unknown tag '@buy' (expected '@entry', '@exit', '@short' or '@cover')" \
	    '  @buy close > 1' \
	    '  ^~~~'
}

@test "-f FORMULAS: names, @entry/@exit, let, comments, continuation" {
	mk c.csv "${C[@]}"
	mk f.pe "${F[@]}"
	run --separate-stderr pe-eval -f f.pe c.csv
	ok_with "${F_OUT[@]}"
	# -f and -e together, in the order given.
	run --separate-stderr pe-eval -e 'close == 5' -f f.pe --last c.csv
	ok_with "${F_OUT[4]}" "${F_OUT[5]}"
	run --separate-stderr pe-eval -f f.pe -e 'close == 5' c.csv
	assert_success
	assert_line -n 4 --partial '"time":"2024-01-04","formula":"f1"'
}

@test "an unnamed formula is f1, f2, ...: its text only in --explain, on one line" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval -e $'close >\n\t7  # the top' c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run --separate-stderr pe-eval --explain -e $'close >\n\t7  # the top'
	ok_with 'lookback 0, 0 indicators, 3 nodes' \
	    'formula f1 (scan_hit) lookback 0: close >  7  # the top' \
	    '  n2 > bool lb 0' \
	    '    n0 close num lb 0' \
	    '    n1 7 num lb 0'
	run --separate-stderr pe-eval --format csv -e 'max(close, open) > 7' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50'
}

@test "names: the formulas' own first, f1 for the unnamed, _2 for a name taken" {
	mk c.csv "${C[@]}"
	mk g.pe 'f1: close > 7' 'up: close > 7'
	run --separate-stderr pe-eval --format csv -e 'close > 7' -f g.pe \
	    -f g.pe c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-05,f1_3,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,up,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,f1_2,scan_hit,6,8,6,8,50' \
	    'c,2024-01-05,up_2,scan_hit,6,8,6,8,50'
}

@test "names: inputs that are no series are let names or e1, e2; --explain says which" {
	mk c.csv "${C[@]}"
	mk h.pe 'let Body = close - open' \
	    'x: sma(Body, 2) > 0 and sma(high - low, 2) > 0 and close > highest(high[1], 2)'
	# close - open: 0 1 1 -1 2, its sma(2) at bar 4 0.5; high - low:
	# 0 1 1 1 2, 1.5; highest(high[1], 2) at bar 4: max(6, 6) = 6 < 8.
	run --separate-stderr pe-eval --last -f h.pe c.csv
	ok_with "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"x\",\"type\":\"scan_hit\",$K4,\"values\":{\"sma_2_body\":0.5,\"sma_2_e1\":1.5,\"highest_2_e2\":6}}"
	run --separate-stderr pe-eval --explain -f h.pe
	assert_success
	assert_line 'name body = n2 close-open'
	assert_line 'name sma_2_body = n3 sma(close-open,2)'
	assert_line 'name e1 = n8 high-low'
	assert_line 'name sma_2_e1 = n9 sma(high-low,2)'
	assert_line 'name e2 = n12 high[1]'
	assert_line 'name highest_2_e2 = n13 highest(high[1],2)'
}

# ---- --digits ----

# Prices with ties and float noise: 0.125 and 20.5 are ties, 2.675 and
# 1.005 are stored below themselves, (0.2 + 0.4) / 2 and 1.005 - 0.125
# are not the decimals they look like.
D=("$HDR" '2024-01-01,0.1,0.3,0.1,0.2,10' '2024-01-02,0.2,0.4,0.2,0.4,20.5'
    '2024-01-03,0.125,2.675,0.125,1.005,30')
D_LINE='{"symbol":"d","time":"2024-01-0'
D_F='"formula":"f1","type":"scan_hit"'

@test "--digits N: the candle and the values of signal lines to N places; the default is exact" {
	mk d.csv "${D[@]}"
	run --separate-stderr pe-eval 'close > 0' --values 'sma(close, 2)' \
	    --values 'close - open' d.csv
	ok_with "${D_LINE}1\",$D_F,\"candle\":{\"open\":0.1,\"high\":0.3,\"low\":0.1,\"close\":0.2,\"volume\":10},\"values\":{\"sma_2\":null,\"e1\":0.1}}" \
	    "${D_LINE}2\",$D_F,\"candle\":{\"open\":0.2,\"high\":0.4,\"low\":0.2,\"close\":0.4,\"volume\":20.5},\"values\":{\"sma_2\":0.30000000000000004,\"e1\":0.2}}" \
	    "${D_LINE}3\",$D_F,\"candle\":{\"open\":0.125,\"high\":2.675,\"low\":0.125,\"close\":1.005,\"volume\":30},\"values\":{\"sma_2\":0.7025,\"e1\":0.8799999999999999}}"
	run --separate-stderr pe-eval --digits 2 'close > 0' --values 'sma(close, 2)' \
	    --values 'close - open' d.csv
	ok_with "${D_LINE}1\",$D_F,\"candle\":{\"open\":0.1,\"high\":0.3,\"low\":0.1,\"close\":0.2,\"volume\":10},\"values\":{\"sma_2\":null,\"e1\":0.1}}" \
	    "${D_LINE}2\",$D_F,\"candle\":{\"open\":0.2,\"high\":0.4,\"low\":0.2,\"close\":0.4,\"volume\":20.5},\"values\":{\"sma_2\":0.3,\"e1\":0.2}}" \
	    "${D_LINE}3\",$D_F,\"candle\":{\"open\":0.12,\"high\":2.67,\"low\":0.12,\"close\":1,\"volume\":30},\"values\":{\"sma_2\":0.7,\"e1\":0.88}}"
}

@test "--digits with --format csv: every number column, NaN still empty" {
	mk d.csv "${D[@]}"
	run --separate-stderr pe-eval --digits 0 --format csv 'close > 0' \
	    --values 'sma(close, 2)' --values 'close - open' d.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,sma_2,e1' \
	    'd,2024-01-01,f1,scan_hit,0,0,0,0,10,,0' \
	    'd,2024-01-02,f1,scan_hit,0,0,0,0,20,0,0' \
	    'd,2024-01-03,f1,scan_hit,0,3,0,1,30,1,1'
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval --digits 1 --format csv --last 'close > sma(close, 3)' \
	    --values 'rsi(2)' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,sma_3,rsi_2' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50,6.3,88.9'
}

@test "--digits outside 0 to 17: exit 2 naming the option and the value" {
	mk c.csv "${C[@]}"
	local n
	for n in 18 -1 x ''; do
		run --separate-stderr pe-eval --digits "$n" 'close > 0' c.csv
		fails_with 2 "pe-eval: invalid --digits '$n' (expected 0 to 17)"
	done
}

# ---- CSV ----

@test "--format csv: one row per match, one column per value key of any formula" {
	mk c.csv "${C[@]}"
	mk f.pe "${F[@]}"
	run --separate-stderr pe-eval --format csv -f f.pe --values 'close[3]' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,sma_2,rsi_2,e1' \
	    'c,2024-01-02,up,scan_hit,3,4,3,4,20,3,,' \
	    'c,2024-01-03,up,scan_hit,5,6,5,6,30,5,100,' \
	    'c,2024-01-03,buy,entry,5,6,5,6,30,5,100,' \
	    'c,2024-01-04,sell,exit,6,6,5,5,40,5.5,66.66666666666666,2' \
	    'c,2024-01-05,up,scan_hit,6,8,6,8,50,6.5,88.88888888888889,4' \
	    'c,2024-01-05,buy,entry,6,8,6,8,50,6.5,88.88888888888889,4'
}

@test "no volume column: volume null in JSONL, empty in CSV; a formula needing it: exit 3" {
	mk nv.csv 'time,open,high,low,close' '2024-01-01,1,2,1,2' \
	    '2024-01-02,2,3,1,1'
	run --separate-stderr pe-eval 'close > open' nv.csv
	ok_with '{"symbol":"nv","time":"2024-01-01","formula":"f1","type":"scan_hit","candle":{"open":1,"high":2,"low":1,"close":2,"volume":null},"values":{}}'
	run --separate-stderr pe-eval --format csv 'close > open' nv.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'nv,2024-01-01,f1,scan_hit,1,2,1,2,'
	run --separate-stderr pe-eval 'obv() > 0' nv.csv
	fails_with 3 'pe-eval: nv.csv: obv(close) needs volume, and the input has none'
	run --separate-stderr pe-eval 'obv() > 0 or volume > 0' nv.csv
	fails_with 3 'pe-eval: nv.csv: volume: the input has no volume'
	mk nvs.csv "$SHDR" 'A,2024-01-01,1,1,1,1,5' 'B,2024-01-01,1,1,1,1,'
	run --separate-stderr pe-eval 'obv() > 1' nvs.csv
	assert_failure 3
	assert_output '{"symbol":"A","time":"2024-01-01","formula":"f1","type":"scan_hit","candle":{"open":1,"high":1,"low":1,"close":1,"volume":5},"values":{"obv":5}}'
	stderr_is 'pe-eval: nvs.csv: B: obv(close) needs volume, and the input has none'
}

# ---- symbols ----

@test "several symbols in one file: symbol by symbol, state never leaks" {
	mk s.csv "$SHDR" 'A,2024-01-01,1,1,1,1,5' 'B,2024-01-01,9,9,9,9,5' \
	    'A,2024-01-02,2,2,2,2,5' 'B,2024-01-02,1,1,1,1,5' \
	    'A,2024-01-03,3,3,3,3,5'
	# close[1] < 2: A at bar 1 (after 1), not B (after 9); B's bar 0 sees
	# no close[1] (A's is not carried over), and B falls, never rises.
	run --separate-stderr pe-eval --format csv -e 'close[1] < 2' -e 'rising(close, 1)' s.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'A,2024-01-02,f1,scan_hit,2,2,2,2,5' \
	    'A,2024-01-02,f2,scan_hit,2,2,2,2,5' \
	    'A,2024-01-03,f2,scan_hit,3,3,3,3,5'
	run --separate-stderr pe-eval --last --stale-ok 'close > 0' s.csv
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --partial '{"symbol":"A","time":"2024-01-03"'
	assert_line -n 1 --partial '{"symbol":"B","time":"2024-01-02"'
	# B's data ends a day before A's: with --last it is stale
	run --separate-stderr pe-eval --last 'close > 0' s.csv
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_line -n 0 --partial '{"symbol":"A","time":"2024-01-03"'
	stderr_is 'pe-eval: s.csv: B: stale (last bar 2024-01-02)'
	run --separate-stderr pe-eval --last --as-of 2024-01-02 'close > 0' s.csv
	assert_equal "${#lines[@]}" 2
	run --separate-stderr pe-eval --last --as-of 2024-01-04 'close > 0' s.csv
	assert_failure 1
	stderr_is 'pe-eval: s.csv: A: stale (last bar 2024-01-03)' \
	    'pe-eval: s.csv: B: stale (last bar 2024-01-02)'
}

@test "several files: symbols from the base names, files in order; --symbol" {
	mk c.csv "${C[@]}"
	cp c.csv d.txt
	run --separate-stderr pe-eval --last --format csv 'close > 0' c.csv d.txt
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50' \
	    'd,2024-01-05,f1,scan_hit,6,8,6,8,50'
	run --separate-stderr pe-eval --last --symbol 'X,"Y"' 'close > 0' <c.csv
	ok_with "{\"symbol\":\"X,\\\"Y\\\"\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	run --separate-stderr pe-eval --last --format csv --symbol 'X,"Y"' 'close > 0' <c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    '"X,""Y""",2024-01-05,f1,scan_hit,6,8,6,8,50'
}

@test "times of day are written in full" {
	mk i.csv "$HDR" '2024-01-02T09:30:00Z,1,1,1,1,1' \
	    '2024-01-02T09:31:00.250Z,1,2,1,2,1'
	run --separate-stderr pe-eval --format csv 'close > 1' i.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'i,2024-01-02T09:31:00.250Z,f1,scan_hit,1,2,1,2,1'
}

# ---- --explain ----

@test "--explain prints the plan and reads no candles" {
	mk f.pe "${F[@]}"
	run --separate-stderr pe-eval --explain -f f.pe --values 'close - open' nosuch.csv
	ok_with 'lookback 2, 2 indicators, 11 nodes' \
	    'indicator sma(close,2) lookback 1' \
	    'indicator rsi(close,2) lookback 2' \
	    'formula up (scan_hit) lookback 1: close > fast' \
	    '  n2 > bool lb 1' \
	    '    n0 close num lb 0' \
	    '    n1 sma(close,2) num lb 1' \
	    '      n0 close ^' \
	    'formula buy (entry) lookback 2: (close > open and              rsi(2) > 50)' \
	    '  n8 and bool lb 2' \
	    '    n4 > bool lb 0' \
	    '      n0 close num lb 0' \
	    '      n3 open num lb 0' \
	    '    n7 > bool lb 2' \
	    '      n5 rsi(close,2) num lb 2' \
	    '        n0 close ^' \
	    '      n6 50 num lb 0' \
	    'formula sell (exit) lookback 1: close < fast' \
	    '  n9 < bool lb 1' \
	    '    n0 close num lb 0' \
	    '    n1 sma(close,2) num lb 1' \
	    '      n0 close ^' \
	    'formula e1 (value) lookback 0: close - open' \
	    '  n10 - num lb 0' \
	    '    n0 close num lb 0' \
	    '    n3 open num lb 0' \
	    'let fast = n1' \
	    'name sma_2 = n1 sma(close,2)' \
	    'name rsi_2 = n5 rsi(close,2)' \
	    'name e1 = n10 close-open'
}

# ---- formula errors (exit 2) ----

@test "a syntax error: the place, the line and a caret; exit 2 before reading input" {
	run --separate-stderr pe-eval 'sma(close, 20 > 3' nosuch.csv
	fails_with 2 "pe-eval: formula:1:18: expected ')' to close '(' opened at 1:4" \
	    '  sma(close, 20 > 3' \
	    '                   ^'
	run --separate-stderr pe-eval -e 'close >' </dev/null
	fails_with 2 "pe-eval: formula:1:8: expected an expression after '>', found end of input" \
	    '  close >' \
	    '         ^'
}

@test "a compile error: an unknown function with a suggestion, underlined" {
	run --separate-stderr pe-eval 'rsii(14) < 30' </dev/null
	fails_with 2 "pe-eval: formula:1:1: unknown function 'rsii' (did you mean 'rsi'?)" \
	    '  rsii(14) < 30' \
	    '  ^~~~'
}

@test "a formula file reports every error, with its name and lines" {
	mk bad.pe 'a: close > (open' 'ok: close > 1' 'b: close >'
	run --separate-stderr pe-eval -f bad.pe </dev/null
	fails_with 2 "pe-eval: bad.pe:1:17: expected ')' to close '(' opened at 1:12" \
	    '  a: close > (open' \
	    '                  ^' \
	    "pe-eval: bad.pe:3:11: expected an expression after '>', found end of line" \
	    '  b: close >' \
	    '            ^'
	mk bad2.pe 'a: close > rsii(3)' 'b: close and open'
	run --separate-stderr pe-eval -f bad2.pe </dev/null
	fails_with 2 "pe-eval: bad2.pe:1:12: unknown function 'rsii' (did you mean 'rsi'?)" \
	    '  a: close > rsii(3)' \
	    '             ^~~~' \
	    "pe-eval: bad2.pe:2:10: 'and' needs booleans, but both operands are numbers" \
	    '  b: close and open' \
	    '           ^~~'
}

@test "errors of every source are shown; --values errors name 'values'" {
	run --separate-stderr pe-eval -e 'close >' --values 'open +' </dev/null
	fails_with 2 "pe-eval: formula:1:8: expected an expression after '>', found end of input" \
	    '  close >' \
	    '         ^' \
	    "pe-eval: values:1:7: expected an expression after '+', found end of input" \
	    '  open +' \
	    '        ^'
}

@test "a formula file that cannot be read: exit 2" {
	run --separate-stderr pe-eval -f nosuch.pe </dev/null
	fails_with 2 'pe-eval: nosuch.pe: No such file or directory'
}

# ---- data errors (exit 3) and input files (exit 2) ----

@test "unsorted input: exit 3 naming file and line" {
	mk u.csv "$HDR" '2024-01-01,1,1,1,1,1' '2024-01-03,1,1,1,1,1' \
	    '2024-01-02,1,1,1,1,1'
	run --separate-stderr pe-eval 'close > 0' u.csv
	fails_with 3 'pe-eval: u.csv:4: times not increasing at 2024-01-02 (run pe-load first)'
	run --separate-stderr pe-eval 'close > 0' <u.csv
	fails_with 3 'pe-eval: stdin:4: times not increasing at 2024-01-02 (run pe-load first)'
}

@test "bad rows: exit 3 naming file and line; --skip-bad drops and counts them" {
	mk b.csv "$HDR" '2024-01-01,1,1,1,1,1' 'x,1,1,1,1,1' '2024-01-03,1,0,1,1,1' \
	    '2024-01-04,3,3,3,3,3'
	run --separate-stderr pe-eval 'close > 2' b.csv
	fails_with 3 "pe-eval: b.csv:3: bad time 'x': not a date, time or epoch number"
	run --separate-stderr pe-eval --skip-bad --format csv 'close > 2' b.csv
	assert_success
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume' \
	    'b,2024-01-04,f1,scan_hit,3,3,3,3,3')"
	stderr_is 'pe-eval: b.csv: skipped 2 bad rows (1 bad time, 1 bad range)'
}

@test "a missing file: exit 2; empty input: exit 3; an error stops after earlier output" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval 'close > 0' nosuch.csv
	fails_with 2 'pe-eval: nosuch.csv: No such file or directory'
	run --separate-stderr pe-eval 'close > 0' </dev/null
	fails_with 3 'pe-eval: stdin: empty input (expected a header line or JSON)'
	mk u.csv "$HDR" '2024-01-02,1,1,1,1,1' '2024-01-01,1,1,1,1,1'
	run --separate-stderr pe-eval 'close > 7' c.csv u.csv
	assert_failure 3
	assert_output "{\"symbol\":\"c\",\"time\":\"2024-01-05\",\"formula\":\"f1\",\"type\":\"scan_hit\",$K4,\"values\":{}}"
	stderr_is 'pe-eval: u.csv:3: times not increasing at 2024-01-01 (run pe-load first)'
}

@test "JSONL candles in" {
	printf '%s\n' '{"symbol":"A","time":"2024-01-01","open":1,"high":2,"low":1,"close":2,"volume":3}' \
	    '{"symbol":"A","time":"2024-01-02","open":"2","high":"3","low":"1","close":"1","volume":"4"}' >a.jsonl
	run --separate-stderr pe-eval 'close < close[1]' a.jsonl
	ok_with '{"symbol":"A","time":"2024-01-02","formula":"f1","type":"scan_hit","candle":{"open":2,"high":3,"low":1,"close":1,"volume":4},"values":{}}'
}

# ---- -q, output ----

@test "-q prints nothing: exit 0 on a match, 1 without" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval -q 'close > 7' c.csv
	assert_success
	assert_output ''
	stderr_empty
	run --separate-stderr pe-eval --quiet --format csv 'close > 8' c.csv
	assert_failure 1
	assert_output ''
	stderr_empty
	# The first match ends the run, as grep -q does.
	mk u.csv "$HDR" '2024-01-02,1,1,1,1,1' '2024-01-01,1,1,1,1,1'
	run --separate-stderr pe-eval -q 'close > 7' c.csv u.csv
	assert_success
	stderr_empty
}

@test "| head ends quietly; a write error is exit 3" {
	gen_candles --symbols 2 --bars 20000 >big.csv
	run --separate-stderr bash -c \
	    'pe-eval "close > 0" big.csv | head -n 2; echo "${PIPESTATUS[0]}" >&2'
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --partial '{"symbol":"S0001",'
	stderr_is 141
	mk c.csv "${C[@]}"
	run --separate-stderr bash -c 'pe-eval "close > 1" <c.csv >/dev/full'
	assert_failure 3
	stderr_is 'pe-eval: write error on standard output: No space left on device'
}

# ---- the man page ----

@test "man page EXAMPLES" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval 'close > sma(close, 3)' c.csv
	ok_with "${SMA_OUT[@]}"
	run --separate-stderr pe-eval --format csv --values 'close - open' \
	    'rsi(2) > 70' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,rsi_2,e1' \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30,100,1' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50,88.88888888888889,2'
	run --separate-stderr pe-eval --digits 1 --format csv --values 'close - open' \
	    'rsi(2) > 70' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume,rsi_2,e1' \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30,100,1' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50,88.9,2'
	mk f.pe "${F[@]}"
	run --separate-stderr pe-eval --last -f f.pe c.csv
	ok_with "${F_OUT[4]}" "${F_OUT[5]}"
	run --separate-stderr pe-eval --edge --format csv 'close > 4.5' c.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30'
	run bash -c 'pe-load <c.csv | pe-eval -q "close > 7" && echo yes'
	assert_success
	assert_output yes
}

@test "man page: the examples' output as printed" {
	man=$REPO_DIR/man/pe-eval.1
	for l in "${SMA_OUT[@]}" "${F_OUT[4]}" "${F_OUT[5]}" \
	    'c,2024-01-03,f1,scan_hit,5,6,5,6,30,100,1' \
	    'c,2024-01-05,f1,scan_hit,6,8,6,8,50,88.9,2' \
	    'symbol,time,formula,type,open,high,low,close,volume,rsi_2,e1'; do
		grep -qxF "$l" "$man"
	done
	grep -q '^\.Xr pe-formula 7' "$man"
	# --explain's block, as pe-eval prints it
	run --separate-stderr pe-eval --explain 'sma(rsi(2), 2) > 50' \
	    --values 'close - open'
	assert_success
	assert_output "$(sed -n "/^\\$ pe-eval --explain 'sma(rsi(2), 2)/,/^\\.Ed/p" "$man" |
	    sed '1d;$d')"
}

@test "pe-formula(7): every row of NAMES is what pe-eval names" {
	man=$REPO_DIR/man/pe-formula.7
	gen_candles --symbols 1 --bars 300 >x.csv
	n=0
	while IFS= read -r l; do
		[[ $l =~ ^(.*[^ ])\ \ +([a-z0-9_. ]+)$ ]] || continue
		e=${BASH_REMATCH[1]}
		want=${BASH_REMATCH[2]}
		# "or close > 0" makes the last bar match; it adds no value.
		got=$(pe-eval --last --format csv -e "($e) or close > 0" x.csv |
		    head -n 1 | cut -d, -f10- | tr , ' ')
		assert_equal "$e: $got" "$e: $want"
		n=$((n + 1))
	done < <(sed -n '/^\.Sh NAMES/,/^\.Sh EXAMPLES/p' "$man" |
	    sed -n '/^\.Bd -literal/,/^\.Ed/p')
	assert_equal "$n" 13
}

@test "pe-formula(7): every worked example row is what pe-eval computes" {
	man=$REPO_DIR/man/pe-formula.7
	mk x.csv "$HDR" '2024-01-01,3,3,3,3,1' '2024-01-02,5,5,5,5,1' \
	    '2024-01-03,4,4,4,4,1' '2024-01-04,6,6,6,6,1' \
	    '2024-01-05,6,6,6,6,1' '2024-01-06,2,2,2,2,1'
	v='(NaN|NA|-?[0-9.]+)'
	re="^(.*[^ ])  +$v +$v +$v +$v +$v +$v\$"
	n=0
	while IFS= read -r l; do
		[[ $l =~ $re ]] || continue
		e=${BASH_REMATCH[1]}
		want="${BASH_REMATCH[*]:2}"
		want=${want//NaN/-}
		want=${want//NA/-}
		got=$(pe-eval --format csv --values "$e" 'close > 0' x.csv |
		    awk -F, 'NR > 1 { print ($NF == "" ? "-" : $NF) }' | tr '\n' ' ')
		assert_equal "$e: ${got% }" "$e: $want"
		n=$((n + 1))
	done < <(sed -n '/^\.Sh BUILT-IN FUNCTIONS/,/^\.Sh FORMULA FILES/p' "$man")
	# Every built-in has its rows (47 in all, with the series and logic).
	assert_equal "$n" 47
	for f in 'x\[n\]' cross_above cross_below highest lowest sum change \
	    rising falling barssince valuewhen first percentrank median cum iif \
	    na nz abs min max sqrt \
	    log log10 exp pow round floor ceil sign sin cos tan asin acos \
	    atan sinh cosh tanh; do
		grep -Eq "^\.It Li $f" "$man" || grep -Eq "^\.It Li .*, $f\(" "$man"
	done
	for f in year month day dayofweek hour minute bar_index; do
		grep -Eq "^\.It Li (.*, )?$f( ,|\$)" "$man"
	done
}

@test "the time names: UTC fields of each bar's start, ISO weekdays, before 1970 too; a let of the same name comes first" {
	mk t.csv "$HDR" '1969-12-31T23:59:00Z,1,1,1,1,1' \
	    '2024-03-05T09:30:00Z,1,1,1,1,1' '2024-03-10T16:45:00Z,1,1,1,1,1' \
	    '2024-12-31T00:00:00Z,1,1,1,1,1'
	local v want
	for v in 'year:1969 2024 2024 2024' 'month:12 3 3 12' 'day:31 5 10 31' \
	    'dayofweek:3 2 7 2' 'hour:23 9 16 0' 'minute:59 30 45 0' \
	    'bar_index:0 1 2 3'; do
		want=${v#*:}
		run --separate-stderr pe-eval --format csv --values "${v%%:*}" 'close > 0' t.csv
		assert_success
		assert_equal "${v%%:*}: $(awk -F, 'NR > 1 { printf "%s%s", s, $NF; s = " " }' <<<"$output")" \
		    "${v%%:*}: $want"
	done
	# a trading-hours filter
	run --separate-stderr pe-eval --format csv 'hour * 60 + minute >= 570 and hour < 16 and dayofweek <= 5' t.csv
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --partial 't,2024-03-05T09:30:00Z,f1,'
	# a let named day is the let
	mk d.pe 'let day = 5' 'x: close > 0 and day == 5'
	run --separate-stderr pe-eval -f d.pe t.csv
	assert_success
	assert_equal "${#lines[@]}" 4
}

# ---- the shared vocabulary ----

@test "--since, --until, --tail N: the bars considered; indicators warm up before" {
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval --since 2024-01-04 'close > sma(close, 2)' c.csv
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_line -n 0 --partial '"time":"2024-01-05"'
	run --separate-stderr pe-eval --until 2024-01-03 --tail 1 'close > 0' c.csv
	assert_line -n 0 --partial '"time":"2024-01-03"'
	assert_equal "${#lines[@]}" 1
	run --separate-stderr pe-eval --tail 2 'close > 0' c.csv
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --partial '"time":"2024-01-04"'
	run --separate-stderr pe-eval --since 2024-01-05 --until 2024-01-04 'close > 0' c.csv
	fails_with 2 'pe-eval: --since is later than --until'
}

@test "--symbol NAME: keeps only those symbols, names input without a symbol column" {
	mk s.csv "$SHDR" 'A,2024-01-01,1,1,1,1,5' 'B,2024-01-01,9,9,9,9,5' \
	    'C,2024-01-01,3,3,3,3,5'
	run --separate-stderr pe-eval --format csv --symbol C --symbol A 'close > 0' s.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    'A,2024-01-01,f1,scan_hit,1,1,1,1,5' \
	    'C,2024-01-01,f1,scan_hit,3,3,3,3,5'
	mk c.csv "${C[@]}"
	run --separate-stderr pe-eval --last --symbol X 'close > 0' c.csv
	assert_line -n 0 --partial '{"symbol":"X","time":"2024-01-05"'
	# a name not in the input: why nothing of it came out (-q: quiet)
	run --separate-stderr pe-eval --format csv --symbol Z --symbol A 'close > 0' s.csv
	assert_success
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume' \
	    'A,2024-01-01,f1,scan_hit,1,1,1,1,5')"
	stderr_is 'pe-eval: --symbol Z: not in the input'
	run --separate-stderr pe-eval -q --symbol Z 'close > 0' s.csv
	fails_with 1
}

@test "-o FILE: written whole; a second formula as an operand is said to be no file" {
	mk c.csv "${C[@]}"
	mkdir o
	run --separate-stderr pe-eval -o o/s.jsonl --last 'close > 0' c.csv
	assert_success
	assert_output ''
	assert_equal "$(wc -l <o/s.jsonl)" 1
	run --separate-stderr pe-eval 'close > 0' 'close > 1' c.csv
	fails_with 2 "pe-eval: 'close > 1' is not a file: give several formulas with -e, or in a file with -f"
}

@test "bare indicator names: every default; bbands(n, k) symmetric" {
	mk c.csv "${C[@]}"
	# obv: 10, 30, 60, 20, 70; its 2-bar sma: -, 20, 45, 40, 45: above it
	# on bars 1, 2 and 4.  bbands(3, 1.5) at bar 2: 4 - 1.5 sqrt(8/3) =
	# 4 - sqrt(6), the same width as the upper band's.
	run --separate-stderr bash -c "pe-eval --values obv \
	    --values 'bbands(3, 1.5).lower' 'obv > sma(obv, 2)' c.csv |
	    jq -r '[.time, .values.obv, .values[\"bbands_3_1.5_1.5_lower\"]] | @tsv'"
	ok_with $'2024-01-02\t30\t' $'2024-01-03\t60\t1.5505102572168212' \
	    $'2024-01-05\t70\t4.462504639946362'
	run --separate-stderr pe-eval 'rsi > 0 and highest > 1' c.csv
	fails_with 2 "pe-eval: formula:1:13: 'highest' is a function: call it, as in highest(x, n)" \
	    '  rsi > 0 and highest > 1' '              ^~~~~~~'
}

@test "pe-formula(7): each other tool's name gets pe's as its suggestion, in any case" {
	man=$REPO_DIR/man/pe-formula.7
	mk c.csv "${C[@]}"
	n=0
	while IFS='|' read -r names pe; do
		for name in ${names//,/ }; do
			for f in "$name" "${name^^}"; do
				run --separate-stderr pe-eval "$f(close) > 0" c.csv
				assert_failure 2
				assert_equal "${stderr_lines[0]}" \
				    "pe-eval: formula:1:1: unknown function '$f' (did you mean '$pe'?)"
			done
			n=$((n + 1))
		done
	done < <(sed -n '/^\.Sh NAMES FROM OTHER TOOLS/,/^\.Sh/s/^\.It Li \([a-z_, ]*\) Ta Li \([a-z_]*\)$/\1|\2/p' "$man")
	assert_equal "$n" 39
	# doji, hammer, ...: a candlestick pattern without TA-Lib's cdl.
	run --separate-stderr pe-eval 'hammer != 0' c.csv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" \
	    "pe-eval: formula:1:1: unknown name 'hammer' (did you mean 'cdlhammer'?)"
	# What pe does not have: no suggestion.
	n=0
	for name in $(awk '/^near, since it would be another thing:$/ { on = 1; next }
	    on && !/^\.Li / { exit } on { gsub(/^\.Li |,/, ""); print }' "$man"); do
		run --separate-stderr pe-eval "$name(close) > 0" c.csv
		assert_failure 2
		assert_equal "${stderr_lines[0]}" \
		    "pe-eval: formula:1:1: unknown function '$name'"
		n=$((n + 1))
	done
	assert_equal "$n" 4
}

@test "function lets: every call equals its expression written out, bit for bit; a bad call is exit 2 with a caret" {
	# == on doubles: true on a bar only when the two values are the same
	# bits; 452 bars, the first 19 without a value (NA)
	mk f.pe 'let zscore(x, n) = (x - sma(x, n)) / stddev(x, n)' \
	    'let band(x, n, k, t) = ma(x, n, t) + k * stddev(x, n)' \
	    'let dir(a, b) = a > b ? 1 : a < b ? -1 : 0' \
	    'let twice(x) = dir(x, x[1]) * 2' \
	    'z: zscore(close, 20) == (close - sma(close, 20)) / stddev(close, 20)' \
	    'b: band(high, 20, 2.5, ema) == ema(high, 20) + 2.5 * stddev(high, 20)' \
	    'd: twice(close) == iif(close > close[1], 2, iif(close < close[1], -2, 0))'
	run --separate-stderr pe-eval --format csv -f f.pe "$DATA_DIR/fb_2012_2014.csv"
	assert_success
	assert_equal "$(grep -c ',z,' <<<"$output")" 433
	assert_equal "$(grep -c ',b,' <<<"$output")" 433
	assert_equal "$(grep -c ',d,' <<<"$output")" 451
	mk g.pe 'let zscore(x, n) = (x - sma(x, n)) / stddev(x, n)' \
	    'z: zscore(close) < -2'
	run --separate-stderr pe-eval -f g.pe "$DATA_DIR/fb_2012_2014.csv"
	assert_failure 2
	assert_equal "$stderr" "pe-eval: g.pe:2:4: zscore takes 2 arguments: zscore(x, n) (got 1)
  z: zscore(close) < -2
     ^~~~~~"
}

@test "recursive lets: Heikin-Ashi's open reads its own past; the bars where it fires are those awk computes in the same doubles" {
	mk ha.pe 'let ha_close = (open + high + low + close) / 4' \
	    'let ha_open = iif(na(ha_open[1]), (open + close) / 2, (ha_open[1] + ha_close[1]) / 2)' \
	    'up: ha_close > ha_open' \
	    'flat: ha_open == ha_open[1]'
	run --separate-stderr pe-eval --format csv -f ha.pe "$DATA_DIR/fb_2012_2014.csv"
	assert_success
	want=$(awk -F, 'NR > 1 {
		hc = ($2 + $3 + $4 + $5) / 4
		ho = NR == 2 ? ($2 + $5) / 2 : (po + pc) / 2
		if (hc > ho) print $1 ",up"
		if (NR > 2 && ho == po) print $1 ",flat"
		po = ho; pc = hc }' "$DATA_DIR/fb_2012_2014.csv")
	got=$(awk -F, 'NR > 1 { print $2 "," $3 }' <<<"$output")
	assert_equal "$got" "$want"
	# the up bars are neither none nor all
	n=$(grep -c ',up$' <<<"$got")
	((n > 100 && n < 350))
}

@test "recursive lets: x[0] in its own definition, a condition, and a window over its past are errors with carets" {
	mk r.pe 'let a = a + 1' 'let b = nz(b[1]) > 0 or close > open' \
	    'let w = nz(sum(w[1], 3)) + 1' 'let d = nz(d[1]) + 1' 'x: d > 1 and a > 0 and b and w > 0'
	run --separate-stderr pe-eval -f r.pe "$DATA_DIR/fb_2012_2014.csv"
	assert_failure 2
	assert_equal "$stderr" "pe-eval: r.pe:1:9: 'a' is used in its own definition (a let may read its past values, a[1], ...)
  let a = a + 1
          ^
pe-eval: r.pe:2:5: 'b' reads its own past values, so it must be a number, not a condition (write it as 1 and 0)
  let b = nz(b[1]) > 0 or close > open
      ^
pe-eval: r.pe:3:5: 'w' reads its own past values through sum(w[1],3): between w[n] and its value only arithmetic, comparisons, logic, iif, nz, na, abs, min, max, the math functions and offsets may be used
  let w = nz(sum(w[1], 3)) + 1
      ^"
}

@test "pe-formula(7): the recursive-let and function examples are files pe-eval runs" {
	man=$REPO_DIR/man/pe-formula.7
	sed -n '/^\.Sh FORMULA FILES/,/^\.Ss Limits/p' "$man" |
	    awk '/^\.Bd -literal/ { n++; on = 1; next } /^\.Ed/ { on = 0 }
		on { print > ("ex" n ".pe") }'
	grep -l 'ha_up:' ex*.pe
	grep -l 'stretched:' ex*.pe
	for f in $(grep -l -e 'ha_up:' -e 'stretched:' ex*.pe); do
		run --separate-stderr pe-eval -f "$f" "$DATA_DIR/fb_2012_2014.csv"
		assert_success
		[ "${#lines[@]}" -gt 10 ]
	done
}

@test "--tz: the time names on the zone's wall clock, DST included, both evaluators; the cache keys the zone" {
	# 14:30 UTC is 09:30 in New York in winter (EST, -5) and 10:30 in
	# summer (EDT, -4); 13:30 UTC is 09:30 in summer
	mk t.csv "$HDR" 2024-03-08T14:30:00Z,1,1,1,1,1 2024-03-11T13:30:00Z,1,1,1,1,1 \
	    2024-03-11T14:30:00Z,1,1,1,1,1
	run --separate-stderr pe-eval --tz America/New_York --format csv 'hour == 9 and minute == 30' t.csv
	assert_success
	assert_equal "$(cut -d, -f2 <<<"$output" | tail -n +2 | tr '\n' ' ')" \
	    '2024-03-08T09:30:00-05:00 2024-03-11T09:30:00-04:00 '
	# the incremental evaluator (pe-stream) agrees
	pe-load --format jsonl t.csv >t.jsonl
	run --separate-stderr pe-stream --min-bars 1 --tz America/New_York --format csv 'hour == 9 and minute == 30' t.jsonl
	assert_success
	assert_equal "$(grep -c ',f1,' <<<"$output")" 2
	# Tokyo has no DST (+9): 23:30 on the 8th, 22:30 and 23:30 on the 11th
	run --separate-stderr pe-eval --tz Asia/Tokyo --format csv 'hour == 23 and day == 11' t.csv
	assert_success
	assert_equal "${#lines[@]}" 2
	# a cached scan under one zone is not reused under another
	mkdir d && cp t.csv d/
	run --separate-stderr pe-scan -q --cache-dir cache --last --tz America/New_York 'hour == 10' d
	assert_success
	run --separate-stderr pe-scan -q --cache-dir cache --last 'hour == 10' d
	assert_failure 1
	run --separate-stderr pe-scan -q --cache-dir cache --last --tz America/New_York 'hour == 10' d
	assert_success
}

@test "tf(\"1w\", x): x over the weekly bars, at each day the week before's value (awk's, from the dates); no lookahead" {
	run --separate-stderr pe-eval --format csv --values 'w: tf("1w", close)' \
	    --values 'h: tf("1w", highest(high, 2))' 'close > 0' "$DATA_DIR/fb_2012_2014.csv"
	assert_success
	got=$(awk -F, 'NR > 1 { print $2 "," $(NF - 1) "," $NF }' <<<"$output")
	# weeks start on Monday: (days since 1970-01-01, a Thursday, + 3) / 7
	want=$(awk -F, 'function days(d,  y, m, a) {
		y = substr(d, 1, 4) + 0; m = substr(d, 6, 2) + 0
		a = (m <= 2); y -= a; m += a ? 9 : -3
		return 365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * m + 2) / 5) + substr(d, 9, 2) - 719469 }
	    NR > 1 {
		wk = int((days($1) + 3) / 7)
		if (NR > 2 && wk != cw) { nw++; wc[nw] = c; wh[nw] = mx }
		if (NR == 2 || wk != cw) mx = $3
		else if ($3 > mx) mx = $3
		cw = wk; c = $5
		w = (nw >= 1) ? wc[nw] : ""
		h = ""
		if (nw >= 2) h = (wh[nw] > wh[nw - 1]) ? wh[nw] : wh[nw - 1]
		printf "%s,%s,%s\n", $1, w, h
	    }' "$DATA_DIR/fb_2012_2014.csv")
	assert_equal "$got" "$want"
	# a timeframe no longer than the bars' spacing
	run --separate-stderr pe-eval 'tf("1d", close) > 0' "$DATA_DIR/fb_2012_2014.csv"
	assert_failure 3
	assert_equal "$stderr" "pe-eval: $DATA_DIR/fb_2012_2014.csv: tf(\"1d\", ...): the bars are 1d apart or more; the timeframe must be longer"
}

@test "tf(\"1M\"), tf(\"1q\"), tf(\"1y\"): the month, quarter, year before; under --tz a date keeps its day, an instant takes the zone's" {
	mk d.csv "$HDR" 2023-12-29,1,1,1,1,1 2024-01-30,2,2,2,2,1 2024-01-31,3,3,3,3,1 \
	    2024-02-01,4,4,4,4,1 2024-02-29,5,5,5,5,1 2024-04-01,6,6,6,6,1
	local want='2023-12-29,,, 2024-01-30,1,1,1 2024-01-31,1,1,1 2024-02-01,3,1,1 2024-02-29,3,1,1 2024-04-01,5,5,1 '
	local tz
	for tz in UTC America/New_York Asia/Tokyo; do
		run --separate-stderr pe-eval --tz "$tz" --format csv --values 'm: tf("1M", close)' \
		    --values 'q: tf("1q", close)' --values 'y: tf("1y", close)' 'close > 0' d.csv
		assert_success
		assert_equal "$(cut -d, -f2,10- <<<"$output" | tail -n +2 | tr '\n' ' ')" "$want"
	done
	run --separate-stderr pe-eval --tz America/New_York --format csv --values 'w: dayofweek' 'day == 1' d.csv
	assert_equal "$(cut -d, -f2,10 <<<"$output" | tail -n +2 | tr '\n' ' ')" '2024-02-01,4 2024-04-01,1 '
	# New York's midnight is 05:00Z: a new day there, not in UTC
	mk h.csv "$HDR" 2024-01-02T04:00:00Z,1,1,1,1,1 2024-01-02T05:00:00Z,2,2,2,2,1 \
	    2024-01-02T06:00:00Z,3,3,3,3,1
	run --separate-stderr pe-eval --tz America/New_York --format csv --values 'd: tf("1d", close)' 'close > 0' h.csv
	assert_equal "$(cut -d, -f10 <<<"$output" | tail -n +2 | tr '\n' ' ')" ' 1 1 '
	run --separate-stderr pe-eval --format csv --values 'd: tf("1d", close)' 'close > 0' h.csv
	assert_equal "$(cut -d, -f10 <<<"$output" | tail -n +2 | tr '\n' ' ')" '   '
	# the stream agrees
	pe-load --format jsonl d.csv >d.jsonl
	run --separate-stderr pe-stream --min-bars 1 --tz America/New_York --format csv 'tf("1M", close) == 3' d.jsonl
	assert_equal "$(grep -c ',f1,' <<<"$output")" 2
	# a month is 28 days or more: monthly bars are too far apart for it
	pe-load --timeframe 1M d.csv >m.csv
	run --separate-stderr pe-eval 'tf("1M", close) > 0' m.csv
	assert_failure 3
	assert_equal "$stderr" "pe-eval: m.csv: tf(\"1M\", ...): the bars are 1M apart or more; the timeframe must be longer"
}

@test "sym(\"SYM\", x): x over another symbol's file, at its last bar ended by the end of each bar; a missing one is exit 2 naming it" {
	gen_candles --symbols 2 --bars 300 -o g >/dev/null
	# the same days: S0002's close on each of S0001's days (awk's join)
	run --separate-stderr pe-eval --format csv --values 'r: sym("S0002", close)' 'close > 0' g/S0001.csv
	assert_success
	want=$(awk -F, 'NR == FNR { if (FNR > 1) c[$1] = $5; next }
	    FNR > 1 { print $1 "," c[$1] }' g/S0002.csv g/S0001.csv)
	assert_equal "$(awk -F, 'NR > 1 { print $2 "," $NF }' <<<"$output")" "$want"
	# a daily reference never feeds an intraday bar of its own day: the
	# day before's close, the day's from the next day on
	mkdir i
	mk i/D.csv "$HDR" 2024-01-02,10,10,10,10,1 2024-01-03,20,20,20,20,1
	mk i/M.csv "$HDR" 2024-01-02T15:00:00Z,1,1,1,1,1 2024-01-02T16:00:00Z,1,1,1,1,1 \
	    2024-01-03T15:00:00Z,1,1,1,1,1 2024-01-03T16:00:00Z,1,1,1,1,1 \
	    2024-01-04T15:00:00Z,1,1,1,1,1
	run --separate-stderr pe-eval --format csv --values 'd: sym("D", close)' 'close > 0' i/M.csv
	assert_success
	assert_equal "$(awk -F, 'NR > 1 { print $NF }' <<<"$output" | tr '\n' ' ')" '  10 10 20 '
	# --ref, a missing symbol, a file of another symbol's name
	run --separate-stderr pe-eval --ref i 'sym("NOPE", close) > 0' g/S0001.csv
	assert_failure 2
	assert_equal "$stderr" 'pe-eval: g/S0001.csv: sym("NOPE", ...): i/NOPE.csv: No such file or directory'
	run --separate-stderr pe-eval 'sym("../x", close) > 0' g/S0001.csv
	assert_failure 2
	assert_equal "$stderr" "pe-eval: formula:1:5: sym: \"../x\" is not a symbol (a file's name without its .csv: no '/', not starting with '.')
  sym(\"../x\", close) > 0
      ^~~~~~"
	# pe-scan: no saved state for it (its other file may change), so a
	# changed reference is read again, never a stale result
	mkdir d && cp g/S0001.csv d/ && cp g/S0002.csv i/
	f='sym("S0002", close) > 0.01'
	run --separate-stderr pe-scan --cache-dir c --ref i "$f" d
	assert_success
	want=$output
	run --separate-stderr pe-scan --no-cache --ref i "$f" d
	assert_equal "$output" "$want"
	awk -F, 'BEGIN { OFS = "," } NR > 1 { $2 = $3 = $4 = $5 = 0.001 } { print }' i/S0002.csv >i/new && mv i/new i/S0002.csv
	run --separate-stderr pe-scan --cache-dir c --ref i "$f" d
	assert_failure 1
}
