#!/usr/bin/env bats
# pe-chart: well-formed SVG, the bars drawn (--tail, --since, --until),
# overlays and panels, markers from formulas and from signal files
# checked against pe-eval, PNG output, themes and titles, every error
# message and exit status, and the man page's EXAMPLES.
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
'                [--signals FILE] [--since DATE] [--until DATE] [--tail N]'
'                [--title TEXT] [--size WxH] [--theme light|dark]'
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
	assert_failure 2
	assert_output ''
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
	# Up candles are hollow (the background's fill), down ones filled.
	assert_equal "$(count "//*[@class='candle up' and @fill='#ffffff']" a.svg)" "$up"
	assert_equal "$(count "//*[@class='candle down' and @fill='#ffffff']" a.svg)" 0
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
	fails_with 3 'pe-chart: bad.jsonl:1: unknown type (expected scan_hit, entry or exit)'
	run --separate-stderr pe-chart --signals - "$G" <bad.jsonl
	fails_with 3 'pe-chart: stdin:1: unknown type (expected scan_hit, entry or exit)'
	run --separate-stderr pe-chart --signals nosuch.jsonl "$G"
	fails_with 2 'pe-chart: nosuch.jsonl: No such file or directory'
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

@test "time labels: months and years for daily bars, HH:MM and dates intraday" {
	pe-chart "$G" >a.svg
	assert_equal "$(xmllint --xpath "//*[@class='xlabel']/text()" a.svg | tr '\n' ' ')" \
	    'Nov 2007 Dec Jan 2008 Feb Mar Apr May Jun Jul Aug Sep Oct '
	gen_candles --timeframe 5m --bars 400 --seed 3 -o d
	pe-chart --tail 200 d/S0001.csv >b.svg
	assert_equal "$(xmllint --xpath "//*[@class='xlabel']/text()" b.svg | tr '\n' ' ')" \
	    '18:00 2020-01-01 20:00 22:00 00:00 2020-01-02 02:00 04:00 06:00 08:00 '
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
	for l in 'pe-chart -i sma:50 -i bbands:20:2 -i rsi:14 -i macd -f cross.pe goog.csv > chart.svg' \
	    "pe-chart --tail 120 --theme dark --size 1600x900 -o chart.png -e 'rsi(14) < 30' goog.csv" \
	    'pe-eval -f cross.pe goog.csv > signals.jsonl' \
	    'pe-chart --since 2006-01-01 --until 2006-06-30 -i sma:50 -o h1.svg goog.csv' \
	    'pe-chart --until 2006-12-29 --signals signals.jsonl -i ema:12 -i ema:26 goog.csv > s.svg' \
	    'pe-eval -f cross.pe goog.csv | pe-chart --signals - -o cross.png goog.csv'; do
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
