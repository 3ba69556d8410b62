#!/usr/bin/env bats
# make install / make uninstall, the installed library and header, make demo.

bats_require_minimum_version 1.5.0

setup() {
	REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	DEST=$BATS_TEST_TMPDIR/dest
}

# make, for the plain build: the suite may run against another one (make
# asan exports BUILD and BIN for it), but what is installed is the plain one.
plain_make() {
	env -u BUILD -u BIN -u MAKEFLAGS -u MAKELEVEL make "$@"
}

@test "make install puts binaries, man pages, libpe.a and headers under DESTDIR/PREFIX" {
	run plain_make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/opt/pe
	[ "$status" -eq 0 ]
	[ -x "$DEST/opt/pe/bin/pe-load" ]
	[ -f "$DEST/opt/pe/share/man/man1/pe-load.1" ]
	[ -f "$DEST/opt/pe/lib/libpe.a" ]
	[ -f "$DEST/opt/pe/include/pe/pe.h" ]
	[ -f "$DEST/opt/pe/include/pe/pe_candle.h" ]
}

@test "a program builds against the installed pe.h and libpe.a and runs" {
	plain_make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/usr/local
	cat > "$BATS_TEST_TMPDIR/t.c" <<'C'
#include <stdio.h>
#include <pe/pe.h>
int main(void) {
	char buf[PE_TIME_BUFSZ];
	int64_t ms;
	if (pe_time_parse("2024-01-02T09:30:00+09:00", 25, &ms, NULL, NULL) != 0)
		return 1;
	pe_time_format(ms, 0, buf);
	puts(buf);
	return 0;
}
C
	cc -I"$DEST/usr/local/include" -o "$BATS_TEST_TMPDIR/t" "$BATS_TEST_TMPDIR/t.c" \
	    "$DEST/usr/local/lib/libpe.a" -lcsv -ljansson -lsqlite3 -lm
	run "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	[ "$output" = "2024-01-02T00:30:00Z" ]
}

@test "only public headers are installed, each compiling on its own" {
	plain_make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/usr/local
	inc=$DEST/usr/local/include
	for h in "$inc"/pe/*.h; do
		case ${h##*/} in
		pe.h | pe_*.h) ;;
		*) echo "an internal header is installed: $h"; return 1 ;;
		esac
		echo "#include <pe/${h##*/}>" |
		    cc -std=c11 -fsyntax-only -I"$inc" -x c - || return 1
	done
	# pe-stream's live input and latency histogram are internal
	run grep -l 'pe_hist_add\|pe_jsonl_parse\|pe_stream_in_new' "$inc"/pe/*.h
	[ "$status" -eq 1 ]
}

@test "make uninstall removes everything make install wrote" {
	plain_make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/usr/local
	run plain_make -s -C "$REPO" uninstall DESTDIR="$DEST" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	run find "$DEST" -type f
	[ "$output" = "" ]
}

@test "the demo runs the pipeline and shows its result" {
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr "$REPO/scripts/demo"
	[ "$status" -eq 0 ]
	[ "$(ls demo/daily | wc -l)" -eq 20 ]
	[[ "$output" == *"... 20 files"* ]]
	[[ "$output" == *"2024-01-02,1,2,0.5,1.5,200"* ]]
	[[ "$output" == *'symbol,time,formula,type,open,high,low,close,volume,ema_12,ema_26'* ]]
	[[ "$output" == *'S0001,2020-02-20,f1,scan_hit,'* ]]
	[ "$stderr" = "pe-load: demo/vendor.csv: skipped 1 bad row (1 bad range)" ]
	# pe-scan's second run comes from the cache, and says so
	[[ "$output" == *'pe-scan: 20 symbols: 20 ok, 0 error, 0 timeout, 0 skipped'* ]]
	[[ "$output" == *'pe-scan: cache: 60 hits, 0 misses (100.0% hit rate), 0 corrupt, 0 written, 0 evicted; demo/cache'* ]]
	n=$(wc -l <demo/hits.jsonl)
	[ "$n" -gt 0 ]
	[[ "$output" == *"pe-scan: $n matches: f1: rsi(14) < 40 and close > sma(close, 100)"* ]]
	[[ "$output" == *'"formula":"f1","type":"scan_hit",'*'"values":{"rsi_14":'* ]]
	# the backtest: its trades, their count and statistics, the chart
	n=$(wc -l <demo/trades.jsonl)
	[ "$n" -gt 0 ]
	[[ "$output" == *"... $n trades; the statistics:"$'\n'"pe-backtest: 20 symbols: 20 ok, 0 error, 0 timeout, 0 skipped"* ]]
	[[ "$output" == *"pe-backtest: $n trades, win rate "* ]]
	[[ "$output" == *"pe-backtest: total return "*" (buy and hold "* ]]
	[ "$(head -1 demo/equity.csv)" = time,equity,cash,positions ]
	grep -q '<svg' demo/equity.svg
}
