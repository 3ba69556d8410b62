/*
 * pe.h: the one header the pe binaries include.  Each module has its own
 * header, with the rules of its functions; this file only gathers them.
 */
#ifndef PE_H
#define PE_H

#include "pe_version.h"
#include "pe_error.h"
#include "pe_time.h"
#include "pe_num.h"
#include "pe_buf.h"
#include "pe_utf8.h"
#include "pe_series.h"
#include "pe_candle.h"
#include "pe_file.h"
#include "pe_load.h"
#include "pe_db.h"
#include "pe_refs.h"
#include "pe_ind.h"
#include "pe_formula.h"
#include "pe_plan.h"
#include "pe_columns.h"
#include "pe_signal.h"
#include "pe_trade.h"
#include "pe_shard.h"
#include "pe_cache.h"
#include "pe_pool.h"
#include "pe_stats.h"
#include "pe_rank.h"
#include "pe_scan.h"
#include "pe_chart.h"
#include "pe_stream.h"
#include "pe_backtest.h"
#include "pe_btscan.h"

#endif
