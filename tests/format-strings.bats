#!/usr/bin/env bats
# A string from the command line reaches a message as data, never as a
# printf format.  Every binary runs with H (below: conversions that read
# the stack, write through a pointer or print a string) in every option
# that takes a value and in each kind of operand.  None may end on a
# signal, and every "ZZ" in what it wrote (stdout, stderr, the names and
# contents of the files it made) must end the whole of H, so nothing was
# expanded; where the value is echoed (nearly everywhere: a case marked 0
# is one where it rightly is not) H must be there.
# Each test first checks that its cases cover every option --help lists,
# so a new option without a case fails here.

bats_require_minimum_version 1.5.0
load helpers

H='%s%n%x%s%s%s%sZZ'

setup() {
	common_setup
	mkdir fx
	mk fx/c.csv "$HDR" 2024-01-02,1,2,0.5,1.5,200 2024-01-03,1,2,0.5,1.5,200
	mk fx/m.csv "$SHDR" A,2024-01-02,1,2,0.5,1.5,200 B,2024-01-02,1,2,0.5,1.5,200
	mk fx/feed.jsonl '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":2}'
	mkdir "fx/w$H"	# a --warmup directory whose history is bad
	mk "fx/w$H/A.csv" "$HDR" 2024-01-01,x,1,1,1,1
}

# The options of BIN that take a value, as its --help spells them
# ("-o DIR", "--format csv|jsonl", "--progress[=bar|jsonl]").
value_options() {
	"$1" --help | grep -oE '\[(-[a-zA-Z]|--[a-z-]+)( [^]| ][^] ]*|\[=[^]]+\])' |
	    sed -E 's/^\[//; s/[ [].*//' | sort -u
}

# covers BIN CASE...: every value option of BIN is in some case, as "OPT @",
# "OPT dir/@" or "OPT=@".
covers() {
	local bin=$1 opt c found re
	shift
	for opt in $(value_options "$bin"); do
		found=0
		re=" $opt [^ ]*@| $opt=@"
		for c in "$@"; do
			[[ " $c " =~ $re ]] && found=1
		done
		if [ "$found" -eq 0 ]; then
			echo "$bin: no case gives $opt a hostile value" >&2
			return 1
		fi
	done
}

# try ECHO BIN ARG...: BIN in a new copy of fx/, each @ in an ARG turned
# into H.  ECHO 1: H must come back.
try() {
	local echo=$1 d a st text bad
	local -a args=()
	shift
	d=$(mktemp -d "$BATS_TEST_TMPDIR/run.XXXXXX")
	cp -r fx/. "$d"/
	for a in "$@"; do
		args+=("${a//@/$H}")
	done
	st=0
	(cd "$d" && exec "${args[@]}" >.out 2>.err </dev/null) || st=$?
	text=$(cd "$d" && cat .out .err &&
	    find . -mindepth 1 ! -name .out ! -name .err ! -name c.csv \
	        ! -name feed.jsonl ! -name m.csv ! -path "./w$H*" -print \
	        -type f -exec cat {} + | tr -d '\000')
	if [ "$st" -ge 128 ]; then
		echo "${args[*]}: ended with status $st" >&2
		cat "$d/.err" >&2
		return 1
	fi
	bad=$(grep -o '.\{0,14\}ZZ' <<<"$text" | grep -vxF -- "$H" || true)
	if [ -n "$bad" ]; then
		echo "${args[*]}: expanded: $bad" >&2
		return 1
	fi
	if [ "$echo" -eq 1 ] && [[ $text != *"$H"* ]]; then
		echo "${args[*]}: the value is not echoed:" >&2
		cat "$d/.err" >&2
		return 1
	fi
}

# run_cases BIN ECHO:ARGS...: covers, then try for each (ARGS split on
# spaces; the formula of a case is "close>0", one word).
run_cases() {
	local bin=$1 c
	shift
	covers "$bin" "${@#*:}"
	for c in "$@"; do
		# shellcheck disable=SC2086
		try "${c%%:*}" "$bin" ${c#*:}
	done
}

@test "pe-load: hostile text in every option and operand is echoed literally" {
	# --date-format is only used to read times, --columns to name them:
	# their values are never echoed.
	run_cases pe-load \
	    '1:-d @ c.csv' \
	    '1:-o nodir/@ c.csv' \
	    '1:-o @ --symbol @ c.csv' \
	    '1:--symbol @ --format jsonl c.csv' \
	    '0:--symbol @ m.csv' \
	    '0:--symbol @ --symbol B m.csv c.csv' \
	    '1:--since @ c.csv' \
	    '1:--until @ c.csv' \
	    '1:--tail @ c.csv' \
	    '1:--timeframe @ c.csv' \
	    '1:--session @ c.csv' \
	    '1:--format @ c.csv' \
	    '1:--digits @ c.csv' \
	    '0:--date-format @ c.csv' \
	    '1:--tz @ c.csv' \
	    '1:--vendor @ c.csv' \
	    '0:--columns @ c.csv' \
	    '1:--volume @ c.csv' \
	    '1:@' \
	    '1:--merge -o @ c.csv'
}

@test "pe-indicators: hostile text in every option and operand is echoed literally" {
	run_cases pe-indicators \
	    '1:--format @ sma:2' \
	    '1:--tail @ sma:2' \
	    '1:--since @ sma:2 c.csv' \
	    '1:--until @ sma:2 c.csv' \
	    '1:--tz @ sma:2 c.csv' \
	    '1:--symbol @ --format jsonl sma:2 c.csv' \
	    '0:--symbol @ sma:2 m.csv' \
	    '1:-i @ c.csv' \
	    '1:@ c.csv' \
	    '1:sma:2 @' \
	    '1:-o nodir/@ sma:2 c.csv' \
	    '1:--digits @ sma:2 c.csv' \
	    '1:-e @ c.csv' \
	    '1:-e x:close -f @ c.csv' \
	    '1:--list @'
}

@test "pe-eval: hostile text in every option and operand is echoed literally" {
	run_cases pe-eval \
	    '1:--format @ close>0 c.csv' \
	    '1:--tail @ close>0 c.csv' \
	    '1:--as-of @ close>0 c.csv' \
	    '1:--since @ close>0 c.csv' \
	    '1:--until @ close>0 c.csv' \
	    '1:--tz @ close>0 c.csv' \
	    '1:--ref @ close>0 c.csv' \
	    '1:-o nodir/@ close>0 c.csv' \
	    '1:--symbol @ close>0 c.csv' \
	    '0:--symbol @ close>0 m.csv' \
	    '1:--values @ close>0 c.csv' \
	    '1:--digits @ close>0 c.csv' \
	    '1:-e @ c.csv' \
	    '1:-f @ c.csv' \
	    '1:@ c.csv' \
	    '1:close>0 @'
}

@test "pe-scan: hostile text in every option and operand is echoed literally" {
	run_cases pe-scan \
	    '1:-j @ close>0 c.csv' \
	    '1:--shard @ close>0 c.csv' \
	    '1:--since @ close>0 c.csv' \
	    '1:--until @ close>0 c.csv' \
	    '1:--tz @ close>0 c.csv' \
	    '1:--ref @ close>0 c.csv' \
	    '1:--as-of @ close>0 c.csv' \
	    '1:--tail @ close>0 c.csv' \
	    '1:-o nodir/@ close>0 c.csv' \
	    '1:--format @ close>0 c.csv' \
	    '0:--symbol @ close>0 c.csv' \
	    '1:--summary @ close>0 c.csv' \
	    '1:--timeframe @ close>0 c.csv' \
	    '1:--session @ close>0 c.csv' \
	    '1:--timeout @ close>0 c.csv' \
	    '1:--forward-returns @ close>0 c.csv' \
	    '1:--rank @ close>0 c.csv' \
	    '1:--rank close --top @ close>0 c.csv' \
	    '1:--digits @ close>0 c.csv' \
	    '1:--cache-dir @ close>0 c.csv' \
	    '1:--cache-max @ close>0 c.csv' \
	    '1:--progress=@ close>0 c.csv' \
	    '1:-e @ c.csv' \
	    '1:-f @ c.csv' \
	    '1:@ c.csv' \
	    '1:close>0 @'
}

@test "pe-backtest: hostile text in every option and operand is echoed literally" {
	printf '@entry buy: close > 0\n' > fx/r.pe
	run_cases pe-backtest \
	    '1:--fill @ -f r.pe c.csv' \
	    '1:--stop @ -f r.pe c.csv' \
	    '1:--trail @ -f r.pe c.csv' \
	    '1:--target @ -f r.pe c.csv' \
	    '1:--max-bars @ -f r.pe c.csv' \
	    '1:--slippage @ -f r.pe c.csv' \
	    '1:--fee @ -f r.pe c.csv' \
	    '1:--portfolio --capital @ -f r.pe c.csv' \
	    '1:--portfolio --max-positions @ -f r.pe c.csv' \
	    '1:--portfolio --rank @ -f r.pe c.csv' \
	    '1:--portfolio --equity nodir/@ -f r.pe c.csv' \
	    '1:-j @ -f r.pe c.csv' \
	    '1:--shard @ -f r.pe c.csv' \
	    '1:--since @ -f r.pe c.csv' \
	    '1:--until @ -f r.pe c.csv' \
	    '1:--tz @ -f r.pe c.csv' \
	    '1:--ref @ -f r.pe c.csv' \
	    '1:-o nodir/@ -f r.pe c.csv' \
	    '1:--format @ -f r.pe c.csv' \
	    '1:--digits @ -f r.pe c.csv' \
	    '0:--symbol @ -f r.pe c.csv' \
	    '1:--summary @ -f r.pe c.csv' \
	    '1:--periods-per-year @ -f r.pe c.csv' \
	    '1:--timeframe @ -f r.pe c.csv' \
	    '1:--session @ -f r.pe c.csv' \
	    '1:--timeout @ -f r.pe c.csv' \
	    '1:--cache-dir @ -f r.pe c.csv' \
	    '1:--cache-max @ -f r.pe c.csv' \
	    '1:--progress=@ -f r.pe c.csv' \
	    '1:-e @ c.csv' \
	    '1:-f @ c.csv' \
	    '1:@ c.csv' \
	    '1:-f r.pe @' \
	    '1:--from-trades @'
}

@test "pe-stream: hostile text in every option and operand is echoed literally" {
	run_cases pe-stream \
	    '1:--buffer @ close>0 feed.jsonl' \
	    '1:--emit @ close>0 feed.jsonl' \
	    '1:--max-symbols @ close>0 feed.jsonl' \
	    '1:--min-bars @ close>0 feed.jsonl' \
	    '1:--on @ close>0 feed.jsonl' \
	    '1:--same-time @ close>0 feed.jsonl' \
	    '1:--shard @ close>0 feed.jsonl' \
	    '1:--digits @ close>0 feed.jsonl' \
	    '1:--min-bars 1 --warmup w@ close>0 feed.jsonl' \
	    '0:--cache-dir @ --min-bars 1 --warmup w close>0 feed.jsonl' \
	    '1:-o nodir/@ close>0 feed.jsonl' \
	    '1:--format @ close>0 feed.jsonl' \
	    '1:--since @ close>0 feed.jsonl' \
	    '1:--until @ close>0 feed.jsonl' \
	    '1:--tz @ close>0 feed.jsonl' \
	    '1:--symbol @ close>0 c.csv' \
	    '1:--symbol @ --format csv --min-bars 1 close>0 c.csv' \
	    '1:-e @ feed.jsonl' \
	    '1:-f @ feed.jsonl' \
	    '1:@ feed.jsonl' \
	    '1:close>0 @'
}

@test "pe-chart: hostile text in every option and operand is echoed literally" {
	run_cases pe-chart \
	    '1:-i @ c.csv' \
	    '1:-e @ c.csv' \
	    '1:-f @ c.csv' \
	    '1:--signals @ c.csv' \
	    '1:--trades @ c.csv' \
	    '1:--equity @ c.csv' \
	    '1:--equity @' \
	    '1:--tail @ c.csv' \
	    '1:--since @ c.csv' \
	    '1:--until @ c.csv' \
	    '1:--tz @ c.csv' \
	    '1:--title @ c.csv' \
	    '1:--size @ c.csv' \
	    '1:--theme @ c.csv' \
	    '1:--format @ c.csv' \
	    '1:-o @ c.csv' \
	    '1:--symbol @ c.csv' \
	    '1:--symbol @ m.csv' \
	    '1:@'
}
