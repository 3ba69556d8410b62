/*
 * list.h: every indicator, one PE_IND(name) line each, in the order --list
 * prints them; each name has lib/ind/NAME.c defining pe_ind_NAME.  The
 * families keep their own lists, so that they can grow apart.
 */
PE_IND(sma)
PE_IND(ema)
PE_IND(rsi)
#include "list-overlap.h"
#include "list-momentum.h"
#include "list-range.h"
#include "list-wilder.h"
#include "list-stats.h"
#include "list-extra.h"
