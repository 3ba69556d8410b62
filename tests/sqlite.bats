#!/usr/bin/env bats
# Candles in a SQLite database (issue 20): pe-load -o DB writes and
# merges into the table candles; every reader takes the database as an
# input and gives what it gives from the CSV files; pe-scan runs a unit
# per symbol and caches by content; a load is one transaction (a reader
# sees the old or the new state; kill -9 leaves the old); a hostile
# database is refused with a clear message.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
}

REAL='bollinger_2003_2004 fb_2012_2014 goog_2004_2008 msft_2000_2001 talib_regtest_252'

# canon: the real series as pe-load writes them, in ./NAME.csv.
canon() {
	local f
	for f in $REAL; do
		pe-load -q "$DATA_DIR/$f.csv" >"$f.csv"
	done
}

@test "CSV -> db -> CSV is byte-identical on the real series" {
	canon
	run --separate-stderr pe-load -o c.db $(for f in $REAL; do echo "$f.csv"; done)
	assert_success
	[[ -z $stderr ]] || fail "stderr: $stderr"
	run pe-load -o out c.db
	assert_success
	for f in $REAL; do
		cmp "$f.csv" "out/$f.csv" || fail "$f differs"
	done
	# one symbol to stdout: the symbol column, its rows as the file's
	pe-load c.db --symbol fb_2012_2014 | cut -d, -f2- >one.csv
	cmp fb_2012_2014.csv one.csv
}

@test "the table is pe's: schema, WAL mode, canonical UTC times" {
	mk a.csv "$HDR" "2024-01-02T09:30:00+09:00,1,2,0.5,1.5," \
	    "2024-01-02T10:30:00+09:00,1.5,2,1,1.25,"
	pe-load -o sqlite:a.sqlite3 a.csv
	run sqlite3 a.sqlite3 'select sql from sqlite_master'
	assert_output 'CREATE TABLE candles(symbol TEXT, time TEXT, open REAL, high REAL, low REAL, close REAL, volume REAL, PRIMARY KEY(symbol, time)) WITHOUT ROWID'
	run sqlite3 a.sqlite3 'pragma journal_mode'
	assert_output wal
	run sqlite3 a.sqlite3 'select symbol, time, open, volume is null from candles'
	assert_output $'a|2024-01-02T00:30:00Z|1.0|1\na|2024-01-02T01:30:00Z|1.5|1'
}

@test "-o DB replaces a symbol's rows; --merge folds new bars in, newer bars win" {
	mk A.csv "$HDR" 2024-01-02,1,2,0.5,1.5,10 2024-01-03,2,3,1,2,20 \
	    2024-01-04,2,3,1,2,30
	mk B.csv "$HDR" 2024-01-02,5,6,4,5,1
	pe-load -o c.db A.csv B.csv
	mk A2.csv "$HDR" 2024-01-04,2,3,1,2.5,30 2024-01-05,3,4,2,3,40
	mk A.csv "$HDR" 2024-01-04,2,3,1,2.5,30 2024-01-05,3,4,2,3,40
	run --separate-stderr pe-load -o c.db --merge A.csv
	assert_success
	[[ $stderr == "pe-load: c.db: 1 symbol (0 new), 1 candle added, 1 replaced" ]] ||
	    fail "stderr: $stderr"
	run pe-load -o out c.db
	run cat out/A.csv
	assert_output "$HDR
2024-01-02,1,2,0.5,1.5,10
2024-01-03,2,3,1,2,20
2024-01-04,2,3,1,2.5,30
2024-01-05,3,4,2,3,40"
	# the same merge into files gives the same file
	mk A.csv "$HDR" 2024-01-02,1,2,0.5,1.5,10 2024-01-03,2,3,1,2,20 \
	    2024-01-04,2,3,1,2,30
	pe-load -o dir A.csv
	cp A2.csv A.csv
	pe-load -q -o dir --merge A.csv
	cmp dir/A.csv out/A.csv
	# without --merge: A is what the input holds, B untouched
	pe-load -o c.db A2.csv --symbol A
	run sqlite3 c.db "select symbol, count(*) from candles group by symbol"
	assert_output $'A|2\nB|1'
}

@test "--merge of bars with a time of day into a daily symbol rewrites its times in one form" {
	mk A.csv "$HDR" 2024-01-02,1,2,0.5,1.5,10
	pe-load -o c.db A.csv
	mk A.csv "$HDR" 2024-01-02T15:00:00Z,1,2,0.5,1.5,10
	pe-load -q -o c.db --merge A.csv
	run sqlite3 c.db 'select time from candles'
	assert_output $'2024-01-02T00:00:00Z\n2024-01-02T15:00:00Z'
}

@test "several symbols: pe-load reads them all in bytewise order; --symbol picks" {
	mk m.csv "$SHDR" b,2024-01-02,1,2,0.5,1.5,1 B,2024-01-02,1,2,0.5,1.5,2 \
	    a,2024-01-02,1,2,0.5,1.5,3
	pe-load -o c.db m.csv
	run pe-load c.db
	assert_output "$SHDR
B,2024-01-02,1,2,0.5,1.5,2
a,2024-01-02,1,2,0.5,1.5,3
b,2024-01-02,1,2,0.5,1.5,1"
	run --separate-stderr pe-load c.db --symbol a --symbol b --format jsonl
	assert_line --index 0 '{"symbol":"a","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":3}'
	assert_line --index 1 '{"symbol":"b","time":"2024-01-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":1}'
}

@test "every reader reads the database as it reads the CSV" {
	canon
	pe-load -o c.db fb_2012_2014.csv msft_2000_2001.csv
	s=fb_2012_2014
	# pe-eval (the symbol column: the CSV's lines name the file's symbol)
	diff <(pe-eval 'rsi(14) < 30' c.db --symbol $s) \
	    <(pe-eval 'rsi(14) < 30' $s.csv)
	# pe-indicators: the db has a symbol column
	diff <(pe-indicators 'rsi:14 macd' c.db --symbol $s | cut -d, -f2-) \
	    <(pe-indicators 'rsi:14 macd' $s.csv)
	# pe-chart
	pe-chart -i sma:20 -o a.svg c.db --symbol $s
	pe-chart -i sma:20 -o b.svg $s.csv
	cmp a.svg b.svg
	# pe-backtest: a unit per symbol, as pe-scan
	diff <(pe-backtest -q -e '@entry: cross_above(close, sma(close, 20))' \
	    -e '@exit: cross_below(close, sma(close, 20))' c.db) \
	    <(pe-backtest -q -e '@entry: cross_above(close, sma(close, 20))' \
	    -e '@exit: cross_below(close, sma(close, 20))' fb_2012_2014.csv \
	    msft_2000_2001.csv)
	# a database of one symbol needs no --symbol
	pe-load -o one.db $s.csv
	diff <(pe-eval 'rsi(14) < 30' one.db) <(pe-eval 'rsi(14) < 30' $s.csv)
}

@test "pe-stream --warmup DB primes each symbol as --warmup DIR does" {
	canon
	mkdir w
	head -400 fb_2012_2014.csv >w/fb_2012_2014.csv
	pe-load -o w.db w/fb_2012_2014.csv
	{ echo "$SHDR"; tail -52 fb_2012_2014.csv | sed 's/^/fb_2012_2014,/'; } >feed.csv
	pe-stream --warmup w 'rsi(14) < 50' <feed.csv >want
	pe-stream --warmup w.db 'rsi(14) < 50' <feed.csv >got
	[[ -s want ]]
	cmp want got
}

@test "several symbols and no --symbol: exit 2 saying how to choose" {
	mk m.csv "$SHDR" A,2024-01-02,1,2,0.5,1.5,1 B,2024-01-02,1,2,0.5,1.5,2 \
	    C,2024-01-02,1,2,0.5,1.5,2 D,2024-01-02,1,2,0.5,1.5,2 \
	    E,2024-01-02,1,2,0.5,1.5,2
	pe-load -o c.db m.csv
	run --separate-stderr pe-eval 'close > 0' c.db
	assert_failure 2
	[[ $stderr == "pe-eval: c.db: 5 symbols (A, B, C, ..., E): choose with --symbol NAME (repeatable), or scan them all with pe-scan" ]] ||
	    fail "stderr: $stderr"
	run --separate-stderr pe-indicators sma:2 c.db
	assert_failure 2
	run --separate-stderr pe-eval 'close > 0' c.db --symbol B --symbol D
	assert_success
	assert_line --index 0 --partial '"symbol":"B"'
	assert_line --index 1 --partial '"symbol":"D"'
	run --separate-stderr pe-eval 'close > 0' c.db --symbol Z
	assert_failure 1
	[[ $stderr == "pe-eval: --symbol Z: not in the input" ]] || fail "stderr: $stderr"
}

@test "pe-scan over a database equals pe-scan over the CSV files" {
	gen_candles --symbols 12 --bars 300 -o d >/dev/null
	pe-load -o c.db d/*.csv
	f='rsi(14) < 45 or cross_above(close, sma(close, 20))'
	for opt in --all --last '--all --symbol S0003' '--all --shard 1/3' \
	    '--all --timeframe 1w' '--rank close --top 3'; do
		pe-scan --no-cache $opt "$f" d >want 2>/dev/null || true
		pe-scan --no-cache $opt "$f" c.db >got 2>/dev/null || true
		[[ -s want ]] || fail "$opt: no line"
		cmp want got || fail "$opt: $(diff want got | head -3)"
	done
	# cached (indicator columns by content), twice
	pe-scan --all "$f" c.db >got
	pe-scan --all "$f" c.db >got2
	pe-scan --no-cache --all "$f" d >want || true
	cmp want got
	cmp want got2
}

@test "nightly insert: one bar per symbol extends every saved state, as --no-cache" {
	gen_candles --symbols 6 --bars 301 -o new >/dev/null
	mkdir old
	for f in new/*.csv; do head -301 "$f" >"old/${f##*/}"; done
	pe-load -o c.db old/*.csv
	f='a: rsi(14) >= 0 and sma(close, 50) > 0
b: macd(12, 26, 9).hist > -1e9 and atr(14) >= 0'
	pe-scan -f <(echo "$f") c.db >/dev/null 2>&1 || true
	run --separate-stderr pe-scan -f <(echo "$f") c.db
	grep -q '^pe-scan: cache: 6 hits, 0 misses' <<<"$stderr" || fail "$stderr"
	grep -q '^pe-scan: bars: 0 parsed, 0 computed' <<<"$stderr" || fail "$stderr"
	# the next day: a bar more for every symbol
	for s in new/*.csv; do tail -1 "$s" | sed "1s/^/$(basename "$s" .csv),/"; done |
	    sed "1s/^/$SHDR\n/" >day.csv
	pe-load -q -o c.db --merge day.csv
	pe-scan --no-cache -f <(echo "$f") c.db >want 2>/dev/null
	run --separate-stderr pe-scan -f <(echo "$f") c.db
	printf '%s\n' "$output" >got
	cmp want got
	grep -q '^pe-scan: cache: 0 hits, 6 extended, 0 misses' <<<"$stderr" || fail "$stderr"
	grep -q '^pe-scan: bars: 1806 parsed, 6 computed' <<<"$stderr" || fail "$stderr"
	# a bar replaced in the middle: that symbol is run whole
	sqlite3 c.db "update candles set close = high where symbol = 'S0002' and time = (select min(time) from candles)"
	pe-scan --no-cache -f <(echo "$f") c.db >want 2>/dev/null
	run --separate-stderr pe-scan -f <(echo "$f") c.db
	printf '%s\n' "$output" >got
	cmp want got
	grep -q '^pe-scan: cache: 5 hits, 1 misses' <<<"$stderr" || fail "$stderr"
}

@test "a reader during a load sees the old or the new state, never an error" {
	gen_candles --symbols 1 --bars 2000 -o d >/dev/null
	pe-load -o c.db d/S0001.csv
	gen_candles --symbols 200 --bars 2000 -o big >/dev/null
	pe-load -q -o c.db --merge big/*.csv &
	pid=$!
	n=0
	while kill -0 $pid 2>/dev/null; do
		run --separate-stderr pe-load c.db --symbol S0001
		assert_success
		[[ ${#lines[@]} -eq 2001 ]] || fail "${#lines[@]} lines"
		run --separate-stderr pe-load c.db --symbol S0200
		assert_success
		[[ ${#lines[@]} -eq 1 || ${#lines[@]} -eq 2001 ]] ||
		    fail "S0200: ${#lines[@]} lines"
		n=$((n + 1))
	done
	wait $pid
	run sqlite3 c.db 'select count(*) from candles'
	assert_output 400000
	((n > 0)) || skip "the load ended before a read"
}

@test "kill -9 in the middle of a load leaves the previous database intact" {
	gen_candles --symbols 3 --bars 100 -o d >/dev/null
	pe-load -o c.db d/*.csv
	gen_candles --symbols 300 --bars 2000 -o big >/dev/null
	pe-load -q -o c.db --merge big/*.csv &
	pid=$!
	# wait until it writes (the log grows), then kill it
	for _ in $(seq 200); do
		[[ -s c.db-wal ]] && break
		sleep 0.05
	done
	kill -9 $pid
	wait $pid || true
	run sqlite3 c.db 'pragma integrity_check'
	assert_output ok
	run sqlite3 c.db 'select symbol, count(*) from candles group by symbol'
	assert_output $'S0001|100\nS0002|100\nS0003|100'
	run pe-load -o out c.db
	assert_success
	cmp d/S0002.csv out/S0002.csv
}

@test "hostile databases: no table, missing columns, wrong types, not SQLite" {
	sqlite3 empty.db 'create table other(x)'
	run --separate-stderr pe-load empty.db
	assert_failure 3
	[[ $stderr == "pe-load: empty.db: no table candles (pe-load -o writes one)" ]] || fail "$stderr"
	sqlite3 cols.db 'create table candles(symbol, time, open, high, low, close)'
	run --separate-stderr pe-eval 'close > 0' cols.db
	assert_failure 3
	[[ $stderr == "pe-eval: cols.db: table candles has no column 'volume'" ]] || fail "$stderr"
	sqlite3 types.db "create table candles(symbol, time, open, high, low, close, volume);
	    insert into candles values ('A', '2024-01-02', 'abc', 2, 0.5, 1.5, 1)"
	run --separate-stderr pe-load types.db
	assert_failure 3
	[[ $stderr == "pe-load: types.db: A: 2024-01-02: open is not a number: 'abc'" ]] || fail "$stderr"
	sqlite3 t2.db "create table candles(symbol, time, open, high, low, close, volume);
	    insert into candles values ('A', 'yesterday', 1, 2, 0.5, 1.5, 1)"
	run --separate-stderr pe-load t2.db
	assert_failure 3
	[[ $stderr == "pe-load: t2.db: A: bad time 'yesterday': "* ]] || fail "$stderr"
	sqlite3 t3.db "create table candles(symbol, time, open, high, low, close, volume);
	    insert into candles values (x'0102', '2024-01-02', 1, 2, 0.5, 1.5, 1)"
	run --separate-stderr pe-load t3.db
	assert_failure 3
	[[ $stderr == "pe-load: t3.db: a symbol that is not text ('??')" ]] || fail "$stderr"
	sqlite3 t4.db "create table candles(symbol, time, open, high, low, close, volume);
	    insert into candles values ('A', '2024-01-02', 1, 0.9, 0.5, 1.5, 1)"
	run --separate-stderr pe-load t4.db
	assert_failure 3
	[[ $stderr == "pe-load: t4.db: A: 2024-01-02: high 0.9 is below max(open, close) 1.5" ]] || fail "$stderr"
	# two texts of one instant
	sqlite3 t5.db "create table candles(symbol, time, open, high, low, close, volume);
	    insert into candles values ('A', '2024-01-02', 1, 2, 0.5, 1.5, 1),
	    ('A', '2024-01-02T00:00:00Z', 1, 2, 0.5, 1.5, 1)"
	run --separate-stderr pe-load t5.db
	assert_failure 3
	[[ $stderr == "pe-load: t5.db: A: 1 row at a time another row has too" ]] || fail "$stderr"
	# a table without pe's key cannot be merged into
	sqlite3 nokey.db "create table candles(symbol, time, open, high, low, close, volume)"
	mk A.csv "$HDR" 2024-01-02,1,2,0.5,1.5,1
	run --separate-stderr pe-load -o nokey.db A.csv
	assert_failure 3
	[[ $stderr == "pe-load: nokey.db: table candles has no key (symbol, time): it is not pe's" ]] || fail "$stderr"
	# sqlite: names a database whatever the file holds
	run --separate-stderr pe-load sqlite:A.csv
	assert_failure 3
	[[ $stderr == "pe-load: A.csv: not a SQLite database" ]] || fail "$stderr"
	run --separate-stderr pe-scan 'close > 0' sqlite:missing.db
	assert_failure 2
	[[ $stderr == "pe-scan: missing.db: No such file or directory" ]] || fail "$stderr"
	# pe-scan: a bad symbol is that symbol's error, the others go on
	sqlite3 t4.db "insert into candles values ('B', '2024-01-02', 1, 2, 0.5, 1.5, 1)"
	run --separate-stderr pe-scan -q --all 'close > 0' t4.db
	assert_failure 3
	assert_output --partial '"symbol":"B","time":"2024-01-02"'
	[[ $stderr == "pe-scan: t4.db: A: 2024-01-02: high 0.9 is below max(open, close) 1.5" ]] || fail "$stderr"
}

@test "a symbol with quotes and SQL in it is data: bound, never built into SQL" {
	s=$'O\'Reilly"; drop table candles; --'
	mk q.csv "$HDR" 2024-01-02,1,2,0.5,1.5,1 2024-01-03,1,2,0.5,1.5,2
	pe-load -o c.db --symbol "$s" q.csv
	pe-load -q -o c.db --merge --symbol "$s" q.csv
	run sqlite3 c.db 'select count(*) from candles'
	assert_output 2
	run pe-eval 'close > 0' c.db --symbol "$s" --format csv
	assert_success
	assert_line --index 1 --partial '"O'\''Reilly""; drop table candles; --"'
	run pe-scan --no-cache -q 'close > 0' c.db
	assert_success
}

@test "-o DB takes no --format or --digits; an unwritable database exits 2" {
	mk A.csv "$HDR" 2024-01-02,1,2,0.5,1.5,1
	run --separate-stderr pe-load -o a.db --digits 2 A.csv
	assert_failure 2
	[[ $stderr == "pe-load: -o a.db: a database keeps numbers exact, with no --format or --digits" ]] || fail "$stderr"
	run --separate-stderr pe-load -o nodir/a.db A.csv
	assert_failure 2
	[[ $stderr == "pe-load: nodir/a.db: cannot open: unable to open database file" ]] || fail "$stderr"
}

@test "man page example: the nightly merge into a database, and back out as files" {
	mk today.csv "$SHDR" AAPL,2024-01-02,1,2,0.5,1.5,10
	pe-load -o candles.db today.csv
	mk today.csv "$SHDR" AAPL,2024-01-03,1,2,0.5,1.5,10
	run --separate-stderr pe-load --merge -o candles.db today.csv
	assert_success
	[[ $stderr == "pe-load: candles.db: 1 symbol (0 new), 1 candle added, 0 replaced" ]] || fail "$stderr"
	run pe-load -o data/ candles.db
	assert_success
	run cat data/AAPL.csv
	assert_output "$HDR
2024-01-02,1,2,0.5,1.5,10
2024-01-03,1,2,0.5,1.5,10"
}

@test "sym(\"SPY\", x) over a database reads SPY from it, as from SPY.csv beside a file; --ref DB likewise" {
	mk m.csv "$SHDR" A,2024-01-02,1,2,0.5,1.5,10 A,2024-01-03,1,2,0.5,1.6,10 \
	    SPY,2024-01-02,1,5,0.5,3,10 SPY,2024-01-03,1,5,0.5,4,10
	pe-load -q -o c.db m.csv
	mkdir d
	pe-load -q -o d m.csv
	F='x: sym("SPY", close) > 3.5 and close < 2'
	pe-eval --all "$F" d/A.csv >want
	[ "$(wc -l <want)" -eq 1 ]
	run --separate-stderr pe-eval --all "$F" c.db --symbol A
	ok_with "$(cat want)"
	run --separate-stderr pe-eval --all --ref c.db "$F" d/A.csv
	ok_with "$(cat want)"
	pe-scan -q --no-cache --all "$F" d >want
	run --separate-stderr pe-scan -q --no-cache --all "$F" c.db
	ok_with "$(cat want)"
	run --separate-stderr pe-eval "sym(\"QQQ\", close) > 1" c.db --symbol A
	fails_with 3 'pe-eval: c.db: A: sym("QQQ", ...): sqlite:c.db: the database holds no QQQ'
	run --separate-stderr pe-eval --ref m.csv "$F" d/A.csv
	fails_with 2 'pe-eval: --ref m.csv: not a directory or a database'
}
