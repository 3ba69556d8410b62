# requested.awk: the five columns of tests/data/requested.pe computed from
# a candle CSV by their definitions, apart from pe, for
# tests/pe-indicators.bats: ha_close, chop, ulcer, tsi, chandelier_long,
# one CSV row a bar (no header), an empty cell before a value.
#
# ATR is TA-Lib's: TR from bar 1, the mean of TR[1..n] at bar n, then
# Wilder's (atr (n - 1) + tr) / n; atr(1) is TR itself.  EMA is TA-Lib's:
# seeded by the mean of its first n inputs, then (x - e) 2/(n+1) + e; an
# EMA of an EMA starts at its input's first value.  Windows are summed
# afresh here (pe keeps running sums), so the last digits may differ.

function l10(x) { return log(x) / log(10) }

# the highest (lowest) of a[i-n+1..i]
function hi(a, i, n,   k, m) {
	m = a[i]
	for (k = i - n + 1; k < i; k++)
		if (a[k] > m)
			m = a[k]
	return m
}
function lo(a, i, n,   k, m) {
	m = a[i]
	for (k = i - n + 1; k < i; k++)
		if (a[k] < m)
			m = a[k]
	return m
}

# e[i]: the n-bar EMA of x, whose first value is at bar s
function ema(x, e, s, n, i,   k, t) {
	if (i < s + n - 1)
		return
	if (i == s + n - 1) {
		t = 0
		for (k = s; k <= i; k++)
			t += x[k]
		e[i] = t / n
		return
	}
	e[i] = (x[i] - e[i - 1]) * 2 / (n + 1) + e[i - 1]
}

BEGIN { FS = ","; OFS = ","; OFMT = "%.17g" }
NR == 1 { next }
{
	i = NR - 2
	o[i] = $2; h[i] = $3; l[i] = $4; c[i] = $5
	ha = (o[i] + h[i] + l[i] + c[i]) / 4
	chop = ulcer = tsi = ch = ""
	if (i >= 1) {
		tr[i] = h[i] - l[i]
		if (h[i] - c[i - 1] > tr[i])
			tr[i] = h[i] - c[i - 1]
		if (c[i - 1] - l[i] > tr[i])
			tr[i] = c[i - 1] - l[i]
		m[i] = c[i] - c[i - 1]
		am[i] = m[i] < 0 ? -m[i] : m[i]
	}
	if (i >= 14) {		# 14 true ranges, from bar 1
		t = 0
		for (k = i - 13; k <= i; k++)
			t += tr[k]
		chop = 100 * l10(t / (hi(h, i, 14) - lo(l, i, 14))) / l10(14)
	}
	if (i >= 13) {		# the squared percent drawdown
		hh = hi(c, i, 14)
		dd[i] = (100 * (c[i] - hh) / hh) ^ 2
	}
	if (i >= 26) {
		t = 0
		for (k = i - 13; k <= i; k++)
			t += dd[k]
		ulcer = sqrt(t / 14)
	}
	ema(m, e1, 1, 25, i)
	ema(am, a1, 1, 25, i)
	ema(e1, e2, 25, 13, i)
	ema(a1, a2, 25, 13, i)
	if (i >= 37)
		tsi = 100 * e2[i] / a2[i]
	if (i == 22) {
		t = 0
		for (k = 1; k <= 22; k++)
			t += tr[k]
		atr = t / 22
	} else if (i > 22)
		atr = (atr * 21 + tr[i]) / 22
	if (i >= 22)
		ch = hi(h, i, 22) - 3 * atr
	print ha, chop, ulcer, tsi, ch
}
