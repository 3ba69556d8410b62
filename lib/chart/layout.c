/*
 * layout.c: where everything goes before anything is drawn: which
 * indicators and formula lines overlay the prices and which get panels
 * (with their guide lines), the panels' heights, value ranges and ticks,
 * and the margins.  See canvas.h.
 *
 * Bloat: indicators and lines past the 61st panel are not drawn; panel
 * weights are fixed (price 3, volume 0.8, an oscillator 1.2, ...), not
 * configurable; a line's scale is judged by its range, not by its name.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "canvas.h"

/*
 * Price-scaled indicators: their values are prices, so they are drawn
 * over the candles.  mask: the outputs that are prices (bit k for output
 * k), 0 for all of them.  To add one: a line here, and the man page's
 * PANELS list.
 */
static const struct overlay_rule {
	const char *name;
	unsigned mask;
} overlay_table[] = {
	{ "sma", 0 }, { "ema", 0 }, { "wma", 0 }, { "dema", 0 },
	{ "tema", 0 }, { "trima", 0 }, { "kama", 0 }, { "t3", 0 },
	{ "ma", 0 }, { "hma", 0 }, { "bbands", 0 }, { "accbands", 0 },
	{ "keltner", 0 }, { "donchian", 0 }, { "ichimoku", 0 },
	{ "supertrend", 1 },	/* not its direction (+1/-1) */
	{ "sar", 0 }, { "max", 0 }, { "min", 0 }, { "midpoint", 0 },
	{ "midprice", 0 }, { "avgprice", 0 }, { "medprice", 0 },
	{ "typprice", 0 }, { "wclprice", 0 }, { "linearreg", 0 },
	{ "linearreg_intercept", 0 }, { "tsf", 0 }, { "vwap", 0 },
	{ "svwap", 0 }, { "mama", 0 }, { "ht_trendline", 0 }, { "mavp", 0 },
	{ "minmax", 0 }, { "zlema", 0 }, { "wilders", 0 }, { "vwma", 0 },
	{ "vidya", 0 }, { "alma", 0 }, { "mcginley", 0 }, { "ha", 0 },
	{ "chandelier", 0 }, { "avwap", 0 }, { "pivots", 0 },
	{ "zigzag", 9 },	/* pivot and extreme, not direction or age */
};

/*
 * Oscillator panels with customary guide lines and, for the bounded
 * ones, a fixed range (NAN: from the data).  Indicators not listed get a
 * zero line when zero is in their range.
 */
static const struct guide_rule {
	const char *name;
	double lo, hi;
	int ng;
	double g[2];
} guide_table[] = {
	{ "rsi", 0, 100, 2, { 30, 70 } },
	{ "stoch", 0, 100, 2, { 20, 80 } },
	{ "stochf", 0, 100, 2, { 20, 80 } },
	{ "stochrsi", 0, 100, 2, { 20, 80 } },
	{ "willr", -100, 0, 2, { -80, -20 } },
	{ "mfi", 0, 100, 2, { 20, 80 } },
	{ "ultosc", 0, 100, 2, { 30, 70 } },
	{ "imi", 0, 100, 2, { 30, 70 } },
	{ "aroon", 0, 100, 2, { 30, 70 } },
	{ "aroonosc", -100, 100, 1, { 0, 0 } },
	{ "cmo", -100, 100, 2, { -50, 50 } },
	{ "cci", NAN, NAN, 2, { -100, 100 } },
	{ "adx", NAN, NAN, 1, { 25, 0 } },
	{ "adxr", NAN, NAN, 1, { 25, 0 } },
	{ "dx", NAN, NAN, 1, { 25, 0 } },
	{ "rocr", NAN, NAN, 1, { 1, 0 } },
	{ "rocr100", NAN, NAN, 1, { 100, 0 } },
};

int
pe_chart_is_overlay(const struct pe_ind_spec *sp, int k)
{
	size_t i;

	if (sp->x == PE_IN_VOLUME || sp->y == PE_IN_VOLUME)
		return 0;
	for (i = 0; i < sizeof overlay_table / sizeof overlay_table[0]; i++)
		if (strcmp(overlay_table[i].name, sp->info->name) == 0)
			return overlay_table[i].mask == 0 ||
			    (overlay_table[i].mask >> k & 1u);
	return 0;
}

int
pe_chart_guides(const char *name, double *g, double *lo, double *hi)
{
	size_t i;

	*lo = *hi = NAN;
	for (i = 0; i < sizeof guide_table / sizeof guide_table[0]; i++) {
		if (strcmp(guide_table[i].name, name) != 0)
			continue;
		*lo = guide_table[i].lo;
		*hi = guide_table[i].hi;
		memcpy(g, guide_table[i].g, sizeof guide_table[i].g);
		return guide_table[i].ng;
	}
	return 0;
}

/* Widen [*lo, *hi] to hold v (NaN ignored). */
static void
extend(double *lo, double *hi, double v)
{
	if (isnan(v) || isinf(v))
		return;
	if (isnan(*lo) || v < *lo)
		*lo = v;
	if (isnan(*hi) || v > *hi)
		*hi = v;
}

int
pe_chart_line_over(const struct pe_series *s, size_t first,
    const double *v)
{
	double plo = NAN, phi = NAN, lo = NAN, hi = NAN, half;
	size_t i;

	for (i = first; i < s->n; i++) {
		extend(&plo, &phi, s->low[i]);
		extend(&plo, &phi, s->high[i]);
		extend(&lo, &hi, v[i]);
	}
	if (isnan(lo) || isnan(plo))
		return 0;
	half = (phi - plo) / 2;
	return lo >= plo - half && hi <= phi + half;
}

/* Whether line j of c goes over its prices. */
static int
line_over(const struct chart *c, size_t j)
{
	return pe_chart_line_over(c->s, c->first, c->line[j].v);
}

/* Whether output k of ind is drawn (all are, or the one named). */
int
pe_chart_drawn(const struct pe_chart_ind *ind, int k)
{
	return ind->spec->out < 0 || ind->spec->out == k;
}

/*
 * Whether output k goes to the indicator's panel: drawn and not a price.
 * A price-scaled indicator's other outputs (SuperTrend's direction) only
 * when the spec names them: `supertrend` alone is a line on the prices.
 */
int
pe_chart_in_panel(const struct pe_chart_ind *ind, int k)
{
	return pe_chart_drawn(ind, k) && !pe_chart_is_overlay(ind->spec, k) &&
	    (ind->spec->out == k || !pe_chart_is_overlay(ind->spec, 0));
}

static int
has_panel_output(const struct pe_chart_ind *ind)
{
	int k;

	for (k = 0; k < ind->spec->info->nout; k++)
		if (pe_chart_in_panel(ind, k))
			return 1;
	return 0;
}

/* Whether output k of ind is drawn in panel p. */
static int
in_this_panel(const struct panel *p, const struct pe_chart_ind *ind,
    int j, int k)
{
	if (p->kind == P_PRICE)
		return pe_chart_drawn(ind, k) &&
		    pe_chart_is_overlay(ind->spec, k);
	return p->kind == P_OSC && p->ind == j && pe_chart_in_panel(ind, k);
}

/* The prices of the trades at drawn bars. */
static void
trade_range(const struct chart *c, struct panel *p)
{
	const struct pe_chart_trade *t;
	size_t i;

	for (i = 0; i < c->d->ntr; i++) {
		t = &c->d->tr[i];
		if (t->entry_bar >= c->first && t->entry_bar < c->s->n)
			extend(&p->lo, &p->hi, t->entry_price);
		if (t->exit_bar >= c->first && t->exit_bar < c->s->n)
			extend(&p->lo, &p->hi, t->exit_price);
	}
}

/* The equity, or the drawdown in percent (<= 0), of the drawn rows. */
static void
equity_range(const struct chart *c, struct panel *p)
{
	size_t i;

	for (i = c->elo; i < c->ehi; i++)
		extend(&p->lo, &p->hi, p->kind == P_EQUITY ?
		    c->d->eq->s->close[i] : -100 * c->d->eq->drawdown[i]);
	if (p->kind == P_DRAWDOWN) {
		p->hi = 0;	/* the top is no loss */
		if (isnan(p->lo) || p->lo > -1e-9)
			p->lo = -1;	/* no drawdown: 0 to -1% */
	}
}

/* The range of what p draws over the window (NaN when nothing is). */
static void
range_of(const struct chart *c, struct panel *p)
{
	const struct pe_series *s = c->s;
	size_t i, j;
	int k;

	if (p->kind == P_EQUITY || p->kind == P_DRAWDOWN) {
		equity_range(c, p);
		return;
	}
	for (i = c->first; i < s->n; i++) {
		if (p->kind == P_PRICE) {
			extend(&p->lo, &p->hi, s->low[i]);
			extend(&p->lo, &p->hi, s->high[i]);
		} else if (p->kind == P_VOLUME) {
			extend(&p->lo, &p->hi, 0);
			extend(&p->lo, &p->hi, s->volume[i]);
		}
	}
	if (p->kind == P_PRICE)
		trade_range(c, p);
	for (j = 0; j < c->nline; j++)
		if (p->kind == P_PRICE ? line_over(c, j) :
		    p->kind == P_LINE && p->ind == (int)j)
			for (i = c->first; i < s->n; i++)
				extend(&p->lo, &p->hi, c->line[j].v[i]);
	for (j = 0; j < c->nind; j++)
		for (k = 0; k < c->ind[j].spec->info->nout; k++)
			if (in_this_panel(p, &c->ind[j], (int)j, k))
				for (i = c->first; i < s->n; i++)
					extend(&p->lo, &p->hi,
					    c->ind[j].out[k][i]);
}

/* About how many ticks a panel of kind k wants. */
static int
tick_target(const struct chart *c, enum pkind k)
{
	switch (k) {
	case P_PRICE: return 7;
	case P_VOLUME: return 2;
	case P_EQUITY: return c->d->equity_only ? 6 : 3;
	default: return 3;
	}
}

/* Whether the bar of a marker lies in the edge of the price range a
 * marker beside it would overflow: its low in the bottom quarter (below),
 * its high in the top quarter. */
static int
near_edge(const struct chart *c, const struct panel *p, size_t bar,
    int below)
{
	double q = (p->hi - p->lo) / 4;

	if (bar < c->first || bar >= c->s->n || isnan(p->lo))
		return 0;
	return below ? c->s->low[bar] < p->lo + q : c->s->high[bar] > p->hi - q;
}

/*
 * The margins above and below p's data (its range known): about 5% of
 * its height each (headroom, so that no line touches the frame), more in
 * the price panel where markers and trades sit above and below bars near
 * the range's edge (an arrow, and two rows of hits' labels under a hit);
 * at most a quarter of a thin panel's height.
 */
static void
pad_panel(const struct chart *c, struct panel *p)
{
	double room = 0.05 * p->h, below = 0, above = 0;
	const struct pe_chart_marker *mk = c->d->mk;
	size_t i;

	for (i = 0; p->kind == P_PRICE && i < c->d->nmk; i++) {
		if (mk[i].type == PE_CHART_EXIT) {
			if (near_edge(c, p, mk[i].bar, 0))
				above = 18;
		} else if (near_edge(c, p, mk[i].bar, 1) && below < 18 +
		    2 * (FONT + 2) + 2)
			below = mk[i].type == PE_CHART_HIT && mk[i].label !=
			    NULL ? 18 + 2 * (FONT + 2) + 2 : 18;	/* labels */
	}
	if (p->kind == P_PRICE && c->d->ntr > 0)
		below = below > 18 ? below : 18, above = 18;
	p->padt = room + above;
	p->padb = room + below;
	if (p->padt > p->h / 4)
		p->padt = p->h / 4;
	if (p->padb > p->h / 4)
		p->padb = p->h / 4;
}

static void
scale_panel(const struct chart *c, struct panel *p)
{
	double flo = NAN, fhi = NAN, span;
	int i, target, room;

	p->lo = p->hi = NAN;
	if (p->kind == P_OSC)
		p->ng = pe_chart_guides(c->ind[p->ind].spec->info->name, p->g,
		    &flo, &fhi);
	range_of(c, p);
	for (i = 0; i < p->ng && isnan(flo); i++)
		extend(&p->lo, &p->hi, p->g[i]);
	if (!isnan(flo))
		p->lo = flo, p->hi = fhi;
	if (isnan(p->lo))
		p->lo = 0, p->hi = 1;
	if (p->hi - p->lo <= fabs(p->hi) * 1e-12) {	/* flat */
		span = p->hi != 0 ? fabs(p->hi) * 0.01 : 1;
		p->lo -= span, p->hi += span;
	}
	if (p->ng == 0 && (p->kind == P_OSC || p->kind == P_LINE) &&
	    p->lo < 0 && p->hi > 0) {
		p->g[0] = 0;	/* a panel without guides: its zero line */
		p->ng = p->zero = 1;
	}
	pad_panel(c, p);
	room = (int)((p->h - p->padt - p->padb) / 20);	/* labels 20 px apart */
	room = room < 2 ? 2 : room;
	target = tick_target(c, p->kind);
	target = target < room ? target : room;
	do	/* at least two labelled ticks where there is room */
		p->nticks = pe_chart_ticks(p->lo, p->hi, target++, &p->first,
		    &p->step);
	while (p->nticks < 2 && target <= room);
	p->decimals = pe_chart_decimals(p->step);
	if (p->kind == P_PRICE && p->decimals < c->pdec)
		p->decimals = c->pdec;	/* as the heading and the tag */
}

int
pe_chart_price_decimals(const struct pe_series *s, size_t first)
{
	const double *col[4] = { s->open, s->high, s->low, s->close };
	double v, scaled;
	size_t i;
	int k, d = 0;

	for (i = first; i < s->n && d < 4; i++)
		for (k = 0; k < 4; k++) {
			v = fabs(col[k][i]);
			if (isnan(v) || isinf(v) || v > 1e12)
				continue;
			for (; d < 4; d++) {
				scaled = v * pow(10, d);
				if (fabs(scaled - round(scaled)) <=
				    1e-6 * (scaled > 1 ? scaled : 1))
					break;
			}
		}
	return d;
}

static int
plan_panels(struct chart *c)
{
	size_t j;

	if (!c->d->equity_only) {
		c->panel[c->npanels++].kind = P_PRICE;
		if (c->s->has_volume)
			c->panel[c->npanels++].kind = P_VOLUME;
	}
	for (j = 0; j < c->nind && c->npanels < MAXPANELS - 2; j++)
		if (has_panel_output(&c->ind[j])) {
			c->panel[c->npanels].kind = P_OSC;
			c->panel[c->npanels++].ind = (int)j;
		}
	for (j = 0; j < c->nline && c->npanels < MAXPANELS - 2; j++)
		if (!line_over(c, j)) {
			c->panel[c->npanels].kind = P_LINE;
			c->panel[c->npanels++].ind = (int)j;
		}
	if (c->d->eq != NULL) {
		c->panel[c->npanels++].kind = P_EQUITY;
		c->panel[c->npanels++].kind = P_DRAWDOWN;
	}
	return c->npanels;
}

/* A panel's share of the height: price 3, volume 0.8, an oscillator
 * 1.2; equity 1.5 and drawdown 0.8 under candles, 3 and 1.2 alone. */
static double
weight(const struct chart *c, const struct panel *p)
{
	switch (p->kind) {
	case P_PRICE: return 3;
	case P_VOLUME: return 0.8;
	case P_EQUITY: return c->d->equity_only ? 3 : 1.5;
	case P_DRAWDOWN: return c->d->equity_only ? 1.2 : 0.8;
	default: return 1.2;
	}
}

/*
 * Heights by weight.  Many panels in a short picture lose their gaps
 * first, so that no height goes negative (an error in SVG).
 */
static void
place_panels(struct chart *c, double top)
{
	double gap = 10, w = 0, avail, y = top;
	int i;

	for (i = 0; i < c->npanels; i++)
		w += weight(c, &c->panel[i]);
	if (c->bottom - top < c->npanels * 40.0)
		gap = 0;
	avail = c->bottom - top - gap * (c->npanels - 1);
	for (i = 0; i < c->npanels; i++) {
		c->panel[i].top = y;
		c->panel[i].h = avail * weight(c, &c->panel[i]) / w;
		y += c->panel[i].h + gap;
	}
}

/* The rows of the equity curve from the first drawn bar's time to the
 * last's. */
static void
equity_rows(struct chart *c)
{
	const struct pe_series *e;

	c->elo = c->ehi = 0;
	if (c->d->eq == NULL)
		return;
	e = c->d->eq->s;
	c->elo = pe_series_lower_bound(e, c->s->time[c->first]);
	c->ehi = c->s->time[c->s->n - 1] == INT64_MAX ? e->n :
	    pe_series_lower_bound(e, c->s->time[c->s->n - 1] + 1);
	if (c->d->equity_only)	/* a view of e: its rows are the bars */
		c->elo = c->first, c->ehi = c->s->n;
}

void
pe_chart_layout(struct chart *c, double top)
{
	int i;

	memset(c->panel, 0, sizeof c->panel);
	c->npanels = 0;
	plan_panels(c);
	equity_rows(c);
	c->pdec = pe_chart_price_decimals(c->s, c->first);
	c->head = top;
	c->bottom = c->o->height - 34;
	place_panels(c, top);
	for (i = 0; i < c->npanels; i++)
		scale_panel(c, &c->panel[i]);
	c->left = 10;
	c->right = c->o->width - pe_chart_label_room(c);
	c->slot = (c->right - c->left) / (double)c->n;
}
