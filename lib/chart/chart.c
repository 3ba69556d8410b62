/*
 * chart: candlestick charts as SVG.  See pe_chart.h.
 *
 * The document is laid out in two passes: first every panel's value
 * range and tick labels (their widths set the right margin), then the
 * drawing, panel by panel, each clipped to its frame.  Coordinates are
 * written with one decimal, so the same input gives the same bytes.
 *
 * Bloat: label widths are estimated (6.5 px a character at 11 px), not
 * measured; a tick label without room is dropped, never shifted; legends
 * wrap but are not kept off the data; indicators past the 63rd panel are
 * not drawn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_chart.h"
#include "pe_num.h"
#include "pe_time.h"

#define CHARW 6.5		/* estimated width of a label character */
#define LEGENDW 7		/* the same, generously, for legends */
#define MAXPANELS 64

/* ---- the rules: which indicators overlay prices, which guides ---- */

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
	{ "svwap", 0 },
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

/* ---- small parsers ---- */

int
pe_chart_ticks(double lo, double hi, int target, double *first,
    double *step)
{
	double raw = (hi - lo) / (target > 1 ? target : 1), mag, f;

	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	*step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
	*first = ceil(lo / *step - 1e-9) * *step;
	/* 1e-9: a tick that lands on hi after rounding still counts */
	return (int)floor((hi - *first) / *step + 1e-9) + 1;
}

static int
parse_dim(const char *s, char **end, long min, long max, int *v)
{
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, end, 10);
	if (n < min || n > max)
		return -1;
	*v = (int)n;
	return 0;
}

int
pe_chart_size_parse(const char *s, int *w, int *h, const char **why)
{
	char *end;

	*why = "expected WIDTHxHEIGHT in pixels, e.g. 1200x700";
	if (parse_dim(s, &end, 1, 1000000, w) != 0 || *end != 'x' ||
	    parse_dim(end + 1, &end, 1, 1000000, h) != 0 || *end != '\0')
		return -1;
	*why = "width must be 320 to 10000 and height 240 to 10000";
	if (*w < PE_CHART_MINW || *w > PE_CHART_MAXW ||
	    *h < PE_CHART_MINH || *h > PE_CHART_MAXH)
		return -1;
	return 0;
}

int
pe_chart_theme_parse(const char *s, enum pe_chart_theme *t)
{
	if (strcmp(s, "light") == 0)
		*t = PE_CHART_LIGHT;
	else if (strcmp(s, "dark") == 0)
		*t = PE_CHART_DARK;
	else
		return -1;
	return 0;
}

/* ---- themes ---- */

#define NPALETTE 8

struct theme {
	const char *bg, *fg, *muted, *grid, *frame, *up, *down, *guide;
	const char *entry, *exit, *hit;
	const char *line[NPALETTE];
};

static const struct theme themes[] = {
	[PE_CHART_LIGHT] = {
		"#ffffff", "#1f2328", "#59636e", "#eaeef2", "#afb8c1",
		"#1a7f37", "#cf222e", "#8c959f",
		"#0550ae", "#bc4c00", "#8250df",
		{ "#0969da", "#e16f24", "#8250df", "#1b7c83", "#bf3989",
		  "#7d4e00", "#4d2d00", "#57606a" },
	},
	[PE_CHART_DARK] = {
		"#0d1117", "#e6edf3", "#9198a1", "#21262d", "#3d444d",
		"#3fb950", "#f85149", "#6e7681",
		"#58a6ff", "#ffa657", "#d2a8ff",
		{ "#79c0ff", "#ffa657", "#d2a8ff", "#56d4dd", "#ff7b72",
		  "#e3b341", "#a5d6ff", "#b1bac4" },
	},
};

/* ---- layout ---- */

enum pkind { P_PRICE, P_VOLUME, P_OSC };

struct panel {
	enum pkind kind;
	int ind;		/* P_OSC: index into ind[] */
	double top, h, pad;	/* frame, and the inner margin of the data */
	double lo, hi;		/* value range */
	double first, step;	/* ticks */
	int nticks;
	double g[2];		/* guide lines */
	int ng;
	int decimals;		/* of the tick labels */
};

struct chart {
	const struct pe_series *s;
	const struct pe_chart_ind *ind;
	size_t nind;
	const struct pe_chart_opts *o;
	const struct theme *t;
	struct pe_buf *b;
	size_t first, n;	/* the drawn bars */
	double left, right, slot, bottom;
	struct panel panel[MAXPANELS];
	int npanels;
};

static double
xmid(const struct chart *c, size_t i)
{
	return c->left + ((double)(i - c->first) + 0.5) * c->slot;
}

static double
ymap(const struct panel *p, double v)
{
	return p->top + p->pad + (p->hi - v) / (p->hi - p->lo) *
	    (p->h - 2 * p->pad);
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

/* Whether output k of ind is drawn (all are, or the one named). */
static int
drawn(const struct pe_chart_ind *ind, int k)
{
	return ind->spec->out < 0 || ind->spec->out == k;
}

/*
 * Whether output k goes to the indicator's panel: drawn and not a price.
 * A price-scaled indicator's other outputs (SuperTrend's direction) only
 * when the spec names them: `supertrend` alone is a line on the prices.
 */
static int
in_panel(const struct pe_chart_ind *ind, int k)
{
	return drawn(ind, k) && !pe_chart_is_overlay(ind->spec, k) &&
	    (ind->spec->out == k || !pe_chart_is_overlay(ind->spec, 0));
}

static int
has_panel_output(const struct pe_chart_ind *ind)
{
	int k;

	for (k = 0; k < ind->spec->info->nout; k++)
		if (in_panel(ind, k))
			return 1;
	return 0;
}

/* Whether output k of ind is drawn in panel p. */
static int
in_this_panel(const struct panel *p, const struct pe_chart_ind *ind,
    int j, int k)
{
	if (p->kind == P_PRICE)
		return drawn(ind, k) && pe_chart_is_overlay(ind->spec, k);
	return p->kind == P_OSC && p->ind == j && in_panel(ind, k);
}

/* The range of what p draws over the window (NaN when nothing is). */
static void
range_of(const struct chart *c, struct panel *p)
{
	const struct pe_series *s = c->s;
	size_t i, j;
	int k;

	for (i = c->first; i < s->n; i++) {
		if (p->kind == P_PRICE) {
			extend(&p->lo, &p->hi, s->low[i]);
			extend(&p->lo, &p->hi, s->high[i]);
		} else if (p->kind == P_VOLUME) {
			extend(&p->lo, &p->hi, 0);
			extend(&p->lo, &p->hi, s->volume[i]);
		}
	}
	for (j = 0; j < c->nind; j++)
		for (k = 0; k < c->ind[j].spec->info->nout; k++)
			if (in_this_panel(p, &c->ind[j], (int)j, k))
				for (i = c->first; i < s->n; i++)
					extend(&p->lo, &p->hi,
					    c->ind[j].out[k][i]);
}

/* Tick-label decimals for a step: enough to tell the ticks apart. */
static int
decimals_of(double step)
{
	int d = (int)ceil(-log10(step) - 1e-9);

	return d < 0 ? 0 : d > 8 ? 8 : d;
}

static void
scale_panel(const struct chart *c, struct panel *p)
{
	double flo = NAN, fhi = NAN, span;
	int i, target, room;

	p->lo = p->hi = NAN;
	p->pad = p->kind == P_PRICE ? 18 : 4;	/* room for the markers */
	if (p->pad > p->h / 4)	/* a thin panel keeps most for its data */
		p->pad = p->h / 4;
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
	room = (int)((p->h - 2 * p->pad) / 20);	/* labels 20 px apart */
	room = room < 2 ? 2 : room;
	target = p->kind == P_PRICE ? 7 : p->kind == P_VOLUME ? 2 : 3;
	target = target < room ? target : room;
	do	/* at least two labelled ticks where there is room */
		p->nticks = pe_chart_ticks(p->lo, p->hi, target++, &p->first,
		    &p->step);
	while (p->nticks < 2 && target <= room);
	p->decimals = decimals_of(p->step);
}

/* A tick label: volume with a K/M/B/T suffix, others in fixed decimals. */
static int
tick_label(const struct panel *p, double v, char *buf, size_t n)
{
	static const char *const suffix[] = { "", "K", "M", "B", "T" };
	double step = p->step;
	int i;

	if (fabs(v) < step * 1e-6)
		return snprintf(buf, n, "0");	/* not "-0.00" nor "0M" */
	if (p->kind != P_VOLUME)
		return snprintf(buf, n, "%.*f", p->decimals, v);
	for (i = 0; i < 4 && step >= 1000; i++) {
		v /= 1000;
		step /= 1000;
	}
	return snprintf(buf, n, "%.*f%s", decimals_of(step), v, suffix[i]);
}

/* The widest tick label of every panel sets the right margin. */
static double
label_room(const struct chart *c)
{
	char buf[64];
	int i, k, len, w = 4;

	for (i = 0; i < c->npanels; i++)
		for (k = 0; k < c->panel[i].nticks; k++) {
			len = tick_label(&c->panel[i], c->panel[i].first +
			    k * c->panel[i].step, buf, sizeof buf);
			w = len > w ? len : w;
		}
	return 14 + w * CHARW;
}

static int
plan_panels(struct chart *c)
{
	size_t j;

	c->panel[c->npanels++].kind = P_PRICE;
	if (c->s->has_volume)
		c->panel[c->npanels++].kind = P_VOLUME;
	for (j = 0; j < c->nind && c->npanels < MAXPANELS; j++)
		if (has_panel_output(&c->ind[j])) {
			c->panel[c->npanels].kind = P_OSC;
			c->panel[c->npanels++].ind = (int)j;
		}
	return c->npanels;
}

/*
 * Heights: the price panel weighs 3, volume 0.8, each oscillator 1.2.
 * Many panels in a short picture lose their gaps first, so that no
 * height goes negative (an error in SVG).
 */
static void
place_panels(struct chart *c, double top)
{
	double gap = 10, w = 0, avail, y = top;
	int i;

	for (i = 0; i < c->npanels; i++)
		w += c->panel[i].kind == P_PRICE ? 3 :
		    c->panel[i].kind == P_VOLUME ? 0.8 : 1.2;
	if (c->bottom - top < c->npanels * 40.0)
		gap = 0;
	avail = c->bottom - top - gap * (c->npanels - 1);
	for (i = 0; i < c->npanels; i++) {
		c->panel[i].top = y;
		c->panel[i].h = avail * (c->panel[i].kind == P_PRICE ? 3 :
		    c->panel[i].kind == P_VOLUME ? 0.8 : 1.2) / w;
		y += c->panel[i].h + gap;
	}
}

/* ---- SVG output helpers ---- */

/* A coordinate with one decimal, "-0" and ".0" never written. */
static void
put_num(struct pe_buf *b, double v)
{
	char buf[48];
	int n;

	v = round(v * 10) / 10;
	if (v == 0)
		v = 0;		/* -0 to 0 */
	n = snprintf(buf, sizeof buf, "%.1f", v);
	if (n > 2 && buf[n - 2] == '.' && buf[n - 1] == '0')
		n -= 2;
	pe_buf_put(b, buf, (size_t)n);
}

/* Text content or an attribute value: XML's five escapes; control
 * characters (not allowed in XML 1.0) become spaces. */
static void
put_text(struct pe_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': pe_buf_puts(b, "&amp;"); break;
		case '<': pe_buf_puts(b, "&lt;"); break;
		case '>': pe_buf_puts(b, "&gt;"); break;
		case '"': pe_buf_puts(b, "&quot;"); break;
		case '\'': pe_buf_puts(b, "&apos;"); break;
		default:
			pe_buf_put(b, (unsigned char)*s < 0x20 ? " " : s, 1);
		}
	}
}

static void
put_xy(struct pe_buf *b, const char *cmd, double x, double y)
{
	pe_buf_puts(b, cmd);
	put_num(b, x);
	pe_buf_puts(b, " ");
	put_num(b, y);
}

/* A path command of one number: "H12.5". */
static void
put_cmd(struct pe_buf *b, const char *cmd, double v)
{
	pe_buf_puts(b, cmd);
	put_num(b, v);
}

/* ' NAME="V"' for a coordinate V. */
static void
put_attr(struct pe_buf *b, const char *name, double v)
{
	pe_buf_printf(b, " %s=\"", name);
	put_num(b, v);
	pe_buf_puts(b, "\"");
}

/* <text class="CLASS" x y text-anchor fill>TEXT</text> */
static void
put_label(struct chart *c, const char *cls, double x, double y,
    const char *anchor, const char *fill, const char *text)
{
	pe_buf_printf(c->b, "<text class=\"%s\"", cls);
	put_attr(c->b, "x", x);
	put_attr(c->b, "y", y);
	pe_buf_printf(c->b, " text-anchor=\"%s\" fill=\"%s\">", anchor,
	    fill);
	put_text(c->b, text);
	pe_buf_puts(c->b, "</text>\n");
}

/* ---- panels ---- */

/* The frame, the clip path of its data, the value grid and its labels. */
static void
draw_frame(struct chart *c, const struct panel *p, int id)
{
	char buf[64];
	double y, last = -1e9;
	int k;

	pe_buf_printf(c->b, "<clipPath id=\"clip%d\"><rect", id);
	put_attr(c->b, "x", c->left);
	put_attr(c->b, "y", p->top);
	put_attr(c->b, "width", c->right - c->left);
	put_attr(c->b, "height", p->h);
	pe_buf_puts(c->b, "/></clipPath>\n");
	for (k = 0; k < p->nticks; k++) {
		y = ymap(p, p->first + k * p->step);
		if (y < p->top + 1 || y > p->top + p->h - 1)
			continue;
		pe_buf_printf(c->b, "<path class=\"grid\" stroke=\"%s\" d=\"",
		    c->t->grid);
		put_xy(c->b, "M", c->left, y);
		put_cmd(c->b, "H", c->right);
		pe_buf_puts(c->b, "\"/>\n");
		if (fabs(y - last) < 12)
			continue;	/* no room for its label in a thin panel */
		last = y;
		tick_label(p, p->first + k * p->step, buf, sizeof buf);
		put_label(c, "ylabel", c->right + 6, y + 4, "start",
		    c->t->muted, buf);
	}
	pe_buf_printf(c->b, "<rect class=\"frame\" fill=\"none\" "
	    "stroke=\"%s\"", c->t->frame);
	put_attr(c->b, "x", c->left);
	put_attr(c->b, "y", p->top);
	put_attr(c->b, "width", c->right - c->left);
	put_attr(c->b, "height", p->h);
	pe_buf_puts(c->b, "/>\n");
}

/* Body width: 70% of a bar's slot, at least one pixel. */
static double
body_width(const struct chart *c)
{
	double w = c->slot * 0.7;

	return w < 1 ? 1 : w;
}

/*
 * One path a candle: the wick above the body, the wick below it, the
 * body.  Up candles (close >= open) are hollow (filled with the
 * background), down candles filled, so the two differ without colour.
 */
static void
draw_candles(struct chart *c, const struct panel *p)
{
	const struct pe_series *s = c->s;
	double x, hw = body_width(c) / 2, top, bot;
	size_t i;
	int up;

	for (i = c->first; i < s->n; i++) {
		up = s->close[i] >= s->open[i];
		x = xmid(c, i);
		top = ymap(p, up ? s->close[i] : s->open[i]);
		bot = ymap(p, up ? s->open[i] : s->close[i]);
		pe_buf_printf(c->b, "<path class=\"candle %s\" fill=\"%s\" "
		    "stroke=\"%s\" d=\"", up ? "up" : "down",
		    up ? c->t->bg : c->t->down, up ? c->t->up : c->t->down);
		put_xy(c->b, "M", x, ymap(p, s->high[i]));
		put_cmd(c->b, "V", top);
		put_xy(c->b, "M", x, bot);
		put_cmd(c->b, "V", ymap(p, s->low[i]));
		put_xy(c->b, "M", x - hw, top);
		put_cmd(c->b, "H", x + hw);
		put_cmd(c->b, "V", bot);
		put_cmd(c->b, "H", x - hw);
		pe_buf_puts(c->b, "Z\"/>\n");
	}
}

/* One bar a candle, coloured as its candle; no bar where volume is NaN. */
static void
draw_volume(struct chart *c, const struct panel *p)
{
	const struct pe_series *s = c->s;
	double bw = body_width(c), y0 = ymap(p, 0), y;
	size_t i;

	for (i = c->first; i < s->n; i++) {
		if (isnan(s->volume[i]))
			continue;
		y = ymap(p, s->volume[i]);
		pe_buf_printf(c->b, "<rect class=\"volume\" fill=\"%s\" "
		    "fill-opacity=\"0.5\"", s->close[i] >= s->open[i] ?
		    c->t->up : c->t->down);
		put_attr(c->b, "x", xmid(c, i) - bw / 2);
		put_attr(c->b, "y", y);
		put_attr(c->b, "width", bw);
		put_attr(c->b, "height", y0 - y);
		pe_buf_puts(c->b, "/>\n");
	}
}

/* A polyline over the drawn bars; a NaN breaks it. */
static void
draw_line(struct chart *c, const struct panel *p, const double *v,
    const char *cls, const char *name, const char *colour, int dashed)
{
	const char *cmd = "M";
	size_t i;

	pe_buf_printf(c->b, "<path class=\"%s %s\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"1.5\"%s d=\"", cls, name, colour,
	    dashed ? " stroke-dasharray=\"5 3\"" : "");
	for (i = c->first; i < c->s->n; i++) {
		if (isnan(v[i]) || isinf(v[i])) {
			cmd = "M";
			continue;
		}
		put_xy(c->b, cmd, xmid(c, i), ymap(p, v[i]));
		cmd = "L";
	}
	pe_buf_puts(c->b, "\"/>\n");
}

/* A histogram (MACD's hist): bars from zero, by sign. */
static void
draw_hist(struct chart *c, const struct panel *p, const double *v)
{
	double y0 = ymap(p, 0), x;
	size_t i;
	int pos;

	for (pos = 1; pos >= 0; pos--) {
		pe_buf_printf(c->b, "<path class=\"hist\" stroke=\"%s\" "
		    "stroke-opacity=\"0.6\" stroke-width=\"", pos ? c->t->up :
		    c->t->down);
		put_num(c->b, body_width(c));
		pe_buf_puts(c->b, "\" d=\"");
		for (i = c->first; i < c->s->n; i++) {
			if (isnan(v[i]) || (v[i] >= 0) != pos)
				continue;
			x = xmid(c, i);
			put_xy(c->b, "M", x, y0);
			put_cmd(c->b, "V", ymap(p, v[i]));
		}
		pe_buf_puts(c->b, "\"/>\n");
	}
}

static void
draw_hline(struct chart *c, const struct panel *p, double v,
    const char *cls)
{
	pe_buf_printf(c->b, "<path class=\"%s\" stroke=\"%s\" "
	    "stroke-dasharray=\"4 3\" d=\"", cls, c->t->guide);
	put_xy(c->b, "M", c->left, ymap(p, v));
	put_cmd(c->b, "H", c->right);
	pe_buf_puts(c->b, "\"/>\n");
}

/* Guide lines, or a zero line when there are none and zero shows. */
static void
draw_guides(struct chart *c, const struct panel *p)
{
	int i;

	for (i = 0; i < p->ng; i++)
		draw_hline(c, p, p->g[i], "guide");
	if (p->ng == 0 && p->lo < 0 && p->hi > 0)
		draw_hline(c, p, 0, "guide zero");
}

/*
 * Legend entries go left to right along the top of a panel, into their
 * own buffer: they are written after the panel's data, over a backdrop,
 * so that no line runs through them.
 */
struct legend {
	double x0, x, y0, y, xmax;
	struct pe_buf text;
};

/* One entry, on a new line when it would run past the frame. */
static void
legend_add(struct chart *c, struct legend *l, const char *colour,
    const char *text)
{
	struct pe_buf *b = c->b;
	double w = (double)strlen(text) * LEGENDW;

	if (l->x > l->x0 && l->x + w > c->right - 4) {
		l->x = l->x0;
		l->y += 15;
	}
	c->b = &l->text;
	put_label(c, "legend", l->x, l->y, "start", colour, text);
	c->b = b;
	l->x += w + 10;
	l->xmax = l->x > l->xmax ? l->x : l->xmax;
}

/* The backdrop and the entries; frees the entries' buffer. */
static void
legend_end(struct chart *c, struct legend *l)
{
	if (l->text.len > 0) {
		pe_buf_printf(c->b, "<rect class=\"backdrop\" fill=\"%s\" "
		    "fill-opacity=\"0.8\"", c->t->bg);
		put_attr(c->b, "x", l->x0 - 4);
		put_attr(c->b, "y", l->y0 - 11);
		put_attr(c->b, "width", l->xmax - l->x0);
		put_attr(c->b, "height", l->y - l->y0 + 15);
		pe_buf_puts(c->b, "/>\n");
		pe_buf_put(c->b, l->text.p, l->text.len);
	}
	if (l->text.oom)
		c->b->oom = 1;
	free(l->text.p);
}

/* Bands (upper, middle, lower) share one colour, the middle dashed;
 * other outputs take a colour each. */
static int
is_band(const struct pe_ind_info *f)
{
	return f->nout == 3 && strcmp(f->out[1], "middle") == 0;
}

/* An overlay's legend: the spec as given, plus ".OUTPUT" where the
 * spec draws several lines of their own colours. */
static void
legend_name(const struct pe_chart_ind *ind, int k, char *buf, size_t n)
{
	const struct pe_ind_info *f = ind->spec->info;

	if (f->nout > 1 && ind->spec->out < 0 && !is_band(f) &&
	    strcmp(f->out[k], f->name) != 0)
		snprintf(buf, n, "%s.%s", ind->label, f->out[k]);
	else
		snprintf(buf, n, "%s", ind->label);
}

static void
draw_overlays(struct chart *c, const struct panel *p, struct legend *l)
{
	const struct pe_chart_ind *ind;
	const char *col = c->t->fg;
	char name[160];
	size_t j;
	int k, ncol = 0;

	for (j = 0; j < c->nind; j++) {
		ind = &c->ind[j];
		if (is_band(ind->spec->info))
			col = c->t->line[ncol++ % NPALETTE];
		for (k = 0; k < ind->spec->info->nout; k++) {
			if (!drawn(ind, k) || !pe_chart_is_overlay(ind->spec,
			    k))
				continue;
			if (!is_band(ind->spec->info))
				col = c->t->line[ncol++ % NPALETTE];
			draw_line(c, p, ind->out[k], "overlay",
			    ind->spec->info->name, col, is_band(
			    ind->spec->info) && k == 1);
			legend_name(ind, k, name, sizeof name);
			if (k == 0 || !is_band(ind->spec->info) ||
			    ind->spec->out >= 0)
				legend_add(c, l, col, name);
		}
	}
}

static void
draw_oscillator(struct chart *c, const struct panel *p, struct legend *l)
{
	const struct pe_chart_ind *ind = &c->ind[p->ind];
	const struct pe_ind_info *f = ind->spec->info;
	const char *col;
	int k, ncol = 0;

	draw_guides(c, p);
	legend_add(c, l, c->t->fg, ind->label);
	for (k = 0; k < f->nout; k++) {
		if (!in_panel(ind, k))
			continue;
		if (strcmp(f->out[k], "hist") == 0) {
			draw_hist(c, p, ind->out[k]);
			col = c->t->muted;
		} else {
			col = c->t->line[ncol++ % NPALETTE];
			draw_line(c, p, ind->out[k], "line", f->name, col, 0);
		}
		if (f->nout > 1 && ind->spec->out < 0)
			legend_add(c, l, col, f->out[k]);
	}
}

/*
 * Markers: entries (and scan hits) below the bar's low, exits above its
 * high; several on one bar stack away from it.
 */
static int
draw_markers(struct chart *c, const struct panel *p,
    const struct pe_chart_marker *mk, size_t nmk)
{
	static const char *const cls[] = { "hit", "entry", "exit" };
	unsigned char *stack;
	double w = c->slot * 0.45, x, y, h;
	size_t i, at;
	int below;

	if (nmk == 0)
		return PE_OK;
	if ((stack = calloc(c->n * 2, 1)) == NULL)
		return PE_ERR_NOMEM;
	w = w < 5 ? 5 : w > 8 ? 8 : w;
	h = w * 1.8;
	for (i = 0; i < nmk; i++) {
		if (mk[i].bar < c->first || mk[i].bar >= c->s->n)
			continue;
		below = mk[i].type != PE_CHART_EXIT;
		at = (mk[i].bar - c->first) * 2 + (size_t)below;
		x = xmid(c, mk[i].bar);
		y = below ? ymap(p, c->s->low[mk[i].bar]) + 3 + stack[at] *
		    (h + 2) : ymap(p, c->s->high[mk[i].bar]) - 3 - stack[at] *
		    (h + 2);
		if (stack[at] < 255)
			stack[at]++;
		pe_buf_printf(c->b, "<path class=\"marker %s\" fill=\"%s\" "
		    "stroke=\"%s\" d=\"", cls[mk[i].type],
		    mk[i].type == PE_CHART_ENTRY ? c->t->entry :
		    mk[i].type == PE_CHART_EXIT ? c->t->exit : c->t->hit,
		    c->t->bg);
		put_xy(c->b, "M", x, y);
		if (mk[i].type == PE_CHART_HIT) {	/* a diamond */
			put_xy(c->b, "L", x + w, y + h / 2);
			put_xy(c->b, "L", x, y + h);
			put_xy(c->b, "L", x - w, y + h / 2);
		} else {	/* a triangle, its tip at the bar */
			put_xy(c->b, "L", x + w, below ? y + h : y - h);
			put_xy(c->b, "L", x - w, below ? y + h : y - h);
		}
		pe_buf_puts(c->b, "Z\"/>\n");
	}
	free(stack);
	return PE_OK;
}

/* ---- the time axis ---- */

enum unit { U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR };

/* Tick spacings, finest first; the axis takes the finest that fits. */
static const struct level {
	enum unit u;
	int k;
} levels[] = {
	{ U_MIN, 1 }, { U_MIN, 2 }, { U_MIN, 5 }, { U_MIN, 10 },
	{ U_MIN, 15 }, { U_MIN, 30 }, { U_HOUR, 1 }, { U_HOUR, 2 },
	{ U_HOUR, 3 }, { U_HOUR, 4 }, { U_HOUR, 6 }, { U_HOUR, 12 },
	{ U_DAY, 1 }, { U_WEEK, 1 }, { U_MONTH, 1 }, { U_MONTH, 3 },
	{ U_MONTH, 6 }, { U_YEAR, 1 }, { U_YEAR, 2 }, { U_YEAR, 5 },
	{ U_YEAR, 10 }, { U_YEAR, 25 }, { U_YEAR, 50 }, { U_YEAR, 100 },
};

static const char *const month_name[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* About how long a step of l lasts, in ms. */
static int64_t
level_ms(const struct level *l)
{
	static const int64_t unit_ms[] = { 60000, 3600000, PE_MS_PER_DAY,
	    7 * PE_MS_PER_DAY, 28 * PE_MS_PER_DAY, 365 * PE_MS_PER_DAY };

	return unit_ms[l->u] * l->k;
}

/* Which step of level l time t falls in (weeks start on Monday). */
static int64_t
bucket(const struct level *l, int64_t t)
{
	int64_t days = floordiv(t, PE_MS_PER_DAY), y;
	unsigned m, d;

	switch (l->u) {
	case U_MIN: return floordiv(t, 60000LL * l->k);
	case U_HOUR: return floordiv(t, 3600000LL * l->k);
	case U_DAY: return days;
	case U_WEEK: return floordiv(days + 3, 7);	/* 1970-01-01: Thu */
	default: break;
	}
	pe_time_civil_from_days(days, &y, &m, &d);
	if (l->u == U_MONTH)
		return floordiv(y * 12 + (int64_t)m - 1, l->k);
	return floordiv(y, l->k);
}

/* Bars of the window that start a new step of l. */
static size_t
count_ticks(const struct chart *c, const struct level *l)
{
	size_t i, n = 0;

	for (i = c->first + 1; i < c->s->n; i++)
		n += bucket(l, c->s->time[i]) != bucket(l, c->s->time[i - 1]);
	return n;
}

/* The finest level no finer than a bar whose ticks are >= 70 px apart. */
static const struct level *
pick_level(const struct chart *c)
{
	int64_t bar = c->s->date_only ? PE_MS_PER_DAY : INT64_MAX, d;
	size_t i, fit = (size_t)((c->right - c->left) / 70);

	for (i = c->first + 1; i < c->s->n && !c->s->date_only; i++)
		if ((d = c->s->time[i] - c->s->time[i - 1]) < bar)
			bar = d;
	for (i = 0; i < sizeof levels / sizeof levels[0] - 1; i++)
		if (level_ms(&levels[i]) >= bar &&
		    count_ticks(c, &levels[i]) <= fit)
			break;
	return &levels[i];
}

/*
 * A tick's two lines: the fine part (12:30, 14, Mar, 2024) and, when it
 * changed since the last label (or on the first), the coarse part
 * (2024-03-14 under times, "Mar 2024" under days, 2024 under months).
 */
static void
tick_text(const struct level *l, int64_t t, int64_t *last, char *fine,
    char *coarse)
{
	int64_t days = floordiv(t, PE_MS_PER_DAY), y, ms, key;
	unsigned m, d;

	pe_time_civil_from_days(days, &y, &m, &d);
	ms = t - days * PE_MS_PER_DAY;
	coarse[0] = '\0';
	if (l->u <= U_HOUR) {
		snprintf(fine, 16, "%02d:%02d", (int)(ms / 3600000),
		    (int)(ms / 60000 % 60));
		key = days;
		if (key != *last)
			snprintf(coarse, 24, "%04lld-%02u-%02u", (long long)y,
			    m, d);
	} else if (l->u <= U_WEEK) {
		snprintf(fine, 16, "%u", d);
		key = y * 12 + m;
		if (key != *last)
			snprintf(coarse, 24, "%s %lld", month_name[m - 1],
			    (long long)y);
	} else if (l->u == U_MONTH) {
		snprintf(fine, 16, "%s", month_name[m - 1]);
		key = y;
		if (key != *last)
			snprintf(coarse, 24, "%lld", (long long)y);
	} else {
		snprintf(fine, 16, "%lld", (long long)y);
		key = y;
	}
	*last = key;
}

static void
draw_time_axis(struct chart *c)
{
	const struct level *l = pick_level(c);
	const struct panel *last = &c->panel[c->npanels - 1];
	double x, prev = -1e9, top = c->panel[0].top;
	double bot = last->top + last->h, half;
	char fine[16], coarse[24];
	int64_t key = INT64_MIN, saved;
	size_t i;

	for (i = c->first + 1; i < c->s->n; i++) {
		if (bucket(l, c->s->time[i]) == bucket(l, c->s->time[i - 1]))
			continue;
		x = xmid(c, i);
		saved = key;
		tick_text(l, c->s->time[i], &key, fine, coarse);
		half = (double)(strlen(coarse) > strlen(fine) ?
		    strlen(coarse) : strlen(fine)) * CHARW / 2;
		if (x - prev < 70 || x - half < 2 ||
		    x + half > c->o->width - 2) {
			key = saved;	/* the next one says it */
			continue;
		}
		prev = x;
		pe_buf_printf(c->b, "<path class=\"grid\" stroke=\"%s\" d=\"",
		    c->t->grid);
		put_xy(c->b, "M", x, top);
		put_cmd(c->b, "V", bot);
		pe_buf_puts(c->b, "\"/>\n");
		put_label(c, "xlabel", x, bot + 14, "middle", c->t->muted,
		    fine);
		if (coarse[0] != '\0')
			put_label(c, "xlabel", x, bot + 27, "middle",
			    c->t->fg, coarse);
	}
}

/* ---- the document ---- */

/* The title on the left; the last bar's time and prices on the right. */
static void
draw_heading(struct chart *c)
{
	const struct pe_series *s = c->s;
	const char *title = c->o->title != NULL ? c->o->title : s->symbol;
	size_t i = s->n - 1, len;
	char info[256], num[PE_NUM_BUFSZ];

	pe_buf_puts(c->b, "<text class=\"title\" x=\"10\" y=\"19\" "
	    "font-size=\"14\" font-weight=\"bold\"");
	pe_buf_printf(c->b, " fill=\"%s\">", c->t->fg);
	put_text(c->b, title);
	pe_buf_puts(c->b, "</text>\n");
	len = pe_time_format(s->time[i], s->date_only, info);
	len += (size_t)snprintf(info + len, sizeof info - len, "  O ");
	pe_num_format(s->open[i], num);
	len += (size_t)snprintf(info + len, sizeof info - len, "%s  H ", num);
	pe_num_format(s->high[i], num);
	len += (size_t)snprintf(info + len, sizeof info - len, "%s  L ", num);
	pe_num_format(s->low[i], num);
	len += (size_t)snprintf(info + len, sizeof info - len, "%s  C ", num);
	pe_num_format(s->close[i], num);
	len += (size_t)snprintf(info + len, sizeof info - len, "%s", num);
	/* beside the title (bold 14 px: about 9 px a character) or not */
	if (10 + strlen(title) * 9.0 + 20 + len * CHARW <= c->right)
		put_label(c, "info", c->right, 19, "end", c->t->muted, info);
}

static int
draw_panels(struct chart *c, const struct pe_chart_marker *mk, size_t nmk)
{
	struct panel *p;
	struct legend l;
	int i, rc = PE_OK;

	memset(&l, 0, sizeof l);
	for (i = 0; i < c->npanels; i++) {
		p = &c->panel[i];
		pe_buf_printf(c->b, "<g class=\"panel %s\">\n", p->kind ==
		    P_PRICE ? "price" : p->kind == P_VOLUME ? "volume" :
		    c->ind[p->ind].spec->info->name);
		draw_frame(c, p, i);
		pe_buf_printf(c->b, "<g clip-path=\"url(#clip%d)\">\n", i);
		l.x0 = l.x = l.xmax = c->left + 6;
		l.y0 = l.y = p->top + 14;
		l.text = (struct pe_buf){ 0 };
		if (p->kind == P_PRICE) {
			draw_candles(c, p);
			draw_overlays(c, p, &l);
			rc = draw_markers(c, p, mk, nmk);
		} else if (p->kind == P_VOLUME) {
			draw_volume(c, p);
			legend_add(c, &l, c->t->muted, "volume");
		} else
			draw_oscillator(c, p, &l);
		pe_buf_puts(c->b, "</g>\n");
		legend_end(c, &l);
		pe_buf_puts(c->b, "</g>\n");
		if (rc != PE_OK)
			return rc;
	}
	return PE_OK;
}

static void
start_document(struct chart *c)
{
	pe_buf_printf(c->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, "
	    "Verdana, sans-serif\" font-size=\"11\">\n", c->o->width,
	    c->o->height, c->o->width, c->o->height);
	pe_buf_printf(c->b, "<rect class=\"background\" width=\"100%%\" "
	    "height=\"100%%\" fill=\"%s\"/>\n", c->t->bg);
}

int
pe_chart_render(const struct pe_series *s,
    const struct pe_chart_ind *ind, size_t nind,
    const struct pe_chart_marker *mk, size_t nmk,
    const struct pe_chart_opts *o, struct pe_buf *out,
    struct pe_error *err)
{
	struct chart c = { .s = s, .ind = ind, .nind = nind, .o = o,
	    .b = out };
	int i, rc;

	if (o->width < PE_CHART_MINW || o->width > PE_CHART_MAXW ||
	    o->height < PE_CHART_MINH || o->height > PE_CHART_MAXH)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "chart size %dx%d out of range", o->width, o->height);
	if (s->n == 0)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "no candles to draw");
	c.t = &themes[o->theme == PE_CHART_DARK];
	c.n = o->tail == 0 || o->tail > s->n ? s->n : o->tail;
	c.first = s->n - c.n;
	plan_panels(&c);
	c.bottom = o->height - 34;
	place_panels(&c, 30);
	for (i = 0; i < c.npanels; i++)
		scale_panel(&c, &c.panel[i]);
	c.left = 10;
	c.right = o->width - label_room(&c);
	c.slot = (c.right - c.left) / (double)c.n;
	start_document(&c);
	draw_heading(&c);
	draw_time_axis(&c);
	rc = draw_panels(&c, mk, nmk);
	pe_buf_puts(out, "</svg>\n");
	if (rc == PE_OK && out->oom)
		rc = PE_ERR_NOMEM;
	if (rc != PE_OK)
		return pe_error_set(err, rc, NULL, 0, 0, "out of memory");
	return PE_OK;
}
