/*
 * list.h: every indicator, one PE_IND(name) line each, in the order --list
 * prints them; pe_ind_NAME is defined in lib/ind/NAME.c, or in its tight
 * family's file (change.c, dmi.c, extreme.c, po.c).  The families keep
 * their own lists, so that they can grow apart.
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
#include "list-cdl.h"
