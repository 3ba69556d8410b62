#!/usr/bin/env bats
# pe-load and vendors' files (issue 20): each sample of tests/data/vendors
# (README.md there says where its layout comes from) loads without options
# to its .out; the detection never misreads a canonical file; --vendor,
# --columns and --volume; the messages for what cannot be read, exactly,
# with their exit status; man/pe-load.1's VENDOR FORMATS shows the samples.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	common_setup
	VDIR=$DATA_DIR/vendors
}

# loads FILE [NOTE]: pe-load FILE, no options, prints FILE's .out; stderr
# is NOTE (or nothing).
loads() {
	local f=$1 want
	run --separate-stderr pe-load "$VDIR/$f"
	assert_success
	want=$(<"$VDIR/${f%.*}.out")
	assert_output "$want"
	if [[ -n ${2:-} ]]; then
		stderr_is "$2"
	else
		stderr_empty
	fi
}

@test "the twelve files of issue 20's table load without options to the right candles" {
	loads yfinance.csv
	loads stooq.txt
	loads binance-spot.csv
	loads binance-futures.csv
	loads binance-spot-2025.csv
	loads polygon.json
	loads polygon-flat.csv
	loads ibkr.csv
	loads mt4.csv
	loads mt5.csv "pe-load: $VDIR/mt5.csv: volume from TICKVOL (VOL is all zero)"
	loads tiingo.json
	loads yahoo-null.csv "pe-load: $VDIR/yahoo-null.csv: skipped 1 bad row (1 missing bar)"
}

@test "yfinance with two tickers: a symbol each; Alpha Vantage: the symbol of its Meta Data" {
	loads yfinance-multi.csv
	loads alphavantage.json
	# one file per ticker, named after it
	run --separate-stderr pe-load -o out "$VDIR/yfinance-multi.csv"
	assert_success
	dir_is out .pe-load.lock AAPL.csv MSFT.csv
	run head -n 2 out/MSFT.csv
	assert_output "$(lines "$HDR" '2024-01-02,373.86,375.9,366.77,370.87,25258600')"
	# a ticker with no prices on a row has no bar there
	mk y.csv 'Price,Close,Close,High,High,Low,Low,Open,Open' \
	    'Ticker,A,B,A,B,A,B,A,B' 'Date,,,,,,,,' \
	    '2024-01-02,1.5,,2,,0.5,,1,' '2024-01-03,1.5,3,2,4,0.5,2,1,3'
	run --separate-stderr pe-load y.csv
	ok_with "$SHDR" 'A,2024-01-02,1,2,0.5,1.5,' 'A,2024-01-03,1,2,0.5,1.5,' \
	    'B,2024-01-03,3,4,2,3,'
}

@test "the same candles whatever the vendor's layout: Binance headerless and with a header" {
	run --separate-stderr pe-load "$VDIR/binance-spot.csv"
	assert_success
	local headerless=$output
	{ echo 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'
	  cat "$VDIR/binance-spot.csv"; } >h.csv
	run --separate-stderr pe-load h.csv
	assert_success
	assert_output "$headerless"
	# Binance's REST klines: an array of arrays, the same columns
	printf '[[1704067200000,"42283.58","42554.57","42261.02","42475.23","1271.68108",1704070799999,"53957248.9737851",47134,"682.57581","28957416.8111965","0"]]\n' >k.json
	run --separate-stderr pe-load k.json
	ok_with "$HDR" '2024-01-01T00:00:00Z,42283.58,42554.57,42261.02,42475.23,1271.68108'
	run --separate-stderr pe-load --volume quote k.json
	ok_with "$HDR" '2024-01-01T00:00:00Z,42283.58,42554.57,42261.02,42475.23,53957248.9737851'
}

@test "the detection never misreads a canonical file: the same as --vendor none" {
	gen_candles --symbols 3 --bars 50 --seed 4 >g.csv
	gen_candles --symbols 3 --bars 50 --seed 4 --jsonl >g.jsonl
	mk t.csv "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1.5,100' \
	    '1704188000123,1,2,0.5,1.5,' '20240103,1,2,0.5,1.5,7'
	mk nv.csv 'time,open,high,low,close' '2024-01-02,1,2,0.5,1.5'
	local f
	for f in g.csv g.jsonl t.csv nv.csv; do
		pe-load --vendor none "$f" >want
		pe-load "$f" >got
		cmp want got
	done
	pe-load g.csv | cmp - g.csv
	# a header that is canonical but for a missing price is not a vendor's
	mk bad.csv 'time,open,high,low' '2024-01-02,1,2,0.5'
	run --separate-stderr pe-load bad.csv
	fails_with 3 'pe-load: bad.csv:1: no close column in the header'
}

@test "--vendor forces a layout: binance, mt4, yfinance, a JSON document; none reads only pe's" {
	head -n 1 "$VDIR/mt4.csv" >m.csv
	run --separate-stderr pe-load --vendor mt4 m.csv
	ok_with "$HDR" '2024-01-02T00:00:00Z,1.1042,1.10452,1.10398,1.10431,1523'
	run --separate-stderr pe-load --vendor binance m.csv
	fails_with 3 'pe-load: m.csv:1: expected 12 fields, found 7'
	run --separate-stderr pe-load --vendor none m.csv
	fails_with 3 "pe-load: m.csv:1: no time column in the header (expected time, date, datetime or timestamp)"
	run --separate-stderr pe-load --vendor yfinance "$VDIR/stooq.txt"
	fails_with 3 "pe-load: $VDIR/stooq.txt:1: not a yfinance header (expected the rows Price, Ticker and Date)"
	# a document on one line, or one spread over lines
	run --separate-stderr pe-load --vendor polygon "$VDIR/polygon.json"
	assert_success
	assert_output "$(<"$VDIR/polygon.out")"
	run --separate-stderr pe-load --vendor none "$VDIR/polygon.json"
	fails_with 3 "pe-load: $VDIR/polygon.json:1: missing time"
	run --separate-stderr pe-load --vendor tiingo "$VDIR/stooq.txt"
	fails_with 3 "pe-load: $VDIR/stooq.txt:1: invalid JSON at column 1: '[' or '{' expected near '<'"
	run --separate-stderr pe-load --vendor nasdaq x
	fails_with 2 "pe-load: unknown --vendor 'nasdaq' (expected one of binance, binance-futures, stooq, metastock, mt4, mt5, ibkr, polygon-flat, yfinance, polygon, tiingo, alphavantage, json, none)"
}

@test "--columns names a headerless file's columns; other names are ignored columns" {
	printf 'x;2024-01-02;1;2;0,5;1,5\n' >a.csv
	run --separate-stderr pe-load --decimal-comma --columns -,date,open,high,low,close a.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load --decimal-comma --columns sym,date,open,high,low,close a.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load --decimal-comma --columns symbol,date,open,high,low,close a.csv
	ok_with "$SHDR" 'x,2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load --columns -,date,open,high,low a.csv
	fails_with 3 'pe-load: a.csv:1: no close column in --columns'
	run --separate-stderr pe-load --columns date,open,open,high,low,close a.csv
	fails_with 3 "pe-load: a.csv:1: duplicate column 'open' in --columns"
	run --separate-stderr pe-load --columns '' a.csv
	fails_with 2 "pe-load: invalid --columns '' (expected names, comma-separated)"
}

@test "--volume: quote (Binance), tick and base (MetaTrader); a file without that column" {
	run --separate-stderr pe-load --volume quote "$VDIR/binance-spot.csv"
	assert_success
	assert_line -n 1 '2024-01-01T00:00:00Z,42283.58,42554.57,42261.02,42475.23,53957248.9737851'
	run --separate-stderr pe-load --volume quote "$VDIR/binance-futures.csv"
	assert_success
	assert_line -n 1 '2024-01-01T00:00:00Z,42314,42590,42289.6,42503.5,357226584.9556'
	run --separate-stderr pe-load --volume tick "$VDIR/mt5.csv"
	assert_success
	assert_line -n 1 '2024-01-02T00:00:00Z,1.1042,1.10452,1.10398,1.10431,1523'
	stderr_empty
	run --separate-stderr pe-load --volume base "$VDIR/mt5.csv"
	assert_success
	assert_line -n 1 '2024-01-02T00:00:00Z,1.1042,1.10452,1.10398,1.10431,0'
	stderr_empty
	# VOL not all zero: VOL is the volume, and the note says so
	printf '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2024.01.02\t00:00:00\t1\t2\t0.5\t1.5\t10\t0\t1\n2024.01.02\t01:00:00\t1\t2\t0.5\t1.5\t12\t300\t1\n' >m5.csv
	run --separate-stderr pe-load m5.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-02T00:00:00Z,1,2,0.5,1.5,0' '2024-01-02T01:00:00Z,1,2,0.5,1.5,300')"
	stderr_is 'pe-load: m5.csv: volume from VOL (TICKVOL left out)'
	run --separate-stderr pe-load -q m5.csv
	assert_success
	stderr_empty
	run --separate-stderr pe-load --volume quote "$VDIR/stooq.txt"
	fails_with 3 "pe-load: $VDIR/stooq.txt:1: no quote volume column in the header (--volume quote)"
	run --separate-stderr pe-load --volume tick "$VDIR/stooq.txt"
	fails_with 3 "pe-load: $VDIR/stooq.txt:1: no tick volume column in the header (--volume tick)"
	run --separate-stderr pe-load --volume real x
	fails_with 2 "pe-load: invalid --volume 'real' (expected auto, base, quote or tick)"
}

@test "missing values: null, NaN, - and empty prices or times are named; a row of nulls is a missing bar" {
	HDR2='Date,Open,High,Low,Close,Volume'
	mk a.csv "$HDR2" '2024-01-02,1,2,0.5,1.5,100' '2024-01-03,null,2,0.5,1.5,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:3: open is missing ('null')"
	run --separate-stderr pe-load --skip-bad a.csv
	assert_success
	stderr_is 'pe-load: a.csv: skipped 1 bad row (1 bad number)'
	mk a.csv "$HDR2" '2024-01-03,1,NaN,0.5,1.5,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:2: high is missing ('NaN')"
	mk a.csv "$HDR2" '2024-01-03,1,2,-,1.5,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:2: low is missing ('-')"
	mk a.csv "$HDR2" 'null,1,2,0.5,1.5,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:2: time is missing ('null')"
	run --separate-stderr pe-load --skip-bad a.csv
	assert_success
	stderr_is 'pe-load: a.csv: skipped 1 bad row (1 bad time)'
	# every price missing: a missing bar, skipped and counted without --skip-bad
	mk a.csv "$HDR2" '2024-01-02,1,2,0.5,1.5,100' '2024-01-03,-,-,-,-,-' '2024-01-04,,,,,'
	run --separate-stderr pe-load a.csv
	assert_success
	assert_output "$(lines "$HDR" '2024-01-02,1,2,0.5,1.5,100')"
	stderr_is 'pe-load: a.csv: skipped 2 bad rows (2 missing bar)'
	# an empty volume is no volume; a null one is not a number
	mk a.csv "$HDR2" '2024-01-02,1,2,0.5,1.5,'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02,1,2,0.5,1.5,'
	mk a.csv "$HDR2" '2024-01-02,1,2,0.5,1.5,null'
	run --separate-stderr pe-load a.csv
	fails_with 3 "pe-load: a.csv:2: volume is not a number: 'null'"
}

@test "vendors' times: Stooq, MetaTrader, IBKR with its zone; a zone unknown; --tz for the others" {
	mk a.csv '<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>' '20240102,093000,1,2,0.5,1.5' \
	    '20240102,0935,1,2,0.5,1.5'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1.5,' '2024-01-02T09:35:00Z,1,2,0.5,1.5,'
	mk a.csv 'date,open,high,low,close' '20240102  09:30:00,1,2,0.5,1.5' \
	    '20240702 09:30:00 America/New_York,1,2,0.5,1.5' \
	    '2024.01.03 10:00,1,2,0.5,1.5' '2024.01.04,1,2,0.5,1.5'
	run --separate-stderr pe-load a.csv
	ok_with "$HDR" '2024-01-02T09:30:00Z,1,2,0.5,1.5,' '2024-01-03T10:00:00Z,1,2,0.5,1.5,' \
	    '2024-01-04T00:00:00Z,1,2,0.5,1.5,' '2024-07-02T13:30:00Z,1,2,0.5,1.5,'
	# --tz is for the times without a zone; IBKR's keep theirs
	mk b.csv 'date,open,high,low,close' '20240102 09:30:00 US/Eastern,1,2,0.5,1.5' \
	    '20240103 09:30:00,1,2,0.5,1.5'
	run --separate-stderr pe-load --tz Asia/Seoul b.csv
	ok_with "$HDR" '2024-01-02T23:30:00+09:00,1,2,0.5,1.5,' '2024-01-03T09:30:00+09:00,1,2,0.5,1.5,'
	mk b.csv 'date,open,high,low,close' '20240102 09:30:00 Mars/Olympus,1,2,0.5,1.5'
	run --separate-stderr pe-load b.csv
	fails_with 3 "pe-load: b.csv:2: bad time '20240102 09:30:00 Mars/Olympus': unknown time zone 'Mars/Olympus'"
	mk b.csv 'date,open,high,low,close' '20240231 09:30:00,1,2,0.5,1.5'
	run --separate-stderr pe-load b.csv
	fails_with 3 "pe-load: b.csv:2: bad time '20240231 09:30:00': day out of range"
	mk b.csv 'date,open,high,low,close' '2024.01.02 25:00,1,2,0.5,1.5'
	run --separate-stderr pe-load b.csv
	fails_with 3 "pe-load: b.csv:2: bad time '2024.01.02 25:00': hour out of range"
}

@test "what cannot be read: data where the header should be, a JSON document without candles, a bad candle in one" {
	mk a.csv '2024-01-02,1,2,0.5,1.5,100'
	run --separate-stderr pe-load a.csv
	fails_with 3 'pe-load: a.csv:1: no header: the first line is data (name its columns with --columns)'
	printf '[\n  {"note": 1}\n]\n' >a.json
	run --separate-stderr pe-load a.json
	fails_with 3 'pe-load: a.json:1: [0]: missing time'
	printf '{\n  "status": "OK"\n}\n' >a.json
	run --separate-stderr pe-load a.json
	fails_with 3 'pe-load: a.json:1: no candles in the JSON document (expected an array of them, or an object holding one, or a Time Series)'
	printf '{\n  "status": "OK",\n' >a.json
	run --separate-stderr pe-load a.json
	fails_with 3 "pe-load: a.json:3: invalid JSON at column 0: string or '}' expected near end of file"
	printf '{"ticker":"X","results":[{"t":1704171600000,"o":1,"h":2,"l":0.5,"c":1.5},{"t":1704258000000,"o":null,"h":2,"l":0.5,"c":1.5}]}\n' >p.json
	run --separate-stderr pe-load p.json
	fails_with 3 'pe-load: p.json:1: results[1]: missing open'
	run --separate-stderr pe-load --skip-bad p.json
	assert_success
	assert_output "$(lines "$SHDR" 'X,2024-01-02T05:00:00Z,1,2,0.5,1.5,')"
	stderr_is 'pe-load: p.json: skipped 1 bad row (1 bad number)'
	mk y.csv 'Price,Close,High' 'Ticker,A,A' 'Date,,'
	run --separate-stderr pe-load y.csv
	fails_with 3 'pe-load: y.csv:3: no open column in the header'
	mk y.csv 'Price,Close,High' 'Date,,'
	run --separate-stderr pe-load y.csv
	fails_with 3 'pe-load: y.csv:1: not a yfinance header (expected the rows Price, Ticker and Date)'
}

@test "man page: VENDOR FORMATS shows each sample and what it loads to" {
	# FILE:N: the sample's line N is in the man page, and the first
	# candle it loads to (JSON: its first 60 bytes)
	local f n line
	for f in yfinance.csv:4 stooq.txt:2 binance-spot.csv:1 \
	    binance-futures.csv:2 polygon.json:0 polygon-flat.csv:2 ibkr.csv:2 \
	    mt4.csv:1 mt5.csv:2 tiingo.json:0 alphavantage.json:25 \
	    yahoo-null.csv:3; do
		n=${f#*:}
		f=${f%:*}
		if ((n == 0)); then
			line=$(head -c 60 "$VDIR/$f")
		else
			line=$(sed -n "${n}p" "$VDIR/$f" | tr -d '\r')
		fi
		grep -qF -- "$line" "$REPO_DIR/man/pe-load.1" ||
		    fail "$f: its line '$line' is not in pe-load(1)"
		line=$(sed -n 2p "$VDIR/${f%.*}.out")
		grep -qxF -- "$line" "$REPO_DIR/man/pe-load.1" ||
		    fail "$f: its output '$line' is not in pe-load(1)"
	done
}
