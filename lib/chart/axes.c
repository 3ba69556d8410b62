/*
 * axes.c: the value axis of each panel (round ticks, their labels, the
 * grid) and the time axis under the panels (a label at the first bar
 * and a tick where a bar starts a new minute, hour, day, week, month or
 * year: the finest step whose every label fits).  See canvas.h.
 *
 * Bloat: label widths are estimated (6.5 px a character at 11 px), not
 * measured; times are shown in UTC.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "pe_time.h"

/* ---- the value axis ---- */

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

/* Tick-label decimals for a step: enough to tell the ticks apart. */
int
pe_chart_decimals(double step)
{
	int d = (int)ceil(-log10(step) - 1e-9);

	return d < 0 ? 0 : d > 8 ? 8 : d;
}

/* A tick label: volume and equity with a K/M/B/T suffix, drawdown in
 * percent, others in fixed decimals. */
static int
tick_label(const struct panel *p, double v, char *buf, size_t n)
{
	static const char *const suffix[] = { "", "K", "M", "B", "T" };
	double step = p->step;
	int i;

	if (fabs(v) < step * 1e-6)	/* not "-0.00" nor "0M" */
		return snprintf(buf, n, p->kind == P_DRAWDOWN ? "0%%" : "0");
	if (p->kind == P_DRAWDOWN)
		return snprintf(buf, n, "%.*f%%", p->decimals, v);
	if (p->kind != P_VOLUME && p->kind != P_EQUITY)
		return snprintf(buf, n, "%.*f", p->decimals, v);
	for (i = 0; i < 4 && step >= 1000; i++) {
		v /= 1000;
		step /= 1000;
	}
	return snprintf(buf, n, "%.*f%s", pe_chart_decimals(step), v,
	    suffix[i]);
}

/*
 * Labels a panel's axis always shows, before its ticks: the last close
 * on a tag in its candle's colour (the price panel), the guide lines'
 * values (an oscillator's 30 and 70).  A tick whose label would touch one
 * of them is not labelled.
 */
struct tag {
	double y;
	char text[48];
	const char *cls, *colour, *fill;	/* fill: the tag's, or NULL */
};

static int
panel_tags(const struct chart *c, const struct panel *p, struct tag *tag)
{
	const struct pe_series *s = c->s;
	size_t last = s->n - 1;
	int i, n = 0;

	if (p->kind == P_PRICE) {
		tag[n] = (struct tag){ ymap(p, s->close[last]), "",
		    "price-tag", "#ffffff", s->close[last] >= s->open[last] ?
		    c->t->up : c->t->down };
		snprintf(tag[n++].text, sizeof tag->text, "%.*f", c->pdec,
		    s->close[last]);
	}
	for (i = 0; i < p->ng; i++) {
		tag[n] = (struct tag){ ymap(p, p->g[i]), "", "guide-label",
		    c->t->guide, NULL };
		snprintf(tag[n++].text, sizeof tag->text, "%g", p->g[i]);
	}
	return n;
}

/* The widest axis label of every panel (ticks and tags) sets the right
 * margin. */
double
pe_chart_label_room(const struct chart *c)
{
	struct tag tag[3];
	char buf[64];
	double w = 4 * CHARW, x;
	int i, k, n;

	for (i = 0; i < c->npanels; i++) {
		for (k = 0; k < c->panel[i].nticks; k++) {
			tick_label(&c->panel[i], c->panel[i].first +
			    k * c->panel[i].step, buf, sizeof buf);
			x = pe_svg_width(buf, FONT);
			w = x > w ? x : w;
		}
		n = panel_tags(c, &c->panel[i], tag);
		for (k = 0; k < n; k++) {
			x = pe_svg_width(tag[k].text, FONT);
			w = x > w ? x : w;
		}
	}
	return 16 + w;
}

/* Whether a label at y would touch one of tags[0..n). */
static int
near_tag(const struct tag *tag, int n, double y)
{
	int i;

	for (i = 0; i < n; i++)
		if (fabs(tag[i].y - y) < FONT + 4)
			return 1;
	return 0;
}

static void
draw_tags(struct chart *c, const struct tag *tag, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (tag[i].fill != NULL) {
			pe_buf_printf(c->b, "<rect class=\"%s\" fill=\"%s\" "
			    "rx=\"2\"", tag[i].cls, tag[i].fill);
			pe_svg_attr(c->b, "x", c->right + 1);
			pe_svg_attr(c->b, "y", tag[i].y - 8);
			pe_svg_attr(c->b, "width", pe_svg_width(tag[i].text,
			    FONT) + 10);
			pe_svg_attr(c->b, "height", 16);
			pe_buf_puts(c->b, "/>\n");
		}
		pe_svg_label(c, tag[i].cls, c->right + 6, tag[i].y + 4, "start",
		    tag[i].colour, tag[i].text);
	}
}

/* The frame, the clip path of its data, the value grid and its labels. */
void
pe_chart_frame(struct chart *c, const struct panel *p, int id)
{
	struct tag tag[3];
	char buf[64];
	double y, last = -1e9;
	int k, ntag = panel_tags(c, p, tag);

	pe_buf_printf(c->b, "<clipPath id=\"clip%d\"><rect", id);
	pe_svg_attr(c->b, "x", c->left);
	pe_svg_attr(c->b, "y", p->top);
	pe_svg_attr(c->b, "width", c->right - c->left);
	pe_svg_attr(c->b, "height", p->h);
	pe_buf_puts(c->b, "/></clipPath>\n");
	for (k = 0; k < p->nticks; k++) {
		y = ymap(p, p->first + k * p->step);
		if (y < p->top + 1 || y > p->top + p->h - 1)
			continue;
		pe_buf_printf(c->b, "<path class=\"grid\" stroke=\"%s\" d=\"",
		    c->t->grid);
		pe_svg_xy(c->b, "M", c->left, y);
		pe_svg_cmd(c->b, "H", c->right);
		pe_buf_puts(c->b, "\"/>\n");
		if (fabs(y - last) < FONT + 1 || near_tag(tag, ntag, y))
			continue;	/* no room for its label */
		last = y;
		tick_label(p, p->first + k * p->step, buf, sizeof buf);
		pe_svg_label(c, "ylabel", c->right + 6, y + 4, "start",
		    c->t->muted, buf);
	}
	draw_tags(c, tag, ntag);
	pe_buf_printf(c->b, "<rect class=\"frame\" fill=\"none\" "
	    "stroke=\"%s\"", c->t->frame);
	pe_svg_attr(c->b, "x", c->left);
	pe_svg_attr(c->b, "y", p->top);
	pe_svg_attr(c->b, "width", c->right - c->left);
	pe_svg_attr(c->b, "height", p->h);
	pe_buf_puts(c->b, "/>\n");
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

/* Whether bar i of the window gets a tick of level l: the first bar,
 * and each bar that starts a new step of l. */
static int
is_tick(const struct chart *c, const struct level *l, size_t i)
{
	return i == c->first ||
	    bucket(l, c->s->time[i]) != bucket(l, c->s->time[i - 1]);
}

/*
 * The labels of level l, left to right, the x of the middle of each
 * (its bar's, moved inside the picture where it would cross an edge)
 * into *mid: calls fn on each with its texts, or, with fn NULL, returns
 * 0 at the first that comes within 8 px of the one before.  Returns 1.
 */
static int
each_label(struct chart *c, const struct level *l,
    void (*fn)(struct chart *, size_t, double, const char *, const char *))
{
	char fine[16], coarse[24];
	double x, half, prev = -1e9;
	int64_t key = INT64_MIN;
	size_t i;

	for (i = c->first; i < c->s->n; i++) {
		if (!is_tick(c, l, i))
			continue;
		tick_text(l, c->s->time[i], &key, fine, coarse);
		half = pe_svg_width(fine, FONT);
		if (pe_svg_width(coarse, FONT) > half)
			half = pe_svg_width(coarse, FONT);
		half /= 2;
		x = xmid(c, i);
		if (x - half < 2)
			x = 2 + half;
		if (x + half > c->o->width - 2)
			x = c->o->width - 2 - half;
		if (fn == NULL && x - half < prev + 8)
			return 0;
		prev = x + half;
		if (fn != NULL)
			fn(c, i, x, fine, coarse);
	}
	return 1;
}

/* The finest level no finer than a bar whose every label fits. */
static const struct level *
pick_level(struct chart *c)
{
	int64_t bar = c->s->date_only ? PE_MS_PER_DAY : INT64_MAX, d;
	size_t i;

	for (i = c->first + 1; i < c->s->n && !c->s->date_only; i++)
		if ((d = c->s->time[i] - c->s->time[i - 1]) < bar)
			bar = d;
	for (i = 0; i < sizeof levels / sizeof levels[0] - 1; i++)
		if (level_ms(&levels[i]) >= bar && each_label(c, &levels[i],
		    NULL))
			break;
	return &levels[i];
}

/* One tick: its grid line (none at the first bar, on the frame) and its
 * labels. */
static void
draw_tick(struct chart *c, size_t i, double x, const char *fine,
    const char *coarse)
{
	const struct panel *last = &c->panel[c->npanels - 1];
	double bot = last->top + last->h;

	if (i > c->first) {
		pe_buf_printf(c->b, "<path class=\"grid\" stroke=\"%s\" "
		    "d=\"", c->t->grid);
		pe_svg_xy(c->b, "M", xmid(c, i), c->panel[0].top);
		pe_svg_cmd(c->b, "V", bot);
		pe_buf_puts(c->b, "\"/>\n");
	}
	pe_svg_label(c, "xlabel", x, bot + 14, "middle", c->t->muted, fine);
	if (coarse[0] != '\0')
		pe_svg_label(c, "xlabel", x, bot + 27, "middle", c->t->fg,
		    coarse);
}

void
pe_chart_time_axis(struct chart *c)
{
	each_label(c, pick_level(c), draw_tick);
}
