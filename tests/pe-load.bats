#!/usr/bin/env bats
# pe-load: every option, input form, bad-row message and exit status.
#
# Inputs are written inline (mk, printf) in each test's own directory;
# larger ones come from gen-candles.  Expected outputs are exact, computed
# by hand from DESIGN.md and the rules in lib/pe_*.h.  Related cases share
# one test: a test costs about 0.3 s of bats's own time on a busy machine.

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
}

USAGE=(
'usage: pe-load [-q] [-d DELIM] [-o DIR|DB [--merge]] [--symbol NAME] ...'
'               [--since DATE] [--until DATE] [--tail N | --last]'
'               [--timeframe TF] [--session HH:MM-HH:MM]'
'               [--format csv|jsonl] [--digits N]'
'               [--date-format FMT] [--tz ZONE] [--decimal-comma]'
'               [--vendor NAME] [--columns LIST] [--volume WHICH]'
'               [--adjusted] [--skip-bad] [INPUT ...]'
)

ROW='2024-01-02,1,2,0.5,1.5,100'
JROW='{"time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'

# bad_row ROW MESSAGE [KIND]: t.csv holds a good row (line 2) and ROW
# (line 3).  Strict: exit 3, nothing on stdout, "t.csv:3: MESSAGE".
# With KIND, also --skip-bad: the good row out, "skipped 1 bad row (1
# KIND)" (each test passes KIND for some of its rows: a run costs time).
bad_row() {
	printf '%s\n' "$HDR" "$ROW" "$1" >t.csv
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:3: $2"
	[[ -n ${3:-} ]] || return 0
	run --separate-stderr pe-load --skip-bad t.csv
	assert_success
	assert_output "$(lines "$HDR" "$ROW")"
	stderr_is "pe-load: t.csv: skipped 1 bad row (1 $3)"
}

# bad_symbol_row SYMBOL MESSAGE: the same with a symbol column.
bad_symbol_row() {
	printf '%s\n' "$SHDR" "A,$ROW" "$1,2024-01-03,1,2,0.5,1.5,100" >t.csv
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:3: $2"
	run --separate-stderr pe-load --skip-bad t.csv
	assert_success
	assert_output "$(lines "$SHDR" "A,$ROW")"
	stderr_is "pe-load: t.csv: skipped 1 bad row (1 bad symbol)"
}

# bad_json LINE MESSAGE KIND: t.jsonl with a good object, then LINE.
bad_json() {
	printf '%s\n' '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}' \
	    "$1" >t.jsonl
	run --separate-stderr pe-load t.jsonl
	fails_with 3 "pe-load: t.jsonl:2: $2"
	run --separate-stderr pe-load --skip-bad t.jsonl
	assert_success
	assert_output "$(lines "$SHDR" "A,$ROW")"
	stderr_is "pe-load: t.jsonl: skipped 1 bad row (1 $3)"
}

# delimited D LINE...: the lines with every ',' turned into D.
delimited() {
	local d=$1
	shift
	printf '%s\n' "$@" | sed "s/,/$d/g"
}

# ---- usage, options, inputs ----

@test "-h and --help print the usage to stdout and exit 0" {
	run --separate-stderr pe-load -h
	help_ok "${USAGE[@]}"
	run --separate-stderr pe-load --help
	help_ok "${USAGE[@]}"
}

@test "--version prints the program name and a version" {
	run --separate-stderr pe-load --version
	assert_success
	assert_output --regexp '^pe-load [0-9]+\.[0-9]+\.[0-9]+$'
	stderr_empty
}

@test "unknown options and missing option arguments: exit 2, the usage on stderr" {
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -x a.csv
	fails_with 2 "pe-load: invalid option -- 'x'" "${USAGE[@]}"
	run --separate-stderr pe-load --bogus a.csv
	fails_with 2 "pe-load: unrecognized option '--bogus'" "${USAGE[@]}"
	run --separate-stderr pe-load a.csv -d
	fails_with 2 "pe-load: option requires an argument -- 'd'" "${USAGE[@]}"
	run --separate-stderr pe-load a.csv --timeframe
	fails_with 2 "pe-load: option '--timeframe' requires an argument" \
	    "${USAGE[@]}"
}

@test "a missing input file: exit 2, named with the system's reason" {
	run --separate-stderr pe-load nosuch.csv
	fails_with 2 'pe-load: nosuch.csv: No such file or directory'
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load a.csv nosuch.csv
	fails_with 2 'pe-load: nosuch.csv: No such file or directory'
}

@test "a directory as input: exit 2, named with the system's reason" {
	mkdir adir
	run --separate-stderr pe-load adir
	fails_with 2 'pe-load: adir: Is a directory'
}

@test "stdin: no file operand, or '-', named stdin" {
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load <a.csv
	ok_with "$HDR" "$ROW"
	run --separate-stderr pe-load - <a.csv
	ok_with "$HDR" "$ROW"
	run --separate-stderr pe-load --format jsonl - <a.csv
	ok_with '{"symbol":"stdin","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
	mk b.csv "$HDR" 'x,1,2,0.5,1.5,1'
	run --separate-stderr pe-load <b.csv
	fails_with 3 "pe-load: stdin:2: bad time 'x': not a date, time or epoch number"
	run --separate-stderr pe-load - <b.csv
	fails_with 3 "pe-load: stdin:2: bad time 'x': not a date, time or epoch number"
}

# ---- header names ----

@test "time column aliases: date datetime timestamp time, any case" {
	local name
	for name in date Date DATE datetime DateTime timestamp TIMESTAMP time Time; do
		mk a.csv "$name,open,high,low,close,volume" "$ROW"
		run --separate-stderr pe-load a.csv
		ok_with "$HDR" "$ROW"
	done
}

@test "price column aliases o/open h/high l/low c/close, any case and order; other columns ignored" {
	mk a.csv 'time,O,H,L,C,volume' "$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	mk a.csv 'time,OPEN,High,low,Close,volume' "$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	mk a.csv 'c,v,l,h,o,time' '1.5,100,0.5,2,1,2024-01-02'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	mk a.csv 'Date,Open,High,Low,Close,Volume,OpenInt,Note' \
	    '2024-01-02,1,2,0.5,1.5,100,0,anything'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
}

@test "volume aliases v vol volume; symbol aliases symbol ticker code; any case" {
	local name
	for name in v V vol Vol volume VOLUME; do
		mk a.csv "time,open,high,low,close,$name" "$ROW"
		run --separate-stderr pe-load a.csv
		ok_with "$HDR" "$ROW"
	done
	for name in symbol Symbol ticker TICKER code Code; do
		mk a.csv "$name,$HDR" "X,$ROW"
		run --separate-stderr pe-load a.csv
		ok_with "$SHDR" "X,$ROW"
	done
}

@test "blanks around header names are ignored" {
	mk a.csv ' Symbol ,	Date	,  Open,High  , low , CLOSE ,	Vol ' "X,$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" "X,$ROW"
	mk a.csv '" time "," open "," high "," low "," close "," volume "' "$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
}

@test "a Date and a Time column are joined; a datetime column wins over a time column" {
	mk a.csv 'Date,Time,Open,High,Low,Close,Volume' \
	    '2024-01-02,09:30:00,1,2,0.5,1.5,100' \
	    '2024-01-02,09:31,1,2,0.5,1.5,200'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1.5,100' \
	    '2024-01-02T09:31:00Z,1,2,0.5,1.5,200'
	mk a.csv 'datetime,time,open,high,low,close' \
	    '2024-01-02T10:00:00Z,junk,1,2,0.5,1.5'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T10:00:00Z,1,2,0.5,1.5,'
}

# ---- adjusted close ----

@test "Adj Close is ignored without --adjusted; --adjusted scales o/h/l by adj/close" {
	mk a.csv 'Date,Open,High,Low,Close,Adj Close,Volume' \
	    '2024-01-02,41,42,39,40,10,100' \
	    '2024-01-03,10,12,8,10,5,300' \
	    '2024-01-04,20,21,19,20,20,7'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02,41,42,39,40,100' '2024-01-03,10,12,8,10,300' \
	    '2024-01-04,20,21,19,20,7'
	# close = adj close; open, high, low times adj/close; volume kept.
	run --separate-stderr pe-load --adjusted a.csv
	ok_with "$HDR" '2024-01-02,10.25,10.5,9.75,10,100' \
	    '2024-01-03,5,6,4,5,300' '2024-01-04,20,21,19,20,7'
}

@test "--adjusted takes every adj close alias, and the JSONL key" {
	local name
	for name in 'adj close' adj_close AdjClose 'Adjusted Close' adjusted_close; do
		mk a.csv "time,open,high,low,close,$name" '2024-01-03,10,12,8,10,5'
		run --separate-stderr pe-load --adjusted a.csv
		ok_with "$HDR" '2024-01-03,5,6,4,5,'
	done
	mk a.jsonl '{"time":"2024-01-03","open":10,"high":12,"low":8,"close":10,"adj_close":"5","volume":300}'
	run --separate-stderr pe-load --adjusted a.jsonl
	ok_with "$HDR" '2024-01-03,5,6,4,5,300'
}

@test "--adjusted errors: no adj close column or key, an empty cell, close 0" {
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load --adjusted a.csv
	fails_with 3 "pe-load: a.csv:1: --adjusted needs an 'adj close' column"
	mk a.jsonl "$JROW"
	run --separate-stderr pe-load --adjusted a.jsonl
	fails_with 3 'pe-load: a.jsonl:1: missing adj close (--adjusted)'
	mk a.csv 'time,open,high,low,close,adj close' '2024-01-03,10,12,8,10,'
	run --separate-stderr pe-load --adjusted a.csv
	fails_with 3 'pe-load: a.csv:2: missing adj close'
	mk a.csv 'time,open,high,low,close,adj close' '2024-01-03,0,1,0,0,0'
	run --separate-stderr pe-load --adjusted a.csv
	fails_with 3 'pe-load: a.csv:2: close is 0: cannot adjust'
}

@test "--adjusted does not turn an invalid bar (high below close) into a valid one" {
	# high 2 < close 10: invalid as given, and (x0.5) as adjusted.
	mk a.csv 'time,open,high,low,close,adj close' '2024-01-03,1,2,0.5,10,5'
	run --separate-stderr pe-load --adjusted a.csv
	assert_failure 3
	assert_output ''
	stderr_matches '^pe-load: a\.csv:2: high [0-9.]+ is below max\(open, close\) [0-9.]+$'
}

# ---- delimiters ----

@test "the delimiter is detected: , ; tab |" {
	local d
	for d in , ';' '\t' '|'; do
		delimited "$d" "$SHDR" "X,$ROW" >a.csv
		run --separate-stderr pe-load a.csv
		ok_with "$SHDR" "X,$ROW"
	done
}

@test "-d gives the delimiter: , ; tab \\t TAB |" {
	local d arg
	for arg in , ';' tab '\t' $'\t' '|'; do
		case $arg in tab | $'\t') d='\t' ;; *) d=$arg ;; esac
		delimited "$d" "$HDR" "$ROW" >a.csv
		run --separate-stderr pe-load -d "$arg" a.csv
		ok_with "$HDR" "$ROW"
		run --separate-stderr pe-load --delimiter="$arg" a.csv
		ok_with "$HDR" "$ROW"
	done
}

@test "-d overrides detection; detection skips quoted text; a wrong -d finds no time column" {
	# Seven commas in a column name outnumber the five pipes.
	mk a.csv 'time|open|high|low|close|a,b,c,d,e,f,g,h' '2024-01-02|1|2|0.5|1.5|x'
	run --separate-stderr pe-load -d '|' a.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load a.csv
	fails_with 3 'pe-load: a.csv:1: no time column in the header (expected time, date, datetime or timestamp)'
	mk a.csv '"x,y,z,w,v,u,t";time;open;high;low;close;volume' \
	    "n;2024-01-02;1;2;0.5;1.5;100"
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -d ';' a.csv
	fails_with 3 'pe-load: a.csv:1: no time column in the header (expected time, date, datetime or timestamp)'
}

# ---- --digits ----

# An adjusted file: open, high and low times adj close / close are noise.
ADJ=('Date,Open,High,Low,Close,Adj Close,Volume'
    '2024-01-02,187.15,188.44,183.89,185.64,184.53,82488700'
    '2024-01-03,184.22,185.88,183.43,184.25,183.15,58414500')

@test "--digits N rounds prices to N places, zeros dropped; the default is the exact round trip" {
	mk a.csv "${ADJ[@]}"
	run --separate-stderr pe-load --adjusted a.csv
	ok_with "$HDR" '2024-01-02,186.03097123464772,187.31325791855207,182.790463800905,184.53,82488700' \
	    '2024-01-03,183.12017910447761,184.7702686567164,182.33489552238808,183.15,58414500'
	run --separate-stderr pe-load --adjusted --digits 2 a.csv
	ok_with "$HDR" '2024-01-02,186.03,187.31,182.79,184.53,82488700' \
	    '2024-01-03,183.12,184.77,182.33,183.15,58414500'
	# 186.0310 to 4 places: the trailing zero goes
	run --separate-stderr pe-load --adjusted --digits 4 --format jsonl a.csv
	ok_with '{"symbol":"a","time":"2024-01-02","open":186.031,"high":187.3133,"low":182.7905,"close":184.53,"volume":82488700}' \
	    '{"symbol":"a","time":"2024-01-03","open":183.1202,"high":184.7703,"low":182.3349,"close":183.15,"volume":58414500}'
	run --separate-stderr pe-load --adjusted --digits 0 a.csv
	ok_with "$HDR" '2024-01-02,186,187,183,185,82488700' \
	    '2024-01-03,183,185,182,183,58414500'
}

@test "--digits: ties to even as printf, no -0, no trailing point, empty volume kept, times untouched" {
	# 0.125 is a tie at 2 places, 2.675 is stored below 2.675, -0.001
	# rounds to zero, 3.0001 loses its places
	mk a.csv "$HDR" '2024-01-02T09:30:00.250Z,0.125,2.675,-0.001,1.005,' \
	    '2024-01-03,2.5,3.0001,0.375,3,1234.5'
	run --separate-stderr pe-load --digits 2 a.csv
	ok_with "$HDR" '2024-01-02T09:30:00.250Z,0.12,2.67,0,1,' \
	    '2024-01-03T00:00:00Z,2.5,3,0.38,3,1234.5'
	run --separate-stderr pe-load --digits 0 --format jsonl a.csv
	ok_with '{"symbol":"a","time":"2024-01-02T09:30:00.250Z","open":0,"high":3,"low":0,"close":1,"volume":null}' \
	    '{"symbol":"a","time":"2024-01-03T00:00:00Z","open":2,"high":3,"low":0,"close":3,"volume":1234}'
	run --separate-stderr pe-load --digits 17 a.csv
	ok_with "$HDR" '2024-01-02T09:30:00.250Z,0.125,2.67499999999999982,-0.001,1.00499999999999989,' \
	    '2024-01-03T00:00:00Z,2.5,3.00010000000000021,0.375,3,1234.5'
}

@test "--digits with -o DIR: each file rounded" {
	mk a.csv "${ADJ[@]}"
	run --separate-stderr pe-load --adjusted --digits 1 -o out a.csv
	ok_with ''
	file_is out/a.csv "$HDR" '2024-01-02,186,187.3,182.8,184.5,82488700' \
	    '2024-01-03,183.1,184.8,182.3,183.2,58414500'
}

@test "--digits outside 0 to 17: exit 2 naming the option and the value" {
	mk a.csv "$HDR" "$ROW"
	local n
	for n in 18 -1 x '' 2.5 ' 2' 100000000000000000000; do
		run --separate-stderr pe-load --digits "$n" a.csv
		fails_with 2 "pe-load: invalid --digits '$n' (expected 0 to 17)"
	done
}

@test "-d with an invalid value: exit 2" {
	mk a.csv "$HDR" "$ROW"
	local d
	for d in x ',,' '' ':' ' '; do
		run --separate-stderr pe-load -d "$d" a.csv
		fails_with 2 "pe-load: invalid delimiter '$d' (expected , ; tab or |)"
	done
}

# ---- quoting ----

@test "RFC 4180: quoted fields; a symbol with a comma or quotes is quoted on output" {
	mk a.csv "$SHDR" "\"BRK,A\",$ROW" "\"A \"\"B\"\" C\",$ROW" "\"plain\",$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" "\"BRK,A\",$ROW" "\"A \"\"B\"\" C\",$ROW" "plain,$ROW"
	mk a.csv '"time","open","high","low","close","volume"' \
	    '"2024-01-02","1","2","0.5","1.5","100"'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
}

@test "RFC 4180: a quoted field spanning lines; rows are named by the line they start on" {
	printf '%s\n' 'time,note,open,high,low,close,volume' \
	    '2024-01-02,"two' 'lines, with ""quotes""",1,2,0.5,1.5,100' \
	    '2024-01-03,x,1,2,0.5,1.5,200' >a.csv
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,200'
	printf '2024-01-04,x,1,2,0.5,oops,1\n' >>a.csv
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:5: close is not a number: 'oops'"
	printf '%s\n' 'time,note,open,high,low,close,volume' \
	    '2024-01-02,x,1,2,0.5,1.5,100' '2024-01-03,"a' 'b",1,2,0.5,zz,100' >a.csv
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:3: close is not a number: 'zz'"
}

# ---- byte order mark, line ends, blanks ----

@test "a UTF-8 byte-order mark is skipped, before CSV or JSONL" {
	printf '\xef\xbb\xbf%s\n%s\n' "$HDR" "$ROW" >a.csv
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	printf '\xef\xbb\xbf"Date","Open","High","Low","Close","Volume"\n%s\n' "$ROW" >a.csv
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
	printf '\xef\xbb\xbf%s\n' "$JROW" >a.jsonl
	run --separate-stderr pe-load a.jsonl
	ok_with "$HDR" "$ROW"
}

@test "CRLF and lone-CR line ends; line numbers still count" {
	local end
	for end in '\r\n' '\r'; do
		printf "%s$end" "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,200' >a.csv
		run --separate-stderr pe-load a.csv
		ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,200'
		printf "%s$end" "$HDR" "$ROW" '2024-01-03,1,2,0.5,x,200' >a.csv
		run --separate-stderr pe-load a.csv
		fails_with 3 "pe-load: a.csv:3: close is not a number: 'x'"
	done
}

@test "CRLF and CR files across many read chunks give the same output as LF" {
	gen_candles --symbols 3 --bars 5000 --seed 3 --timeframe 1m >lf.csv
	sed 's/$/\r/' lf.csv >crlf.csv
	tr '\n' '\r' <lf.csv >cr.csv
	run --separate-stderr pe-load crlf.csv
	assert_success
	stderr_empty
	pe-load crlf.csv | cmp - lf.csv
	pe-load cr.csv | cmp - lf.csv
	pe-load lf.csv | cmp - lf.csv
}

@test "blank lines are skipped; a last line without a newline is read; blanks around fields ignored" {
	printf '\n  \n%s\n\n%s\n   \n\n2024-01-03,1,2,0.5,1.5,200' "$HDR" "$ROW" >a.csv
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,200'
	mk a.csv "$HDR" ' 2024-01-02 , 1 ,2,	0.5	, 1.5,100 '
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW"
}

# ---- times ----

@test "YYYYMMDD dates, epoch seconds, milliseconds, microseconds and nanoseconds, negative epochs" {
	mk a.csv "$HDR" '20240102,1,2,0.5,1.5,100' '20231231,1,2,0.5,1.5,7'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2023-12-31,1,2,0.5,1.5,7' "$ROW"
	mk a.csv "$HDR" '1704153600,1,2,0.5,1.5,100' \
	    '1704240060000,1,2,0.5,1.5,200' '1704326400.5,1,2,0.5,1.5,300' \
	    '9999999999,1,2,0.5,1.5,1' '100000000000,1,2,0.5,1.5,2' \
	    '-86400,1,2,0.5,1.5,3' '1704412800123456,1,2,0.5,1.5,4' \
	    '1704499200123456789,1,2,0.5,1.5,5'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '1969-12-31T00:00:00Z,1,2,0.5,1.5,3' \
	    '1973-03-03T09:46:40Z,1,2,0.5,1.5,2' \
	    '2024-01-02T00:00:00Z,1,2,0.5,1.5,100' \
	    '2024-01-03T00:01:00Z,1,2,0.5,1.5,200' \
	    '2024-01-04T00:00:00.500Z,1,2,0.5,1.5,300' \
	    '2024-01-05T00:00:00.123Z,1,2,0.5,1.5,4' \
	    '2024-01-06T00:00:00.123Z,1,2,0.5,1.5,5' \
	    '2286-11-20T17:46:39Z,1,2,0.5,1.5,1'
}

@test "ISO times: offsets (crossing midnight), no offset is UTC, fractional seconds" {
	mk a.csv "$HDR" '2024-01-02T08:30:00+09:00,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30+0900,1,2,0.5,1.5,2' \
	    '2024-01-02T20:00:00-05:00,1,2,0.5,1.5,3' \
	    '2024-01-02 09:30-05,1,2,0.5,1.5,4' \
	    '2024-01-02t10:00:00z,1,2,0.5,1.5,5' \
	    '2024-01-02 11:15,1,2,0.5,1.5,6'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-01T23:30:00Z,1,2,0.5,1.5,1' \
	    '2024-01-02T00:30:00Z,1,2,0.5,1.5,2' \
	    '2024-01-02T10:00:00Z,1,2,0.5,1.5,5' \
	    '2024-01-02T11:15:00Z,1,2,0.5,1.5,6' \
	    '2024-01-02T14:30:00Z,1,2,0.5,1.5,4' \
	    '2024-01-03T01:00:00Z,1,2,0.5,1.5,3'
	# Milliseconds kept, finer digits truncated, ".000" not written.
	mk a.csv "$HDR" '2024-01-02T09:30:00.123456Z,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30:01.9999Z,1,2,0.5,1.5,2' \
	    '2024-01-02 09:30:02.5+01:00,1,2,0.5,1.5,3' \
	    '2024-01-02T09:30:03.000Z,1,2,0.5,1.5,4'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T08:30:02.500Z,1,2,0.5,1.5,3' \
	    '2024-01-02T09:30:00.123Z,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30:01.999Z,1,2,0.5,1.5,2' \
	    '2024-01-02T09:30:03Z,1,2,0.5,1.5,4'
}

@test "dates print as dates; one time of day makes the symbol print full times" {
	mk a.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,2'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,2'
	mk a.csv "$HDR" "$ROW" '2024-01-03T12:00:00Z,1,2,0.5,1.5,2'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,100' \
	    '2024-01-03T12:00:00Z,1,2,0.5,1.5,2'
}

@test "--date-format: '%m/%d/%Y', with a time of day, and its errors" {
	mk a.csv "$HDR" '01/02/2024,1,2,0.5,1.5,100' '12/31/2023,1,2,0.5,1.5,7'
	run --separate-stderr pe-load --date-format '%m/%d/%Y' a.csv
	ok_with "$HDR" '2023-12-31,1,2,0.5,1.5,7' "$ROW"
	mk a.csv "$HDR" '02.01.2024 09:30,1,2,0.5,1.5,100'
	run --separate-stderr pe-load --date-format '%d.%m.%Y %H:%M' a.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1.5,100'
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load --date-format '%m/%d/%Y' a.csv
	fails_with 3 "pe-load: a.csv:2: bad time '2024-01-02': does not match the date format"
	mk a.csv "$HDR" '01/02/2024x,1,2,0.5,1.5,100'
	run --separate-stderr pe-load --date-format '%m/%d/%Y' a.csv
	fails_with 3 "pe-load: a.csv:2: bad time '01/02/2024x': trailing characters after the date format"
	mk a.csv "$HDR" '02/30/2024,1,2,0.5,1.5,100'
	run --separate-stderr pe-load --date-format '%m/%d/%Y' a.csv
	fails_with 3 "pe-load: a.csv:2: bad time '02/30/2024': day out of range"
}

@test "--tz Asia/Seoul: local times read and written in Seoul; dates, offsets and epochs are not shifted" {
	mk a.csv "$HDR" '2024-01-02 09:00,1,2,0.5,1.5,1' \
	    '2024-01-03 08:00:00,1,2,0.5,1.5,2' '2024-01-03T15:30,1,2,0.5,1.5,3'
	run --separate-stderr pe-load --tz Asia/Seoul a.csv
	ok_with "$HDR" '2024-01-02T09:00:00+09:00,1,2,0.5,1.5,1' \
	    '2024-01-03T08:00:00+09:00,1,2,0.5,1.5,2' \
	    '2024-01-03T15:30:00+09:00,1,2,0.5,1.5,3'
	# what it writes reads back as the same instants
	pe-load --tz Asia/Seoul a.csv >seoul.csv
	run --separate-stderr pe-load seoul.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-02T23:00:00Z,1,2,0.5,1.5,2' \
	    '2024-01-03T06:30:00Z,1,2,0.5,1.5,3'
	mk a.csv "$HDR" "$ROW" '20240103,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --tz Asia/Seoul a.csv
	ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,2'
	mk a.csv "$HDR" '2024-01-02T09:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-03T09:00+09:00,1,2,0.5,1.5,2' '1704326400,1,2,0.5,1.5,3'
	run --separate-stderr pe-load --tz Asia/Seoul a.csv
	ok_with "$HDR" '2024-01-02T18:00:00+09:00,1,2,0.5,1.5,1' \
	    '2024-01-03T09:00:00+09:00,1,2,0.5,1.5,2' \
	    '2024-01-04T09:00:00+09:00,1,2,0.5,1.5,3'
	mk a.csv 'date,time,open,high,low,close' '2024-01-02,08:00,1,2,0.5,1.5'
	run --separate-stderr pe-load --tz Asia/Seoul a.csv
	ok_with "$HDR" '2024-01-02T08:00:00+09:00,1,2,0.5,1.5,'
}

@test "--tz America/New_York follows daylight saving time" {
	mk a.csv "$HDR" '2024-01-02 09:30,1,2,0.5,1.5,1' '2024-07-01 09:30,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --tz America/New_York a.csv
	ok_with "$HDR" '2024-01-02T09:30:00-05:00,1,2,0.5,1.5,1' \
	    '2024-07-01T09:30:00-04:00,1,2,0.5,1.5,2'
	pe-load --tz America/New_York a.csv >ny.csv
	run --separate-stderr pe-load ny.csv
	ok_with "$HDR" '2024-01-02T14:30:00Z,1,2,0.5,1.5,1' \
	    '2024-07-01T13:30:00Z,1,2,0.5,1.5,2'
}

@test "--tz with an unknown zone: exit 2" {
	mk a.csv "$HDR" "$ROW"
	local z
	for z in Mars/Olympus ../../etc/passwd ''; do
		run --separate-stderr pe-load --tz "$z" a.csv
		fails_with 2 "pe-load: unknown time zone '$z'"
	done
}

# ---- volume, decimal comma, numbers ----

@test "no volume column: the volume cell is empty (null in JSONL)" {
	mk a.csv 'time,open,high,low,close' '2024-01-02,1,2,0.5,1.5'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load --format jsonl a.csv
	ok_with '{"symbol":"a","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":null}'
}

@test "--decimal-comma with a ; file, detected or given; not with -d ','" {
	mk a.csv 'time;open;high;low;close;volume' '2024-01-02;1,5;2,25;0,5;1,75;100'
	run --separate-stderr pe-load --decimal-comma a.csv
	ok_with "$HDR" '2024-01-02,1.5,2.25,0.5,1.75,100'
	run --separate-stderr pe-load --decimal-comma -d ';' a.csv
	ok_with "$HDR" '2024-01-02,1.5,2.25,0.5,1.75,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:2: open is not a number: '1,5'"
	run --separate-stderr pe-load --decimal-comma -d , a.csv
	fails_with 2 "pe-load: --decimal-comma cannot go with -d ','"
}

@test "numbers are written in their shortest round-trip form" {
	mk a.csv "$HDR" '2024-01-02,1.50,2.000,0.5e0,15E-1,1e3' \
	    '2024-01-03,0.1,0.30000000000000004,0.1,0.2,-0' \
	    '2024-01-04,+1,1e8,0.000001,12345678.9,123456789012345'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02,1.5,2,0.5,1.5,1000' \
	    '2024-01-03,0.1,0.30000000000000004,0.1,0.2,0' \
	    '2024-01-04,1,100000000,1e-06,12345678.9,123456789012345'
}

# ---- JSONL ----

@test "JSONL: string prices, numeric times, a symbol key, key aliases" {
	mk in.jsonl '{"symbol":"AAPL","time":1704153600,"open":"1","high":"2","low":"0.5","close":"1.5","volume":"100"}' \
	    '{"ticker":"AAPL","timestamp":1704240000000,"o":1,"h":2.5,"l":0.5,"c":2,"vol":5}' \
	    '{"CODE":"AAPL","Date":1704326400.25,"O":1,"H":2,"L":0.5,"C":1.5,"V":8,"extra":[1,2]}'
	run --separate-stderr pe-load in.jsonl
	ok_with "$SHDR" 'AAPL,2024-01-02T00:00:00Z,1,2,0.5,1.5,100' \
	    'AAPL,2024-01-03T00:00:00Z,1,2.5,0.5,2,5' \
	    'AAPL,2024-01-04T00:00:00.250Z,1,2,0.5,1.5,8'
}

@test "JSONL without a symbol key: the file's base name, else --symbol, else stdin" {
	mk AAPL.jsonl "$JROW" '{"time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5,"volume":null}'
	run --separate-stderr pe-load AAPL.jsonl
	ok_with "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,'
	run --separate-stderr pe-load --format jsonl AAPL.jsonl
	ok_with '{"symbol":"AAPL","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}' \
	    '{"symbol":"AAPL","time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5,"volume":null}'
	mk AAPL.jsonl "$JROW"
	run --separate-stderr pe-load --format jsonl --symbol MSFT AAPL.jsonl
	ok_with '{"symbol":"MSFT","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
	run --separate-stderr pe-load --format jsonl <AAPL.jsonl
	ok_with '{"symbol":"stdin","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
}

@test "--format jsonl writes one object per candle; --format csv; an unknown format: exit 2" {
	mk a.csv "$SHDR" "B,$ROW" 'A,2024-01-02T09:30:00.5Z,1,2,0.5,1.5,' "\"Q\"\"X\",$ROW"
	run --separate-stderr pe-load --format jsonl a.csv
	ok_with '{"symbol":"B","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}' \
	    '{"symbol":"A","time":"2024-01-02T09:30:00.500Z","open":1,"high":2,"low":0.5,"close":1.5,"volume":null}' \
	    '{"symbol":"Q\"X","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
	run --separate-stderr pe-load --format csv a.csv
	ok_with "$SHDR" "B,$ROW" 'A,2024-01-02T09:30:00.500Z,1,2,0.5,1.5,' "\"Q\"\"X\",$ROW"
	run --separate-stderr pe-load --format xml a.csv
	fails_with 2 "pe-load: invalid format 'xml' (expected csv or jsonl)"
}

@test "UTF-8 symbols pass through CSV and JSONL" {
	mk a.csv "$SHDR" "삼성전자,$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" "삼성전자,$ROW"
	run --separate-stderr pe-load --format jsonl a.csv
	ok_with '{"symbol":"삼성전자","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
}

# ---- the symbol column on output ----

@test "the symbol column: absent for one single-symbol file, kept from the input, trimmed" {
	mk AAPL.csv "$HDR" "$ROW"
	run --separate-stderr pe-load AAPL.csv
	ok_with "$HDR" "$ROW"
	mk a.csv "$SHDR" "X,$ROW"
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" "X,$ROW"
	mk a.csv "$SHDR" "  X	,$ROW" "\" X \",2024-01-03,1,2,0.5,1.5,100"
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" "X,$ROW" 'X,2024-01-03,1,2,0.5,1.5,100'
}

@test "several inputs: a symbol column named from the base names" {
	mkdir d.v2
	mk d.v2/BRK.B.csv "$HDR" "$ROW"
	mk d.v2/NOEXT "$HDR" '2024-01-03,1,2,0.5,1.5,7'
	mk AAPL.csv "$HDR" "$ROW"
	run --separate-stderr pe-load d.v2/BRK.B.csv d.v2/NOEXT AAPL.csv
	ok_with "$SHDR" "BRK.B,$ROW" 'NOEXT,2024-01-03,1,2,0.5,1.5,7' "AAPL,$ROW"
	run --separate-stderr pe-load AAPL.csv AAPL.csv
	assert_success
	assert_output "$(lines "$SHDR" "AAPL,$ROW")"
	stderr_is 'pe-load: AAPL: 1 row with a duplicate time (the last one kept)'
}

@test "an invalid --symbol is a usage error, not cut or written as given" {
	mk a.csv "$HDR" "$ROW"
	local sym
	for sym in "$(printf 'A%.0s' {1..300})" '' $'A\tB'; do
		run --separate-stderr pe-load --format jsonl --symbol "$sym" a.csv
		assert_failure 2
		assert_output ''
		stderr_matches '^pe-load: .*symbol'
	done
}

@test "--symbol names input without a symbol column, and keeps only itself of input with one" {
	mk a.csv "$HDR" "$ROW"
	mk b.csv "$SHDR" "Q,$ROW"
	run --separate-stderr pe-load --symbol Z a.csv
	ok_with "$HDR" "$ROW"
	run --separate-stderr pe-load --format jsonl --symbol Z a.csv
	ok_with '{"symbol":"Z","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
	run --separate-stderr pe-load --symbol Z b.csv
	assert_success
	assert_output "$SHDR"
	stderr_is 'pe-load: 1 symbol not asked for left out (1 candle)' \
	    'pe-load: --symbol Z: not in the input'
	run --separate-stderr pe-load -q --symbol Z b.csv
	ok_with "$SHDR"
	# One --symbol names a.csv's candles; b.csv's Q is not asked for.
	run --separate-stderr pe-load --symbol Z a.csv b.csv
	assert_success
	assert_output "$(lines "$SHDR" "Z,$ROW")"
	stderr_is 'pe-load: 1 symbol not asked for left out (1 candle)'
}

@test "--symbol, repeatable: only those symbols, in input order; the others counted in one note" {
	mk m.csv "$SHDR" "A,$ROW" 'B,2024-01-02,1,2,0.5,1.5,7' "C,$ROW" \
	    'B,2024-01-03,1,2,0.5,1.5,8' "D,$ROW" 'D,2024-01-03,1,2,0.5,1.5,9'
	run --separate-stderr pe-load --symbol D --symbol B m.csv
	assert_success
	assert_output "$(lines "$SHDR" 'B,2024-01-02,1,2,0.5,1.5,7' \
	    'B,2024-01-03,1,2,0.5,1.5,8' "D,$ROW" 'D,2024-01-03,1,2,0.5,1.5,9')"
	stderr_is 'pe-load: 2 symbols not asked for left out (2 candles)'
	run --separate-stderr pe-load --quiet --symbol D --symbol B --symbol X m.csv
	assert_success
	assert_line -n 0 "$SHDR"
	stderr_empty
	run --separate-stderr pe-load --symbol A --symbol C --symbol X -o out m.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: 2 symbols not asked for left out (4 candles)' \
	    'pe-load: --symbol X: not in the input'
	dir_is out .pe-load.lock A.csv C.csv
	file_is out/C.csv "$HDR" "$ROW"
}

@test "several --symbol with input without a symbol column: exit 2, nothing written" {
	mk a.csv "$HDR" "$ROW"
	mk m.csv "$SHDR" "A,$ROW"
	run --separate-stderr pe-load --symbol A --symbol B a.csv
	fails_with 2 'pe-load: a.csv: no symbol column, so one --symbol names its candles (got 2)'
	run --separate-stderr pe-load --symbol A --symbol B --symbol C m.csv - <a.csv
	fails_with 2 'pe-load: stdin: no symbol column, so one --symbol names its candles (got 3)'
	run --separate-stderr pe-load --symbol A --symbol B -o out m.csv a.csv
	fails_with 2 'pe-load: a.csv: no symbol column, so one --symbol names its candles (got 2)'
	dir_is out
}

# ---- several symbols in one input ----

@test "several symbols in one file: grouped by first appearance, each sorted and de-duplicated alone" {
	mk a.csv "$SHDR" 'B,2024-01-02T10:00:00Z,1,2,0.5,1.5,1' \
	    'A,2024-01-02,1,2,0.5,1.5,2' 'B,2024-01-02T09:00:00Z,1,2,0.5,1.5,3' \
	    'A,2024-01-01,1,2,0.5,1.5,4'
	run --separate-stderr pe-load a.csv
	ok_with "$SHDR" 'B,2024-01-02T09:00:00Z,1,2,0.5,1.5,3' \
	    'B,2024-01-02T10:00:00Z,1,2,0.5,1.5,1' \
	    'A,2024-01-01,1,2,0.5,1.5,4' 'A,2024-01-02,1,2,0.5,1.5,2'
	mk a.csv "$SHDR" "A,$ROW" "B,$ROW" "A,2024-01-03,1,2,0.5,1.5,9" "B,2024-01-02,1,2,0.5,1.5,5"
	run --separate-stderr pe-load a.csv
	assert_success
	assert_output "$(lines "$SHDR" "A,$ROW" 'A,2024-01-03,1,2,0.5,1.5,9' \
	    'B,2024-01-02,1,2,0.5,1.5,5')"
	stderr_is 'pe-load: B: 1 row with a duplicate time (the last one kept)'
}

@test "several symbols are resampled separately" {
	mk a.csv "$SHDR" 'A,2024-01-02T09:00:00Z,10,11,9,10,1' \
	    'B,2024-01-02T09:01:00Z,20,22,19,21,2' \
	    'A,2024-01-02T09:02:00Z,10,12,8,11,3' \
	    'B,2024-01-02T09:03:00Z,21,21,18,19,4'
	run --separate-stderr pe-load --timeframe 5m a.csv
	ok_with "$SHDR" 'A,2024-01-02T09:00:00Z,10,12,8,11,4' \
	    'B,2024-01-02T09:00:00Z,20,22,18,19,6'
}

# ---- bad rows ----

@test "bad fields: too few, too many, malformed quoting (and the next row is read)" {
	bad_row '2024-01-03,1,2,0.5,1.5' 'expected 6 fields, found 5' 'bad fields'
	bad_row '2024-01-03,1,2,0.5,1.5,100,7' 'expected 6 fields, found 7' 'bad fields'
	bad_row '2024-01-03,"1"x,2,0.5,1.5,100' 'malformed quoting' 'bad fields'
	printf '%s\n' "$HDR" '2024-01-01,"1"x,2,0.5,1.5,100' "$ROW" >t.csv
	run --separate-stderr pe-load --skip-bad t.csv
	assert_success
	assert_output "$(lines "$HDR" "$ROW")"
	stderr_is 'pe-load: t.csv: skipped 1 bad row (1 bad fields)'
}

@test "bad fields: an unterminated quote at the end of the input" {
	bad_row '2024-01-03,"1,2,0.5,1.5,100' 'unterminated quoted field' 'bad fields'
	printf '%s\n%s\n"2024-01-03,1,2,0.5,1.5,100\n2024-01-04,1,2,0.5,1.5,100\n' "$HDR" "$ROW" >u.csv
	run --separate-stderr pe-load u.csv
	fails_with 3 'pe-load: u.csv:3: unterminated quoted field'
}

@test "bad time: missing, dates out of range, malformed dates" {
	bad_row ',1,2,0.5,1.5,100' 'missing time' 'bad time'
	bad_row '  ,1,2,0.5,1.5,100' 'missing time'
	bad_row '2024-13-02,1,2,0.5,1.5,100' "bad time '2024-13-02': month out of range"
	bad_row '2024-00-10,1,2,0.5,1.5,100' "bad time '2024-00-10': month out of range"
	bad_row '2023-02-29,1,2,0.5,1.5,100' "bad time '2023-02-29': day out of range" 'bad time'
	bad_row '1900-02-29,1,2,0.5,1.5,100' "bad time '1900-02-29': day out of range"
	bad_row '20241302,1,2,0.5,1.5,100' "bad time '20241302': month out of range"
	bad_row '20240132,1,2,0.5,1.5,100' "bad time '20240132': day out of range"
	bad_row '2024-1-02,1,2,0.5,1.5,100' "bad time '2024-1-02': expected YYYY-MM-DD" 'bad time'
	bad_row '2024-01-02X,1,2,0.5,1.5,100' "bad time '2024-01-02X': trailing characters after the date"
	bad_row 'yesterday,1,2,0.5,1.5,100' "bad time 'yesterday': not a date, time or epoch number"
	bad_row '10000-01-01,1,2,0.5,1.5,100' "bad time '10000-01-01': not a date, time or epoch number"
	# Leap days in leap years are fine.
	mk a.csv "$HDR" '2024-02-29,1,2,0.5,1.5,100' '2000-02-29,1,2,0.5,1.5,1'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2000-02-29,1,2,0.5,1.5,1' '2024-02-29,1,2,0.5,1.5,100'
}

@test "bad time: times of day, offsets, out of range, long values cut" {
	bad_row '2024-01-02T10,1,2,0.5,1.5,100' "bad time '2024-01-02T10': expected HH:MM after the date" 'bad time'
	bad_row '2024-01-02T10:00:0,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00:0': expected two digits of seconds"
	bad_row '2024-01-02T10:00:00.,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00:00.': bad fraction of a second"
	bad_row '2024-01-02T24:00,1,2,0.5,1.5,100' "bad time '2024-01-02T24:00': hour out of range"
	bad_row '2024-01-02T10:60,1,2,0.5,1.5,100' "bad time '2024-01-02T10:60': minute out of range" 'bad time'
	bad_row '2024-01-02T10:00:60,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00:60': second out of range"
	bad_row '2024-01-02T10:00+0x,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00+0x': bad offset (expected Z, +HH:MM or -HH:MM)"
	bad_row '2024-01-02T10:00 EST,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00 EST': bad offset (expected Z, +HH:MM or -HH:MM)"
	bad_row '2024-01-02T10:00+25:00,1,2,0.5,1.5,100' "bad time '2024-01-02T10:00+25:00': offset out of range" 'bad time'
	bad_row '0000-01-01T00:00:00+01:00,1,2,0.5,1.5,100' "bad time '0000-01-01T00:00:00+01:00': time out of range (years 0000 to 9999)"
	bad_row '12345678901234567890,1,2,0.5,1.5,100' "bad time '12345678901234567890': epoch number out of range"
	# Between two units' ranges a number could be either (man page: Input).
	bad_row '12345678901,1,2,0.5,1.5,100' "bad time '12345678901': ambiguous epoch number (seconds after 2286 or milliseconds before 1973?)" 'bad time'
	bad_row '12345678901234,1,2,0.5,1.5,100' "bad time '12345678901234': ambiguous epoch number (milliseconds after 2286 or microseconds before 1973?)"
	bad_row '12345678901234567,1,2,0.5,1.5,100' "bad time '12345678901234567': ambiguous epoch number (microseconds after 2286 or nanoseconds before 1973?)"
	# A value is shown with at most 40 bytes.
	bad_row '2024-01-02Tthis-is-a-very-long-time-value-indeed,1,2,0.5,1.5,100' \
	    "bad time '2024-01-02Tthis-is-a-very-long-time-valu...': expected HH:MM after the date" 'bad time'
}

@test "bad time: an empty cell of a Date and Time pair is a missing date or time" {
	printf '%s\n' 'date,time,open,high,low,close' '2024-01-02,09:30,1,2,0.5,1.5' \
	    ',09:31,1,2,0.5,1.5' >t.csv
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:3: missing date or time'
	# Not silently midnight:
	printf '%s\n' 'date,time,open,high,low,close' '2024-01-02,09:30,1,2,0.5,1.5' \
	    '2024-01-03,,1,2,0.5,1.5' >t.csv
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:3: missing date or time'
}

@test "bad number: not a number, nan, inf, hex, 1e400 out of range, missing" {
	bad_row '2024-01-03,abc,2,0.5,1.5,100' "open is not a number: 'abc'" 'bad number'
	bad_row '2024-01-03,1,2x,0.5,1.5,100' "high is not a number: '2x'"
	bad_row '2024-01-03,1,2,0.5,1.5.1,100' "close is not a number: '1.5.1'"
	bad_row '2024-01-03,1,2,0.5,1.5,1k' "volume is not a number: '1k'"
	bad_row '2024-01-03,1,2,0.5,1.5,nan' "volume is not a number: 'nan'" 'bad number'
	bad_row '2024-01-03,1,inf,0.5,1.5,1' "high is not a number: 'inf'"
	bad_row '2024-01-03,0x1,2,0.5,1.5,1' "open is not a number: '0x1'"
	bad_row '2024-01-03,1,1e400,0.5,1.5,100' "high is out of range: '1e400'"
	bad_row '2024-01-03,1,2,0.5,1.5,1e400' "volume is out of range: '1e400'" 'bad number'
	bad_row '2024-01-03,1,2,0.5,,100' 'missing close' 'bad number'
	bad_row '2024-01-03,1,2,0.5,   ,100' 'missing close'
	bad_row '2024-01-03,,2,0.5,1.5,100' 'missing open'
	bad_row '2024-01-03,1,,0.5,1.5,100' 'missing high' 'bad number'
	bad_row '2024-01-03,1,2,,1.5,100' 'missing low'
}

@test "bad range: high below max(open, close), low above min(open, close), negative volume" {
	bad_row '2024-01-03,1,1.2,0.5,1.5,100' 'high 1.2 is below max(open, close) 1.5' 'bad range'
	bad_row '2024-01-03,3,2.5,0.5,1.5,100' 'high 2.5 is below max(open, close) 3'
	bad_row '2024-01-03,1,2,1.2,1.5,100' 'low 1.2 is above min(open, close) 1'
	bad_row '2024-01-03,1.5,2,1.2,1,100' 'low 1.2 is above min(open, close) 1'
	bad_row '2024-01-03,1,2,0.5,1.5,-1' 'volume -1 is negative' 'bad range'
	bad_row '2024-01-03,1,2,0.5,1.5,-0.25' 'volume -0.25 is negative'
	# The boundaries are valid.
	mk a.csv "$HDR" '2024-01-02,1,1.5,1,1.5,0' '2024-01-03,2,2,2,2,0'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02,1,1.5,1,1.5,0' '2024-01-03,2,2,2,2,0'
}

@test "bad symbol: empty, a control character, not UTF-8" {
	bad_symbol_row '' 'empty symbol'
	bad_symbol_row '"   "' 'empty symbol'
	bad_symbol_row $'A\tB' 'symbol has a control character'
	bad_symbol_row $'"A\x01B"' 'symbol has a control character'
	bad_symbol_row $'"A\nB"' 'symbol has a control character'
	bad_symbol_row $'\xff\xfe' 'symbol is not valid UTF-8'
	bad_json '{"symbol":"","time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5}' 'empty symbol' 'bad symbol'
	bad_json '{"symbol":null,"time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5}' 'empty symbol' 'bad symbol'
	bad_json '{"symbol":"a\u0001","time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5}' 'symbol has a control character' 'bad symbol'
	bad_json '{"symbol":["A"],"time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5}' 'symbol is not a string' 'bad symbol'
}

@test "bad symbol: longer than 200 bytes is refused, not cut" {
	local long
	long=$(printf 'A%.0s' {1..300})
	mk a.csv "$SHDR" "$long,$ROW"
	run --separate-stderr pe-load a.csv
	assert_failure 3
	assert_output ''
	stderr_matches '^pe-load: a\.csv:2: symbol .*200'
}

@test "bad JSON: invalid JSON, not an object, two keys for one field" {
	bad_json '{"time": nope}' 'invalid JSON at column 13: invalid token near '"'nope'" 'bad JSON'
	bad_json '{"time":"2024-01-03",}' "invalid JSON at column 22: string or '}' expected near '}'" 'bad JSON'
	bad_json '[1,2]' 'not a JSON object' 'bad JSON'
	bad_json '{"time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5,"c":2}' 'two keys for close' 'bad JSON'
	bad_json '{"time":"2024-01-03","open":1,"open":2,"high":2,"low":0.5,"close":1.5}' \
	    "invalid JSON at column 36: duplicate object key near '\"open\"'" 'bad JSON'
}

@test "bad JSON values: missing and wrongly typed fields" {
	bad_json '{"time":"2024-01-03","open":1,"high":2,"low":0.5}' 'missing close' 'bad number'
	bad_json '{"time":null,"open":1,"high":2,"low":0.5,"close":1.5}' 'missing time' 'bad time'
	bad_json '{"open":1,"high":2,"low":0.5,"close":1.5}' 'missing time' 'bad time'
	bad_json '{"date":"2024-01-03","time":null,"open":1,"high":2,"low":0.5,"close":1.5}' 'missing date or time' 'bad time'
	bad_json '{"time":"2024-01-03","open":true,"high":2,"low":0.5,"close":1.5}' 'open is not a number or a string' 'bad number'
	bad_json '{"time":"2024-01-03","open":1,"high":[2],"low":0.5,"close":1.5}' 'high is not a number or a string' 'bad number'
	bad_json '{"time":"2024-01-03","open":"x","high":2,"low":0.5,"close":1.5}' "open is not a number: 'x'" 'bad number'
	bad_json '{"time":"2024-01-03","open":1,"high":1.2,"low":0.5,"close":1.5}' 'high 1.2 is below max(open, close) 1.5' 'bad range'
}

@test "bad rows: only the first is reported, in the file that has it" {
	mk t.csv "$HDR" "$ROW" '2024-01-03,x,2,0.5,1.5,1' '2024-01-04,1,2,0.5,1.5,-1'
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:3: open is not a number: 'x'"
	mk a.csv "$HDR" "$ROW"
	mk b.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,-1'
	run --separate-stderr pe-load a.csv b.csv
	fails_with 3 'pe-load: b.csv:3: volume -1 is negative'
}

# ---- --skip-bad ----

@test "--skip-bad: good rows out, one count per kind on stderr" {
	mk t.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5' '2024-01-04,1,2,0.5,x,1' \
	    '2024-01-05,1,2,0.5,1.5,1' 'bad,1,2,0.5,1.5,1' '2024-01-06,1,1,0.5,1.5,1' \
	    '2024-01-07,1,2,0.5,1.5,-5' '2024-01-08,1,2,0.5,,1'
	run --separate-stderr pe-load --skip-bad t.csv
	assert_success
	assert_output "$(lines "$HDR" "$ROW" '2024-01-05,1,2,0.5,1.5,1')"
	stderr_is 'pe-load: t.csv: skipped 6 bad rows (1 bad fields, 1 bad time, 2 bad number, 2 bad range)'
	mk t.jsonl '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}' \
	    '{"symbol":"","time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5}' \
	    'not json' '[1]' \
	    '{"symbol":"A","time":"2024-01-04","open":1,"high":2,"low":0.5,"close":1.5,"volume":1}'
	run --separate-stderr pe-load --skip-bad t.jsonl
	assert_success
	assert_output "$(lines "$SHDR" "A,$ROW" 'A,2024-01-04,1,2,0.5,1.5,1')"
	stderr_is 'pe-load: t.jsonl: skipped 3 bad rows (1 bad symbol, 2 bad JSON)'
}

@test "--skip-bad: a count line per input file; every row bad leaves the header" {
	mk a.csv "$HDR" "$ROW" 'x,1,2,0.5,1.5,1'
	mk b.csv "$HDR" '2024-01-03,1,2,0.5,1.5,-1' '2024-01-03,1,2,0.5,1.5,1'
	mk c.csv "$HDR" "$ROW"
	run --separate-stderr pe-load --skip-bad a.csv b.csv c.csv
	assert_success
	assert_output "$(lines "$SHDR" "a,$ROW" 'b,2024-01-03,1,2,0.5,1.5,1' "c,$ROW")"
	stderr_is 'pe-load: a.csv: skipped 1 bad row (1 bad time)' \
	    'pe-load: b.csv: skipped 1 bad row (1 bad range)'
	mk t.csv "$HDR" 'x,1,2,0.5,1.5,1'
	run --separate-stderr pe-load --skip-bad t.csv
	assert_success
	assert_output "$HDR"
	stderr_is 'pe-load: t.csv: skipped 1 bad row (1 bad time)'
}

@test "-q does not hide skipped bad rows" {
	mk t.csv "$HDR" "$ROW" 'x,1,2,0.5,1.5,1' "$ROW"
	run --separate-stderr pe-load -q --skip-bad t.csv
	assert_success
	assert_output "$(lines "$HDR" "$ROW")"
	stderr_is 'pe-load: t.csv: skipped 1 bad row (1 bad time)'
}

@test "--skip-bad on stdin names it stdin, as other messages do" {
	mk t.csv "$HDR" "$ROW" 'x,1,2,0.5,1.5,1'
	run --separate-stderr pe-load --skip-bad <t.csv
	assert_success
	assert_output "$(lines "$HDR" "$ROW")"
	stderr_is 'pe-load: stdin: skipped 1 bad row (1 bad time)'
}

@test "--skip-bad does not skip format errors" {
	mk t.csv 'time,open,high,low' "2024-01-02,1,2,0.5"
	run --separate-stderr pe-load --skip-bad t.csv
	fails_with 3 'pe-load: t.csv:1: no close column in the header'
	: >e.csv
	run --separate-stderr pe-load --skip-bad e.csv
	fails_with 3 'pe-load: e.csv: empty input (expected a header line or JSON)'
}

# ---- format errors ----

@test "empty input: exit 3; a header and no rows: the header alone" {
	: >e.csv
	run --separate-stderr pe-load e.csv
	fails_with 3 'pe-load: e.csv: empty input (expected a header line or JSON)'
	printf '\n  \n\r\n' >e.csv
	run --separate-stderr pe-load e.csv
	fails_with 3 'pe-load: e.csv: empty input (expected a header line or JSON)'
	run --separate-stderr pe-load </dev/null
	fails_with 3 'pe-load: stdin: empty input (expected a header line or JSON)'
	mk h.csv "$HDR"
	run --separate-stderr pe-load h.csv
	ok_with "$HDR"
}

@test "a missing required column: exit 3" {
	mk t.csv 'time,open,high,low,volume' '2024-01-02,1,2,0.5,1'
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:1: no close column in the header'
	mk t.csv 'time,high,low,close' '2024-01-02,2,0.5,1'
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:1: no open column in the header'
	mk t.csv 'time,open,low,close' '2024-01-02,1,0.5,1'
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:1: no high column in the header'
	mk t.csv 'time,open,high,close' '2024-01-02,1,2,1'
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:1: no low column in the header'
	printf '\n\nopen,high,low,close\n' >t.csv
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:3: no time column in the header (expected time, date, datetime or timestamp)'
}

@test "a duplicate column or a malformed header: exit 3" {
	mk t.csv 'time,open,high,low,close,Close' "$ROW"
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:1: duplicate column 'close' in the header"
	mk t.csv 'time,open,high,low,close,c' "$ROW"
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:1: duplicate column 'close' in the header"
	mk t.csv 'datetime,timestamp,open,high,low,close' "$ROW"
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:1: duplicate column 'time' in the header"
	mk t.csv 'symbol,ticker,time,open,high,low,close' "A,B,$ROW"
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:1: duplicate column 'symbol' in the header"
	mk t.csv 'time,v,open,high,low,close,vol' "$ROW"
	run --separate-stderr pe-load t.csv
	fails_with 3 "pe-load: t.csv:1: duplicate column 'volume' in the header"
	mk t.csv 'time,"open,high,low,close'
	run --separate-stderr pe-load t.csv
	fails_with 3 'pe-load: t.csv:1: malformed header line'
}

# long_line N: a CSV whose line 2 has N bytes of filler in an ignored column.
long_line() {
	printf '%s\n2024-01-02,1,2,0.5,1.5,' 'time,open,high,low,close,note'
	head -c "$1" /dev/zero | tr '\0' x
	printf '\n'
}

@test "a line just under 1 MiB is read" {
	long_line 1000000 >long.csv
	run --separate-stderr pe-load long.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
}

@test "a line longer than 1 MiB is refused" {
	long_line 3000000 >long.csv
	run --separate-stderr pe-load long.csv
	fails_with 3 'pe-load: long.csv:2: line longer than 1 MiB'
	long_line 1100000 >long.csv
	run --separate-stderr pe-load long.csv
	fails_with 3 'pe-load: long.csv:2: line longer than 1 MiB'
}

# ---- duplicates and order ----

@test "duplicate times: the last row wins, counted on stderr; -q keeps quiet" {
	mk dup.csv "$HDR" '2024-01-03,1,2,0.5,1.5,3' '2024-01-02,1,2,0.5,1.5,1' \
	    '2024-01-03,1,2,0.5,1.5,4' '2024-01-01,1,2,0.5,1.5,0' \
	    '2024-01-02,1,2,0.5,1.5,2'
	run --separate-stderr pe-load dup.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-01,1,2,0.5,1.5,0' \
	    '2024-01-02,1,2,0.5,1.5,2' '2024-01-03,1,2,0.5,1.5,4')"
	stderr_is 'pe-load: dup: 2 rows with a duplicate time (the last one kept)'
	run --separate-stderr pe-load -q dup.csv
	ok_with "$HDR" '2024-01-01,1,2,0.5,1.5,0' \
	    '2024-01-02,1,2,0.5,1.5,2' '2024-01-03,1,2,0.5,1.5,4'
	run --separate-stderr pe-load --quiet dup.csv
	assert_success
	stderr_empty
	# Equal instants written differently are duplicates too.
	mk dup.csv "$HDR" '2024-01-02T09:00:00+09:00,1,2,0.5,1.5,1' \
	    '2024-01-02T00:00:00Z,1,2,0.5,1.5,2' '1704153600,1,2,0.5,1.5,3'
	run --separate-stderr pe-load dup.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,3')"
	stderr_is 'pe-load: dup: 2 rows with a duplicate time (the last one kept)'
}

@test "unsorted input is sorted" {
	mk u.csv "$HDR" '2024-01-05,1,2,0.5,1.5,5' '2024-01-02,1,2,0.5,1.5,2' \
	    '2024-01-04,1,2,0.5,1.5,4' '2023-12-29,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,3'
	run --separate-stderr pe-load u.csv
	ok_with "$HDR" '2023-12-29,1,2,0.5,1.5,1' '2024-01-02,1,2,0.5,1.5,2' \
	    '2024-01-03,1,2,0.5,1.5,3' '2024-01-04,1,2,0.5,1.5,4' '2024-01-05,1,2,0.5,1.5,5'
}

# ---- resampling ----

@test "--timeframe 5m from 1m bars, after sorting and de-duplicating" {
	mk m.csv "$HDR" '2024-01-02T09:30:00Z,10,11,9,10.5,100' \
	    '2024-01-02T09:31:00Z,10.5,12,10,11,200' \
	    '2024-01-02T09:34:00Z,11,11.5,8,9,300' \
	    '2024-01-02T09:35:00Z,9,9.5,8.5,9.2,50' \
	    '2024-01-02T09:39:59Z,9.2,10,9,9.9,25' \
	    '2024-01-02T09:45:00Z,9.9,9.9,9.9,9.9,0'
	run --separate-stderr pe-load --timeframe 5m m.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,10,12,8,9,600' \
	    '2024-01-02T09:35:00Z,9,10,8.5,9.9,75' \
	    '2024-01-02T09:45:00Z,9.9,9.9,9.9,9.9,0'
	mk m.csv "$HDR" '2024-01-02T09:34:00Z,11,11.5,8,9,300' \
	    '2024-01-02T09:30:00Z,10,11,9,10.5,999' \
	    '2024-01-02T09:31:00Z,10.5,12,10,11,200' \
	    '2024-01-02T09:30:00Z,10,11,9,10.5,100'
	run --separate-stderr pe-load --timeframe 5m m.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-02T09:30:00Z,10,12,8,9,600')"
	stderr_is 'pe-load: m: 1 row with a duplicate time (the last one kept)'
}

@test "--timeframe 4h from 1h bars: UTC buckets from midnight, offsets honoured" {
	mk h.csv "$HDR" '2024-01-02T01:00:00Z,10,11,9,10,1' \
	    '2024-01-02T02:00:00Z,10,13,10,12,2' '2024-01-02T03:00:00Z,12,12,7,8,4' \
	    '2024-01-02T04:00:00Z,8,9,8,9,8' '2024-01-02T07:00:00Z,9,9.5,6,7,16' \
	    '2024-01-02T08:00:00Z,7,7,7,7,32' '2024-01-02T23:00:00Z,7,8,6,7.5,64' \
	    '2024-01-03T00:00:00Z,7.5,8,7,8,128'
	run --separate-stderr pe-load --timeframe 4h h.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,10,13,7,8,7' \
	    '2024-01-02T04:00:00Z,8,9.5,6,7,24' '2024-01-02T08:00:00Z,7,7,7,7,32' \
	    '2024-01-02T20:00:00Z,7,8,6,7.5,64' '2024-01-03T00:00:00Z,7.5,8,7,8,128'
	mk h.csv "$HDR" '2024-01-02T09:10:00+09:00,1,2,0.5,1.5,1' \
	    '2024-01-02T00:50:00Z,1.5,3,1,2,2'
	run --separate-stderr pe-load --timeframe 1h h.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1,3,0.5,2,3'
}

@test "--timeframe 1m, 15m, 30m and 1d" {
	mk m.csv "$HDR" '2024-01-02T23:44:00Z,1,2,0.5,1,1' \
	    '2024-01-02T23:46:00Z,1,3,1,2,2' '2024-01-03T00:14:00Z,2,2,0.25,1,4' \
	    '2024-01-03T00:31:00Z,1,1,1,1,8'
	run --separate-stderr pe-load --timeframe 1m m.csv
	ok_with "$HDR" '2024-01-02T23:44:00Z,1,2,0.5,1,1' \
	    '2024-01-02T23:46:00Z,1,3,1,2,2' '2024-01-03T00:14:00Z,2,2,0.25,1,4' \
	    '2024-01-03T00:31:00Z,1,1,1,1,8'
	run --separate-stderr pe-load --timeframe 15m m.csv
	ok_with "$HDR" '2024-01-02T23:30:00Z,1,2,0.5,1,1' \
	    '2024-01-02T23:45:00Z,1,3,1,2,2' '2024-01-03T00:00:00Z,2,2,0.25,1,4' \
	    '2024-01-03T00:30:00Z,1,1,1,1,8'
	run --separate-stderr pe-load --timeframe 30m m.csv
	ok_with "$HDR" '2024-01-02T23:30:00Z,1,3,0.5,2,3' \
	    '2024-01-03T00:00:00Z,2,2,0.25,1,4' '2024-01-03T00:30:00Z,1,1,1,1,8'
	run --separate-stderr pe-load --timeframe 1d m.csv
	ok_with "$HDR" '2024-01-02,1,3,0.5,2,3' '2024-01-03,2,2,0.25,1,12'
	mk s.csv "$HDR" '2024-01-02T09:30:15.250Z,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30:59.999Z,1.5,1.5,1,1,2'
	run --separate-stderr pe-load --timeframe 1m s.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1,3'
}

@test "--timeframe 1w: weeks start on Monday" {
	# 2024-01-06 Sat, 01-07 Sun, 01-08 Mon.
	mk d.csv "$HDR" '2024-01-03,10,11,9,10,1' '2024-01-06,10,12,9.5,11,2' \
	    '2024-01-07,11,11,8,9,4' '2024-01-08,9,10,9,9.5,8'
	run --separate-stderr pe-load --timeframe 1w d.csv
	ok_with "$HDR" '2024-01-01,10,12,8,9,7' '2024-01-08,9,10,9,9.5,8'
	mk m.csv "$HDR" '2024-01-07T23:59:59Z,1,2,0.5,1.5,1' \
	    '2024-01-08T00:00:00Z,1,2,0.5,1.5,2' '2024-01-14T12:00:00Z,1.5,4,1,3,3'
	run --separate-stderr pe-load --timeframe 1w m.csv
	ok_with "$HDR" '2024-01-01,1,2,0.5,1.5,1' '2024-01-08,1,4,0.5,3,5'
}

@test "--timeframe 1w: a week spanning a year boundary, and weeks before 1970" {
	mk d.csv "$HDR" '2024-12-26,10,11,9,10.5,100' '2024-12-27,10.5,12,10,11,200' \
	    '2024-12-30,11,11.5,8,9,300' '2024-12-31,9,9.5,8.5,9.2,50' \
	    '2025-01-02,9.2,10,9,9.9,25' '2025-01-03,9.9,13,9.8,12,1' \
	    '2025-01-06,12,12,11,11.5,7'
	run --separate-stderr pe-load --timeframe 1w d.csv
	ok_with "$HDR" '2024-12-23,10,12,9,11,300' '2024-12-30,11,13,8,12,376' \
	    '2025-01-06,12,12,11,11.5,7'
	# 1969-12-29 was a Monday, 1970-01-01 a Thursday.
	mk d.csv "$HDR" '1969-12-28,1,2,0.5,1.5,1' '1969-12-29,1,3,0.5,1.5,2' \
	    '1970-01-01,1,2,0.25,2,4' '1970-01-04,2,2,2,2,8' '1970-01-05,2,2,2,2,16'
	run --separate-stderr pe-load --timeframe 1w d.csv
	ok_with "$HDR" '1969-12-22,1,2,0.5,1.5,1' '1969-12-29,1,3,0.25,2,14' \
	    '1970-01-05,2,2,2,2,16'
}

@test "--timeframe 1M, 1q, 1y: calendar months, quarters and years, each labelled with its first day" {
	mk d.csv "$HDR" '2024-01-30,10,11,9,10,1' '2024-01-31,10,12,9.5,11,2' \
	    '2024-02-01,11,11,8,9,4' '2024-02-29,9,10,9,9.5,8' \
	    '2024-03-28,9.5,13,9,12,16' '2024-04-01,12,12,11,11.5,32' \
	    '2024-12-31,11.5,14,11,13,64' '2025-01-02,13,13,12,12.5,128'
	run --separate-stderr pe-load --timeframe 1M d.csv
	ok_with "$HDR" '2024-01-01,10,12,9,11,3' '2024-02-01,11,11,8,9.5,12' \
	    '2024-03-01,9.5,13,9,12,16' '2024-04-01,12,12,11,11.5,32' \
	    '2024-12-01,11.5,14,11,13,64' '2025-01-01,13,13,12,12.5,128'
	run --separate-stderr pe-load --timeframe 1q d.csv
	ok_with "$HDR" '2024-01-01,10,13,8,12,31' '2024-04-01,12,12,11,11.5,32' \
	    '2024-10-01,11.5,14,11,13,64' '2025-01-01,13,13,12,12.5,128'
	run --separate-stderr pe-load --timeframe 1y d.csv
	ok_with "$HDR" '2024-01-01,10,14,8,13,127' '2025-01-01,13,13,12,12.5,128'
	# intraday bars: the month of each bar's own day, printed as a date
	mk m.csv "$HDR" '2024-01-31T23:59:00Z,1,2,0.5,1.5,1' \
	    '2024-02-01T00:00:00Z,1.5,3,1,2,2' '2024-02-29T12:00:00Z,2,2,1,1,4'
	run --separate-stderr pe-load --timeframe 1M m.csv
	ok_with "$HDR" '2024-01-01,1,2,0.5,1.5,1' '2024-02-01,1.5,3,1,1,6'
}

# hourly N START: N bars an hour apart from epoch second START, each of
# volume 1 (a bucket's volume counts its bars), close the bar's number.
hourly() {
	awk -v n="$1" -v t="$2" -v h="$HDR" 'BEGIN { print h
		for (i = 0; i < n; i++) printf "%d,1,%d,0,1,1\n", t + 3600 * i, i + 1 }'
}

@test "--tz: days cut at local midnight; 1h buckets through a 23- and a 25-hour day; the 4h bucket across a DST change" {
	# 2024-03-09T05:00Z is midnight in New York (EST); 72 hours on.
	hourly 72 1709960400 >spring.csv
	run --separate-stderr pe-load --tz America/New_York --timeframe 1d spring.csv
	ok_with "$HDR" '2024-03-09,1,24,0,1,24' '2024-03-10,1,47,0,1,23' \
	    '2024-03-11,1,71,0,1,24' '2024-03-12,1,72,0,1,1'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1h spring.csv
	assert_success
	assert_equal "$(grep -c '^2024-03-10T' <<<"$output")" 23
	assert_line '2024-03-10T01:00:00-05:00,1,26,0,1,1'
	assert_line '2024-03-10T03:00:00-04:00,1,27,0,1,1'
	run --separate-stderr pe-load --tz America/New_York --timeframe 4h spring.csv
	assert_success
	assert_line -n 7 '2024-03-10T00:00:00-05:00,1,27,0,1,3'
	assert_line -n 8 '2024-03-10T04:00:00-04:00,1,31,0,1,4'
	# 6 buckets a day, 23 hours or 24, all at 00, 04, ... 20 local
	assert_equal "${#lines[@]}" 20
	assert_equal "$(tail -n +2 <<<"$output" | grep -vc 'T\(0[048]\|1[26]\|20\):00:00')" 0
	# 2024-11-02T04:00Z is midnight in New York (EDT)
	hourly 72 1730520000 >fall.csv
	run --separate-stderr pe-load --tz America/New_York --timeframe 1d fall.csv
	ok_with "$HDR" '2024-11-02,1,24,0,1,24' '2024-11-03,1,49,0,1,25' \
	    '2024-11-04,1,72,0,1,23'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1h fall.csv
	assert_success
	assert_equal "$(grep -c '^2024-11-03T' <<<"$output")" 25
	assert_line '2024-11-03T01:00:00-04:00,1,26,0,1,1'
	assert_line '2024-11-03T01:00:00-05:00,1,27,0,1,1'
	run --separate-stderr pe-load --tz America/New_York --timeframe 4h fall.csv
	assert_success
	assert_line -n 7 '2024-11-03T00:00:00-04:00,1,29,0,1,5'
	assert_line -n 8 '2024-11-03T04:00:00-05:00,1,33,0,1,4'
	# what it prints reads back: the same bars in UTC
	pe-load --tz America/New_York --timeframe 4h fall.csv >ny.csv
	run --separate-stderr pe-load ny.csv
	assert_line -n 7 '2024-11-03T04:00:00Z,1,29,0,1,5'
	assert_line -n 8 '2024-11-03T09:00:00Z,1,33,0,1,4'
	# without --tz, UTC days as before
	run --separate-stderr pe-load --timeframe 1d spring.csv
	assert_line -n 1 '2024-03-09,1,19,0,1,19'
}

@test "--tz with 1w, 1M and 1q: the local day decides the bucket" {
	# 2024-03-31T23:00 in New York is 04-01T03:00Z; 04-01T00:30 local
	# is 04:30Z; 2024-06-30T22:00 local is 07-01T02:00Z.
	mk m.csv "$HDR" '2024-04-01T03:00:00Z,1,2,0.5,1.5,1' \
	    '2024-04-01T04:30:00Z,1.5,3,1,2,2' '2024-07-01T02:00:00Z,2,2,1,1,4'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1M m.csv
	ok_with "$HDR" '2024-03-01,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,2,2' \
	    '2024-06-01,2,2,1,1,4'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1q m.csv
	ok_with "$HDR" '2024-01-01,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,1,6'
	run --separate-stderr pe-load --timeframe 1q m.csv
	ok_with "$HDR" '2024-04-01,1,3,0.5,2,3' '2024-07-01,2,2,1,1,4'
	# Sunday 2024-03-31 23:00 local is Monday in UTC: last week in New York
	run --separate-stderr pe-load --tz America/New_York --timeframe 1w m.csv
	ok_with "$HDR" '2024-03-25,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,2,2' \
	    '2024-06-24,2,2,1,1,4'
	# a daily file's dates are days already: never moved by the zone
	mk d.csv "$HDR" '2024-03-29,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,2,2'
	run --separate-stderr pe-load --tz Asia/Tokyo --timeframe 1M d.csv
	ok_with "$HDR" '2024-03-01,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,2,2'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1w d.csv
	ok_with "$HDR" '2024-03-25,1,2,0.5,1.5,1' '2024-04-01,1.5,3,1,2,2'
}

# half_hours DAY: the 48 half-hour bars of that UTC day, volume 1, close
# the bar's minute of the day.
half_hours() {
	awk -v d="$1" 'BEGIN { for (i = 0; i < 48; i++)
		printf "%sT%02d:%02d:00Z,1,%d,0,1,1\n", d, i / 2, i % 2 * 30, i * 30 + 30 }'
}

@test "--session 09:30-16:00: only regular trading hours, a daily bar is the session, on both sides of a DST change" {
	{ echo "$HDR"; half_hours 2024-03-08; half_hours 2024-03-11; } >es.csv
	run --separate-stderr pe-load --tz America/New_York --session 09:30-16:00 --timeframe 1d es.csv
	# 09:30 EST is 14:30Z (its bar ends at minute 900), 16:00 EST 21:00Z;
	# after the change 13:30Z and 20:00Z: 13 bars each day
	ok_with "$HDR" '2024-03-08,1,1260,0,1,13' '2024-03-11,1,1200,0,1,13'
	run --separate-stderr pe-load --tz America/New_York --session 09:30-16:00 es.csv
	assert_success
	assert_line -n 1 '2024-03-08T09:30:00-05:00,1,900,0,1,1'
	assert_line -n 13 '2024-03-08T15:30:00-05:00,1,1260,0,1,1'
	assert_line -n 14 '2024-03-11T09:30:00-04:00,1,840,0,1,1'
	assert_equal "${#lines[@]}" 27
	# 1h buckets from the session's open, as a platform counts them:
	# 09:30, 10:30 ... 15:30, the last half an hour
	run --separate-stderr pe-load --tz America/New_York --session 09:30-16:00 --timeframe 1h es.csv
	assert_line -n 1 '2024-03-08T09:30:00-05:00,1,930,0,1,2'
	assert_line -n 2 '2024-03-08T10:30:00-05:00,1,990,0,1,2'
	assert_line -n 7 '2024-03-08T15:30:00-05:00,1,1260,0,1,1'
	assert_line -n 8 '2024-03-11T09:30:00-04:00,1,870,0,1,2'
	assert_equal "${#lines[@]}" 15
	# 4h: 09:30 and 13:30
	run --separate-stderr pe-load --tz America/New_York --session 09:30-16:00 --timeframe 4h es.csv
	assert_line -n 1 '2024-03-08T09:30:00-05:00,1,1110,0,1,8'
	assert_line -n 2 '2024-03-08T13:30:00-05:00,1,1260,0,1,5'
	# in UTC, the same clock times
	run --separate-stderr pe-load --session 14:30-21:00 --timeframe 1d es.csv
	ok_with "$HDR" '2024-03-08,1,1260,0,1,13' '2024-03-11,1,1260,0,1,13'
}

@test "--session 18:00-17:00 (CME): a session crossing midnight is the day it ends on, across a DST change" {
	# Friday 2024-03-08 05:00Z (00:00 EST) for 5 days, hour by hour
	hourly 120 1709874000 >es.csv
	run --separate-stderr pe-load --tz America/New_York --session 18:00-17:00 --timeframe 1d es.csv
	# Friday: 00:00-16:59 (17 bars); Friday 18:00 opens Saturday's;
	# Sunday 18:00 EDT opens Monday's: 6 + 17 bars; 17:00 never in
	ok_with "$HDR" '2024-03-08,1,17,0,1,17' '2024-03-09,1,41,0,1,23' \
	    '2024-03-10,1,64,0,1,22' '2024-03-11,1,88,0,1,23' \
	    '2024-03-12,1,112,0,1,23' '2024-03-13,1,120,0,1,7'
	run --separate-stderr pe-load --tz America/New_York --session 18:00-17:00 es.csv
	refute_line --partial 'T17:00:00'
	run --separate-stderr pe-load --tz America/New_York --session 18:00-17:00 --timeframe 1w es.csv
	ok_with "$HDR" '2024-03-04,1,64,0,1,62' '2024-03-11,1,120,0,1,53'
}

@test "--session: a bad session is exit 2 with the reason" {
	mk a.csv "$HDR" "$ROW"
	local s
	for s in '25:00-17:00|hour out of range' '09:30-24:30|hour out of range' \
	    '09:61-16:00|minute out of range' '9:30-16:00|expected HH:MM-HH:MM' \
	    '09:30_16:00|expected HH:MM-HH:MM' '|expected HH:MM-HH:MM' \
	    '09:30-09:30|the session starts where it ends'; do
		run --separate-stderr pe-load --session "${s%|*}" a.csv
		fails_with 2 "pe-load: invalid --session '${s%|*}' (${s#*|})"
	done
	# a file of dates has no time of day to judge: every bar kept
	run --separate-stderr pe-load --session 09:30-16:00 a.csv
	ok_with "$HDR" "$ROW"
}

@test "daily bars written out with a time at midnight come out as dates; a time of day, or a lone bar, stays" {
	mk s.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-03T00:00:00Z,1,2,0.5,1.5,2'
	run --separate-stderr pe-load s.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,2'
	mk s.csv 'Date,Time,Open,High,Low,Close,Volume' \
	    '20240102,000000,1,2,0.5,1.5,1' '20240103,000000,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --date-format '%Y%m%d %H%M%S' s.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,2'
	# local midnight with --tz: the local dates
	mk s.csv "$HDR" '2024-01-02 00:00,1,2,0.5,1.5,1' \
	    '2024-07-03 00:00,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --tz America/New_York s.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-07-03,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --format jsonl --tz America/New_York s.csv
	assert_line -n 0 --partial '"time":"2024-01-02",'
	# UTC midnight is 19:00 in New York: times
	mk s.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-03T00:00:00Z,1,2,0.5,1.5,2'
	run --separate-stderr pe-load --tz America/New_York s.csv
	ok_with "$HDR" '2024-01-01T19:00:00-05:00,1,2,0.5,1.5,1' \
	    '2024-01-02T19:00:00-05:00,1,2,0.5,1.5,2'
	mk s.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30:00Z,1,2,0.5,1.5,2'
	run --separate-stderr pe-load s.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-02T09:30:00Z,1,2,0.5,1.5,2'
	mk s.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1'
	run --separate-stderr pe-load s.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1'
	# every reader reads the dates back
	mk s.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,1' \
	    '2024-01-03T00:00:00Z,1,2,0.5,1.5,2'
	pe-load s.csv >d.csv
	run --separate-stderr pe-eval --format csv 'close > 0' d.csv
	assert_line -n 2 --partial 'd,2024-01-03,'
}

@test "--timeframe without volume keeps it empty; an invalid timeframe: exit 2" {
	mk m.csv 'time,open,high,low,close' '2024-01-02T09:30:00Z,10,11,9,10.5' \
	    '2024-01-02T09:31:00Z,10.5,12,10,11'
	run --separate-stderr pe-load --timeframe 5m m.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,10,12,9,11,'
	local tf
	for tf in X 2h 1W 60 2M 1Q 1Y 1mo ''; do
		run --separate-stderr pe-load --timeframe "$tf" m.csv
		fails_with 2 "pe-load: invalid timeframe '$tf' (expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M, 1q, 1y)"
	done
}

# ---- the bars written: --since, --until, --tail, --last ----

# Two symbols: A on four days, B on three.
WIN=('A,2024-01-02,1,2,0.5,1.5,1' 'A,2024-01-03,1,2,0.5,1.5,2'
    'A,2024-01-04,1,2,0.5,1.5,3' 'A,2024-01-05,1,2,0.5,1.5,4'
    'B,2024-01-03,1,2,0.5,1.5,5' 'B,2024-01-04,1,2,0.5,1.5,6'
    'B,2024-01-05,1,2,0.5,1.5,7')

@test "--since, --until, --tail N, --last: the bars written of each symbol" {
	mk w.csv "$SHDR" "${WIN[@]}"
	run --separate-stderr pe-load --since 2024-01-04 w.csv
	ok_with "$SHDR" "${WIN[2]}" "${WIN[3]}" "${WIN[5]}" "${WIN[6]}"
	run --separate-stderr pe-load --until 2024-01-03 w.csv
	ok_with "$SHDR" "${WIN[0]}" "${WIN[1]}" "${WIN[4]}"
	run --separate-stderr pe-load --tail 2 w.csv
	ok_with "$SHDR" "${WIN[2]}" "${WIN[3]}" "${WIN[5]}" "${WIN[6]}"
	run --separate-stderr pe-load --last w.csv
	ok_with "$SHDR" "${WIN[3]}" "${WIN[6]}"
	# --tail counts within --since..--until
	run --separate-stderr pe-load --since 2024-01-03 --until 2024-01-04 --tail 1 w.csv
	ok_with "$SHDR" "${WIN[2]}" "${WIN[5]}"
	run --separate-stderr pe-load --tail 0 w.csv
	ok_with "$SHDR"
	# the later of --tail and --last wins
	run --separate-stderr pe-load --last --tail 3 w.csv
	ok_with "$SHDR" "${WIN[1]}" "${WIN[2]}" "${WIN[3]}" "${WIN[4]}" "${WIN[5]}" "${WIN[6]}"
	run --separate-stderr pe-load --tail 3 --last --format jsonl w.csv
	ok_with '{"symbol":"A","time":"2024-01-05","open":1,"high":2,"low":0.5,"close":1.5,"volume":4}' \
	    '{"symbol":"B","time":"2024-01-05","open":1,"high":2,"low":0.5,"close":1.5,"volume":7}'
}

@test "--until DATE is the whole day; a time is an instant; after sorting and de-duplicating" {
	mk t.csv "$HDR" '2024-01-03T00:00:00Z,1,2,0.5,1.5,3' \
	    '2024-01-02T23:59:59.999Z,1,2,0.5,1.5,2' '2024-01-02T09:30:00Z,1,2,0.5,1.5,1' \
	    '2024-01-02T23:59:59.999Z,1,2,0.5,1.5,9'
	run --separate-stderr pe-load --until 2024-01-02 --last t.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-02T23:59:59.999Z,1,2,0.5,1.5,9')"
	stderr_is 'pe-load: t: 1 row with a duplicate time (the last one kept)'
	run --separate-stderr pe-load -q --since '2024-01-02T09:30:01Z' --until '2024-01-03T00:00:00Z' t.csv
	ok_with "$HDR" '2024-01-02T23:59:59.999Z,1,2,0.5,1.5,9' \
	    '2024-01-03T00:00:00Z,1,2,0.5,1.5,3'
}

@test "the window applies to the bars after --timeframe" {
	# Mon 2024-01-01 to Wed 01-03, then Mon 01-08 and Tue 01-09.
	mk d.csv "$HDR" '2024-01-01,10,12,9,11,1' '2024-01-02,11,13,10,12,2' \
	    '2024-01-03,12,14,11,13,3' '2024-01-08,13,15,12,14,4' '2024-01-09,14,16,13,15,5'
	run --separate-stderr pe-load --timeframe 1w --last d.csv
	ok_with "$HDR" '2024-01-08,13,16,12,15,9'
	# the week of 2024-01-01 starts before --since: not written
	run --separate-stderr pe-load --timeframe 1w --since 2024-01-03 d.csv
	ok_with "$HDR" '2024-01-08,13,16,12,15,9'
	run --separate-stderr pe-load --timeframe 1w --until 2024-01-07 d.csv
	ok_with "$HDR" '2024-01-01,10,14,9,13,6'
}

@test "the window with -o DIR: no file for a symbol with no bars in it; --merge adds only the window" {
	mk w.csv "$SHDR" "${WIN[@]}"
	run --separate-stderr pe-load --until 2024-01-02 -o out w.csv
	ok_with ''
	dir_is out .pe-load.lock A.csv
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1'
	# A.csv holds 01-02; the new file's 01-02 (other values) and 01-03
	# are before --since: neither merged nor counted.
	mk new.csv "$SHDR" 'A,2024-01-02,1,2,0.5,1.5,8' 'A,2024-01-03,1,2,0.5,1.5,8' \
	    'A,2024-01-06,1,2,0.5,1.5,8' 'B,2024-01-05,1,2,0.5,1.5,8'
	run --separate-stderr pe-load --merge --since 2024-01-04 -o out new.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: out: 2 files (1 new), 2 candles added, 0 replaced'
	dir_is out .pe-load.lock A.csv B.csv
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-06,1,2,0.5,1.5,8'
	file_is out/B.csv "$HDR" '2024-01-05,1,2,0.5,1.5,8'
	run --separate-stderr pe-load --merge --last -o out w.csv
	assert_success
	stderr_is 'pe-load: out: 2 files (0 new), 1 candle added, 1 replaced'
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-05,1,2,0.5,1.5,4' \
	    '2024-01-06,1,2,0.5,1.5,8'
	file_is out/B.csv "$HDR" '2024-01-05,1,2,0.5,1.5,7'
	run --separate-stderr pe-load --merge --since 2025-01-01 -o out w.csv
	assert_success
	stderr_is 'pe-load: out: 0 files (0 new), 0 candles added, 0 replaced'
	dir_is out .pe-load.lock A.csv B.csv
}

@test "--since, --until, --tail: bad values are usage errors" {
	mk a.csv "$HDR" "$ROW"
	local n
	for n in x -1 '' 1.5 ' 1'; do
		run --separate-stderr pe-load --tail "$n" a.csv
		fails_with 2 "pe-load: invalid --tail '$n' (expected a whole number >= 0)"
	done
	run --separate-stderr pe-load --since 2024-13-01 a.csv
	fails_with 2 "pe-load: invalid --since '2024-13-01' (month out of range)"
	run --separate-stderr pe-load --until yesterday a.csv
	assert_failure 2
	assert_output ''
	stderr_matches "^pe-load: invalid --until 'yesterday' \("
	run --separate-stderr pe-load --since 2024-01-03 --until 2024-01-02 a.csv
	fails_with 2 'pe-load: --since is later than --until'
	run --separate-stderr pe-load --last 2 a.csv
	fails_with 2 'pe-load: 2: No such file or directory'
}

# ---- -o DIR ----

@test "-o DIR writes DIR/SYMBOL.csv without a symbol column" {
	mk a.csv "$SHDR" "B,$ROW" "A,$ROW" 'B,2024-01-03,1,2,0.5,1.5,2' '"BRK,A",2024-01-04,1,2,0.5,1.5,3'
	run --separate-stderr pe-load -o out a.csv
	ok_with ''
	dir_is out .pe-load.lock A.csv B.csv 'BRK,A.csv'
	file_is out/A.csv "$HDR" "$ROW"
	file_is out/B.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,2'
	file_is out/BRK,A.csv "$HDR" '2024-01-04,1,2,0.5,1.5,3'
	# One input without a symbol column: named by its base name, mode 0644.
	mk AAPL.csv "$HDR" "$ROW"
	umask 022
	run --separate-stderr pe-load --output out2 AAPL.csv
	ok_with ''
	dir_is out2 .pe-load.lock AAPL.csv
	cmp AAPL.csv out2/AAPL.csv
	run stat -c %a out2/AAPL.csv
	assert_output 644
}

@test "-o DIR: an existing file is replaced, other files left alone; --format jsonl" {
	mkdir out
	mk out/A.csv "$HDR" '2020-01-01,1,1,1,1,1'
	mk out/Z.csv 'keep me'
	mk A.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -o out A.csv
	ok_with ''
	dir_is out .pe-load.lock A.csv Z.csv
	file_is out/A.csv "$HDR" "$ROW"
	file_is out/Z.csv 'keep me'
	run --separate-stderr pe-load -o out --format jsonl A.csv
	ok_with ''
	dir_is out .pe-load.lock A.csv A.jsonl Z.csv
	file_is out/A.jsonl '{"symbol":"A","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
}

@test "-o DIR: unsafe symbols are refused and nothing is written" {
	local sym want
	for sym in 'a/b' '..' '.hidden' '../x' '/etc/x'; do
		rm -rf out
		mk a.csv "$SHDR" "OK,$ROW" "\"$sym\",$ROW"
		if [[ $sym == .* ]]; then
			want="a symbol may not start with '.'"
		else
			want="a symbol may not contain '/'"
		fi
		run --separate-stderr pe-load -o out a.csv
		fails_with 3 "pe-load: unsafe symbol '$sym' for a file name: $want"
		dir_is out
		[[ ! -e x.csv ]]
	done
}

@test "-o DIR: an unsafe --symbol, a dotfile input name, an empty JSON symbol are refused" {
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -o out --symbol ../evil a.csv
	fails_with 3 "pe-load: unsafe symbol '../evil' for a file name: a symbol may not start with '.'"
	[[ ! -e evil.csv && ! -e ../evil.csv ]]
	run --separate-stderr pe-load -o out --symbol '' a.csv
	fails_with 2 "pe-load: invalid --symbol: empty symbol"
	mk .hidden "$HDR" "$ROW"
	run --separate-stderr pe-load -o out .hidden
	fails_with 3 "pe-load: unsafe symbol '.hidden' for a file name: a symbol may not start with '.'"
	mk e.jsonl '{"symbol":"","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5}'
	run --separate-stderr pe-load -o out e.jsonl
	fails_with 3 'pe-load: e.jsonl:1: empty symbol'
	dir_is out
}

@test "-o DIR: a symbol longer than 200 bytes is refused, from a column or --symbol" {
	local long
	long=$(printf 'A%.0s' {1..201})
	mk a.csv "$SHDR" "$long,$ROW"
	run --separate-stderr pe-load -o out a.csv
	fails_with 3 'pe-load: a.csv:2: symbol longer than 200 bytes'
	dir_is out
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -o out --symbol "$long" a.csv
	fails_with 2 "pe-load: invalid --symbol: symbol longer than 200 bytes"
	dir_is out
}

@test "-o DIR whose parent does not exist: exit 2, the directory named; -o '': exit 2" {
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr pe-load -o nodir/sub a.csv
	assert_failure 2
	assert_output ''
	stderr_matches '^pe-load: .*nodir/sub.*: No such file or directory$'
	run --separate-stderr pe-load -o nodir/sub/ a.csv
	fails_with 2 'pe-load: nodir/sub: No such file or directory'
	run --separate-stderr pe-load -o '' a.csv
	fails_with 2 "pe-load: invalid -o '' (expected a directory)"
}

# ---- --merge ----

@test "--merge: new candles merged in, the new one wins on the same time" {
	mkdir m
	mk m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,2' \
	    '2024-01-04,1,2,0.5,1.5,3'
	mk new.csv "$SHDR" 'A,2024-01-04,5,6,4,5,30' 'A,2024-01-05,5,6,4,5,40' \
	    'A,2024-01-03,5,6,4,5,20'
	run --separate-stderr pe-load -o m --merge new.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: m: 1 file (0 new), 1 candle added, 2 replaced'
	dir_is m .pe-load.lock A.csv
	file_is m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,5,6,4,5,20' \
	    '2024-01-04,5,6,4,5,30' '2024-01-05,5,6,4,5,40'
}

@test "--merge: a symbol with no file is just written; other files untouched; one replaced; -q" {
	mkdir m
	mk m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1'
	mk m/C.csv "$HDR" '2020-01-02,1,2,0.5,1.5,1'
	mk new.csv "$SHDR" 'A,2024-01-03,1,2,0.5,1.5,2' 'B,2024-01-05,5,6,4,5,40'
	run --separate-stderr pe-load -o m --merge new.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: m: 2 files (1 new), 2 candles added, 0 replaced'
	dir_is m .pe-load.lock A.csv B.csv C.csv
	file_is m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,2'
	file_is m/B.csv "$HDR" '2024-01-05,5,6,4,5,40'
	file_is m/C.csv "$HDR" '2020-01-02,1,2,0.5,1.5,1'
	mk A.csv "$HDR" '2024-01-02,1,3,0.5,1.5,9'
	run --separate-stderr pe-load -o m --merge A.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: m: 1 file (0 new), 0 candles added, 1 replaced'
	file_is m/A.csv "$HDR" '2024-01-02,1,3,0.5,1.5,9' '2024-01-03,1,2,0.5,1.5,2'
	mk A.csv "$HDR" '2024-01-02,1,4,0.5,1.5,9'
	run --separate-stderr pe-load -q -o m --merge A.csv
	ok_with ''
	file_is m/A.csv "$HDR" '2024-01-02,1,4,0.5,1.5,9' '2024-01-03,1,2,0.5,1.5,2'
}

@test "--merge: one summary note, the same for a first and a repeat run; -q silences it" {
	mk today.csv "$SHDR" "A,$ROW" "B,$ROW" 'B,2024-01-03,1,2,0.5,1.5,7'
	run --separate-stderr pe-load --merge -o data/ today.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: data: 2 files (2 new), 3 candles added, 0 replaced'
	dir_is data .pe-load.lock A.csv B.csv
	# The same candles again: nothing changes, and the note says so.
	run --separate-stderr pe-load --merge -o data/// today.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: data: 2 files (0 new), 0 candles added, 0 replaced'
	file_is data/B.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,7'
	mk B.csv "$HDR" '2024-01-03,1,2,0.5,1.5,8' '2024-01-04,1,2,0.5,1.5,9'
	run --separate-stderr pe-load --merge -o data B.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: data: 1 file (0 new), 1 candle added, 1 replaced'
	file_is data/B.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,8' \
	    '2024-01-04,1,2,0.5,1.5,9'
	run --separate-stderr pe-load -q --merge -o data today.csv
	ok_with ''
	# Without --merge the files are replaced, and nothing is said.
	run --separate-stderr pe-load -o data today.csv
	ok_with ''
	file_is data/B.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,7'
}

@test "--merge: duplicate times in a file are noted with its path, the last kept" {
	mkdir m
	mk m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-02,1,2,0.5,1.5,2'
	mk A.csv "$HDR" '2024-01-03,1,2,0.5,1.5,3'
	run --separate-stderr pe-load -o m/ --merge A.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: m/A.csv: 1 row with a duplicate time (the last one kept)' \
	    'pe-load: m: 1 file (0 new), 1 candle added, 0 replaced'
	file_is m/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,2' '2024-01-03,1,2,0.5,1.5,3'
	# no volume in both is the same candle, not a replaced one
	mk m/C.csv "$HDR" '2024-01-02,1,2,0.5,1.5,'
	mk C.csv 'time,open,high,low,close' '2024-01-02,1,2,0.5,1.5' '2024-01-03,1,2,0.5,1.5'
	run --separate-stderr pe-load -o m --merge C.csv
	assert_success
	stderr_is 'pe-load: m: 1 file (0 new), 1 candle added, 0 replaced'
	file_is m/C.csv "$HDR" '2024-01-02,1,2,0.5,1.5,' '2024-01-03,1,2,0.5,1.5,'
	# a file with a header alone: every candle is added
	mk m/B.csv "$HDR"
	run --separate-stderr pe-load -o m/ --merge --symbol B A.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: m: 1 file (0 new), 1 candle added, 0 replaced'
	file_is m/B.csv "$HDR" '2024-01-03,1,2,0.5,1.5,3'
}

@test "--merge: dates and timed candles combine into full times; --format jsonl" {
	mkdir m
	mk m/A.csv "$HDR" "$ROW"
	mk A.csv "$HDR" '2024-01-03T10:00:00Z,1,2,0.5,1.5,1'
	run --separate-stderr pe-load -q -o m --merge A.csv
	ok_with ''
	file_is m/A.csv "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,100' \
	    '2024-01-03T10:00:00Z,1,2,0.5,1.5,1'
	mk m/B.jsonl '{"symbol":"B","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}'
	mk B.csv "$HDR" '2024-01-03,1,2,0.5,1.5,1'
	run --separate-stderr pe-load -q -o m --merge --format jsonl B.csv
	ok_with ''
	file_is m/B.jsonl '{"symbol":"B","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":100}' \
	    '{"symbol":"B","time":"2024-01-03","open":1,"high":2,"low":0.5,"close":1.5,"volume":1}'
}

@test "--merge with a bad existing file: exit 3, the file left as it was; --merge without -o: exit 2" {
	mkdir m
	mk m/A.csv "$HDR" '2024-01-02,1,2,0.5,x,1'
	mk A.csv "$HDR" '2024-01-03,1,2,0.5,1.5,1'
	local dir
	for dir in m m/ m///; do
		run --separate-stderr pe-load -o "$dir" --merge A.csv
		fails_with 3 "pe-load: m/A.csv:2: close is not a number: 'x'"
	done
	run --separate-stderr pe-load -o ./m// --merge A.csv
	fails_with 3 "pe-load: ./m/A.csv:2: close is not a number: 'x'"
	cd m
	run --separate-stderr pe-load -o ./ --merge ../A.csv
	fails_with 3 "pe-load: ./A.csv:2: close is not a number: 'x'"
	run --separate-stderr pe-load -o . --merge ../A.csv
	fails_with 3 "pe-load: ./A.csv:2: close is not a number: 'x'"
	cd ..
	dir_is m .pe-load.lock A.csv
	file_is m/A.csv "$HDR" '2024-01-02,1,2,0.5,x,1'
	run --separate-stderr pe-load --merge A.csv
	fails_with 2 'pe-load: --merge needs -o DIR'
}

# ---- pipes, write errors, signals ----

@test "| head -1 ends quietly" {
	gen_candles --symbols 20 --bars 2000 --seed 11 >big.csv
	run --separate-stderr bash -c \
	    'pe-load big.csv 2>err | head -1; echo "status ${PIPESTATUS[0]}"; cat err >&2'
	assert_success
	assert_line --index 0 "$SHDR"
	assert_line --index 1 --regexp '^status (0|141)$'
	assert_equal "${#lines[@]}" 2
	stderr_empty
}

@test "a write error on stdout: exit 3 with the reason" {
	[[ -w /dev/full ]] || skip 'no /dev/full'
	mk a.csv "$HDR" "$ROW"
	run --separate-stderr bash -c 'pe-load a.csv >/dev/full'
	assert_failure 3
	stderr_is 'pe-load: write error on standard output: No space left on device'
}

# big_input SYMBOLS BARS: big.csv, and full/ from an uninterrupted run,
# made once per file run and copied into the test's directory.
big_input() {
	local cache=$BATS_FILE_TMPDIR/big-$1-$2
	if [[ ! -d $cache/full ]]; then
		mkdir -p "$cache"
		gen_candles --symbols "$1" --bars "$2" --seed 7 >"$cache/big.csv"
		pe-load -o "$cache/full" "$cache/big.csv"
	fi
	ln -s "$cache/big.csv" big.csv
	ln -s "$cache/full" full
}

# interrupt SIG [DELAY]: run pe-load -o part on big.csv in the background
# and send SIG once its first file has appeared (DELAY seconds later).
interrupt() {
	local sig=$1 delay=${2:-} pid deadline
	local -a seen
	rm -rf part
	mkdir part
	pe-load -o part big.csv 3>&- &
	pid=$!
	deadline=$((SECONDS + 60))
	shopt -s nullglob
	while ((SECONDS < deadline)); do
		seen=(part/*)
		((${#seen[@]} > 0)) && break
		kill -0 "$pid" 2>/dev/null || break
	done
	shopt -u nullglob
	[[ -z $delay ]] || sleep "$delay"
	kill -"$sig" "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# temporaries: the names in part/ that start with '.' into dots, but the
# lock file, which pe-load -o keeps (with nullglob set).
temporaries() {
	local f
	dots=()
	for f in part/.[!.]* part/..?*; do
		[[ $f == part/.pe-load.lock ]] || dots+=("$f")
	done
}

# no_dotfiles: nothing in part/ whose name starts with '.' but the lock.
no_dotfiles() {
	local -a dots
	shopt -s nullglob
	temporaries
	shopt -u nullglob
	if ((${#dots[@]} > 0)); then
		fail "temporaries left behind: ${dots[*]}"
	fi
}

# no_litter: no dotfile in part/, at least one file, and every file the
# same bytes as the file of the full run.
no_litter() {
	no_dotfiles
	(
		cd part || exit 1
		shopt -s nullglob
		files=(*)
		((${#files[@]} > 0)) || exit 0
		sha1sum -- "${files[@]}"
	) >sums
	[[ -s sums ]]
	(cd full && sha1sum --quiet -c "$BATS_TEST_TMPDIR/sums")
}

@test "SIGKILL while writing files: no temporaries, every file complete" {
	big_input 200 2000
	interrupt KILL
	no_litter
}

@test "SIGTERM while writing files: no temporaries, no partial file" {
	big_input 200 2000
	interrupt TERM
	no_litter
}

@test "SIGINT while writing files: no temporaries, no partial file" {
	big_input 200 2000
	interrupt INT
	no_litter
}

# signal_at_temporary SIG: pe-load -o part writes big.csv (many small
# files) while this loop stops it again and again (SIGSTOP takes hold
# where any signal would: on the way back to user space).  The first time
# part/ holds a dotfile while pe-load is stopped, SIG is sent right there.
signal_at_temporary() {
	local sig=$1 replace=${2:-} pid state deadline
	local -a dots
	rm -rf part
	mkdir part
	# Files that exist are replaced: the one case where a temporary
	# gets a name (a new file is linked under its own name at once).
	[[ -z $replace ]] || cp full/* part/
	pe-load -o part big.csv 3>&- &
	pid=$!
	deadline=$((SECONDS + 60))
	shopt -s nullglob
	while ((SECONDS < deadline)) && kill -STOP "$pid" 2>/dev/null; do
		while read -r _ _ state _ 2>/dev/null <"/proc/$pid/stat" &&
		    [[ $state != [TtZX] ]]; do
			:
		done
		temporaries
		if ((${#dots[@]} > 0)); then
			kill -"$sig" "$pid" 2>/dev/null
			break
		fi
		kill -CONT "$pid" 2>/dev/null || break	# it has finished
	done
	shopt -u nullglob
	kill -CONT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# A file becomes visible by a rename: whatever name its temporary has
# until then must not outlive a signal that arrives at that moment.
@test "SIGKILL at the moment a temporary has a name leaves no dotfile" {
	big_input 2000 1
	signal_at_temporary KILL
	no_litter
}

@test "SIGTERM at the moment a temporary has a name leaves no dotfile" {
	big_input 2000 1
	signal_at_temporary TERM
	no_litter
}

@test "SIGTERM while a replacing file has its dotfile name: the name does not outlive it" {
	big_input 2000 1
	signal_at_temporary TERM replace
	no_litter
	[ "$(ls part | wc -l)" -eq 2000 ]
}

# ---- the man page's EXAMPLES ----

@test "man page examples: a regular session's daily bars, monthly bars, CME sessions" {
	# minute bars of 2024-03-28 and 2024-04-01 (EDT), 08:00 to 17:59
	# New York time; close the bar's number
	awk -v h="$HDR" 'BEGIN { print h; n = 0
		split("2024-03-28 2024-04-01", d, " ")
		for (k = 1; k <= 2; k++) for (m = 12 * 60; m < 22 * 60; m++)
			printf "%sT%02d:%02d:00Z,1,%d,0,1,1\n", d[k], m / 60, m % 60, ++n }' >spy-1m.csv
	run --separate-stderr pe-load --tz America/New_York --session 09:30-16:00 --timeframe 1d spy-1m.csv
	ok_with "$HDR" '2024-03-28,1,480,0,1,390' '2024-04-01,1,1080,0,1,390'
	run --separate-stderr pe-load --tz America/New_York --timeframe 1M spy-1m.csv
	ok_with "$HDR" '2024-03-01,1,600,0,1,600' '2024-04-01,1,1200,0,1,600'
	# Chicago (CDT): the session 17:00 to 15:59 is 22:00Z to 20:59Z, so
	# the bars from 21:00Z (16:00 CT) are out: 9 hours a day
	cp spy-1m.csv es-1m.csv
	run --separate-stderr pe-load --tz America/Chicago --session 17:00-16:00 --timeframe 1d es-1m.csv
	ok_with "$HDR" '2024-03-28,1,540,0,1,540' '2024-04-01,1,1140,0,1,540'
}

@test "man page example: a vendor file with US dates" {
	printf 'Date,Open,High,Low,Close,Volume\n01/03/2024,2,3,1,2.5,100\n01/02/2024,1,2,0.5,1.5,200\n' >in.csv
	run --separate-stderr pe-load --date-format %m/%d/%Y --symbol XYZ <in.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,200' '2024-01-03,2,3,1,2.5,100'
}

@test "man page examples: weekly files from a JSONL dump, the nightly merge, a European file" {
	gen_candles --symbols 2 --bars 10 --seed 2 --jsonl >dump.jsonl
	run --separate-stderr pe-load --timeframe 1w -o weekly/ dump.jsonl
	ok_with ''
	dir_is weekly .pe-load.lock S0001.csv S0002.csv
	# 2020-01-01 was a Wednesday; ten weekdays end on 2020-01-14.
	run cut -d, -f1 weekly/S0001.csv
	assert_output "$(lines time 2019-12-30 2020-01-06 2020-01-13)"
	mkdir data
	mk data/A.csv "$HDR" "$ROW"
	mk today.csv "$SHDR" 'A,2024-01-03,1,2,0.5,1.5,7'
	run --separate-stderr pe-load --merge -o data/ today.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: data: 1 file (0 new), 1 candle added, 0 replaced'
	file_is data/A.csv "$HDR" "$ROW" '2024-01-03,1,2,0.5,1.5,7'
	mk dax.csv 'Date;Time;Open;High;Low;Close;Volume' \
	    '2024-01-02;09:00;16751,64;16800,5;16700,25;16769,36;1000' \
	    '2024-07-01;09:00;18300;18400,5;18250;18390,1;2000'
	run --separate-stderr pe-load --decimal-comma --tz Europe/Berlin -d ';' dax.csv
	ok_with "$HDR" '2024-01-02T09:00:00+01:00,16751.64,16800.5,16700.25,16769.36,1000' \
	    '2024-07-01T09:00:00+02:00,18300,18400.5,18250,18390.1,2000'
}

@test "man page example: the last 5 days of two symbols from a dump" {
	local sym d
	for sym in IBM AAPL MSFT; do
		for d in 01 02 03 04 05 08 09; do
			echo "$sym,2024-01-$d,1,2,0.5,1.5,${d#0}"
		done
	done >rows
	mk dump.csv "$SHDR"
	cat rows >>dump.csv
	run --separate-stderr pe-load -q --symbol AAPL --symbol MSFT --tail 5 dump.csv
	ok_with "$SHDR" 'AAPL,2024-01-03,1,2,0.5,1.5,3' 'AAPL,2024-01-04,1,2,0.5,1.5,4' \
	    'AAPL,2024-01-05,1,2,0.5,1.5,5' 'AAPL,2024-01-08,1,2,0.5,1.5,8' \
	    'AAPL,2024-01-09,1,2,0.5,1.5,9' 'MSFT,2024-01-03,1,2,0.5,1.5,3' \
	    'MSFT,2024-01-04,1,2,0.5,1.5,4' 'MSFT,2024-01-05,1,2,0.5,1.5,5' \
	    'MSFT,2024-01-08,1,2,0.5,1.5,8' 'MSFT,2024-01-09,1,2,0.5,1.5,9'
	run --separate-stderr pe-load --symbol AAPL --symbol MSFT --tail 5 dump.csv
	assert_success
	stderr_is 'pe-load: 1 symbol not asked for left out (7 candles)'
	grep -qxF '.Dl $ pe-load -q --symbol AAPL --symbol MSFT --tail 5 dump.csv' \
	    "$REPO_DIR/man/pe-load.1"
	grep -qxF 'pe-load: data: 1 file (0 new), 1 candle added, 0 replaced' \
	    "$REPO_DIR/man/pe-load.1"
}

@test "man page example: split-adjusted prices rounded to the cent" {
	printf 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,187.15,188.44,183.89,185.64,184.53,82488700\n' >in.csv
	run --separate-stderr pe-load --adjusted --digits 2 --symbol AAPL <in.csv
	ok_with "$HDR" '2024-01-02,186.03,187.31,182.79,184.53,82488700'
	run --separate-stderr pe-load --adjusted --symbol AAPL <in.csv
	assert_success
	assert_line -n 1 --regexp '^2024-01-02,186\.03097123464772,'
	grep -qF '.Li 186.03097123464772 .' "$REPO_DIR/man/pe-load.1"
	grep -qxF '2024-01-02,186.03,187.31,182.79,184.53,82488700' "$REPO_DIR/man/pe-load.1"
}

# ---- round trips and real data ----

@test "round trip: pe-load output fed back is byte-identical" {
	gen_candles --symbols 4 --bars 300 --seed 9 >g.csv
	pe-load g.csv >one.csv
	cmp one.csv g.csv
	pe-load one.csv >two.csv
	cmp one.csv two.csv
	mk a.csv 'time,open,high,low,close' '2024-01-02T09:30:00.5+01:00,1.1,2.2,0.3,1.7' \
	    '1704188000123,1,2,0.5,1.5'
	pe-load a.csv >one.csv
	file_is one.csv "$HDR" '2024-01-02T08:30:00.500Z,1.1,2.2,0.3,1.7,' \
	    '2024-01-02T09:33:20.123Z,1,2,0.5,1.5,'
	pe-load one.csv >two.csv
	cmp one.csv two.csv
}

@test "round trip: CSV to JSONL and back; gen-candles JSONL reads as its CSV" {
	gen_candles --symbols 3 --bars 200 --seed 4 --timeframe 5m >g.csv
	pe-load g.csv >one.csv
	pe-load --format jsonl one.csv >one.jsonl
	pe-load one.jsonl >two.csv
	cmp one.csv two.csv
	pe-load --format jsonl two.csv | cmp - one.jsonl
	gen_candles --symbols 3 --bars 200 --seed 4 --timeframe 5m --jsonl >g.jsonl
	pe-load g.jsonl | cmp - g.csv
}

@test "round trip: -o files read back give the same candles" {
	gen_candles --symbols 3 --bars 100 --seed 8 >g.csv
	pe-load -o out g.csv
	dir_is out .pe-load.lock S0001.csv S0002.csv S0003.csv
	pe-load out/S0001.csv out/S0002.csv out/S0003.csv | cmp - g.csv
	pe-load out/S0002.csv | cmp - out/S0002.csv
}

@test "real series pass through unchanged: goog_2004_2008.csv, msft_2000_2001.csv" {
	local f
	for f in goog_2004_2008.csv msft_2000_2001.csv; do
		run --separate-stderr pe-load "$DATA_DIR/$f"
		assert_success
		stderr_empty
		pe-load "$DATA_DIR/$f" | cmp - "$DATA_DIR/$f"
	done
	# The same written with ; and CRLF reads back to the same candles.
	sed 's/,/;/g; s/$/\r/' "$DATA_DIR/msft_2000_2001.csv" >msft.csv
	pe-load msft.csv | cmp - "$DATA_DIR/msft_2000_2001.csv"
}
