#!/usr/bin/env bats
# pe-chart: well-formed SVG, the bars drawn (--tail, --since, --until),
# overlays and panels, markers from formulas and from signal files
# checked against pe-eval, backtests' trades (--trades) and equity curves
# (--equity) checked against hand-made files, PNG output, themes and
# titles, every error message and exit status, and the man page's
# EXAMPLES.  Charts rendered by rsvg-convert are looked at with
# tools/png-probe: the PNG's size, something drawn in every panel.
#
# Documents are inspected with xmllint --xpath through the class
# attributes pe-chart(1) lists.

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
	G=$DATA_DIR/goog_2004_2008.csv		# 1047 daily bars
	M=$DATA_DIR/msft_2000_2001.csv		# 249 daily bars
}

USAGE=(
'usage: pe-chart [-q] [-i SPEC] ... [-e EXPR] ... [-f FORMULAS] ...'
'                [--signals FILE] [--trades FILE] [--equity FILE]'
'                [--since DATE] [--until DATE] [--tz ZONE] [--tail N]'
'                [--title TEXT] [--size WxH] [--theme light|dark] [--hollow]'
'                [--format svg|png] [-o FILE] [--skip-bad] [--symbol NAME]'
'                [INPUT]'
)

# The 12/26 EMA crossings as entries and exits.
F=(
'@entry buy: cross_above(ema(close, 12), ema(close, 26))'
'@exit sell: cross_below(ema(close, 12), ema(close, 26))'
)

# count XPATH FILE: how many nodes the expression selects.
count() {
	xmllint --xpath "count($1)" "$2"
}

# classes FILE CLASS: how many elements have exactly that class.
classes() {
	count "//*[@class='$2']" "$1"
}

# first_time FILE N: the time of the first of the last N rows of FILE.
first_time() {
	tail -n "$1" "$2" | head -n 1 | cut -d, -f1
}

# xs FILE XPATH: the x of each path's first "M" command, one a line, in
# document order.
xs() {
	xmllint --xpath "$2/@d" "$1" | sed -E 's/^ *d="M([-0-9.]+) .*/\1/'
}

# ---- usage, options ----

@test "-h and --help print the usage to stdout and exit 0" {
	run --separate-stderr pe-chart -h
	help_ok "${USAGE[@]}"
	run --separate-stderr pe-chart --help
	help_ok "${USAGE[@]}"
}

@test "--version prints the program name and a version" {
	run --separate-stderr pe-chart --version
	assert_success
	assert_output --regexp '^pe-chart [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "bad options: the message names the option, exit 2, no output" {
	run --separate-stderr pe-chart --size 10x10 "$G"
	fails_with 2 "pe-chart: invalid --size '10x10' (width must be 320 to 10000 and height 240 to 10000)"
	run --separate-stderr pe-chart --size 800 "$G"
	fails_with 2 "pe-chart: invalid --size '800' (expected WIDTHxHEIGHT in pixels, e.g. 1200x700)"
	run --separate-stderr pe-chart --theme blue "$G"
	fails_with 2 "pe-chart: invalid --theme 'blue' (expected light or dark)"
	run --separate-stderr pe-chart --format gif "$G"
	fails_with 2 "pe-chart: invalid --format 'gif' (expected svg or png)"
	run --separate-stderr pe-chart --tail 0 "$G"
	fails_with 2 "pe-chart: invalid --tail '0' (expected a whole number >= 1)"
	run --separate-stderr pe-chart --tail 5x "$G"
	fails_with 2 "pe-chart: invalid --tail '5x' (expected a whole number >= 1)"
	run --separate-stderr pe-chart --since 2024-02-30 "$G"
	fails_with 2 "pe-chart: invalid --since '2024-02-30' (day out of range)"
	run --separate-stderr pe-chart --since 2006-01-02 --until 2006-01-01 "$G"
	fails_with 2 'pe-chart: --since is later than --until'
	run --separate-stderr pe-chart --symbol A --symbol B "$G"
	fails_with 2 'pe-chart: one --symbol at most (pe-chart draws one symbol)'
	# --last is no option of pe-chart: a one-bar chart shows nothing
	run --separate-stderr pe-chart --last "$G"
	fails_with 2 "pe-chart: unrecognized option '--last'" "${USAGE[@]}"
	run --separate-stderr pe-chart --last 7 "$G"
	fails_with 2 "pe-chart: unrecognized option '--last'" "${USAGE[@]}"
	run --separate-stderr pe-chart --until 2024-13-01 "$G"
	fails_with 2 "pe-chart: invalid --until '2024-13-01' (month out of range)"
	run --separate-stderr pe-chart --symbol '' "$G"
	assert_failure 2
	run --separate-stderr pe-chart -i smaa:20 "$G"
	fails_with 2 "pe-chart: unknown indicator 'smaa' (did you mean 'sma'?)"
	run --separate-stderr pe-chart -i sma:1 "$G"
	fails_with 2 "pe-chart: sma: period must be a whole number from 2 to 100000 (got 1)"
	run --separate-stderr pe-chart -e 'sma(close, 20 > 3' "$G"
	fails_with 2 "pe-chart: formula:1:18: expected ')' to close '(' opened at 1:4" \
	    '  sma(close, 20 > 3' '                   ^'
	run --separate-stderr pe-chart -e 'rsi(14)' "$G"
	fails_with 2 "pe-chart: formula:1:1: a number is drawn as a line and needs a name: write 'name: expression'" \
	    '  rsi(14)' '  ^~~~~~~'
	run --separate-stderr pe-chart -f nosuch.pe "$G"
	assert_failure 2
	stderr_matches '^pe-chart: nosuch.pe: '
	run --separate-stderr pe-chart --nosuch "$G"
	fails_with 2 "pe-chart: unrecognized option '--nosuch'" \
	    "${USAGE[@]}"
	run --separate-stderr pe-chart "$G" "$M"
	fails_with 2 'pe-chart: one candle file at most (got 2)' "${USAGE[@]}"
	run --separate-stderr pe-chart --signals - <"$G"
	fails_with 2 'pe-chart: --signals - needs the candles from a file, not stdin'
	run --separate-stderr pe-chart --signals - - <"$G"
	fails_with 2 'pe-chart: --signals - needs the candles from a file, not stdin'
	run --separate-stderr pe-chart nosuch.csv
	fails_with 2 'pe-chart: nosuch.csv: No such file or directory'
}

# ---- the document ----

@test "the SVG is well-formed and the same bytes every time" {
	pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -f <(printf '%s\n' "${F[@]}") \
	    "$G" >a.svg
	xmllint --noout a.svg
	assert_equal "$(xmllint --xpath 'name(/*)' a.svg)" svg
	assert_equal "$(xmllint --xpath 'string(/*/@width)' a.svg)x$(xmllint --xpath 'string(/*/@height)' a.svg)" 1200x700
	pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -f <(printf '%s\n' "${F[@]}") \
	    "$G" >b.svg
	cmp a.svg b.svg
}

@test "the default is the last 250 bars; up and down candles as in the data" {
	pe-chart "$G" >a.svg
	up=$(tail -n 250 "$G" | awk -F, '$5 >= $2' | wc -l)
	assert_equal "$(classes a.svg 'candle up')" "$up"
	assert_equal "$(classes a.svg 'candle down')" $((250 - up))
	assert_equal "$(classes a.svg volume)" 250
	# Candles are filled in their colour: up green, down red.
	assert_equal "$(count "//*[@class='candle up' and @fill='#1a7f37' and @stroke='#1a7f37']" a.svg)" "$up"
	assert_equal "$(count "//*[@class='candle down' and @fill='#cf222e']" a.svg)" $((250 - up))
	# --hollow: up candles hollow (the background's fill), down ones filled.
	pe-chart --hollow "$G" >h.svg
	assert_equal "$(count "//*[@class='candle up' and @fill='#ffffff' and @stroke='#1a7f37']" h.svg)" "$up"
	assert_equal "$(count "//*[@class='candle down' and @fill='#cf222e']" h.svg)" $((250 - up))
	pe-chart --hollow --theme dark "$G" >hd.svg
	assert_equal "$(count "//*[@class='candle up' and @fill='#0d1117']" hd.svg)" "$up"
}

@test "--tail N draws N candles; fewer bars draw them all" {
	pe-chart --tail 30 "$G" >a.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" a.svg)" 30
	pe-chart --tail 7 "$G" >b.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" b.svg)" 7
	pe-chart --tail 5000 "$G" >c.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" c.svg)" 1047
	pe-chart "$M" >d.svg		# 249 bars, fewer than 250
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" d.svg)" 249
	mk one.csv "$HDR" '2024-01-02,1,2,0.5,1.5,10'
	pe-chart one.csv >e.svg
	xmllint --noout e.svg
	assert_equal "$(classes e.svg 'candle up')" 1
}

@test "--until: the last bar drawn is the last at or before the date" {
	pe-chart --until 2005-06-30 --tail 40 "$G" >a.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" a.svg)" 40
	assert_equal "$(xmllint --xpath "string(//*[@class='info'])" a.svg)" \
	    '2005-06-30  O 294.34  H 298.93  L 291.04  C 294.15'
	# 2005-07-02 is a Saturday: the Friday before is the last bar.
	pe-chart --until 2005-07-02 --tail 40 "$G" >b.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='info'])" b.svg)" \
	    "$(xmllint --xpath "string(//*[@class='info'])" <(pe-chart --until 2005-07-01 --tail 40 "$G"))"
	run --separate-stderr pe-chart --until 2004-01-01 "$G"
	fails_with 3 "pe-chart: $G: no candles at or before --until"
}

# info FILE: the last bar's line in the heading.
info() {
	xmllint --xpath "string(//*[@class='info'])" "$1"
}

@test "--since: every bar from DATE (no default of 250); with --tail, the last N of the window" {
	# 2008-01-02 to the end, 2008-10-14: 199 bars.
	want=$(grep -c '^2008-' "$G")
	[ "$want" -eq 199 ]
	pe-chart --since 2008-01-01 "$G" >a.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" a.svg)" "$want"
	# a year of bars is more than the default 250 would draw
	want=$(awk -F, '$1 >= "2006-01-01" && $1 <= "2007-06-30"' "$G" | wc -l)
	[ "$want" -gt 250 ]
	pe-chart --since 2006-01-01 --until 2007-06-30 "$G" >b.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" b.svg)" "$want"
	assert_equal "$(info b.svg)" "$(info <(pe-chart --until 2007-06-30 "$G"))"
	# --tail: the last N of --since..--until; fewer there: all of them
	pe-chart --since 2006-01-01 --until 2007-06-30 --tail 20 "$G" >c.svg
	cmp c.svg <(pe-chart --until 2007-06-30 --tail 20 "$G")
	pe-chart --since 2007-06-25 --until 2007-06-30 --tail 20 "$G" >d.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" d.svg)" 5
	# indicators still warm up before --since: sma:50 has a value at each bar
	pe-chart --since 2008-10-01 -i sma:50 "$G" >e.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" e.svg)" 10
	assert_equal "$(xmllint --xpath "string(//*[@class='overlay sma']/@d)" e.svg | grep -o '[ML]' | wc -l)" 10
	run --separate-stderr pe-chart --since 2009-01-01 "$G"
	fails_with 3 "pe-chart: $G: no candles at or after --since"
	run --separate-stderr pe-chart --since 2005-07-02 --until 2005-07-03 "$G"
	fails_with 3 "pe-chart: $G: no candles from --since to --until"
}

@test "overlays over the prices, one panel per oscillator, guide lines" {
	pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -i stoch "$G" >a.svg
	assert_equal "$(classes a.svg 'overlay sma')" 1
	assert_equal "$(classes a.svg 'overlay bbands')" 3
	assert_equal "$(count "//*[@class='panel price']//*[starts-with(@class,'overlay')]" a.svg)" 4
	assert_equal "$(count "//*[starts-with(@class,'panel ')]" a.svg)" 5
	assert_equal "$(classes a.svg 'panel rsi')" 1
	assert_equal "$(classes a.svg 'panel macd')" 1
	assert_equal "$(classes a.svg 'panel stoch')" 1
	assert_equal "$(classes a.svg 'panel volume')" 1
	# rsi: its line and the 30 and 70 guides; stoch 20 and 80.
	assert_equal "$(count "//*[@class='panel rsi']//*[@class='line rsi']" a.svg)" 1
	assert_equal "$(count "//*[@class='panel rsi']//*[@class='guide']" a.svg)" 2
	assert_equal "$(count "//*[@class='panel stoch']//*[@class='line stoch']" a.svg)" 2
	assert_equal "$(count "//*[@class='panel stoch']//*[@class='guide']" a.svg)" 2
	# macd: macd and signal lines, the histogram, a zero line.
	assert_equal "$(count "//*[@class='panel macd']//*[@class='line macd']" a.svg)" 2
	assert_equal "$(count "//*[@class='panel macd']//*[@class='hist']" a.svg)" 2
	assert_equal "$(count "//*[@class='panel macd']//*[@class='guide zero']" a.svg)" 1
	# rsi's labels are its fixed range 0..100.
	assert_equal "$(xmllint --xpath "//*[@class='panel rsi']//*[@class='ylabel']/text()" a.svg | tr '\n' ' ')" '0 50 100 '
}

@test "forty panels in the smallest picture: no negative size anywhere" {
	args=()
	for n in $(seq 2 41); do args+=(-i "rsi:$n"); done
	pe-chart --size 320x240 "${args[@]}" "$G" >a.svg
	xmllint --noout a.svg
	assert_equal "$(count "//*[starts-with(@class,'panel ')]" a.svg)" 42
	assert_equal "$(count "//@height[starts-with(.,'-')] | //@width[starts-with(.,'-')]" a.svg)" 0
	rsvg-convert a.svg >a.png
}

@test "the panel rule: @volume, a named output, SuperTrend's direction" {
	pe-chart -i sma:20@volume -i bbands:20:2.upper -i supertrend "$G" >a.svg
	assert_equal "$(classes a.svg 'panel sma')" 1
	assert_equal "$(classes a.svg 'overlay sma')" 0
	assert_equal "$(classes a.svg 'overlay bbands')" 1
	assert_equal "$(classes a.svg 'overlay supertrend')" 1
	assert_equal "$(classes a.svg 'panel supertrend')" 0
	pe-chart -i supertrend.direction "$G" >b.svg
	assert_equal "$(classes b.svg 'panel supertrend')" 1
	assert_equal "$(classes b.svg 'overlay supertrend')" 0
}

@test "indicators warm up on every bar, not only the drawn ones" {
	# sma:50 over the last 10 bars: a value at each of them (M + 9 L).
	pe-chart --tail 10 -i sma:50 "$G" >a.svg
	d=$(xmllint --xpath "string(//*[@class='overlay sma']/@d)" a.svg)
	assert_equal "$(tr -cd 'M' <<<"$d" | wc -c)" 1
	assert_equal "$(tr -cd 'L' <<<"$d" | wc -c)" 9
	# Without the history there would be none: 10 bars of one file.
	tail -n 10 "$G" | sed "1i $HDR" >ten.csv
	pe-chart -i sma:50 ten.csv >b.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='overlay sma']/@d)" b.svg)" ''
}

# ---- markers ----

@test "-f: one marker per pe-eval signal in range, on its candle" {
	printf '%s\n' "${F[@]}" >f.pe
	pe-chart --tail 400 -f f.pe "$G" >a.svg
	from=$(first_time 400 "$G")
	pe-eval -f f.pe "$G" >sig.jsonl
	want_in=$(grep -c '"type":"entry"' <(jq -c "select(.time >= \"$from\")" sig.jsonl))
	want_out=$(grep -c '"type":"exit"' <(jq -c "select(.time >= \"$from\")" sig.jsonl))
	[ "$want_in" -ge 3 ] && [ "$want_out" -ge 3 ]
	assert_equal "$(classes a.svg 'marker entry')" "$want_in"
	assert_equal "$(classes a.svg 'marker exit')" "$want_out"
	assert_equal "$(count "//*[starts-with(@class,'marker')]" a.svg)" $((want_in + want_out))
	# Each marker's x is the x of the candle of its signal's bar.
	tail -n 400 "$G" | cut -d, -f1 >times
	xs a.svg "//*[starts-with(@class,'candle ')]" >candle_x
	want=$(jq -r "select(.time >= \"$from\" and .type == \"entry\") | .time" sig.jsonl |
	    while read -r t; do sed -n "$(grep -nx "$t" times | cut -d: -f1)p" candle_x; done)
	assert_equal "$(xs a.svg "//*[@class='marker entry']")" "$want"
}

@test "-e: an unnamed formula marks each of its scan hits" {
	pe-chart --tail 120 -e 'rsi(14) < 35' "$G" >a.svg
	from=$(first_time 120 "$G")
	want=$(pe-eval 'rsi(14) < 35' "$G" | jq -c "select(.time >= \"$from\")" | wc -l)
	[ "$want" -ge 5 ]
	assert_equal "$(classes a.svg 'marker hit')" "$want"
	assert_equal "$(count "//*[starts-with(@class,'marker')]" a.svg)" "$want"
	# labelled with the expression: once a run of hits on bars in a row
	runs=$(pe-eval 'rsi(14) < 35' "$G" | jq -r "select(.time >= \"$from\") | .time" |
	    while read -r t; do grep -n "^$t," "$G" | cut -d: -f1; done |
	    awk 'NR == 1 || $1 != prev + 1 { n++ } { prev = $1 } END { print n }')
	assert_equal "$(classes a.svg hit-label)" "$runs"
	assert_equal "$(xmllint --xpath "//*[@class='hit-label']/text()" a.svg | sort -u)" 'rsi(14) &lt; 35'
	# a named one by its name, in the colour of its diamonds
	pe-chart --tail 120 -e 'oversold: rsi(14) < 35' "$G" >b.svg
	assert_equal "$(xmllint --xpath "//*[@class='hit-label']/text()" b.svg | sort -u)" oversold
	assert_equal "$(xmllint --xpath "string(//*[@class='hit-label']/@fill)" b.svg)" \
	    "$(xmllint --xpath "string(//*[@class='marker hit']/@fill)" b.svg)"
}

# ---- formula lines ----

# yrange FILE XPATH: "X YHIGH YLOW" of each candle the expression selects
# (its wick runs from the high's y down to the low's), one a line.
yrange() {
	xmllint --xpath "$2/@d" "$1" |
	    sed -E 's/^ *d="M([-0-9.]+) ([-0-9.]+)V[-0-9.]+M[-0-9.]+ [-0-9.]+V([-0-9.]+).*/\1 \2 \3/'
}

@test "formula lines: a named number over the prices in their scale, else a panel; conditions stay markers" {
	R=$DATA_DIR/requested.pe
	pe-chart -f "$R" -e 'rsi(14) < 30' "$G" >a.svg
	xmllint --noout a.svg
	# ha_close and chandelier_long are prices; chop, ulcer, tsi are not
	assert_equal "$(classes a.svg 'overlay formula')" 2
	assert_equal "$(count "//*[@class='panel price']//*[@class='overlay formula']" a.svg)" 2
	assert_equal "$(classes a.svg 'panel formula')" 3
	assert_equal "$(count "//*[@class='panel formula']//*[@class='line formula']" a.svg)" 3
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" a.svg | tr '\n' ' ')" \
	    'ha_close chandelier_long '
	assert_equal "$(xmllint --xpath "//*[@class='panel formula']//*[@class='legend']/text()" a.svg | tr '\n' ' ')" \
	    'chop ulcer tsi '
	# the panels come after volume, in the file's order
	assert_equal "$(xmllint --xpath "//*[starts-with(@class,'panel ')]/@class" a.svg | tr -d '\n')" \
	    ' class="panel price" class="panel volume" class="panel formula" class="panel formula" class="panel formula"'
	# the condition: a diamond at each of pe-eval's hits
	from=$(first_time 250 "$G")
	want=$(pe-eval 'rsi(14) < 30' "$G" | jq -c "select(.time >= \"$from\")" | wc -l)
	[ "$want" -ge 5 ]
	assert_equal "$(classes a.svg 'marker hit')" "$want"
	# a value a bar: the Heikin-Ashi close, between each candle's high
	# and low (one decimal of a pixel either way)
	yrange a.svg "//*[starts-with(@class,'candle ')]" >candles
	points "$(ds a.svg "(//*[@class='overlay formula'])[1]")" >ha
	assert_equal "$(wc -l <ha)" 250
	run awk 'NR == FNR { hi[FNR] = $2; lo[FNR] = $3; next }
	    !($2 >= hi[FNR] - 0.1 && $2 <= lo[FNR] + 0.1) { bad++ }
	    END { print FNR, bad + 0 }' candles ha
	assert_output '250 0'
}

@test "formula lines: the values of pe-indicators, warmed up on every bar, NaN breaking the line" {
	# 60 bars; tsi's first value is at bar 37: 23 of the last 40 drawn
	head -n 61 "$G" >sixty.csv
	pe-chart --tail 40 -f "$DATA_DIR/requested.pe" sixty.csv >a.svg
	want=$(pe-indicators --tail 40 -f "$DATA_DIR/requested.pe" sixty.csv |
	    cut -d, -f10 | sed 1d | grep -c .)
	assert_equal "$want" 23
	d=$(ds a.svg "//*[@class='panel formula'][3]//*[@class='line formula']")
	assert_equal "$(points "$d" | wc -l)" 23
	assert_equal "$(tr -cd M <<<"$d" | wc -c)" 1
	# a gap in the middle: a value on even bars only
	pe-chart --tail 40 -e 'even: iif(bar_index % 2 == 0, close, 0 / 0)' \
	    sixty.csv >b.svg
	d=$(ds b.svg "//*[@class='overlay formula']")
	assert_equal "$(tr -cd M <<<"$d" | wc -c)" 20
	assert_equal "$(tr -cd L <<<"$d" | wc -c)" 0
}

@test "formula lines: the price-scale rule, at its edges and over the bars drawn" {
	# lows 2 3 5 5 6, highs 2 4 6 6 8: 2..8, half its height is 3, so a
	# line goes over the prices within -1..11
	mk c.csv "$HDR" 2024-01-01,2,2,2,2,10 2024-01-02,3,4,3,4,20 \
	    2024-01-03,5,6,5,6,30 2024-01-04,6,6,5,5,40 2024-01-05,6,8,6,8,50
	pe-chart -e 'a: close + 3' -e 'b: close + 3.01' -e 'c: close - 3' \
	    -e 'd: close - 3.5' c.csv >a.svg
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" a.svg | tr '\n' ' ')" \
	    'a c '
	assert_equal "$(xmllint --xpath "//*[@class='panel formula']//*[@class='legend']/text()" a.svg | tr '\n' ' ')" \
	    'b d '
	# the last 2 bars: 5..8, so 3.5..9.5; a (8, 11) no longer fits
	pe-chart --tail 2 -e 'a: close + 3' -e 'c: close - 1.5' c.csv >b.svg
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" b.svg | tr '\n' ' ')" \
	    'c '
	assert_equal "$(classes b.svg 'panel formula')" 1
	# no value in the window: a panel, empty
	pe-chart --tail 2 -e 'n: close[9]' c.csv >n.svg
	assert_equal "$(classes n.svg 'panel formula')" 1
	assert_equal "$(xmllint --xpath "string(//*[@class='line formula']/@d)" n.svg)" ''
	# pe-formula(7)'s example: ha over the prices, dist in a panel,
	# above a marker where it holds (bars 3 and 5)
	sed -n '/^\$ cat cols.pe$/,/^\$ pe-indicators/p' "$REPO_DIR/man/pe-formula.7" |
	    sed '1d; $d' >cols.pe
	pe-chart -f cols.pe c.csv >f.svg
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" f.svg)" HA
	assert_equal "$(xmllint --xpath "//*[@class='panel formula']//*[@class='legend']/text()" f.svg)" dist
	assert_equal "$(classes f.svg 'marker hit')" 2
}

@test "--signals: markers from a signal file, by time and by symbol" {
	printf '%s\n' "${F[@]}" >f.pe
	pe-eval -f f.pe "$G" >one.jsonl
	pe-chart --tail 400 -f f.pe "$G" >a.svg
	pe-chart --tail 400 --signals one.jsonl "$G" >b.svg
	# The same markers (in another order: by time, not by formula).
	diff <(grep -v 'class="marker' a.svg) <(grep -v 'class="marker' b.svg)
	diff <(grep 'class="marker' a.svg | sort) <(grep 'class="marker' b.svg | sort)
	# One symbol in the file, another name for the chart: times match.
	pe-chart --tail 400 --signals one.jsonl --symbol GOOG <"$G" >c.svg
	assert_equal "$(count "//*[starts-with(@class,'marker')]" c.svg)" \
	    "$(count "//*[starts-with(@class,'marker')]" a.svg)"
	# Several symbols: only the chart's own count.  msft's signals fall
	# on dates goog has too, so matching by time alone would add some.
	cp "$M" msft.csv
	cp "$G" goog.csv
	pe-eval -e 'close > open' msft.csv goog.csv >two.jsonl
	pe-eval -e 'close > open' goog.csv >goog.jsonl
	pe-chart --signals two.jsonl goog.csv >d.svg
	pe-chart --signals goog.jsonl goog.csv >e.svg
	assert_equal "$(classes d.svg 'marker hit')" "$(classes e.svg 'marker hit')"
	assert_equal "$(classes d.svg 'marker hit')" "$(classes d.svg 'candle up')"
	# From a pipe.
	pe-eval -e 'close > open' goog.csv | pe-chart --signals - goog.csv | cmp - e.svg
	# Result lines and blank lines are no signals.
	{ echo '{"symbol":"X","status":"error","reason":"no data"}'; echo; } >>goog.jsonl
	pe-chart --signals goog.jsonl goog.csv | cmp - e.svg
}

@test "--signals: a bad line is a data error naming the line" {
	printf '%s\n' '{"time":"2008-10-14"}' '{"time":"2008-10-14",' >bad.jsonl
	run --separate-stderr pe-chart --signals bad.jsonl "$G"
	fails_with 3 'pe-chart: bad.jsonl:2: not a JSON object'
	printf '%s\n' '{"time":"2008-10-14","type":"buy"}' >bad.jsonl
	run --separate-stderr pe-chart --signals bad.jsonl "$G"
	fails_with 3 'pe-chart: bad.jsonl:1: unknown type (expected scan_hit, entry, exit, short or cover)'
	run --separate-stderr pe-chart --signals - "$G" <bad.jsonl
	fails_with 3 'pe-chart: stdin:1: unknown type (expected scan_hit, entry, exit, short or cover)'
	run --separate-stderr pe-chart --signals nosuch.jsonl "$G"
	fails_with 2 'pe-chart: nosuch.jsonl: No such file or directory'
}

# ---- backtests: --trades and --equity ----

# Ten daily bars of S (up candles hollow: 01-03, 01-08, 01-10, 01-11 up;
# 01-09 and 01-12 down), and pe-backtest's lines for them: a long that
# won (entry at 01-03's open, exit at 01-08's close), a short that lost
# (01-09's open to 01-11's close), a long of return 0, which counts as
# lost (01-11's open to 01-12's close); two trades at no bar (a day
# before the data, a time of day); a stats line.
bt_files() {
	mk S.csv "$HDR" 2024-01-02,10,11,9.5,10.5,100 2024-01-03,10.5,11.5,10,11,100 \
	    2024-01-04,11,12,10.5,11.8,100 2024-01-05,11.8,12.2,11.2,11.5,100 \
	    2024-01-08,11.5,12.5,11.4,12,100 2024-01-09,12,12.3,11.6,11.7,100 \
	    2024-01-10,11.7,12.6,11.7,12.4,100 2024-01-11,12.4,12.8,12.2,12.5,100 \
	    2024-01-12,12.5,12.9,12.1,12.4,100 2024-01-16,12.4,12.6,11.9,12.1,100
	mk trades.jsonl \
	    '{"type":"trade","symbol":"S","side":"long","entry":"buy","entry_time":"2024-01-03","entry_price":10.5,"exit":"sell","exit_time":"2024-01-08","exit_price":12,"reason":"signal","bars":3,"return":0.142857,"mae":-0.05,"mfe":0.19}' \
	    '{"type":"trade","symbol":"S","side":"short","entry":"short","entry_time":"2024-01-09","entry_price":12,"exit":null,"exit_time":"2024-01-11","exit_price":12.5,"reason":"stop","bars":2,"return":-0.041667,"mae":-0.067,"mfe":0.025}' \
	    '{"type":"trade","symbol":"S","side":"long","entry":"buy","entry_time":"2024-01-11","entry_price":12.4,"exit":null,"exit_time":"2024-01-12","exit_price":12.4,"reason":"end","bars":1,"return":0,"mae":-0.024,"mfe":0.04}' \
	    '{"type":"trade","symbol":"S","side":"long","entry":"buy","entry_time":"2023-12-01","entry_price":9,"exit":"sell","exit_time":"2024-01-03","exit_price":11,"reason":"signal","bars":1,"return":0.2,"mae":0,"mfe":0.2}' \
	    '{"type":"trade","symbol":"S","side":"short","entry":"short","entry_time":"2024-01-03T15:30:00Z","entry_price":11,"exit":null,"exit_time":"2024-01-04","exit_price":11.8,"reason":"time","bars":1,"return":-0.07,"mae":-0.09,"mfe":0}' \
	    '{"type":"stats","symbol":"S","trades":5,"win_rate":0.4}'
	# peak 1.2 on 01-03, then 0.9 on 01-04: a drawdown of 1 - 0.9/1.2 = 25%
	mk eq.csv time,equity,cash,positions 2024-01-02,1,1,0 2024-01-03,1.2,0,1 \
	    2024-01-04,0.9,0,1 2024-01-05,1,1,0 2024-01-08,1.1,0,1
}

# ds FILE XPATH: the d of each element, one a line, in document order.
ds() {
	xmllint --xpath "$2/@d" "$1" | sed -E 's/^ *d="([^"]*)"$/\1/'
}

# tip D: an arrow's tip, "X Y" (its first point).
tip() {
	sed -E 's/^M([-0-9.]+) ([-0-9.]+)L.*/\1 \2/' <<<"$1"
}

# points D: the points of a path of M and L commands, "X Y" a line.
points() {
	sed -E 's/Z$//; s/([ML])/\n/g' <<<"$1" | sed '/^$/d'
}

# oc FILE N: "X Y(open) Y(close)" of the N-th candle of FILE (its path:
# the wick to the body's top, then from the body's bottom; up candles'
# tops are their closes).
oc() {
	local cls d x top bot
	cls=$(xmllint --xpath "string((//*[starts-with(@class,'candle ')])[$2]/@class)" "$1")
	d=$(xmllint --xpath "string((//*[starts-with(@class,'candle ')])[$2]/@d)" "$1")
	x=$(sed -E 's/^M([-0-9.]+) .*/\1/' <<<"$d")
	top=$(sed -E 's/^M[^V]*V([-0-9.]+)M.*/\1/' <<<"$d")
	bot=$(sed -E 's/^M[^V]*V[-0-9.]+M[-0-9.]+ ([-0-9.]+)V.*/\1/' <<<"$d")
	if [[ $cls == 'candle up' ]]; then echo "$x $bot $top"; else echo "$x $top $bot"; fi
}

@test "--trades: a line and two arrows a trade, coloured by outcome, tips on the fills" {
	bt_files
	run --separate-stderr pe-chart --trades trades.jsonl -o a.svg S.csv
	assert_success
	assert_output ''
	# 2 of the 5 trades are at no bar of S: one note, as --signals says it
	stderr_is 'pe-chart: trades.jsonl: 2 trades at no bar of S left out'
	xmllint --noout a.svg
	assert_equal "$(count "//*[starts-with(@class,'trade ')]" a.svg)" 3
	assert_equal "$(classes a.svg 'trade long won')" 1
	assert_equal "$(classes a.svg 'trade short lost')" 1
	assert_equal "$(classes a.svg 'trade long lost')" 1
	assert_equal "$(classes a.svg 'trade-entry long')" 2
	assert_equal "$(classes a.svg 'trade-exit long')" 2
	assert_equal "$(classes a.svg 'trade-entry short')" 1
	assert_equal "$(classes a.svg 'trade-exit short')" 1
	# won: green; lost (return <= 0): red; entries green, exits red
	assert_equal "$(xmllint --xpath "string(//*[@class='trade long won']/@stroke)" a.svg)" '#1a7f37'
	assert_equal "$(count "//*[starts-with(@class,'trade ') and contains(@class,'lost') and @stroke='#cf222e']" a.svg)" 2
	assert_equal "$(count "//*[starts-with(@class,'trade-entry') and @fill='#1a7f37']" a.svg)" 3
	assert_equal "$(count "//*[starts-with(@class,'trade-exit') and @fill='#cf222e']" a.svg)" 3
	# Tips on the fills: the long's entry at 01-03's open (candle 2),
	# its exit at 01-08's close (candle 5), the short's entry at 01-09's
	# open (6), its exit at 01-11's close (8), the last long from 01-11's
	# open to 01-12's close (9).
	read -r x2 o2 c2 <<<"$(oc a.svg 2)"
	read -r x5 o5 c5 <<<"$(oc a.svg 5)"
	read -r x6 o6 c6 <<<"$(oc a.svg 6)"
	read -r x8 o8 c8 <<<"$(oc a.svg 8)"
	read -r x9 o9 c9 <<<"$(oc a.svg 9)"
	assert_equal "$(ds a.svg "//*[@class='trade-entry long']" | while read -r d; do tip "$d"; done)" \
	    "$(lines "$x2 $o2" "$x8 $o8")"
	assert_equal "$(ds a.svg "//*[@class='trade-exit long']" | while read -r d; do tip "$d"; done)" \
	    "$(lines "$x5 $c5" "$x9 $c9")"
	assert_equal "$(tip "$(ds a.svg "//*[@class='trade-entry short']")")" "$x6 $o6"
	assert_equal "$(tip "$(ds a.svg "//*[@class='trade-exit short']")")" "$x8 $c8"
	# each line joins its two tips
	assert_equal "$(points "$(ds a.svg "//*[@class='trade long won']")")" \
	    "$(lines "$x2 $o2" "$x5 $c5")"
	assert_equal "$(points "$(ds a.svg "//*[@class='trade short lost']")")" \
	    "$(lines "$x6 $o6" "$x8 $c8")"
	# Arrows point the way of the order: a buy up (its body under the
	# tip, y growing downwards), a sell down.  A long buys then sells, a
	# short sells then buys.
	below() {	# below D: the arrow's body is under its tip
		local p
		p=($(points "$1" | sed -n '1p;2p' | cut -d' ' -f2))
		awk -v a="${p[0]}" -v b="${p[1]}" 'BEGIN { exit !(b > a) }'
	}
	below "$(ds a.svg "(//*[@class='trade-entry long'])[1]")"
	below "$(ds a.svg "(//*[@class='trade-exit long'])[1]")" &&
	    fail "a long's exit (a sell) points up"
	below "$(ds a.svg "//*[@class='trade-entry short']")" &&
	    fail "a short's entry (a sell) points up"
	below "$(ds a.svg "//*[@class='trade-exit short']")"
	# the legend says what is drawn
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" a.svg | tr '\n' '|')" \
	    'trades: 1 won|2 lost|▲ long|▼ short|exit|'
	# lines under arrows, all over the candles
	run grep -n -m1 -e 'class="trade ' -e 'class="trade-' a.svg
	[[ $output == *'class="trade '* ]]
}

@test "--trades: by symbol when the file holds several, else by time; stdin; the window; -q" {
	bt_files
	pe-chart -q --trades trades.jsonl S.csv >a.svg
	# one symbol in the file, another name for the chart: times match
	pe-chart -q --trades trades.jsonl --symbol OTHER <S.csv >b.svg
	assert_equal "$(count "//*[starts-with(@class,'trade')]" b.svg)" 9
	# several symbols: only the chart's; T's trade on S's bars is left
	# out, and its bars are not S's to count in the note
	cp trades.jsonl two.jsonl
	sed 's/"symbol":"S"/"symbol":"T"/' trades.jsonl | head -n 1 >>two.jsonl
	run --separate-stderr pe-chart --trades two.jsonl -o c.svg S.csv
	assert_success
	stderr_is 'pe-chart: two.jsonl: 2 trades at no bar of S left out'
	cmp a.svg c.svg
	# from a pipe, blank lines and lines of no type skipped
	{ cat trades.jsonl; echo; echo '{"symbol":"S","status":"error"}'; } |
	    pe-chart -q --trades - S.csv | cmp - a.svg
	# the last 4 bars (01-10 on): the won long is left out, the short's
	# line is cut at the left edge with no entry arrow, the last long whole
	run --separate-stderr pe-chart --tail 4 --trades trades.jsonl S.csv
	assert_success
	echo "$output" >d.svg
	assert_equal "$(count "//*[starts-with(@class,'trade ')]" d.svg)" 2
	assert_equal "$(classes d.svg 'trade-entry short')" 0
	assert_equal "$(classes d.svg 'trade-exit short')" 1
	assert_equal "$(classes d.svg 'trade-entry long')" 1
	read -r x0 y0 <<<"$(points "$(ds d.svg "//*[@class='trade short lost']")" | head -n 1)"
	left=$(xmllint --xpath "string((//*[@class='frame'])[1]/@x)" d.svg)
	awk -v x="$x0" -v l="$left" 'BEGIN { exit !(x < l) }'
	assert_equal "$(xmllint --xpath "//*[@class='panel price']//*[@class='legend']/text()" d.svg | tr '\n' '|')" \
	    'trades: 0 won|2 lost|▲ long|▼ short|exit|'
	# -q: no note, the same chart
	run --separate-stderr pe-chart -q --trades trades.jsonl S.csv
	assert_success
	stderr_empty
}

@test "--trades: a bad line is a data error naming the file, the line and the key" {
	bt_files
	mk bad.jsonl "$(head -n 1 trades.jsonl)" \
	    '{"type":"trade","symbol":"S","side":"long","entry_time":"2024-01-03","entry_price":10.5,"exit_time":"2024-01-08","exit_price":"12","return":0.1}'
	run --separate-stderr pe-chart --trades bad.jsonl S.csv
	fails_with 3 'pe-chart: bad.jsonl:2: "exit_price" is not a number'
	run --separate-stderr pe-chart --trades - S.csv <bad.jsonl
	fails_with 3 'pe-chart: stdin:2: "exit_price" is not a number'
	mk bad.jsonl '{"type":"stats"}' '{"type":"trade",' 
	run --separate-stderr pe-chart --trades bad.jsonl S.csv
	fails_with 3 'pe-chart: bad.jsonl:2: not a JSON object'
	mk bad.jsonl '{"type":"trade","side":"flat"}'
	run --separate-stderr pe-chart --trades bad.jsonl S.csv
	fails_with 3 'pe-chart: bad.jsonl:1: "side" is not "long" or "short"'
	mk bad.jsonl '{"type":"trade","side":"long","entry_time":"2024-01-08","entry_price":1,"exit_time":"2024-01-03","exit_price":1,"return":0}'
	run --separate-stderr pe-chart --trades bad.jsonl S.csv
	fails_with 3 'pe-chart: bad.jsonl:1: "exit_time" is before "entry_time"'
	run --separate-stderr pe-chart --trades nosuch.jsonl S.csv
	fails_with 2 'pe-chart: nosuch.jsonl: No such file or directory'
	run --separate-stderr pe-chart --trades - <S.csv
	fails_with 2 'pe-chart: --trades - needs the candles from a file, not stdin'
	run --separate-stderr pe-chart --signals - --trades - S.csv </dev/null
	fails_with 2 'pe-chart: --signals - and --trades -: only one can read stdin'
}

@test "--equity: an account's heading and legend to six significant digits" {
	mk acct.csv time,equity,cash,positions 2024-01-01,100000,100000,0 \
	    2024-01-02,98420.33444994301,65107.2861894,2
	run --separate-stderr pe-chart --equity acct.csv -o a.svg
	ok_with
	assert_equal "$(xmllint --xpath "string(//*[@class='info'])" a.svg)" \
	    '2024-01-02  equity 98420.3  drawdown -1.6%'
	assert_equal "$(xmllint --xpath "//*[@class='legend']/text()" a.svg | head -1)" \
	    'equity 100000 → 98420.3 (-1.6%)'
}

@test "--equity alone: the equity and drawdown panels only; peak 1.2 then 0.9 is -25%" {
	bt_files
	run --separate-stderr pe-chart --equity eq.csv -o e.svg
	ok_with
	xmllint --noout e.svg
	assert_equal "$(count "//*[starts-with(@class,'panel ')]" e.svg)" 2
	assert_equal "$(classes e.svg 'panel equity')" 1
	assert_equal "$(classes e.svg 'panel drawdown')" 1
	assert_equal "$(count "//*[starts-with(@class,'candle')] | //*[@class='volume']" e.svg)" 0
	assert_equal "$(xmllint --xpath "string(//*[@class='title'])" e.svg)" eq.csv
	assert_equal "$(xmllint --xpath "string(//*[@class='info'])" e.svg)" \
	    '2024-01-08  equity 1.1  drawdown -8.3%'
	assert_equal "$(xmllint --xpath "//*[@class='legend']/text()" e.svg | tr '\n' '|')" \
	    'equity 1 → 1.1 (+10%)|drawdown, max -25%|'
	# the drawdown axis in percent, from the worst (-25%) to 0
	assert_equal "$(xmllint --xpath "//*[@class='panel drawdown']//*[@class='ylabel']/text()" e.svg | tr '\n' ' ')" \
	    '-20% -10% 0% '
	# one point a row; the drawdown 0 0 -25 -16.7 -8.3 (percent): its 0
	# on the data area's top, its -25 on the bottom (the headroom: 5% of
	# the panel's height inside the frame)
	assert_equal "$(points "$(ds e.svg "//*[@class='line equity']")" | wc -l)" 5
	read -r fy fh <<<"$(xmllint --xpath "string(//*[@class='panel drawdown']/*[@class='frame']/@y)" e.svg) $(xmllint --xpath "string(//*[@class='panel drawdown']/*[@class='frame']/@height)" e.svg)"
	points "$(ds e.svg "//*[@class='line drawdown']")" >dd
	# (within the 0.1 px the coordinates are written to)
	run awk -v y="$fy" -v h="$fh" '{ t = y + h * 0.05; b = y + h - h * 0.05;
	    i = NR - 1; v = (i == 0 || i == 1) ? 0 : (i == 2 ? -25 : (i == 3 ? -100 / 6 : -100 / 12));
	    e = t + (0 - v) / 25 * (b - t); d = $2 - e
	    if (d > 0.11 || d < -0.11) print NR ": " $2 " is not " e }' dd
	assert_output ''
	# the worst is the third row's: its x is the equity line's third point
	assert_equal "$(sed -n 3p dd | cut -d' ' -f1)" \
	    "$(points "$(ds e.svg "//*[@class='line equity']")" | sed -n 3p | cut -d' ' -f1)"
	# the area hangs from 0: it starts and ends on the 0% line
	assert_equal "$(classes e.svg 'area drawdown')" 1
	assert_equal "$(xmllint --xpath "string(//*[@class='area drawdown']/@fill)" e.svg)" '#cf222e'
	# every row is drawn by default (no 250), from stdin too
	{ echo time,equity; for i in $(seq 0 299); do
		date -u -d "2020-01-01 + $i days" +%F,$((100 + i % 7)); done; } >long.csv
	pe-chart --equity - <long.csv >f.svg
	assert_equal "$(points "$(ds f.svg "//*[@class='line equity']")" | wc -l)" 300
	pe-chart --equity long.csv --tail 20 >g.svg
	assert_equal "$(points "$(ds g.svg "//*[@class='line equity']")" | wc -l)" 20
	pe-chart --equity long.csv --since 2020-10-01 >g.svg	# to 10-26
	assert_equal "$(points "$(ds g.svg "//*[@class='line equity']")" | wc -l)" 26
	run --separate-stderr pe-chart --equity long.csv --since 2021-01-01
	fails_with 3 'pe-chart: long.csv: no rows at or after --since'
}

@test "--equity with candles: panels under the others, rows placed by time, peaks from the file's start" {
	bt_files
	# a row on Saturday 01-06, between the bars of 01-05 and 01-08
	mk eq2.csv time,equity 2024-01-02,1 2024-01-03,1.2 2024-01-04,0.9 \
	    2024-01-05,1 2024-01-06,1.05 2024-01-08,1.1 2024-02-01,2
	pe-chart --equity eq2.csv -i rsi:3 --trades trades.jsonl -q S.csv >a.svg
	assert_equal "$(xmllint --xpath "//*[starts-with(@class,'panel ')]/@class" a.svg | tr -d '"' | tr '\n' ' ')" \
	    ' class=panel price  class=panel volume  class=panel rsi  class=panel equity  class=panel drawdown '
	# rows of 01-02 to 01-08 are in the window; 02-01 is after its last bar
	points "$(ds a.svg "//*[@class='line equity']")" | cut -d' ' -f1 >ex
	assert_equal "$(wc -l <ex)" 6
	xs a.svg "//*[starts-with(@class,'candle ')]" >cx
	assert_equal "$(sed -n '1,4p' ex)" "$(sed -n '1,4p' cx)"
	assert_equal "$(sed -n 6p ex)" "$(sed -n 5p cx)"
	# Saturday: a third of the way from Friday's bar to Monday's
	awk -v a="$(sed -n 4p cx)" -v b="$(sed -n 5p cx)" -v x="$(sed -n 5p ex)" \
	    'BEGIN { w = a + (b - a) / 3; exit !(x > w - 0.1 && x < w + 0.1) }'
	# --tail 3 (01-11 on): no row there, and none drawn
	pe-chart --equity eq2.csv --tail 3 S.csv >b.svg
	assert_equal "$(classes b.svg 'line equity')" 0
	assert_equal "$(xmllint --xpath "//*[@class='legend']/text()" b.svg | tr '\n' '|')" \
	    'volume|equity: no rows here|drawdown|'
	# --tail 7 (01-05 on): the peak is still 01-03's 1.2: 01-05's 1 is
	# -16.7%, the worst drawn
	pe-chart --equity eq.csv --tail 7 S.csv >c.svg
	assert_equal "$(xmllint --xpath "//*[@class='legend']/text()" c.svg | tr '\n' '|')" \
	    'volume|equity 1 → 1.1 (+10%)|drawdown, max -16.7%|'
}

@test "--equity: bad headers and rows are data errors naming the file and line; usage errors" {
	bt_files
	mk bad.csv time,equity 2024-01-02,1 2024-01-03,x
	run --separate-stderr pe-chart --equity bad.csv
	fails_with 3 "pe-chart: bad.csv:3: equity is not a number: 'x'"
	run --separate-stderr pe-chart --equity bad.csv S.csv
	fails_with 3 "pe-chart: bad.csv:3: equity is not a number: 'x'"
	run --separate-stderr pe-chart --equity - <bad.csv
	fails_with 3 "pe-chart: stdin:3: equity is not a number: 'x'"
	mk bad.csv time,equity 2024-01-02,1 2024-01-02,2
	run --separate-stderr pe-chart --equity bad.csv
	fails_with 3 'pe-chart: bad.csv:3: times not increasing at 2024-01-02'
	mk bad.csv time,equity 2024-01-02,-3
	run --separate-stderr pe-chart --equity bad.csv
	fails_with 3 "pe-chart: bad.csv:2: equity is negative: '-3'"
	mk bad.csv time,value 2024-01-02,1
	run --separate-stderr pe-chart --equity bad.csv
	fails_with 3 'pe-chart: bad.csv:1: no equity column in the header (expected time,equity)'
	mk bad.csv time,equity
	run --separate-stderr pe-chart --equity bad.csv
	fails_with 3 'pe-chart: bad.csv: no rows after the header'
	run --separate-stderr pe-chart --equity /dev/null
	fails_with 3 'pe-chart: /dev/null: empty input (expected the header time,equity)'
	run --separate-stderr pe-chart --equity nosuch.csv
	fails_with 2 'pe-chart: nosuch.csv: No such file or directory'
	run --separate-stderr pe-chart --equity - - <S.csv
	fails_with 2 'pe-chart: --equity - needs the candles from a file, not stdin'
	run --separate-stderr pe-chart --equity - --trades - S.csv </dev/null
	fails_with 2 'pe-chart: --trades - and --equity -: only one can read stdin'
	for o in '-i sma:2' '-e close>0' '--signals trades.jsonl' '--trades trades.jsonl'; do
		run --separate-stderr pe-chart --equity eq.csv $o
		fails_with 2 "pe-chart: -i, -e, -f, --signals and --trades draw on candles: give an INPUT with --equity ('-' for stdin)"
	done
	# with '-', the candles come from stdin
	pe-chart --equity eq.csv - <S.csv >a.svg
	assert_equal "$(classes a.svg 'panel price')" 1
}

@test "--trades and --equity to PNG" {
	bt_files
	pe-chart --equity eq.csv -o eq.png
	assert_equal "$(png_size eq.png)" '1200 700'
	pe-chart -q --size 800x600 --trades trades.jsonl --equity eq.csv -o all.png S.csv
	assert_equal "$(png_size all.png)" '800 600'
	pe-chart --theme dark --equity eq.csv >d.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='area drawdown']/@fill)" d.svg)" '#f85149'
}

# ---- output ----

# png_size FILE: "W H" from the IHDR chunk, after checking the signature.
png_size() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
	[ "$(dd if="$1" bs=1 skip=12 count=4 2>/dev/null)" = IHDR ]
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'
}

@test "-o chart.png: a PNG of the asked size; --format png to stdout" {
	mkdir out
	run --separate-stderr pe-chart --size 640x480 -i sma:20 -o out/chart.png "$G"
	ok_with
	assert_equal "$(png_size out/chart.png)" '640 480'
	pe-chart --format png --size 1000x333 "$G" >out/out.bin
	assert_equal "$(png_size out/out.bin)" '1000 333'
	pe-chart -o out/CHART.PNG "$G"
	assert_equal "$(png_size out/CHART.PNG)" '1200 700'
	dir_is out CHART.PNG chart.png out.bin
}

@test "-o chart.svg writes the file, atomically; --format svg wins" {
	mkdir out
	pe-chart -o out/chart.svg "$G"
	pe-chart "$G" | cmp - out/chart.svg
	pe-chart --format svg -o out/x.png "$G"
	cmp out/x.png out/chart.svg
	dir_is out chart.svg x.png
	run --separate-stderr pe-chart -o nodir/c.svg "$G"
	assert_failure 3
	stderr_matches '^pe-chart: nodir'
}

@test "PNG without rsvg-convert: a clear error, exit 3, no file left" {
	bin=$(command -v pe-chart)
	mkdir out
	run --separate-stderr env PATH=/nonexistent "$bin" -o out/c.png "$G"
	fails_with 3 'pe-chart: cannot run rsvg-convert: No such file or directory (PNG output needs it: Debian package librsvg2-bin)'
	dir_is out
	# A converter that fails: the same, with its own message.
	mkdir fake
	printf '#!/bin/sh\ncat >/dev/null; echo broken >&2; exit 1\n' >fake/rsvg-convert
	chmod +x fake/rsvg-convert
	run --separate-stderr env PATH="$PWD/fake:$PATH" pe-chart -o out/c.png "$G"
	assert_failure 3
	assert_output ''
	stderr_is broken 'pe-chart: rsvg-convert failed to make the PNG'
	dir_is out
}

@test "--theme dark and light; --title, escaped" {
	pe-chart --theme dark --title 'A&B <1>' "$G" >d.svg
	xmllint --noout d.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='background']/@fill)" d.svg)" '#0d1117'
	assert_equal "$(xmllint --xpath "string(//*[@class='title'])" d.svg)" 'A&B <1>'
	pe-chart --theme light "$G" >l.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='background']/@fill)" l.svg)" '#ffffff'
	assert_equal "$(xmllint --xpath "string(//*[@class='title'])" l.svg)" goog_2004_2008
}

@test "time labels: the first bar, then months and years for daily bars, HH:MM and dates intraday" {
	pe-chart "$G" >a.svg	# from 2007-10-18 (the first bar: its month)
	assert_equal "$(xmllint --xpath "//*[@class='xlabel']/text()" a.svg | tr '\n' ' ')" \
	    'Oct 2007 Nov Dec Jan 2008 Feb Mar Apr May Jun Jul Aug Sep Oct '
	gen_candles --timeframe 5m --bars 400 --seed 3 -o d
	pe-chart --tail 200 d/S0001.csv >b.svg	# from 16:40
	assert_equal "$(xmllint --xpath "//*[@class='xlabel']/text()" b.svg | tr '\n' ' ')" \
	    '16:40 2020-01-01 18:00 20:00 22:00 00:00 2020-01-02 02:00 04:00 06:00 08:00 '
	# a grid line a tick, none at the first bar (the frame's edge)
	assert_equal "$(count "//*[@class='grid' and contains(@d,'V')]" b.svg)" 8
}

# ---- legibility (issue 19) ----

# texts FILE: tests/text-boxes.awk's report: overlapping pairs, then
# "texts N".
texts() {
	LC_ALL=C awk -f "$REPO_DIR/tests/text-boxes.awk" "$1"
}

@test "no text overlaps another and none is dropped: light and dark, 60, 250 and 1000 bars, six indicator panels" {
	local th n
	for th in light dark; do
		for n in 60 250 1000; do
			pe-chart --theme "$th" --tail "$n" -i ema:20 -i bbands \
			    -i rsi -i macd -i stoch -i adx -i cci -i mfi \
			    -e 'oversold: rsi(14) < 30' -f <(printf '%s\n' "${F[@]}") \
			    "$G" >c.svg
			run texts c.svg
			[[ ${lines[0]} == texts* ]] || fail "$th $n: ${lines[0]}"
			# the legends: price 2 (ema, bbands' one entry), volume,
			# rsi, macd 3, stoch 3 (its spec, slowk, slowd), adx,
			# cci, mfi; every name once, a value each but stoch's
			assert_equal "$(classes c.svg legend)" 13
			assert_equal "$(count "//*[@class='legend']/*[@class='value']" c.svg)" 12
			assert_equal "$(xmllint --xpath "//*[@class='panel macd']//*[@class='legend']/text()" c.svg | tr '\n' ' ')" \
			    'macd signal hist '
			# a label a guide line: 30 70 (rsi), 20 80 (stoch,
			# mfi), 25 (adx), -100 100 (cci), and macd's 0 where
			# its panel shows zero
			assert_equal "$(classes c.svg guide-label)" \
			    "$(count "//*[@class='guide' or @class='guide zero']" c.svg)"
			assert_equal "$(xmllint --xpath "//*[@class='panel rsi']//*[@class='guide-label']/text()" c.svg | tr '\n' ' ')" \
			    '30 70 '
			assert_equal "$(xmllint --xpath "//*[@class='panel cci']//*[@class='guide-label']/text()" c.svg | tr '\n' ' ')" \
			    '-100 100 '
			# the last close, tagged in the data's decimals
			assert_equal "$(xmllint --xpath "string(//*[@class='price-tag' and name()='text'])" c.svg)" \
			    "$(tail -n 1 "$G" | cut -d, -f5 | awk '{ printf "%.2f", $1 }')"
			# time labels: the first bar, and one a vertical grid line
			assert_equal "$(count "//*[@class='xlabel' and @y=//*[@class='xlabel'][1]/@y]" c.svg)" \
			    $(($(count "//*[@class='grid' and contains(@d,'V')]" c.svg) + 1))
			first=$(tail -n "$n" "$G" | head -n 1 | cut -c1-7)
			# its month, as its fine or its coarse label ("Jul
			# 2008" under a day)
			xmllint --xpath "//*[@class='xlabel']/text()" c.svg |
			    head -n 2 | grep -q "^$(date -u -d "$first-01" +%b)" ||
			    fail "$th $n: the first bar's month"
		done
	done
	# every month start of 250 bars is labelled, every year start of 1000
	pe-chart --tail 250 "$G" >m.svg
	for m in $(tail -n 250 "$G" | cut -c6-7 | uniq | tail -n +2); do
		xmllint --xpath "//*[@class='xlabel']/text()" m.svg |
		    grep -qx "$(date -u -d "2000-$m-01" +%b)" || fail "month $m"
	done
	pe-chart --tail 1000 "$G" >y.svg
	for y in $(tail -n 1000 "$G" | cut -c1-4 | uniq | tail -n +2); do
		xmllint --xpath "//*[@class='xlabel']/text()" y.svg |
		    grep -qx "$y" || fail "year $y"
	done
}

@test "the heading in the prices' decimals, under a long title without overlap; 5% headroom" {
	run texts "$REPO_DIR/tests/data/goog_2004_2008.csv"	# no SVG: no text
	assert_output 'texts 0'
	printf 'time,open,high,low,close,volume\n' >p.csv
	printf '2024-01-0%d,67.2,67.21,67,67.1,100\n' 1 2 3 >>p.csv
	pe-chart p.csv >p.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='info'])" p.svg)" \
	    '2024-01-03  O 67.20  H 67.21  L 67.00  C 67.10'
	# a long title: the prices go under it, still not overlapping
	pe-chart --size 400x300 --title "$(printf 'x%.0s' $(seq 40))" p.csv >q.svg
	run texts q.svg
	[[ ${lines[0]} == texts* ]] || fail "${lines[0]}"
	assert_equal "$(xmllint --xpath "string(//*[@class='info']/@y)" q.svg)" 36
	# headroom: no line closer than 5% of its panel's height to its frame
	pe-chart -i macd --theme dark "$G" >h.svg
	read -r top h <<<"$(xmllint --xpath "string(//*[@class='panel macd']/*[@class='frame']/@y)" h.svg) $(xmllint --xpath "string(//*[@class='panel macd']/*[@class='frame']/@height)" h.svg)"
	xmllint --xpath "string(//*[@class='line macd'][1]/@d)" h.svg |
	    grep -oE '[ML][-0-9.]+ [-0-9.]+' | cut -d' ' -f2 |
	    awk -v t="$top" -v h="$h" '$1 < t + 0.05 * h - 0.1 || $1 > t + 0.95 * h + 0.1 { bad++ } END { exit bad > 0 }'
}

# ---- the pictures: charts rendered by rsvg-convert, looked at ----

# png_probe ARG...: tools/png-probe (a PNG's size and the pixels of
# rectangles unlike a background), make check's build of it, else
# build/'s, made first when missing.
png_probe() {
	if [[ -n ${BUILD:-} ]]; then
		"$BUILD/tools/png-probe" "$@"
	else
		[[ -x $REPO_DIR/build/tools/png-probe ]] ||
		    make -s -C "$REPO_DIR" build/tools/png-probe >&2 || return
		"$REPO_DIR/build/tools/png-probe" "$@"
	fi
}

need_rsvg() {
	command -v rsvg-convert >/dev/null ||
	    skip 'no rsvg-convert (Debian package librsvg2-bin)'
}

# areas FILE: from a chart's SVG, "NAME X,Y,W,H" for the inside of each
# panel's frame (3 pixels in from it: no frame line), then "gap X,Y,W,H"
# for the rows between two panels and "margin X,Y,W,H" for the columns
# left of the panels, where nothing but the time grid is drawn.
areas() {
	awk '
	function attr(s, name) {
		if (match(s, " " name "=\"[^\"]*\"") == 0)
			return ""
		return substr(s, RSTART + length(name) + 3,
		    RLENGTH - length(name) - 4)
	}
	/<g class="panel / {
		name = $0
		sub(/.*<g class="panel /, "", name)
		sub(/".*/, "", name)
	}
	/<rect class="frame"/ {
		x = attr($0, "x"); y = attr($0, "y")
		w = attr($0, "width"); h = attr($0, "height")
		x0 = int(x) + 3; y0 = int(y) + 3
		print name, x0 "," y0 "," int(x + w) - 2 - x0 "," \
		    int(y + h) - 2 - y0
		if (n++ > 0)
			gap[n] = int(x) "," int(bottom) + 2 "," \
			    int(x + w) - int(x) "," int(y) - int(bottom) - 3
		else
			top = y
		bottom = y + h
	}
	END {
		for (i = 2; i <= n; i++)
			print "gap", gap[i]
		print "margin", "0," int(top) "," int(x) - 1 "," \
		    int(bottom) - int(top)
	}' "$1"
}

# looked_at SVG: SVG rendered to PNG by rsvg-convert, and png-probe's
# counts of the pixels unlike the background by more than the grid lines
# are (-t 32: the grid is within 22 of it in both themes), one line an
# area of areas(): "NAME X,Y,W,H N".  Checks the PNG's size is the SVG's.
looked_at() {
	local png=${1%.svg}.png bg size
	rsvg-convert "$1" >"$png" || return
	size="$(xmllint --xpath 'string(/*/@width)' "$1") $(xmllint --xpath 'string(/*/@height)' "$1")"
	bg=$(xmllint --xpath "string(//*[@class='background']/@fill)" "$1")
	areas "$1" >"$png.areas"
	png_probe -b "$bg" -t 32 "$png" $(cut -d' ' -f2 "$png.areas") \
	    >"$png.out" || return
	[[ $(head -n 1 "$png.out") == "$size" ]] ||
	    fail "$png: $(head -n 1 "$png.out"), not the SVG's $size" || return
	tail -n +2 "$png.out" | paste -d' ' "$png.areas" - | cut -d' ' -f1,2,4
}

# drawn_in: of looked_at's lines on stdin, those that say something else
# than a panel with at least a pixel a column of its width drawn in (a
# line across it, candles, bars), and blank gaps and margins.
drawn_in() {
	awk '{ split($2, r, ",") }
	$1 ~ /^(gap|margin)$/ && $3 != 0 || $1 !~ /^(gap|margin)$/ && $3 < r[3]'
}

@test "png-probe: not a PNG, no file, bad options and rectangles: the message, exit 2 or 3" {
	printf 'GIF89a' >a.gif
	run --separate-stderr png_probe a.gif
	fails_with 3 'png-probe: a.gif: not a PNG file (no PNG signature)'
	run --separate-stderr png_probe - </dev/null
	fails_with 3 'png-probe: -: not a PNG file (no PNG signature)'
	run --separate-stderr png_probe nosuch.png
	fails_with 3 'png-probe: nosuch.png: No such file or directory'
	run --separate-stderr png_probe
	fails_with 2 'usage: png-probe [-b COLOUR] [-t N] FILE [X,Y,W,H ...]'
	run --separate-stderr png_probe -x a.gif
	fails_with 2 "png-probe: unknown option '-x'" \
	    'usage: png-probe [-b COLOUR] [-t N] FILE [X,Y,W,H ...]'
	run --separate-stderr png_probe a.gif -b
	fails_with 2 "png-probe: option '-b' needs a value" \
	    'usage: png-probe [-b COLOUR] [-t N] FILE [X,Y,W,H ...]'
	run --separate-stderr png_probe -b white a.gif
	fails_with 2 "png-probe: invalid -b 'white' (expected #rrggbb or #rrggbbaa)"
	run --separate-stderr png_probe -b '#fffff' a.gif
	fails_with 2 "png-probe: invalid -b '#fffff' (expected #rrggbb or #rrggbbaa)"
	run --separate-stderr png_probe -t 256 a.gif
	fails_with 2 "png-probe: invalid -t '256' (expected 0 to 255)"
	run --separate-stderr png_probe -t -1 a.gif
	fails_with 2 "png-probe: invalid -t '-1' (expected 0 to 255)"
	for r in 1,2,3 1,2,3,0 1,2,0,4 -1,2,3,4 1,2,3,4, 1,,3,4 x 1,2,3,99999; do
		run --separate-stderr png_probe -- a.gif "$r"
		fails_with 2 "png-probe: invalid rectangle '$r' (expected X,Y,W,H, W and H at least 1)"
	done
}

@test "png-probe on a PNG of rsvg-convert's: its size, pixels unlike a colour or the most common one; a changed or cut copy refused, exit 3" {
	need_rsvg
	# 8x6: white, a red 3x2 in it, the two last rows transparent (RGBA)
	mk t.svg '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6">' \
	    '<rect width="8" height="4" fill="#ffffff"/>' \
	    '<rect x="2" y="1" width="3" height="2" fill="#ff0000"/></svg>'
	rsvg-convert t.svg >t.png
	run --separate-stderr png_probe t.png 0,0,8,6 0,0,8,4 2,1,3,2 0,4,8,2 7,5,1,1
	ok_with '8 6' '0,0,8,6 22 #ffffff' '0,0,8,4 6 #ffffff' '2,1,3,2 0 #ff0000' \
	    '0,4,8,2 0 #00000000' '7,5,1,1 0 #00000000'
	run --separate-stderr png_probe -b '#FF0000' t.png 0,0,8,4 2,1,3,2
	ok_with '8 6' '0,0,8,4 26 #ff0000' '2,1,3,2 0 #ff0000'
	run --separate-stderr png_probe -b '#ffffffff' -t 254 - 0,0,8,6 <t.png
	ok_with '8 6' '0,0,8,6 22 #ffffff'
	run --separate-stderr png_probe -b '#ffffff' -t 255 t.png 0,0,8,6
	ok_with '8 6' '0,0,8,6 0 #ffffff'
	run --separate-stderr png_probe t.png 0,0,8,7
	fails_with 2 "png-probe: rectangle '0,0,8,7' is not inside the 8x6 image"
	run --separate-stderr png_probe t.png 8,0,1,1
	fails_with 2 "png-probe: rectangle '8,0,1,1' is not inside the 8x6 image"
	# the width's first byte 0 -> 1, its CRC as it was
	cp t.png c.png
	printf '\001' | dd of=c.png bs=1 seek=16 conv=notrunc status=none
	run --separate-stderr png_probe c.png
	fails_with 3 "png-probe: c.png: bad CRC in chunk 'IHDR' at byte 8"
	head -c 33 t.png >cut.png
	run --separate-stderr png_probe cut.png
	fails_with 3 'png-probe: cut.png: truncated: no IEND chunk'
	head -c 35 t.png >cut.png
	run --separate-stderr png_probe cut.png
	fails_with 3 "png-probe: cut.png: truncated in a chunk's header at byte 33"
	head -c $(($(wc -c <t.png) - 20)) t.png >cut.png
	run --separate-stderr png_probe cut.png
	assert_failure 3
	assert_output ''
	[[ $stderr =~ ^png-probe:\ cut.png:\ truncated\ in\ chunk\ \'IDAT\'\ at\ byte\ [0-9]+$ ]] ||
	    fail "$stderr"
	cat t.png t.png >two.png
	run --separate-stderr png_probe two.png
	fails_with 3 'png-probe: two.png: data after the IEND chunk'
}

@test "the demo chart as a PNG: the SVG's size, every panel drawn in, the gaps and margin blank" {
	need_rsvg
	"$REPO_DIR/scripts/demo" >/dev/null
	run looked_at demo/chart.svg
	assert_success
	# price, volume, macd; two gaps; the margin
	assert_equal "$(cut -d' ' -f1 <<<"$output" | tr '\n' ' ')" \
	    'price volume macd gap gap margin '
	drawn_in <<<"$output" >bad
	[[ ! -s bad ]] || fail "$(cat bad)"
}

@test "a six-panel chart as a PNG, light and dark: the SVG's size, every panel drawn in, the gaps and margin blank; its panels emptied are not" {
	need_rsvg
	local th
	for th in light dark; do
		pe-chart --theme "$th" -i ema:20 -i bbands -i rsi -i macd \
		    -i stoch -i adx -i cci -i mfi \
		    -e 'oversold: rsi(14) < 30' "$G" >"$th.svg"
		run looked_at "$th.svg"
		assert_success
		assert_equal "$(cut -d' ' -f1 <<<"$output" | tr '\n' ' ')" \
		    'price volume rsi macd stoch adx cci mfi gap gap gap gap gap gap gap margin '
		drawn_in <<<"$output" >bad
		[[ ! -s bad ]] || fail "$th: $(cat bad)"
	done
	# The same chart with what each panel clips to its frame taken out
	# (its candles, lines, bars, bands, guides, markers; frame, grid and
	# legend stay): every panel falls under the count above.
	awk '/<g clip-path=/ { print; skip = 1; next }
	    skip && /^<\/g>$/ { skip = 0 } !skip' light.svg >empty.svg
	xmllint --noout empty.svg
	run looked_at empty.svg
	assert_success
	assert_equal "$(drawn_in <<<"$output" | cut -d' ' -f1 | tr '\n' ' ')" \
	    'price volume rsi macd stoch adx cci mfi '
}

# ---- input ----

@test "no candles, bad candles, no volume: data errors, exit 3" {
	run --separate-stderr pe-chart </dev/null
	fails_with 3 'pe-chart: stdin: empty input (expected a header line or JSON)'
	mk h.csv "$HDR"
	run --separate-stderr pe-chart h.csv
	fails_with 3 'pe-chart: h.csv: no candles'
	mk bad.csv "$HDR" '2024-01-02,1,2,0.5,1.5,10' '2024-01-03,1,x,0.5,1.5,10'
	run --separate-stderr pe-chart bad.csv
	fails_with 3 "pe-chart: bad.csv:3: high is not a number: 'x'"
	run --separate-stderr pe-chart --skip-bad bad.csv
	assert_success
	stderr_is 'pe-chart: bad.csv: skipped 1 bad row (1 bad number)'
	mk nov.csv 'time,open,high,low,close' '2024-01-02,1,2,0.5,1.5' '2024-01-03,1,2,0.5,1.5'
	pe-chart nov.csv >a.svg
	assert_equal "$(classes a.svg volume)" 0
	assert_equal "$(classes a.svg 'panel volume')" 0
	run --separate-stderr pe-chart -i vwap nov.csv
	fails_with 3 'pe-chart: nov.csv: no volume (vwap needs it)'
	run --separate-stderr pe-chart -e 'obv() > 0' nov.csv
	assert_failure 3
	stderr_matches '^pe-chart: nov.csv: '
}

@test "several symbols: --symbol picks one; without it, a usage error naming the first few" {
	mk s.csv "$SHDR" 'A,2024-01-02,1,2,0.5,1.5,10' 'B,2024-01-02,1,2,0.5,0.8,10' \
	    'B,2024-01-03,1,2,0.5,0.8,10'
	run --separate-stderr pe-chart s.csv
	fails_with 2 'pe-chart: s.csv: 2 symbols (A, B): choose one with --symbol'
	pe-chart --symbol B s.csv >b.svg
	assert_equal "$(classes b.svg 'candle down')" 2
	assert_equal "$(xmllint --xpath "string(//*[@class='title'])" b.svg)" B
	run --separate-stderr pe-chart --symbol C s.csv
	fails_with 3 "pe-chart: s.csv: no candles of symbol 'C' (it has A, B)"
	gen_candles --symbols 20 --bars 3 >all.csv
	run --separate-stderr pe-chart all.csv
	fails_with 2 'pe-chart: all.csv: 20 symbols (S0001, S0002, S0003, ...): choose one with --symbol'
	run --separate-stderr pe-chart --symbol S0021 - <all.csv
	fails_with 3 "pe-chart: stdin: no candles of symbol 'S0021' (it has S0001, S0002, S0003, ...)"
	grep -v '^S0002,' all.csv | pe-chart --symbol S0003 >c.svg
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" c.svg)" 3
}

@test "-q: no notes (signals at no bar); skipped rows and errors still said" {
	mk bad.csv "$HDR" '2024-01-02,1,2,0.5,1.5,10' '2024-01-03,1,x,0.5,1.5,10' \
	    '2024-01-04,1,2,0.5,1.5,10'
	mk sig.jsonl '{"symbol":"bad","time":"2024-01-02","formula":"f1","type":"scan_hit"}' \
	    '{"symbol":"bad","time":"2024-01-03","formula":"f1","type":"scan_hit"}' \
	    '{"symbol":"bad","time":"2024-01-02T12:00:00Z","formula":"f1","type":"entry"}' \
	    '{"symbol":"bad","time":"2024-01-04","formula":"f1","type":"exit"}'
	run --separate-stderr pe-chart --skip-bad --signals sig.jsonl -o a.svg bad.csv
	assert_success
	assert_output ''
	stderr_is 'pe-chart: bad.csv: skipped 1 bad row (1 bad number)' \
	    'pe-chart: sig.jsonl: 2 signals at no bar of bad left out'
	assert_equal "$(classes a.svg 'marker hit')" 1
	assert_equal "$(classes a.svg 'marker exit')" 1
	run --separate-stderr pe-chart -q --skip-bad --signals sig.jsonl -o b.svg bad.csv
	assert_success
	assert_output ''
	stderr_is 'pe-chart: bad.csv: skipped 1 bad row (1 bad number)'
	cmp a.svg b.svg
	head -n 1 sig.jsonl | pe-chart --quiet --signals - --skip-bad bad.csv >c.svg
	assert_equal "$(classes c.svg 'marker hit')" 1
	run --separate-stderr pe-chart -q bad.csv
	fails_with 3 "pe-chart: bad.csv:3: high is not a number: 'x'"
}

@test "make demo ends with a chart of the first signal, its marker on it" {
	run --separate-stderr "$REPO_DIR/scripts/demo"
	assert_success
	assert_line 'demo/chart.svg: S0001 to 2020-05-14, open it in a browser'
	xmllint --noout demo/chart.svg
	assert_equal "$(xmllint --xpath "string(//*[@class='title'])" demo/chart.svg)" \
	    'S0001: EMA 12/26 cross on 2020-02-20'
	# 120 bars, or every bar up to the end when there are fewer (97).
	last=$(grep -n '^2020-05-14,' demo/daily/S0001.csv | cut -d: -f1)
	bars=$((last - 1 < 120 ? last - 1 : 120))
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" demo/chart.svg)" "$bars"
	assert_equal "$(classes demo/chart.svg 'overlay ema')" 2
	assert_equal "$(classes demo/chart.svg 'panel macd')" 1
	# Its one crossing in the window is the signal's bar, 2020-02-20.
	assert_equal "$(classes demo/chart.svg 'marker hit')" 1
	n=$(grep -n '^2020-02-20,' demo/daily/S0001.csv | cut -d: -f1)
	k=$((n - (last - bars)))
	assert_equal "$(xs demo/chart.svg "//*[@class='marker hit']")" \
	    "$(xs demo/chart.svg "//*[starts-with(@class,'candle ')]" | sed -n "${k}p")"
}

# ---- the man page ----

@test "the man page documents every option of --help" {
	run pe-chart --help
	for o in $(grep -o -- '--[a-z]*\|-[a-z] ' <<<"$output" | sort -u); do
		grep -q -- "Fl ${o#-}" "$REPO_DIR/man/pe-chart.1" ||
		    grep -q -- "Fl -${o#--}" "$REPO_DIR/man/pe-chart.1" ||
		    fail "man page lacks $o"
	done
}

@test "man page EXAMPLES" {
	cp "$G" goog.csv
	printf '%s\n' "${F[@]}" >cross.pe
	pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -f cross.pe goog.csv >chart.svg
	xmllint --noout chart.svg
	pe-chart --tail 120 --theme dark --size 1600x900 -o chart.png -e 'rsi(14) < 30' goog.csv
	assert_equal "$(png_size chart.png)" '1600 900'
	pe-eval -f cross.pe goog.csv >signals.jsonl
	pe-chart --since 2006-01-01 --until 2006-06-30 -i sma:50 -o h1.svg goog.csv
	assert_equal "$(count "//*[starts-with(@class,'candle ')]" h1.svg)" \
	    "$(grep -c '^2006-0[1-6]-' goog.csv)"
	pe-chart --until 2006-12-29 --signals signals.jsonl -i ema:12 -i ema:26 goog.csv >s.svg
	assert_equal "$(classes s.svg 'overlay ema')" 2
	pe-eval -f cross.pe goog.csv | pe-chart --signals - -o cross.png goog.csv
	assert_equal "$(png_size cross.png)" '1200 700'
	# a backtest's files, made here as pe-backtest writes them: each
	# entry and the exit after it a long trade at their closes; the equity
	# of holding the stock
	jq -s -c '[.[] | select(.type == "entry" or .type == "exit")] as $s |
	    range(0; $s | length - 1) | select($s[.].type == "entry" and $s[. + 1].type == "exit") |
	    {type: "trade", symbol: $s[.].symbol, side: "long", entry: $s[.].formula,
	     entry_time: $s[.].time, entry_price: $s[.].candle.close, exit: $s[. + 1].formula,
	     exit_time: $s[. + 1].time, exit_price: $s[. + 1].candle.close, reason: "signal",
	     return: ($s[. + 1].candle.close / $s[.].candle.close - 1)}' signals.jsonl >trades.jsonl
	[ "$(wc -l <trades.jsonl)" -ge 5 ]
	awk -F, 'NR == 1 { print "time,equity,cash,positions" } NR == 2 { f = $5 }
	    NR > 1 { print $1 "," 100000 * $5 / f ",0,1" }' goog.csv >equity.csv
	pe-chart --trades trades.jsonl -i ema:12 -i ema:26 -o trades.svg goog.csv
	assert_equal "$(count "//*[starts-with(@class,'trade ')]" trades.svg)" \
	    "$(jq -r .exit_time trades.jsonl | awk -v f="$(first_time 250 goog.csv)" '$1 >= f' | wc -l)"
	pe-chart --equity equity.csv -o equity.png
	assert_equal "$(png_size equity.png)" '1200 700'
	sed -n '/^\$ cat lines.pe$/,/^\$ pe-chart -f lines.pe/p' "$REPO_DIR/man/pe-chart.1" |
	    sed '1d; $d' >lines.pe
	[ "$(wc -l <lines.pe)" -eq 4 ]
	pe-chart -f lines.pe -o lines.svg goog.csv
	assert_equal "$(count "//*[@class='panel price']//*[@class='overlay formula']" lines.svg)" 1
	assert_equal "$(count "//*[@class='panel formula']//*[@class='line formula']" lines.svg)" 1
	[ "$(classes lines.svg 'marker hit')" -ge 5 ]
	pe-chart --since 2006-01-01 --until 2006-12-29 --trades trades.jsonl --equity equity.csv goog.csv >bt.svg
	assert_equal "$(classes bt.svg 'panel drawdown')" 1
	assert_equal "$(points "$(ds bt.svg "//*[@class='line equity']")" | wc -l)" \
	    "$(grep -c '^2006-' goog.csv)"
	for l in 'pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -f cross.pe goog.csv > chart.svg' \
	    "pe-chart --tail 120 --theme dark --size 1600x900 -o chart.png -e 'rsi(14) < 30' goog.csv" \
	    'pe-eval -f cross.pe goog.csv > signals.jsonl' \
	    'pe-chart --since 2006-01-01 --until 2006-06-30 -i sma:50 -o h1.svg goog.csv' \
	    'pe-chart --until 2006-12-29 --signals signals.jsonl -i ema:12 -i ema:26 goog.csv > s.svg' \
	    'pe-eval -f cross.pe goog.csv | pe-chart --signals - -o cross.png goog.csv' \
	    'pe-chart -f lines.pe -o lines.svg goog.csv' \
	    'pe-chart --trades trades.jsonl -i ema:12 -i ema:26 -o trades.svg goog.csv' \
	    'pe-chart --equity equity.csv -o equity.png' \
	    'pe-chart --since 2006-01-01 --until 2006-12-29 --trades trades.jsonl --equity equity.csv goog.csv > bt.svg'; do
		grep -qxF "\$ $l" "$REPO_DIR/man/pe-chart.1" || fail "man page lacks: $l"
	done
}

@test "-e takes a formula file's line: the same chart as the file" {
	printf '%s\n' "${F[@]}" >f.pe
	pe-chart --tail 400 -f f.pe "$G" >a.svg
	pe-chart --tail 400 -e "${F[0]}" -e "${F[1]}" "$G" >b.svg
	[ "$(classes b.svg 'marker entry')" -ge 3 ]
	cmp a.svg b.svg
}

@test "issue 18's price-scaled indicators go over the prices: mama's two lines, pivots' seven, zigzag's pivot and extreme; rsi keeps its panel" {
	run --separate-stderr pe-chart -i mama -i pivots -i zigzag:5 -i rsi:14 -o ov.svg "$DATA_DIR/fb_2012_2014.csv"
	assert_success
	assert_equal "$(grep -c 'class="overlay mama' ov.svg)" 2
	assert_equal "$(grep -c 'class="overlay pivots' ov.svg)" 7
	assert_equal "$(grep -c 'class="overlay zigzag' ov.svg)" 2
	assert_equal "$(grep -o 'class="panel [a-z]*' ov.svg | tr '\n' ' ')" \
	    'class="panel price class="panel volume class="panel rsi '
}
