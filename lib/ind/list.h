/*
 * list.h: the registry's one list: every indicator, one PE_IND(name) line
 * each, in the order --list prints them (sma, ema and rsi first, then by
 * kind).  pe_ind_NAME is defined in lib/ind/NAME.c, or in the file of its
 * tight family (change.c, cdl.c, dmi.c, extreme.c, po.c; svwap in
 * vwap.c).  Adding an indicator: one line here, in its kind's group.
 */
PE_IND(sma)
PE_IND(ema)
PE_IND(rsi)

/* overlap */
PE_IND(wma)
PE_IND(dema)
PE_IND(tema)
PE_IND(trima)
PE_IND(kama)
PE_IND(t3)
PE_IND(ma)
PE_IND(macd)
PE_IND(macdfix)
PE_IND(macdext)
PE_IND(bbands)
PE_IND(accbands)
PE_IND(apo)
PE_IND(ppo)
PE_IND(trix)

/* momentum */
PE_IND(mom)
PE_IND(roc)
PE_IND(rocp)
PE_IND(rocr)
PE_IND(rocr100)
PE_IND(cmo)

/* range */
PE_IND(max)
PE_IND(min)
PE_IND(sum)
PE_IND(maxindex)
PE_IND(minindex)
PE_IND(midpoint)
PE_IND(midprice)
PE_IND(willr)
PE_IND(stoch)
PE_IND(stochf)
PE_IND(aroon)
PE_IND(aroonosc)
PE_IND(cci)
PE_IND(ultosc)
PE_IND(stochrsi)

/* Wilder, volume and price transforms */
PE_IND(trange)
PE_IND(atr)
PE_IND(natr)
PE_IND(plus_dm)
PE_IND(minus_dm)
PE_IND(plus_di)
PE_IND(minus_di)
PE_IND(dx)
PE_IND(adx)
PE_IND(adxr)
PE_IND(obv)
PE_IND(ad)
PE_IND(adosc)
PE_IND(bop)
PE_IND(avgprice)
PE_IND(medprice)
PE_IND(typprice)
PE_IND(wclprice)
PE_IND(mfi)
PE_IND(imi)
PE_IND(sar)

/* statistics */
PE_IND(var)
PE_IND(stddev)
PE_IND(linearreg)
PE_IND(linearreg_slope)
PE_IND(linearreg_intercept)
PE_IND(linearreg_angle)
PE_IND(tsf)
PE_IND(avgdev)
PE_IND(correl)
PE_IND(beta)

/* beyond TA-Lib */
PE_IND(vwap)
PE_IND(svwap)
PE_IND(hma)
PE_IND(keltner)
PE_IND(donchian)
PE_IND(supertrend)
PE_IND(ichimoku)

/* candlestick patterns */
PE_IND(cdldoji)
PE_IND(cdlhammer)
PE_IND(cdlengulfing)
PE_IND(cdlharami)
PE_IND(cdlmorningstar)
PE_IND(cdleveningstar)
PE_IND(cdl3whitesoldiers)
PE_IND(cdl3blackcrows)
PE_IND(cdlshootingstar)
PE_IND(cdlmarubozu)
PE_IND(cdlspinningtop)
PE_IND(cdldojistar)

/* TA-Lib parity (issue 18): the functions pe lacked, but candlesticks */
PE_IND(minmax)
PE_IND(minmaxindex)
PE_IND(sarext)
