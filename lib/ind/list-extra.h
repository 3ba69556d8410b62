/* indicators beyond TA-Lib: one PE_IND(name) line each (see list.h). */
PE_IND(vwap)
PE_IND(svwap)
PE_IND(hma)
PE_IND(keltner)
PE_IND(donchian)
PE_IND(supertrend)
PE_IND(ichimoku)
