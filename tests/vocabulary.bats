#!/usr/bin/env bats
# README's "One vocabulary" table, tested: for every tool marked on a
# line, --help and the man page list the line's options, and the option
# does what the line says (a behaviour_KEY_TOOL function below, run on the
# same small data in every tool).  A tool that lists an option of the
# table without its mark fails too, so the table cannot fall behind.

bats_require_minimum_version 1.5.0
load helpers

TOOLS=(load indicators eval scan stream chart backtest)

setup() {
	common_setup
	# closes 2 4 6 5 8 of one symbol, no symbol column
	mk c.csv "$HDR" 2024-01-01,2,2,2,2,10 2024-01-02,3,4,3,4,20 \
	    2024-01-03,5,6,5,6,30 2024-01-04,6,6,5,5,40 2024-01-05,6,8,6,8,50
	# two symbols of three bars, with a symbol column
	mk m.csv "$SHDR" A,2024-01-01,1,1,1,1,1 A,2024-01-02,2,2,2,2,1 \
	    A,2024-01-03,3,3,3,3,1 B,2024-01-01,7,7,7,7,1 \
	    B,2024-01-02,8,8,8,8,1 B,2024-01-03,9,9,9,9,1
}

# The table's lines: "KEY|OPTIONS|TOOL TOOL ...", KEY the first word of
# the first cell (FORMULA, SPEC, INPUT, -o, --since, ...), OPTIONS the
# options the cell names.
table() {
	awk -F'|' -v tools="${TOOLS[*]}" '
		/^## One vocabulary/ { on = 1; next }
		/^## / { on = 0 }
		!on || $2 !~ /^ `/ { next }
		{
			n = split(tools, t, " ")
			cell = $2
			key = cell; sub(/^ `/, "", key); sub(/[ `].*/, "", key)
			gsub(/\047/, "", key)
			opts = ""
			while (match(cell, /`-[-a-z]+/)) {
				opts = opts " " substr(cell, RSTART + 1, RLENGTH - 1)
				cell = substr(cell, RSTART + RLENGTH)
			}
			marked = ""
			for (i = 1; i <= n; i++)
				if ($(3 + i) ~ /x/)
					marked = marked " " t[i]
			print key "|" opts "|" marked
		}' "$REPO_DIR/README.md"
}

# The tools marked on the line of KEY.
marked() {
	table | awk -F'|' -v k="$1" '$1 == k { print $3 }'
}

@test "the table has its lines, and each tool's --help and man page agree with its marks" {
	local key opts tools t o has
	run table
	assert_equal "${#lines[@]}" 15
	while IFS='|' read -r key opts tools; do
		for t in "${TOOLS[@]}"; do
			for o in $opts; do
				has=
				help_lines "pe-$t" | grep -qE -- "(^|[ ,])$o([ ,[]|$)" && has=y
				if [[ " $tools " == *" $t "* ]]; then
					[[ -n $has ]] || fail "pe-$t is marked for $key: --help lacks $o"
					described_options "pe-$t" | grep -qxF -- "$o" ||
					    fail "pe-$t is marked for $key: the man page lacks $o"
				elif [[ $key == -* && -n $has ]]; then
					fail "pe-$t has $o: README's table does not mark it"
				fi
			done
		done
	done < <(table)
}

# behaves KEY: each tool marked for KEY passes behaviour_KEY_TOOL.
behaves() {
	local t fn
	for t in $(marked "$1"); do
		fn="behaviour_${1//-/}_$t"
		declare -F "$fn" >/dev/null || fail "no test of $1 in pe-$t"
		"$fn"
	done
}

# ---- the operands ----

# same_out CMD... : the output of each command given as one string is the
# first's, which is not empty.
same_out() {
	local first
	first=$(eval "$1")
	[[ -n $first ]] || fail "no output from: $1"
	shift
	for c in "$@"; do
		assert_equal "$(eval "$c")" "$first"
	done
}

formula_forms() {	# TOOL OPTIONS INPUT
	mk f.pe 'f1: close > 5'
	same_out "$1 $2 'close > 5' $3" "$1 $2 -e 'close > 5' $3" "$1 $2 -f f.pe $3"
	run "$1" $2 'close > 5' $3
	assert_equal "${#lines[@]}" 2	# closes 6 and 8
}

behaviour_FORMULA_eval() { formula_forms pe-eval '' c.csv; }
behaviour_FORMULA_scan() { formula_forms pe-scan '-q --all' c.csv; }
behaviour_FORMULA_backtest() {	# a rule: its formula is tagged
	mk b.pe '@entry b: close > 5'
	same_out "pe-backtest -q '@entry b: close > 5' c.csv" \
	    "pe-backtest -q -e '@entry b: close > 5' c.csv" \
	    "pe-backtest -q -f b.pe c.csv"
	run pe-backtest -q '@entry b: close > 5' c.csv
	assert_output --partial '"entry_time":"2024-01-04"'	# after 6
}
behaviour_FORMULA_stream() {
	pe-load --format jsonl c.csv >c.jsonl
	formula_forms pe-stream '--min-bars 1' c.jsonl
}

@test "FORMULA, -e, -f: the first operand, or -e and -f instead" {
	behaves FORMULA
}

behaviour_SPEC_indicators() {
	same_out "pe-indicators 'sma:2 rsi:2' c.csv" \
	    "pe-indicators -i sma:2 -i rsi:2 c.csv" \
	    "pe-indicators -i 'sma:2 rsi:2' c.csv"
	run pe-indicators 'sma:2 rsi:2' c.csv
	assert_line -n 0 "$HDR,sma_2,rsi_2"
}

@test "'SPEC ...', -i SPEC: one operand of specs, or -i instead" {
	behaves SPEC
}

# two files of one symbol each: symbols a and b, in that order, and "-"
two_inputs() {	# TOOL-COMMAND (a string, the inputs appended)
	mk a.csv "$HDR" 2024-01-01,1,1,1,1,1
	mk b.csv "$HDR" 2024-01-01,2,2,2,2,1
	run --separate-stderr bash -c "$1 -" <a.csv
	assert_success
	[[ -n $output ]] || fail "nothing read from -"
	assert_equal "$(bash -c "$1" <a.csv)" "$output"
	run --separate-stderr bash -c "$1 a.csv b.csv"
	assert_success
	assert_output --regexp "(^|.*[^a-z])a[,\"].*"$'\n'".*(^|[^a-z])b[,\"]"
}

behaviour_INPUT_load() { two_inputs 'pe-load'; assert_line -n 0 "$SHDR"; }
behaviour_INPUT_indicators() { two_inputs 'pe-indicators sma:2'; }
behaviour_INPUT_eval() { two_inputs "pe-eval 'close > 0'"; }
behaviour_INPUT_scan() {	# files, a directory's, or "-": paths on stdin
	mkdir d
	mk d/a.csv "$HDR" 2024-01-01,1,1,1,1,1
	mk d/b.csv "$HDR" 2024-01-01,2,2,2,2,1
	run --separate-stderr pe-scan -q --format csv 'close > 0' d/a.csv d/b.csv
	assert_output "$(lines 'symbol,time,formula,type,open,high,low,close,volume' \
	    a,2024-01-01,f1,scan_hit,1,1,1,1,1 b,2024-01-01,f1,scan_hit,2,2,2,2,1)"
	assert_equal "$(pe-scan -q --format csv 'close > 0' d)" "$output"
	assert_equal "$(printf '%s\n' d/a.csv d/b.csv |
	    pe-scan -q --format csv 'close > 0' -)" "$output"
}
behaviour_INPUT_stream() {
	mk a.jsonl '{"symbol":"a","time":"2024-01-01","open":1,"high":1,"low":1,"close":1}'
	mk b.jsonl '{"symbol":"b","time":"2024-01-01","open":2,"high":2,"low":2,"close":2}'
	run --separate-stderr pe-stream --min-bars 1 'close > 0' a.jsonl b.jsonl
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --partial '{"symbol":"a",'
	assert_line -n 1 --partial '{"symbol":"b",'
}

behaviour_INPUT_backtest() {	# as pe-scan: files, a directory's, "-"
	rm -rf d && mkdir d
	mk d/a.csv "$HDR" 2024-01-01,1,1,1,1,1 2024-01-02,1,1,1,1,1
	mk d/b.csv "$HDR" 2024-01-01,2,2,2,2,1 2024-01-02,2,2,2,2,1
	run --separate-stderr pe-backtest -q --format csv '@entry close > 0' \
	    d/a.csv d/b.csv
	assert_equal "$(cut -d, -f1-3 <<<"$output")" \
	    "$(lines type,symbol,side trade,a,long trade,b,long)"
	assert_equal "$(pe-backtest -q --format csv '@entry close > 0' d)" \
	    "$output"
	assert_equal "$(printf '%s\n' d/a.csv d/b.csv |
	    pe-backtest -q --format csv '@entry close > 0' -)" "$output"
}

@test "INPUT ...: several inputs in order, '-' the standard input" {
	behaves INPUT
}

# ---- the shared options ----

# -o FILE: stdout empty, FILE what stdout would have been
to_file() {	# TOOL-COMMAND with the output option last
	local want
	want=$(bash -c "$1")
	run --separate-stderr bash -c "$1 -o out/x"
	assert_success
	assert_output ''
	assert_equal "$(cat out/x)" "$want"
}

behaviour_o_load() {
	run --separate-stderr pe-load -o dir m.csv
	assert_success
	assert_output ''
	dir_is dir .pe-load.lock A.csv B.csv
	assert_equal "$(cat dir/B.csv)" "$(lines "$HDR" 2024-01-01,7,7,7,7,1 \
	    2024-01-02,8,8,8,8,1 2024-01-03,9,9,9,9,1)"
}
behaviour_o_indicators() { mkdir -p out; to_file 'pe-indicators sma:2 c.csv'; }
behaviour_o_eval() { mkdir -p out; to_file "pe-eval 'close > 0' c.csv"; }
behaviour_o_scan() { mkdir -p out; to_file "pe-scan -q --all 'close > 0' c.csv"; }
behaviour_o_backtest() { mkdir -p out; to_file "pe-backtest -q '@entry close > 0' c.csv"; }
behaviour_o_stream() {
	pe-load --format jsonl c.csv >c.jsonl
	mkdir -p out
	to_file "pe-stream --min-bars 1 'close > 5' c.jsonl"
}
behaviour_o_chart() {
	run --separate-stderr pe-chart -o x.svg c.csv
	assert_success
	assert_output ''
	[[ $(head -c 5 x.svg) == '<?xml' || $(head -c 4 x.svg) == '<svg' ]]
}

@test "-o PATH: the output there, and nothing on stdout" {
	behaves -o
}

@test "-o naming an input: exit 2 before anything is read, the input untouched" {
	local t before
	mk b.pe '@entry b: close > 0'
	before=$(cat c.csv)
	for t in "pe-eval 'close > 0' c.csv" "pe-indicators sma:2 c.csv" \
	    "pe-scan 'close > 0' c.csv" "pe-stream 'close > 0' c.csv" \
	    "pe-backtest -f b.pe c.csv" "pe-chart c.csv" \
	    "pe-chart --signals c.csv x.csv"; do
		cp c.csv x.csv
		run --separate-stderr bash -c "${t% *} -o ${t##* } ${t##* }"
		assert_failure 2
		stderr_is "${t%% *}: -o ${t##* } is also an input (${t##* }): the output would replace it"
		assert_equal "$(cat c.csv)" "$before"
	done
	# pe-chart's other inputs too
	run --separate-stderr pe-chart --trades c.csv -o c.csv x.csv
	assert_failure 2
	stderr_is "pe-chart: -o c.csv is also an input (c.csv): the output would replace it"
	# the same file by another name
	ln -s c.csv link.csv
	run --separate-stderr pe-eval -o link.csv 'close > 0' c.csv
	assert_failure 2
	assert_equal "$(cat c.csv)" "$before"
}

# -q: the note the run makes without it is gone; the status is the same
quiet() {	# STATUS NOTE TOOL-COMMAND (with -q inserted after the tool)
	local note=$2 cmd=$3
	run --separate-stderr bash -c "$cmd"
	assert_equal "$status" "$1"
	[[ $stderr == "${cmd%% *}: "*"$note"* ]] ||
	    fail "no note '$note' without -q: $stderr"
	run --separate-stderr bash -c "${cmd/ / -q }"
	assert_equal "$status" "$1"
	stderr_is ''
}

behaviour_q_load() {
	mk d.csv "$HDR" 2024-01-01,1,1,1,1,1 2024-01-01,1,1,1,1,1
	quiet 0 'duplicate time' 'pe-load d.csv'
}
behaviour_q_indicators() { quiet 0 'not in the input' 'pe-indicators --symbol Z sma:2 m.csv'; }
behaviour_q_eval() {
	quiet 1 '5 bars, the formula needs 10' "pe-eval 'close > sma(close, 10)' c.csv"
}
behaviour_q_scan() { quiet 0 '1 symbol: 1 ok' "pe-scan 'close > 0' c.csv"; }
behaviour_q_backtest() { quiet 0 '1 symbol: 1 ok' "pe-backtest '@entry close > 0' c.csv"; }
behaviour_q_stream() {
	pe-load --format jsonl c.csv >c.jsonl
	quiet 0 'min-bars' "pe-stream 'close > 0' c.jsonl"
}
behaviour_q_chart() {
	mk sig.jsonl '{"symbol":"c","time":"2023-12-29","formula":"f1","type":"scan_hit"}'
	quiet 0 'signal at no bar' 'pe-chart --signals sig.jsonl -o x.svg c.csv'
}

@test "-q: no notes, the same exit status" {
	behaves -q
}

formats() {	# TOOL-COMMAND: csv has a header, jsonl objects
	run --separate-stderr bash -c "$1 --format csv"
	assert_success
	assert_line -n 0 --regexp '^(symbol,)?time,(formula,type,)?open,high,low,close,volume'
	run --separate-stderr bash -c "$1 --format jsonl"
	assert_success
	assert_line -n 0 --regexp '^\{"symbol":"c","time":"2024-01-0[1-5]",'
}

behaviour_format_load() { formats 'pe-load --symbol c c.csv'; }
behaviour_format_backtest() {	# trades: their own columns
	run --separate-stderr pe-backtest -q --format csv '@entry close > 0' c.csv
	assert_success
	assert_line -n 0 'type,symbol,side,entry,entry_time,entry_price,exit,exit_time,exit_price,reason,bars,return,mae,mfe'
	run --separate-stderr pe-backtest -q --format jsonl '@entry close > 0' c.csv
	assert_success
	assert_line -n 0 --regexp '^\{"type":"trade","symbol":"c",'
}
behaviour_format_indicators() { formats 'pe-indicators sma:2 c.csv'; }
behaviour_format_eval() { formats "pe-eval 'close > 0' c.csv"; }
behaviour_format_scan() { formats "pe-scan -q --all 'close > 0' c.csv"; }
behaviour_format_stream() {
	pe-load --format jsonl c.csv >c.jsonl
	formats "pe-stream --min-bars 1 'close > 0' c.jsonl"
}
behaviour_format_chart() {
	run pe-chart --format svg -o x c.csv
	assert_success
	[[ $(head -c 5 x) == '<?xml' || $(head -c 4 x) == '<svg' ]]
	run pe-chart --format png -o y c.csv
	assert_success
	assert_equal "$(head -c 4 y | od -An -c | tr -d ' ')" '211PNG'
}

@test "--format: csv or jsonl for data, svg or png for charts" {
	behaves --format
}

# 1.23456 to two places
digits() {	# TOOL-COMMAND reading r.csv
	mk r.csv "$HDR" 2024-01-01,1.23456,1.23456,1.23456,1.23456,1 \
	    2024-01-02,1.23456,1.23456,1.23456,1.23456,1
	run --separate-stderr bash -c "$1"
	assert_success
	[[ $output == *1.23456* ]] || fail "not exact by default: $output"
	run --separate-stderr bash -c "$1 --digits 2"
	assert_success
	[[ $output == *1.23[,}]* && $output != *1.23456* ]] ||
	    fail "not to 2 places: $output"
}

behaviour_digits_load() { digits 'pe-load r.csv'; }
behaviour_digits_indicators() { digits 'pe-indicators sma:2 r.csv'; }
behaviour_digits_eval() { digits "pe-eval 'close > 0' r.csv"; }
behaviour_digits_scan() { digits "pe-scan -q 'close > 0' r.csv"; }
behaviour_digits_backtest() { digits "pe-backtest -q '@entry close > 0' r.csv"; }
behaviour_digits_stream() {
	mk r.jsonl '{"symbol":"r","time":"2024-01-01","open":1.23456,"high":1.23456,"low":1.23456,"close":1.23456}'
	digits "pe-stream --min-bars 1 'close > 0' r.jsonl"
}

@test "--digits N: numbers to N places; exact by default" {
	behaves --digits
}

# from m.csv only B; c.csv (no symbol column) named X
symbols() {	# TOOL-COMMAND, the input appended
	run --separate-stderr bash -c "$1 --symbol B m.csv"
	assert_success
	[[ $output == *B* && $output != *'A,'* && $output != *'"A"'* ]] ||
	    fail "not B alone: $output"
	run --separate-stderr bash -c "$1 --symbol X c.csv"
	assert_success
	[[ $output == *'X,'* || $output == *'"X"'* ]] || fail "not named X: $output"
}

behaviour_symbol_load() { symbols 'pe-load --format jsonl'; }
behaviour_symbol_indicators() { symbols 'pe-indicators --format jsonl --last sma:2'; }
behaviour_symbol_eval() { symbols "pe-eval --last 'close > 0'"; }
behaviour_symbol_scan() {	# a file is its base name's symbol: picked
	run --separate-stderr pe-scan -q --symbol B 'close > 0' m.csv
	assert_success
	assert_output --partial '{"symbol":"B",'
	assert_equal "${#lines[@]}" 1
	cp c.csv d.csv
	run --separate-stderr pe-scan -q --symbol d 'close > 0' c.csv d.csv
	assert_success
	assert_output --partial '{"symbol":"d",'
	assert_equal "${#lines[@]}" 1
}
behaviour_symbol_backtest() {	# as pe-scan: a file is its base name's
	run --separate-stderr pe-backtest -q --symbol B '@entry close > 0' m.csv
	assert_success
	assert_output --partial '{"type":"trade","symbol":"B",'
	assert_equal "${#lines[@]}" 1
	cp c.csv d.csv
	run --separate-stderr pe-backtest -q --symbol d '@entry close > 0' c.csv d.csv
	assert_success
	assert_output --partial '"symbol":"d",'
	assert_equal "${#lines[@]}" 1
}
behaviour_symbol_stream() {
	pe-load --format jsonl m.csv >m.jsonl
	run --separate-stderr pe-stream --min-bars 1 --symbol B 'close > 0' m.jsonl
	assert_success
	assert_equal "${#lines[@]}" 3
	[[ $output != *'"A"'* ]] || fail "A kept: $output"
}
behaviour_symbol_chart() {
	run --separate-stderr pe-chart --symbol B -o b.svg m.csv
	assert_success
	grep -q '>B<\|>B ' b.svg || fail "B's chart has no B"
	run --separate-stderr pe-chart --symbol X -o x.svg c.csv
	assert_success
	grep -q '>X<\|>X ' x.svg || fail "the chart is not named X"
}

@test "--symbol S: the only symbol kept from input with several; the name of input without one" {
	behaves --symbol
}

# the bars from Jan 2 to Jan 4 (of c.csv, closes 4 6 5)
window() {	# TOOL-COMMAND, then the dates written
	run --separate-stderr bash -c "$1 --since 2024-01-02 --until 2024-01-04 c.csv"
	assert_success
	assert_equal "$(grep -oE '2024-01-0[0-9]' <<<"$output" | sort -u | tr '\n' ' ')" \
	    '2024-01-02 2024-01-03 2024-01-04 '
}

behaviour_since_load() { window 'pe-load'; }
behaviour_since_indicators() {
	window 'pe-indicators sma:3'
	assert_line -n 1 '2024-01-02,3,4,3,4,20,'	# still warming up
	assert_line -n 2 '2024-01-03,5,6,5,6,30,4'
}
behaviour_since_eval() { window "pe-eval 'close > 0'"; }
behaviour_since_scan() { window "pe-scan -q --all 'close > 0'"; }
behaviour_since_backtest() {	# in at the open after 01-02, out at 01-04's close
	run --separate-stderr pe-backtest -q --since 2024-01-02 --until 2024-01-04 \
	    '@entry close > 0' c.csv
	assert_success
	assert_equal "$(grep -oE '2024-01-0[0-9]' <<<"$output" | tr '\n' ' ')" \
	    '2024-01-03 2024-01-04 '
}
behaviour_since_stream() {
	pe-load --format jsonl c.csv >c.jsonl
	run --separate-stderr pe-stream --min-bars 1 --since 2024-01-02 --until 2024-01-04 'close > 0' c.jsonl
	assert_success
	assert_equal "$(grep -oE '2024-01-0[0-9]' <<<"$output" | sort -u | tr '\n' ' ')" \
	    '2024-01-02 2024-01-03 2024-01-04 '
}
behaviour_since_chart() {
	run --separate-stderr pe-chart --since 2024-01-02 --until 2024-01-04 -o x.svg c.csv
	assert_success
	assert_equal "$(grep -c '<rect class="volume"' x.svg)" 3
}

@test "--since, --until: only the bars in between" {
	behaves --since
}

# the last two bars of each symbol of m.csv
tail_of() {	# TOOL-COMMAND, the input appended
	run --separate-stderr bash -c "$1 m.csv"
	assert_success
	assert_equal "$(grep -oE '"?[AB]"?,"?(time"?:"?)?2024-01-0[0-9]' <<<"$output" |
	    tr -d '"' | sed 's/time://' | tr '\n' ' ')" \
	    'A,2024-01-02 A,2024-01-03 B,2024-01-02 B,2024-01-03 '
}

behaviour_tail_load() { tail_of 'pe-load --tail 2'; }
behaviour_tail_indicators() { tail_of 'pe-indicators --tail 2 sma:2'; }
behaviour_tail_eval() { tail_of "pe-eval --format csv --tail 2 'close > 0'"; }
behaviour_tail_scan() { tail_of "pe-scan -q --format csv --tail 2 'close > 0'"; }
behaviour_tail_chart() {
	run --separate-stderr pe-chart --tail 2 -o x.svg c.csv
	assert_success
	assert_equal "$(grep -c '<rect class="volume"' x.svg)" 2
}

@test "--tail N: the last N bars of each symbol" {
	behaves --tail
}

behaviour_last_load() {
	run --separate-stderr pe-load --last m.csv
	ok_with "$SHDR" A,2024-01-03,3,3,3,3,1 B,2024-01-03,9,9,9,9,1
}
behaviour_last_indicators() {
	run --separate-stderr pe-indicators --last sma:2 m.csv
	ok_with "$SHDR,sma_2" A,2024-01-03,3,3,3,3,1,2.5 B,2024-01-03,9,9,9,9,1,8.5
}
behaviour_last_eval() {
	run --separate-stderr pe-eval --format csv --last 'close > 0' m.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    A,2024-01-03,f1,scan_hit,3,3,3,3,1 B,2024-01-03,f1,scan_hit,9,9,9,9,1
}
behaviour_last_scan() {
	run --separate-stderr pe-scan -q --format csv --last 'close > 0' m.csv
	ok_with 'symbol,time,formula,type,open,high,low,close,volume' \
	    A,2024-01-03,f1,scan_hit,3,3,3,3,1 B,2024-01-03,f1,scan_hit,9,9,9,9,1
}

@test "--last: each symbol's latest bar" {
	behaves --last
}

# a bad row: exit 3 naming it; skipped and counted with --skip-bad
skip_bad() {	# TOOL-COMMAND, the input appended
	mk bad.csv "$HDR" 2024-01-01,1,1,1,1,1 2024-01-02,x,1,1,1,1 2024-01-03,3,3,3,3,1
	run --separate-stderr bash -c "$1 bad.csv"
	assert_failure 3
	[[ $stderr == *"bad.csv:3: open is not a number: 'x'" ]] || fail "$stderr"
	run --separate-stderr bash -c "$1 --skip-bad bad.csv"
	assert_success
	[[ $stderr == *'bad.csv: skipped 1 bad row (1 bad number)' ]] || fail "$stderr"
}

behaviour_skipbad_load() { skip_bad 'pe-load'; assert_equal "${#lines[@]}" 3; }
behaviour_skipbad_indicators() { skip_bad 'pe-indicators sma:2'; assert_equal "${#lines[@]}" 3; }
behaviour_skipbad_eval() { skip_bad "pe-eval 'close > 0'"; assert_equal "${#lines[@]}" 2; }
behaviour_skipbad_chart() { skip_bad 'pe-chart -o x.svg'; }

@test "--skip-bad: bad rows skipped and counted instead of ending the run" {
	behaves --skip-bad
}

# ---- --tz ----

# One bar at 15:00 UTC, 10:00 in New York (EST) and 16:00 in Paris.
tz_data() {
	mk t.csv "$HDR" 2024-01-02T15:00:00Z,2,3,1,2,10 2024-01-03T15:00:00Z,2,3,1,3,10
}
behaviour_tz_load() {
	mk l.csv "$HDR" '2024-01-02 10:00,2,3,1,2,10'
	run --separate-stderr pe-load --tz America/New_York l.csv
	assert_success
	assert_line -n 1 '2024-01-02T10:00:00-05:00,2,3,1,2,10'
	run --separate-stderr pe-load l.csv
	assert_line -n 1 '2024-01-02T10:00:00Z,2,3,1,2,10'
}
behaviour_tz_indicators() {
	tz_data
	run --separate-stderr pe-indicators --tz America/New_York -e 'h: hour' t.csv
	assert_success
	assert_line -n 1 '2024-01-02T10:00:00-05:00,2,3,1,2,10,10'
	run --separate-stderr pe-indicators -e 'h: hour' t.csv
	assert_line -n 1 '2024-01-02T15:00:00Z,2,3,1,2,10,15'
}
behaviour_tz_eval() {
	tz_data
	run --separate-stderr pe-eval --tz America/New_York --format csv 'hour == 10' t.csv
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line -n 1 --partial ',2024-01-02T10:00:00-05:00,'
	run --separate-stderr pe-eval 'hour == 10' t.csv
	assert_failure 1
}
behaviour_tz_scan() {
	tz_data
	run --separate-stderr pe-scan -q --all --no-cache --tz Europe/Paris 'hour == 16' t.csv
	assert_success
	assert_line -n 0 --partial '"time":"2024-01-02T16:00:00+01:00"'
	run --separate-stderr pe-scan -q --all --no-cache 'hour == 16' t.csv
	assert_failure 1
}
behaviour_tz_stream() {
	tz_data
	pe-load --format jsonl t.csv >t.jsonl
	run --separate-stderr pe-stream --min-bars 1 --tz America/New_York 'hour == 10' t.jsonl
	assert_success
	assert_equal "$(grep -c '"formula"' <<<"$output")" 2
	assert_line -n 0 --partial '"time":"2024-01-02T10:00:00-05:00"'
}
behaviour_tz_backtest() {	# in at the next open, out at the last close
	tz_data
	run --separate-stderr pe-backtest -q --tz America/New_York '@entry hour == 10 and day == 2' t.csv
	assert_success
	assert_equal "$(grep -c '"entry_time":"2024-01-03T10:00:00-05:00"' <<<"$output")" 1
}
behaviour_tz_chart() {
	tz_data
	run --separate-stderr pe-chart --tz America/New_York -e 'hour == 10' -o ny.svg t.csv
	assert_success
	run --separate-stderr pe-chart -e 'hour == 10' -o utc.svg t.csv
	assert_success
	assert_equal "$(grep -c '<path class="marker' ny.svg) $(grep -c '<path class="marker' utc.svg)" '2 0'
}

@test "--tz ZONE: local wall-clock times in, time names on that clock, times out with its offset; unknown zones refused" {
	behaves --tz
	local t
	for t in $(marked --tz); do
		run --separate-stderr "pe-$t" --tz Mars/Base /dev/null
		assert_failure 2
		assert_equal "$stderr" "pe-$t: unknown time zone 'Mars/Base'"
	done
}

# ---- --ref ----

# Two symbols of the same days; B's closes 10 times A's.
ref_data() {
	mkdir -p in refs
	mk in/A.csv "$HDR" 2024-01-01,2,2,2,2,1 2024-01-02,3,3,3,3,1
	mk refs/B.csv "$HDR" 2024-01-01,20,20,20,20,1 2024-01-02,30,30,30,30,1
}
behaviour_ref_eval() {
	ref_data
	run --separate-stderr pe-eval --ref refs --format csv 'sym("B", close) == 10 * close' in/A.csv
	assert_success
	assert_equal "${#lines[@]}" 3
	run --separate-stderr pe-eval 'sym("B", close) > 0' in/A.csv
	assert_failure 2
	assert_equal "$stderr" "pe-eval: in/A.csv: sym(\"B\", ...): in/B.csv: No such file or directory"
}
behaviour_ref_scan() {
	ref_data
	run --separate-stderr pe-scan -q --all --no-cache --ref refs 'sym("B", close) == 10 * close' in
	assert_success
	assert_equal "$(grep -c '"formula"' <<<"$output")" 2
}
behaviour_ref_backtest() {	# in at the second bar's open
	ref_data
	run --separate-stderr pe-backtest -q --ref refs '@entry sym("B", close) == 20' in
	assert_success
	assert_equal "$(grep -c '"entry_time":"2024-01-02"' <<<"$output")" 1
}

# ---- --timeframe, --session ----

# New York's 09:00 and 16:00 (outside 09:30-16:00), 10:00 and 15:00 in.
session_data() {
	mk i.csv "$HDR" 2024-01-02T14:00:00Z,1,9,1,1,1 \
	    2024-01-02T15:00:00Z,2,3,1,2,10 2024-01-02T20:00:00Z,2,4,2,3,10 \
	    2024-01-02T21:00:00Z,3,9,3,3,1 2024-01-03T15:00:00Z,3,5,3,4,10
}
RTH=(--tz America/New_York --session 09:30-16:00 --timeframe 1d)
behaviour_timeframe_load() {
	session_data
	run --separate-stderr pe-load "${RTH[@]}" i.csv
	ok_with "$HDR" 2024-01-02,2,4,1,3,20 2024-01-03,3,5,3,4,10
	run --separate-stderr pe-load --tz America/New_York --timeframe 1M i.csv
	ok_with "$HDR" 2024-01-01,1,9,1,4,32
}
behaviour_timeframe_scan() {
	session_data
	run --separate-stderr pe-scan -q --all --no-cache "${RTH[@]}" 'high == 4' i.csv
	assert_success
	assert_line -n 0 --partial '"time":"2024-01-02",'
	run --separate-stderr pe-scan -q --all --no-cache --timeframe 1d 'high == 4' i.csv
	assert_failure 1
}
behaviour_timeframe_backtest() {	# in at the next day's open
	session_data
	run --separate-stderr pe-backtest -q "${RTH[@]}" '@entry high == 4' i.csv
	assert_success
	assert_equal "$(grep -c '"entry_time":"2024-01-03"' <<<"$output")" 1
}

@test "--timeframe TF, --session HH:MM-HH:MM: bars resampled on the zone's clock, a session's only; bad values refused" {
	behaves --timeframe
	local t
	for t in $(marked --timeframe); do
		run --separate-stderr "pe-$t" --timeframe 2M /dev/null
		assert_failure 2
		assert_equal "$stderr" "pe-$t: invalid timeframe '2M' (expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M, 1q, 1y)"
		run --separate-stderr "pe-$t" --session 25:00-17:00 /dev/null
		assert_failure 2
		assert_equal "$stderr" "pe-$t: invalid --session '25:00-17:00' (hour out of range)"
	done
}

@test "--ref DIR: where sym() reads the other symbol's file; not a directory, exit 2" {
	behaves --ref
	local t
	for t in $(marked --ref); do
		run --separate-stderr "pe-$t" --ref /nonexistent-pe 'close > 0' /dev/null
		assert_failure 2
		assert_equal "$stderr" "pe-$t: --ref /nonexistent-pe: No such file or directory"
	done
}

@test "--since and --until: a time without an offset is on the --tz clock, wherever --tz stands; dates stay dates" {
	mk i.csv "$HDR" 2024-03-05T14:00:00Z,1,2,0.5,1.5,10 2024-03-05T14:30:00Z,1,2,0.5,1.5,10 \
	    2024-03-05T15:00:00Z,1,2,0.5,1.5,10 2024-03-05T21:00:00Z,1,2,0.5,1.5,10
	# 09:30 and 10:00 in New York are 14:30Z and 15:00Z
	run --separate-stderr pe-eval --all --since 2024-03-05T09:30 --until 2024-03-05T10:00 \
	    --tz America/New_York 'close > 0' i.csv
	assert_success
	[ "$(jq -r .time <<<"$output" | tr '\n' ' ')" = '2024-03-05T09:30:00-05:00 2024-03-05T10:00:00-05:00 ' ]
	run --separate-stderr pe-eval --all --tz America/New_York --since 2024-03-05T09:30 \
	    --until 2024-03-05T10:00 'close > 0' i.csv
	[ "$(jq -r .time <<<"$output" | tr '\n' ' ')" = '2024-03-05T09:30:00-05:00 2024-03-05T10:00:00-05:00 ' ]
	# an offset is taken as given; without --tz, UTC as before
	run --separate-stderr pe-eval --all --tz America/New_York --since 2024-03-05T15:00:00Z 'close > 0' i.csv
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr pe-eval --all --since 2024-03-05T09:30 'close > 0' i.csv
	[ "${#lines[@]}" -eq 4 ]
	run --separate-stderr pe-load --since 2024-03-05T10:00 --tz America/New_York i.csv
	ok_with "$HDR" '2024-03-05T10:00:00-05:00,1,2,0.5,1.5,10' '2024-03-05T16:00:00-05:00,1,2,0.5,1.5,10'
	mkdir d && cp i.csv d/
	run --separate-stderr pe-scan -q --no-cache --all --since 2024-03-05T10:00 --tz America/New_York 'close > 0' d
	[ "$(jq -r .time <<<"$output" | tr '\n' ' ')" = '2024-03-05T10:00:00-05:00 2024-03-05T16:00:00-05:00 ' ]
	# a date is the whole UTC day, as the bars' own dates are
	run --separate-stderr pe-eval --all --tz America/New_York --until 2024-03-05 'close > 0' i.csv
	[ "${#lines[@]}" -eq 4 ]
}
