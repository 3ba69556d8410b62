/*
 * list.h: every indicator, one line each, in the order --list prints them.
 * Each NAME here has lib/ind/NAME.c defining pe_ind_NAME.
 */
PE_IND(sma)
PE_IND(ema)
PE_IND(rsi)
