#!/usr/bin/env bats
# pe-backtest: the worked cases of its man page through the command
# (stops through a gap, stop and trail at one level, an exit on the last
# bar, --max-bars in both fill modes, a short's target, fees and
# slippage), the rules' errors, the statistics (text, --summary,
# --per-symbol), --format csv, --since, --from-trades and shards, and the
# exit statuses.  The C tests (test_backtest) pin the simulation itself
# more finely; here every value was worked out by hand (see the comments).

bats_require_minimum_version 1.5.0

load helpers

setup() {
	common_setup
	# the rules fire on volume: 1 buy, 2 sell, 3 dump (short), 4 back
	mk r.pe '@entry buy: volume == 1' '@exit sell: volume == 2' \
	    '@short dump: volume == 3' '@cover back: volume == 4'
}

T='{"type":"trade"'

@test "a stop of 5% and a bar opening 7% below the entry: out at that open, reason stop" {
	# fill at b1's open 100; b1 (low 99) holds; b2 opens 93 < 95
	mk gap.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,101,99,100,0 2024-01-03,93,94,92,93,0 \
	    2024-01-04,93,93,93,93,0
	run --separate-stderr pe-backtest -q --stop 5 -f r.pe gap.csv
	# return 93/100 - 1; mae from 93, mfe from b1's high 101
	ok_with "$T"',"symbol":"gap","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-03","exit_price":93,"reason":"stop","bars":1,"return":-0.06999999999999995,"mae":-0.06999999999999995,"mfe":0.010000000000000009}'
}

@test "stop 5% and trail 5% at one level on the fill bar: reason stop" {
	# the trail starts from the entry price: both levels are 95
	mk st.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,101,94,100,0 2024-01-03,100,100,100,100,0
	run --separate-stderr pe-backtest -q --stop 5 --trail 5 -f r.pe st.csv
	ok_with "$T"',"symbol":"st","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-02","exit_price":95,"reason":"stop","bars":0,"return":-0.050000000000000044,"mae":-0.050000000000000044,"mfe":0}'
}

@test "a trail strictly above the stop: reason trail" {
	# b1's high 120 lifts the trail to 114 for b2, above the stop at 90
	mk tr.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,120,100,118,0 2024-01-03,116,116,110,112,0
	run --separate-stderr pe-backtest -q --stop 10 --trail 5 --digits 6 \
	    -f r.pe tr.csv
	ok_with "$T"',"symbol":"tr","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-03","exit_price":114,"reason":"trail","bars":1,"return":0.14,"mae":0,"mfe":0.2}'
}

@test "an exit rule on the last bar is not filled: the trade ends at the last close" {
	mk last.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,101,99,100,0 2024-01-03,102,103,101,102,2
	run --separate-stderr pe-backtest -q -f r.pe last.csv
	ok_with "$T"',"symbol":"last","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-03","exit_price":102,"reason":"end","bars":1,"return":0.020000000000000018,"mae":-0.010000000000000009,"mfe":0.030000000000000027}'
}

@test "fees and slippage: fills 20 bps worse, 10 bps a side" {
	mk last.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,101,99,100,0 2024-01-03,102,103,101,102,2
	run --separate-stderr pe-backtest -q --fee 10 --slippage 20 -f r.pe \
	    last.csv
	# 100 * 1.002, 102 * 0.998; 101.796 * 0.999 / (100.2 * 1.001) - 1
	ok_with "$T"',"symbol":"last","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100.2,"exit":null,"exit_time":"2024-01-03","exit_price":101.796,"reason":"end","bars":1,"return":0.013898317251610948,"mae":-0.0119760479041916,"mfe":0.027944111776447178}'
}

@test "--max-bars 1: at the next close with --fill close (bars 1), at the fill bar's close with next-open (bars 0)" {
	mk mb.csv "$HDR" 2024-01-01,100,100,100,100,0 \
	    2024-01-02,100,101,99,100,1 2024-01-03,102,104,101,103,0 \
	    2024-01-04,105,106,104,105,0
	run --separate-stderr pe-backtest -q --fill close --max-bars 1 \
	    -f r.pe mb.csv
	ok_with "$T"',"symbol":"mb","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-03","exit_price":103,"reason":"time","bars":1,"return":0.030000000000000027,"mae":0,"mfe":0.040000000000000036}'
	run --separate-stderr pe-backtest -q --max-bars 1 -f r.pe mb.csv
	ok_with "$T"',"symbol":"mb","side":"long","entry":"buy","entry_time":"2024-01-03","entry_price":102,"exit":null,"exit_time":"2024-01-03","exit_price":103,"reason":"time","bars":0,"return":0.009803921568627416,"mae":-0.009803921568627416,"mfe":0.019607843137254832}'
}

@test "a short with a 5% target and a bar whose low reaches it: out at entry x 0.95" {
	mk sh.csv "$HDR" 2024-01-01,100,100,100,100,3 \
	    2024-01-02,100,101,99,100,0 2024-01-03,99,99,94,96,0 \
	    2024-01-04,96,96,96,96,0
	run --separate-stderr pe-backtest -q --target 5 -f r.pe sh.csv
	ok_with "$T"',"symbol":"sh","side":"short","entry":"dump","entry_time":"2024-01-02","entry_price":100,"exit":null,"exit_time":"2024-01-03","exit_price":95,"reason":"target","bars":1,"return":0.050000000000000044,"mae":-0.010000000000000009,"mfe":0.050000000000000044}'
}

# Two trades: 100 -> 110 (+10%), then 110 -> 99 (-10%).
two_trades() {
	mk two.csv "$HDR" 2024-01-01,100,100,100,100,1 \
	    2024-01-02,100,100,100,100,2 2024-01-03,110,110,110,110,1 \
	    2024-01-04,110,110,110,110,2 2024-01-05,99,99,99,99,0
}

@test "an exit signal closes a trade, never opens one; its name is the trade's exit" {
	two_trades
	run --separate-stderr pe-backtest -q --digits 4 -f r.pe two.csv
	ok_with "$T"',"symbol":"two","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":100,"exit":"sell","exit_time":"2024-01-03","exit_price":110,"reason":"signal","bars":1,"return":0.1,"mae":0,"mfe":0.1}' \
	    "$T"',"symbol":"two","side":"long","entry":"buy","entry_time":"2024-01-04","entry_price":110,"exit":"sell","exit_time":"2024-01-05","exit_price":99,"reason":"signal","bars":1,"return":-0.1,"mae":-0.1,"mfe":0}'
	# exits alone open nothing
	run --separate-stderr pe-backtest -q -e '@exit sell: volume == 2' two.csv
	fails_with 2 "pe-backtest: no @entry or @short formula: nothing opens a position"
}

@test "the statistics of one symbol: on stderr, in --summary, in its stats line" {
	two_trades
	run --separate-stderr pe-backtest --digits 4 --per-symbol \
	    --summary s.json -f r.pe two.csv
	assert_success
	# equity 1 1 1.1 1.1 0.99 (returns 0 .1 0 -.1: mean 0), held after
	# b1 and b3 only (b2 closes at its open, and its entry is pending);
	# cagr 0.99 ^ (365.25 / 4) - 1
	assert_line --index 2 '{"type":"stats","symbol":"two","trades":2,"win_rate":0.5,"mean_return":0,"median_return":0,"profit_factor":1,"avg_bars":1,"max_losing_streak":1,"best":0.1,"worst":-0.1,"total_return":-0.01,"cagr":-0.6006,"max_drawdown":0.1,"exposure":0.4,"sharpe":0,"sortino":0,"buy_hold":-0.01}'
	run cat s.json
	assert_output '{"trades":2,"win_rate":0.5,"mean_return":0,"median_return":0,"profit_factor":1,"avg_bars":1,"max_losing_streak":1,"best":0.1,"worst":-0.1,"total_return":-0.01,"cagr":-0.6006,"max_drawdown":0.1,"exposure":0.4,"sharpe":0,"sortino":0,"buy_hold":-0.01,"symbols":{"traded":1,"positive":0,"mean":-0.01,"median":-0.01,"min":-0.01,"max":-0.01}}'
	run --separate-stderr pe-backtest -f r.pe two.csv
	[[ $stderr == "pe-backtest: 1 symbol: 1 ok, 0 error, 0 timeout, 0 skipped
pe-backtest: 2 trades, win rate 50.0%, mean +0.00%, median +0.00%, profit factor 1.00
pe-backtest: 1.0 bars held on average, longest losing streak 1, best +10.00%, worst -10.00%
pe-backtest: total return -1.00% (buy and hold -1.00%), CAGR -60.06%, max drawdown -10.00%, exposure 40.0%
pe-backtest: Sharpe 0.00, Sortino 0.00
pe-backtest: "*" s" ]] || fail "$stderr"
}

@test "--format csv: the header, then the same fields" {
	two_trades
	run --separate-stderr pe-backtest -q --format csv --digits 4 -f r.pe two.csv
	ok_with 'type,symbol,side,entry,entry_time,entry_price,exit,exit_time,exit_price,reason,bars,return,mae,mfe' \
	    'trade,two,long,buy,2024-01-02,100,sell,2024-01-03,110,signal,1,0.1,0,0.1' \
	    'trade,two,long,buy,2024-01-04,110,sell,2024-01-05,99,signal,1,-0.1,-0.1,0'
	run --separate-stderr pe-backtest --format csv --per-symbol -f r.pe two.csv
	fails_with 2 "pe-backtest: --per-symbol needs --format jsonl"
}

@test "--since: no trade before it, though the rules saw the bars before" {
	two_trades
	run --separate-stderr pe-backtest -q --digits 4 --since 2024-01-03 \
	    -f r.pe two.csv
	ok_with "$T"',"symbol":"two","side":"long","entry":"buy","entry_time":"2024-01-04","entry_price":110,"exit":"sell","exit_time":"2024-01-05","exit_price":99,"reason":"signal","bars":1,"return":-0.1,"mae":-0.1,"mfe":0}'
}

@test "untagged formulas, bad values and inputs: the message and the status" {
	two_trades
	run --separate-stderr pe-backtest 'close > 1' two.csv
	fails_with 2 "pe-backtest: formula f1 has no tag: a rule is @entry, @exit, @short or @cover"
	run --separate-stderr pe-backtest --stop 101 -f r.pe two.csv
	fails_with 2 "pe-backtest: invalid --stop '101' (expected a number from 0 to 100)"
	run --separate-stderr pe-backtest --fill open -f r.pe two.csv
	assert_failure 2
	run --separate-stderr pe-backtest -q -f r.pe two.csv nosuch.csv
	assert_failure 2
	stderr_is "pe-backtest: nosuch.csv: No such file or directory"
	mk bad.csv "$HDR" 2024-01-01,1,2,3,1,1
	run --separate-stderr pe-backtest -q -f r.pe bad.csv
	assert_failure 3
	stderr_is "pe-backtest: bad.csv:2: low 3 is above min(open, close) 1"
}

@test "--from-trades: the shards' trades together give the unsharded statistics, to the digit" {
	gen_candles --symbols 12 --bars 300 -o d
	mk rsi.pe '@entry buy: cross_below(rsi(14), 40)' \
	    '@exit sell: cross_above(rsi(14), 60)' '@short s: cross_above(rsi(14), 75)' \
	    '@cover c: cross_below(rsi(14), 50)'
	run --separate-stderr pe-backtest -q --stop 4 --summary all.json -f rsi.pe d
	assert_success
	local n=${#lines[@]}
	((n > 20)) || fail "only $n trades"
	for k in 0 1 2; do
		pe-backtest -q --stop 4 --shard $k/3 -f rsi.pe d > part$k.jsonl
	done
	cat part2.jsonl part0.jsonl part1.jsonl |
	    pe-backtest -q --from-trades --summary merged.json -
	cmp all.json merged.json
	# in any order, a symbol's trades apart
	cat part0.jsonl part1.jsonl part2.jsonl | shuf --random-source=rsi.pe |
	    pe-backtest -q --from-trades --summary shuffled.json -
	cmp all.json shuffled.json
	assert_equal "$(sort part*.jsonl)" "$(printf '%s\n' "${lines[@]}" | sort)"
	# with the per-symbol lines in the file as well
	pe-backtest -q --stop 4 --per-symbol -f rsi.pe d > with-stats.jsonl
	pe-backtest -q --from-trades --summary again.json with-stats.jsonl
	cmp all.json again.json
}

@test "--from-trades: a line that is not a trade line is an error naming file and line" {
	local good="$T"',"symbol":"A","side":"long","entry":"buy","entry_time":"2024-01-02","entry_price":1,"exit":null,"exit_time":"2024-01-03","exit_price":1.1,"reason":"end","bars":1,"return":0.1,"mae":0,"mfe":0.1}'
	mk t.jsonl "$good" '{"type":"stats","symbol":"A"}' \
	    "$T"',"symbol":"A","side":"long","entry_time":"2024-01-02","entry_price":1,"exit_time":"2024-01-03","exit_price":1,"return":"x"}'
	run --separate-stderr pe-backtest --from-trades t.jsonl
	fails_with 3 'pe-backtest: t.jsonl:3: "return" is not a number'
	mk nb.jsonl "${good/,\"bars\":1/}"
	run --separate-stderr pe-backtest --from-trades nb.jsonl
	fails_with 3 'pe-backtest: nb.jsonl: a trade of A without "bars"'
	run --separate-stderr pe-backtest --from-trades nosuch.jsonl
	fails_with 2 "pe-backtest: nosuch.jsonl: No such file or directory"
	run --separate-stderr pe-backtest --from-trades -f r.pe t.jsonl
	fails_with 2 "pe-backtest: --from-trades reads trade lines: no formula goes with it"
}

@test "--portfolio, one symbol, one slot: the final equity is the capital times the product of (1 + r)" {
	gen_candles --symbols 1 --bars 400 -o d
	mk rsi.pe '@entry buy: cross_below(rsi(14), 40)' \
	    '@exit sell: cross_above(rsi(14), 60)'
	run --separate-stderr pe-backtest -q --portfolio --max-positions 1 \
	    --capital 1000 --fee 5 --stop 3 --equity eq.csv -f rsi.pe d
	assert_success
	local n=${#lines[@]}
	((n >= 5)) || fail "only $n trades"
	# the same trades as the symbol's own run
	assert_equal "$output" "$(pe-backtest -q --fee 5 --stop 3 -f rsi.pe d)"
	local want got
	want=$(jq -s 'reduce .[].return as $r (1000; . * (1 + $r))' <<<"$output")
	got=$(tail -1 eq.csv | cut -d, -f2)
	awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d;
	    exit !(d <= 1e-9 * a) }' || fail "final equity $got, trades say $want"
	assert_equal "$(head -1 eq.csv)" 'time,equity,cash,positions'
	assert_equal "$(sed -n 2p eq.csv)" '2020-01-01,1000,1000,0'
	assert_equal "$(wc -l <eq.csv)" 401
}

@test "--portfolio with a slot for every symbol: the trades of the symbols' own runs" {
	gen_candles --symbols 6 --bars 300 -o d
	mk rsi.pe '@entry buy: cross_below(rsi(14), 40)' \
	    '@exit sell: cross_above(rsi(14), 60)' \
	    '@short s: cross_above(rsi(14), 75)' '@cover c: cross_below(rsi(14), 50)'
	run --separate-stderr pe-backtest -q --portfolio --max-positions 6 \
	    --stop 4 -f rsi.pe d
	assert_success
	((${#lines[@]} > 20)) || fail "only ${#lines[@]} trades"
	assert_equal "$(sort <<<"$output")" \
	    "$(pe-backtest -q --stop 4 -f rsi.pe d | sort)"
}

@test "--portfolio: more entries than slots, the highest --rank first, else by name" {
	# A, B and C all signal on 01-01; C has the highest close
	for s in A:5 B:3 C:9; do
		mk "${s%:*}.csv" "$HDR" "2024-01-01,${s#*:},${s#*:},${s#*:},${s#*:},1" \
		    "2024-01-02,${s#*:},${s#*:},${s#*:},${s#*:},0" \
		    "2024-01-03,${s#*:},${s#*:},${s#*:},${s#*:},0"
	done
	run --separate-stderr pe-backtest -q --portfolio --max-positions 1 \
	    --rank close -f r.pe A.csv B.csv C.csv
	assert_success
	assert_equal "$(jq -r .symbol <<<"$output")" C
	run --separate-stderr pe-backtest -q --portfolio --max-positions 2 \
	    -f r.pe C.csv B.csv A.csv
	assert_equal "$(jq -r .symbol <<<"$output" | sort | tr '\n' ' ')" 'A B '
	run --separate-stderr pe-backtest --portfolio --max-positions 2 \
	    --capital 500 -f r.pe A.csv B.csv C.csv
	[[ $stderr == *$'\npe-backtest: portfolio: 500.00 to 500.00, at most 2 positions\n'* ]] ||
	    fail "$stderr"
}

@test "--portfolio's options need it, and --per-symbol does not go with it" {
	mk A.csv "$HDR" 2024-01-01,1,1,1,1,1
	run --separate-stderr pe-backtest --rank close -f r.pe A.csv
	fails_with 2 "pe-backtest: --rank needs --portfolio"
	run --separate-stderr pe-backtest --equity e.csv -f r.pe A.csv
	fails_with 2 "pe-backtest: --equity needs --portfolio"
	run --separate-stderr pe-backtest --portfolio --per-symbol -f r.pe A.csv
	fails_with 2 "pe-backtest: --per-symbol is for a run per symbol, not --portfolio"
	run --separate-stderr pe-backtest --portfolio --capital 0 -f r.pe A.csv
	fails_with 2 "pe-backtest: invalid --capital '0' (expected a number above 0)"
	# a bad --rank: its diagnostic names it
	run --separate-stderr pe-backtest --portfolio --rank 'rsi(' -f r.pe A.csv
	fails_with 2 "pe-backtest: rank:1:5: expected an expression after '(', found end of input" \
	    '  rsi(' '      ^'
}
