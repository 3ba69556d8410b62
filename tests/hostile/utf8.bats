#!/usr/bin/env bats
# The hostile round, finding 8: every string written to JSON, CSV or SVG
# is UTF-8.  A file named caf\xe9.csv (no symbol column) gives the symbol
# caf U+FFFD, with a note showing the bytes escaped; what the user typed
# (--title, --symbol, a formula's comment) is refused, exit 2.  Outputs
# are checked byte for byte, with iconv (which refuses what is not
# UTF-8: jq 1.6 quietly takes it), jq, xmllint and rsvg-convert.

bats_require_minimum_version 1.5.0
load ../helpers

setup() {
	common_setup
	BAD=$'caf\xe9.csv'
	FFFD=$'\xef\xbf\xbd'
	mk "$BAD" "$HDR" 2024-01-02,1,2,0.5,1.5,100 2024-01-03,1.5,2.5,1,2,200
	cp "$BAD" plain.csv
}

# utf8 FILE...: each FILE is UTF-8 (iconv fails on a byte that is not).
utf8() {
	local f
	for f in "$@"; do
		iconv -f UTF-8 -t UTF-8 "$f" >/dev/null ||
		    fail "$f is not UTF-8: $(od -c "$f" | head -n 5)"
	done
}

# jsonl FILE: UTF-8, and every line parses as JSON.
jsonl() {
	utf8 "$1"
	jq -e . "$1" >/dev/null || fail "$1 does not parse as JSON"
}

NOTE="the file name is not UTF-8: symbol 'caf\\uFFFD'"

@test "pe-load: the symbol of caf\\xe9.csv is caf U+FFFD in JSONL and CSV, with a note; -q silences it" {
	run --separate-stderr pe-load --format jsonl "$BAD"
	assert_success
	printf '%s\n' "$output" >out.jsonl
	jsonl out.jsonl
	stderr_is "pe-load: caf\\xe9.csv: $NOTE"
	[ "${lines[0]}" = "{\"symbol\":\"caf$FFFD\",\"time\":\"2024-01-02\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":100}" ]
	[ "$(jq -r .symbol out.jsonl | head -n 1)" = "caf$FFFD" ]
	# CSV: two files, so a symbol column
	run --separate-stderr pe-load "$BAD" plain.csv
	assert_success
	printf '%s\n' "$output" >out.csv
	utf8 out.csv
	stderr_is "pe-load: caf\\xe9.csv: $NOTE"
	[ "${lines[1]}" = "caf$FFFD,2024-01-02,1,2,0.5,1.5,100" ]
	run --separate-stderr pe-load -q --format jsonl "$BAD"
	assert_success
	stderr_empty
	# a UTF-8 name is taken as it is, without a note
	cp "$BAD" café.csv
	run --separate-stderr pe-load --format jsonl café.csv
	assert_success
	stderr_empty
	[[ ${lines[0]} == '{"symbol":"café",'* ]]
}

@test "pe-indicators and pe-eval: JSONL and CSV lines name caf U+FFFD" {
	run --separate-stderr pe-indicators -i sma:2 --format jsonl "$BAD"
	assert_success
	printf '%s\n' "$output" >i.jsonl
	jsonl i.jsonl
	stderr_is "pe-indicators: caf\\xe9.csv: $NOTE"
	[ "${lines[1]}" = "{\"symbol\":\"caf$FFFD\",\"time\":\"2024-01-03\",\"open\":1.5,\"high\":2.5,\"low\":1,\"close\":2,\"volume\":200,\"sma_2\":1.75}" ]
	run --separate-stderr pe-eval 'close > 1.8' "$BAD"
	assert_success
	printf '%s\n' "$output" >e.jsonl
	jsonl e.jsonl
	stderr_is "pe-eval: caf\\xe9.csv: $NOTE"
	assert_output "{\"symbol\":\"caf$FFFD\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",\"candle\":{\"open\":1.5,\"high\":2.5,\"low\":1,\"close\":2,\"volume\":200},\"values\":{}}"
	run --separate-stderr pe-eval --format csv 'close > 1.8' "$BAD"
	assert_success
	printf '%s\n' "$output" >e.csv
	utf8 e.csv
	[ "${lines[1]}" = "caf$FFFD,2024-01-03,f1,scan_hit,1.5,2.5,1,2,200" ]
}

@test "pe-scan: signal lines, --results and --summary are UTF-8, the names of failing files too" {
	mkdir d
	cp "$BAD" d/
	printf 'x,y\n1,2\n' >d/$'b\xe9d.csv'
	run --separate-stderr pe-scan -j 1 --results --summary s.json 'close > 1.8' d
	assert_failure 3
	printf '%s\n' "$output" >out.jsonl
	jsonl out.jsonl
	jsonl s.json
	output=$(sed 's/,"ms":[0-9.]*}$/}/' out.jsonl)
	assert_output "$(lines \
	    "{\"symbol\":\"b${FFFD}d\",\"type\":\"result\",\"status\":\"error\",\"reason\":\"d/b${FFFD}d.csv:1: no time column in the header (expected time, date, datetime or timestamp)\"}" \
	    "{\"symbol\":\"caf$FFFD\",\"time\":\"2024-01-03\",\"formula\":\"f1\",\"type\":\"scan_hit\",\"candle\":{\"open\":1.5,\"high\":2.5,\"low\":1,\"close\":2,\"volume\":200},\"values\":{}}" \
	    "{\"symbol\":\"caf$FFFD\",\"type\":\"result\",\"status\":\"ok\",\"bars\":2,\"matches\":1}")"
	[ "${stderr_lines[0]}" = "pe-scan: d/b\\xe9d.csv: the file name is not UTF-8: symbol 'b\\uFFFDd'" ]
	[ "${stderr_lines[2]}" = "pe-scan: d/caf\\xe9.csv: $NOTE" ]
	# a cache directory named by bytes that are not UTF-8, in the summary
	PE_CACHE_DIR=$PWD/$'c\xe9' run --separate-stderr pe-scan -q --summary s2.json 'close > 1.8' "$BAD"
	assert_success
	jsonl s2.json
	[ "$(jq -r .cache.dir s2.json)" = "$PWD/c$FFFD" ]
}

@test "pe-backtest: trade lines (JSONL and CSV) and the summary name caf U+FFFD" {
	local f=(-e '@entry buy: close > 1.2' -e '@exit sell: close > 1.8')
	run --separate-stderr pe-backtest --summary s.json "${f[@]}" "$BAD"
	assert_success
	printf '%s\n' "$output" >t.jsonl
	jsonl t.jsonl
	jsonl s.json
	[ "${stderr_lines[0]}" = "pe-backtest: caf\\xe9.csv: $NOTE" ]
	[[ ${lines[0]} == "{\"type\":\"trade\",\"symbol\":\"caf$FFFD\","* ]]
	run --separate-stderr pe-backtest -q --format csv "${f[@]}" "$BAD"
	assert_success
	printf '%s\n' "$output" >t.csv
	utf8 t.csv
	[[ ${lines[1]} == "trade,caf$FFFD,long,buy,"* ]]
}

@test "pe-chart: the SVG of caf\\xe9.csv is UTF-8 (xmllint, rsvg-convert); its title is caf U+FFFD" {
	run --separate-stderr pe-chart -o a.svg "$BAD"
	assert_success
	run xmllint --noout a.svg
	assert_success
	run rsvg-convert a.svg -o a.png
	assert_success
	[ -s a.png ]
	utf8 a.svg
	run --separate-stderr pe-chart -o a.svg "$BAD"
	stderr_is "pe-chart: caf\\xe9.csv: $NOTE"
	[ "$(xmllint --xpath "string(//*[@class='title'])" a.svg)" = "caf$FFFD" ]
	# a UTF-8 title is drawn as it is
	run --separate-stderr pe-chart --title 'Café ≥ 2' -o b.svg plain.csv
	assert_success
	xmllint --noout b.svg
	[ "$(xmllint --xpath "string(//*[@class='title'])" b.svg)" = 'Café ≥ 2' ]
}

@test "pe-chart --title with bytes that are not UTF-8 (exit 0 and an SVG xmllint refused before): exit 2, no file" {
	run --separate-stderr pe-chart --title $'caf\xe9 \xff' -o a.svg plain.csv
	fails_with 2 "pe-chart: invalid --title 'caf\\xe9 \\xff': not valid UTF-8"
	[ ! -e a.svg ]
	# a surrogate and an overlong form are not UTF-8 either
	run --separate-stderr pe-chart --title $'x\xed\xa0\x80' -o a.svg plain.csv
	fails_with 2 "pe-chart: invalid --title 'x\\xed\\xa0\\x80': not valid UTF-8"
	run --separate-stderr pe-chart --title $'\xc0\xaf' -o a.svg plain.csv
	fails_with 2 "pe-chart: invalid --title '\\xc0\\xaf': not valid UTF-8"
}

@test "--symbol with bytes that are not UTF-8: exit 2 in every tool (held before)" {
	local t
	for t in pe-load pe-indicators pe-eval pe-scan pe-stream pe-chart pe-backtest; do
		run --separate-stderr "$t" --symbol $'caf\xe9' plain.csv
		fails_with 2 "$t: invalid --symbol: symbol is not valid UTF-8"
	done
}

@test "a formula whose comment holds a byte that is not UTF-8: exit 2, the byte named (taken before, and written into pe-scan's summary)" {
	run --separate-stderr pe-eval -e $'close > 1 # caf\xe9' plain.csv
	fails_with 2 'pe-eval: formula:1:16: unexpected byte 0xE9' \
	    '  close > 1 # caf?' \
	    '                 ^'
	printf '# Caf\xe9\nup: close > 1\n' >f.pe
	run --separate-stderr pe-scan -f f.pe plain.csv
	fails_with 2 'pe-scan: f.pe:1:6: unexpected byte 0xE9' \
	    '  # Caf?' \
	    '       ^'
	# a UTF-8 comment is fine, and a summary holds it as it is
	run --separate-stderr pe-scan -q --summary s.json -e 'close > 1 # café' plain.csv
	assert_success
	jsonl s.json
	[ "$(jq -r '.matches[0].text' s.json)" = 'close > 1 # café' ]
}
