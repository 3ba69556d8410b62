/*
 * btrec.h: the layout of a backtest's per-symbol record in a scan
 * worker's message (internal to lib/run: btscan.c writes it, btbook.c
 * reads it).  Only the process that forked the worker reads it, so it is
 * plain structs (same ABI); the reader checks every length.
 *
 *   trades:    struct pe_btrec_head, then ntrades struct pe_btrec_trade;
 *   portfolio: struct pe_btrec_bars, then n times, opens, highs, lows,
 *              closes, ranks (when rank is 1), then one int32 array per
 *              rule of mask: every double array stays 8-byte aligned.
 */
#ifndef PE_BTREC_H
#define PE_BTREC_H

#include <stdint.h>

#include "pe_backtest.h"

struct pe_btrec_head {
	uint64_t ntrades;
	struct pe_bt_stats st;	/* the symbol's */
};

struct pe_btrec_trade {
	double ret;
	int64_t bars, entry_time, exit_time;
};

struct pe_btrec_bars {
	uint64_t n;
	uint32_t mask;		/* bit r: rule r's array follows */
	uint16_t rank;		/* 1: ranks follow */
	uint16_t date_only;	/* the series' */
};

#endif
