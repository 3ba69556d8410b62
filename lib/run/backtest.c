/*
 * backtest: one symbol's position, bar by bar, and its trade lines.  See
 * pe_backtest.h; the rules are pe-backtest(1)'s "One bar".
 *
 * The math lives in the step functions alone: pe_bt_run and the
 * portfolio (portfolio.c) only call them, so the two modes cannot drift.
 * Long and short share each line of it through the side d (1 or -1): a
 * level is "beyond" x for the trader when d * x <= d * level (a stop) or
 * d * x >= d * level (a target), and "the higher of stop and trail"
 * becomes the one nearer the price.
 *
 * Memory: pe_bt_run's result owns its arrays; nothing else allocates.
 *
 * Bloat: the stop levels are recomputed at each check (three products)
 * rather than cached in the position.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_backtest.h"
#include "pe_time.h"

static const char *const reason_names[] = {
	"signal", "stop", "trail", "target", "time", "end"
};

const char *
pe_bt_reason_name(enum pe_bt_reason r)
{
	if ((unsigned)r >= sizeof reason_names / sizeof *reason_names)
		return "?";
	return reason_names[r];
}

/* A fill at level: a buy pays the slippage up, a sell gives it down. */
static double
fill_price(const struct pe_bt_conf *c, double level, int buy)
{
	double s = c->slippage / 1e4;

	return buy ? level * (1 + s) : level * (1 - s);
}

/* The returns, with the fee on each side. */
static double
trade_return(const struct pe_bt_conf *c, int side, double entry, double x)
{
	double f = c->fee / 1e4;

	if (side > 0)
		return x * (1 - f) / (entry * (1 + f)) - 1;
	return 1 - x * (1 + f) / (entry * (1 - f));
}

/* Whether rule fired at the close of k; its formula into *which. */
static int
fired(const struct pe_bt_bars *b, int rule, size_t k, int32_t *which)
{
	const int32_t *f = b->fired[rule];

	if (f == NULL || f[k] < 0)
		return 0;
	if (which != NULL)
		*which = f[k];
	return 1;
}

/* Open side at level on bar k, its stops checked from bar checked. */
static void
open_at(const struct pe_bt_conf *c, struct pe_bt_pos *p, int side,
    int32_t rule, size_t k, double level, size_t checked)
{
	memset(p, 0, sizeof *p);
	p->side = side;
	p->rule = rule;
	p->exit_rule = -1;
	p->fill_bar = k;
	p->entry = fill_price(c, level, side > 0);
	p->extreme = p->lo = p->hi = p->entry;
	p->checked = checked;
}

/* Close p at level on bar k (slippage applied here), the trade into *t;
 * p is flat (all zero) after. */
static void
close_at(const struct pe_bt_conf *c, size_t k, double level,
    enum pe_bt_reason why, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	double x = fill_price(c, level, p->side < 0);
	double lo = fmin(p->lo, x), hi = fmax(p->hi, x);

	t->side = p->side;
	t->entry_rule = p->rule;
	t->exit_rule = why == PE_BT_SIGNAL ? p->exit_rule : -1;
	t->entry_bar = p->fill_bar;
	t->exit_bar = k;
	t->entry_price = p->entry;
	t->exit_price = x;
	t->reason = why;
	t->bars = (long)(k - p->fill_bar);
	t->ret = trade_return(c, p->side, p->entry, x);
	if (p->side > 0) {
		t->mae = lo / p->entry - 1;
		t->mfe = hi / p->entry - 1;
	} else {
		t->mae = 1 - hi / p->entry;
		t->mfe = 1 - lo / p->entry;
	}
	memset(p, 0, sizeof *p);
}

/* The levels of p's open position, as the step functions compare them. */
struct levels {
	int has_stop, has_target;
	double stop;		/* the nearer of stop and trail */
	enum pe_bt_reason why;	/* PE_BT_STOP or PE_BT_TRAIL */
	double target;
};

static void
levels_of(const struct pe_bt_conf *c, const struct pe_bt_pos *p,
    struct levels *lv)
{
	double d = p->side, tr;

	lv->has_stop = c->stop > 0 || c->trail > 0;
	lv->has_target = c->target > 0;
	lv->why = PE_BT_STOP;
	lv->stop = 0;
	if (c->stop > 0)
		lv->stop = p->entry * (1 - d * c->stop / 100);
	if (c->trail > 0) {
		tr = p->extreme * (1 - d * c->trail / 100);
		/* trail only when strictly nearer: the same level is stop */
		if (!(c->stop > 0) || d * tr > d * lv->stop) {
			lv->stop = tr;
			lv->why = PE_BT_TRAIL;
		}
	}
	lv->target = p->entry * (1 + d * c->target / 100);
}

int
pe_bt_step_fill(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	if (p->side != 0 && p->pending_exit) {
		close_at(c, k, b->open[k], PE_BT_SIGNAL, p, t);
		return 1;
	}
	if (p->side == 0 && p->pending != 0)
		open_at(c, p, p->pending, p->rule, k, b->open[k], k);
	return 0;
}

int
pe_bt_step_gap(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	struct levels lv;
	double d = p->side, o = b->open[k];

	if (p->side == 0 || k < p->checked)
		return 0;
	levels_of(c, p, &lv);
	if (lv.has_stop && d * o <= d * lv.stop) {
		close_at(c, k, o, lv.why, p, t);
		return 1;
	}
	if (lv.has_target && d * o >= d * lv.target) {
		close_at(c, k, o, PE_BT_TARGET, p, t);
		return 1;
	}
	return 0;
}

/* Step 2 within bar k: the adverse extreme reaching the stop first. */
static int
check_range(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	struct levels lv;
	double d = p->side;
	double adverse = d > 0 ? b->low[k] : b->high[k];
	double favour = d > 0 ? b->high[k] : b->low[k];

	levels_of(c, p, &lv);
	if (lv.has_stop && d * adverse <= d * lv.stop) {
		close_at(c, k, lv.stop, lv.why, p, t);
		return 1;
	}
	if (lv.has_target && d * favour >= d * lv.target) {
		close_at(c, k, lv.target, PE_BT_TARGET, p, t);
		return 1;
	}
	/* checked without an exit: the bar joins trail's reference (for
	 * the bars after this one) and mae/mfe's range */
	p->lo = fmin(p->lo, b->low[k]);
	p->hi = fmax(p->hi, b->high[k]);
	p->extreme = d > 0 ? fmax(p->extreme, b->high[k]) :
	    fmin(p->extreme, b->low[k]);
	return 0;
}

int
pe_bt_step_bar(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	long held;

	if (p->side == 0)
		return 0;
	if (k >= p->checked && check_range(c, b, k, p, t))
		return 1;
	/* next-open fills count the fill bar as one: its whole session */
	held = (long)(k - p->fill_bar) + (c->fill_close ? 0 : 1);
	if (c->max_bars > 0 && held >= c->max_bars) {
		close_at(c, k, b->close[k], PE_BT_TIME, p, t);
		return 1;
	}
	return 0;
}

int
pe_bt_step_open(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	if (pe_bt_step_fill(c, b, k, p, t))
		return 1;
	if (pe_bt_step_gap(c, b, k, p, t))
		return 1;
	return pe_bt_step_bar(c, b, k, p, t);
}

int
pe_bt_step_close(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, size_t last, struct pe_bt_pos *p, struct pe_bt_trade *t,
    int *want, int32_t *rule)
{
	int32_t w = -1;

	*want = 0;
	*rule = -1;
	if (k >= last)		/* nothing fills from the last bar's rules */
		return 0;
	if (p->side != 0) {
		if (p->pending_exit ||
		    !fired(b, p->side > 0 ? PE_BT_EXIT : PE_BT_COVER, k, &w))
			return 0;
		p->exit_rule = w;
		if (!c->fill_close) {
			p->pending_exit = 1;
			return 0;
		}
		close_at(c, k, b->close[k], PE_BT_SIGNAL, p, t);
		return 1;	/* and opens nothing at this close */
	}
	if (p->pending != 0)
		return 0;
	if (fired(b, PE_BT_ENTRY, k, &w) && !fired(b, PE_BT_EXIT, k, NULL) &&
	    !fired(b, PE_BT_SHORT, k, NULL)) {
		*want = 1;
		*rule = w;
	} else if (fired(b, PE_BT_SHORT, k, &w) &&
	    !fired(b, PE_BT_COVER, k, NULL) &&
	    !fired(b, PE_BT_ENTRY, k, NULL)) {
		*want = -1;
		*rule = w;
	}
	return 0;
}

void
pe_bt_enter(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, int side, int32_t rule, struct pe_bt_pos *p)
{
	if (c->fill_close) {
		open_at(c, p, side, rule, k, b->close[k], k + 1);
		return;
	}
	p->pending = side;
	p->rule = rule;
}

void
pe_bt_close_end(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t)
{
	close_at(c, k, b->close[k], PE_BT_END, p, t);
}

double
pe_bt_mark(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, const struct pe_bt_pos *p)
{
	if (p->side == 0)
		return 0;
	return trade_return(c, p->side, p->entry,
	    fill_price(c, b->close[k], p->side < 0));
}

/* ---- a symbol's run ---- */

/* Whether a rule that opens a position fired at the close of k. */
static int
opens(const struct pe_bt_bars *b, size_t k)
{
	return (b->fired[PE_BT_ENTRY] != NULL &&
	    b->fired[PE_BT_ENTRY][k] >= 0) || (b->fired[PE_BT_SHORT] != NULL &&
	    b->fired[PE_BT_SHORT][k] >= 0);
}

static int
push_trade(struct pe_bt_result *r, size_t *cap, const struct pe_bt_trade *t)
{
	struct pe_bt_trade *v;
	size_t n;

	if (r->ntrades == *cap) {
		n = *cap ? 2 * *cap : 16;
		if ((v = realloc(r->trades, n * sizeof *v)) == NULL)
			return PE_ERR_NOMEM;
		r->trades = v;
		*cap = n;
	}
	r->trades[r->ntrades++] = *t;
	return PE_OK;
}

int
pe_bt_run(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t lo, size_t hi, struct pe_bt_result *r)
{
	struct pe_bt_pos p = { 0 };
	struct pe_bt_trade t;
	double closed = 1;	/* the product of (1 + r) of closed trades */
	size_t k, cap = 0;
	int32_t rule;
	int want, rc = PE_OK;

	memset(r, 0, sizeof *r);
	if (hi <= lo)
		return PE_OK;
	r->n = hi - lo;
	r->equity = malloc(r->n * sizeof *r->equity);
	r->held = malloc(r->n);
	if (r->equity == NULL || r->held == NULL)
		goto nomem;
	for (k = lo; k < hi; k++) {
		if (p.side == 0 && p.pending == 0 && !opens(b, k)) {
			/* flat, nothing due, no entry: no step acts */
			r->equity[k - lo] = closed;
			r->held[k - lo] = 0;
			continue;
		}
		if (pe_bt_step_open(c, b, k, &p, &t)) {
			closed *= 1 + t.ret;
			rc |= push_trade(r, &cap, &t);
		}
		if (pe_bt_step_close(c, b, k, hi - 1, &p, &t, &want, &rule)) {
			closed *= 1 + t.ret;
			rc |= push_trade(r, &cap, &t);
		}
		if (want != 0)
			pe_bt_enter(c, b, k, want, rule, &p);
		r->equity[k - lo] = closed * (1 + pe_bt_mark(c, b, k, &p));
		r->held[k - lo] = p.side != 0;
	}
	r->equity[0] = 1;	/* "equity starts at 1 on the first bar" */
	if (p.side != 0) {
		pe_bt_close_end(c, b, hi - 1, &p, &t);
		rc |= push_trade(r, &cap, &t);
	}
	if (rc == PE_OK)
		return PE_OK;
nomem:
	pe_bt_result_free(r);
	return PE_ERR_NOMEM;
}

void
pe_bt_result_free(struct pe_bt_result *r)
{
	free(r->trades);
	free(r->equity);
	free(r->held);
	memset(r, 0, sizeof *r);
}

/* ---- trade lines ---- */

static const char *const trade_cols[] = {
	"type", "symbol", "side", "entry", "entry_time", "entry_price",
	"exit", "exit_time", "exit_price", "reason", "bars", "return", "mae",
	"mfe"
};

int
pe_bt_trade_header(struct pe_buf *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof trade_cols / sizeof *trade_cols; i++) {
		rc |= pe_buf_puts(b, i ? "," : "");
		rc |= pe_buf_puts(b, trade_cols[i]);
	}
	rc |= pe_buf_putc(b, '\n');
	return rc ? PE_ERR_NOMEM : PE_OK;
}

/* The key of column i (JSON: ,"key": ; CSV: the comma). */
static int
put_key(struct pe_buf *b, size_t i, int json)
{
	int rc = 0;

	if (!json)
		return i ? pe_buf_putc(b, ',') : PE_OK;
	rc |= pe_buf_puts(b, i ? ",\"" : "{\"");
	rc |= pe_buf_puts(b, trade_cols[i]);
	rc |= pe_buf_puts(b, "\":");
	return rc;
}

/* A label or a time: a JSON string or a CSV field; NULL is null or an
 * empty cell. */
static int
put_text(struct pe_buf *b, const char *s, int json)
{
	if (s == NULL)
		return json ? pe_buf_puts(b, "null") : PE_OK;
	return json ? pe_buf_json(b, s) : pe_buf_csv(b, s);
}

int
pe_bt_trade_line(struct pe_buf *b, const char *sym,
    const struct pe_bt_bars *bars, const struct pe_bt_trade *t,
    const char *entry_name, const char *exit_name, int json, int digits)
{
	char et[PE_TIME_BUFSZ], xt[PE_TIME_BUFSZ];
	const double num[3] = { t->ret, t->mae, t->mfe };
	size_t i;
	int rc = 0;

	pe_time_format(bars->time[t->entry_bar], bars->date_only, et);
	pe_time_format(bars->time[t->exit_bar], bars->date_only, xt);
	if (t->reason != PE_BT_SIGNAL)
		exit_name = NULL;
	rc |= put_key(b, 0, json) | put_text(b, "trade", json);
	rc |= put_key(b, 1, json) | pe_buf_puts(b, sym);
	rc |= put_key(b, 2, json) |
	    put_text(b, t->side > 0 ? "long" : "short", json);
	rc |= put_key(b, 3, json) | put_text(b, entry_name, json);
	rc |= put_key(b, 4, json) | put_text(b, et, json);
	rc |= put_key(b, 5, json) |
	    pe_buf_num_digits(b, t->entry_price, digits, json);
	rc |= put_key(b, 6, json) | put_text(b, exit_name, json);
	rc |= put_key(b, 7, json) | put_text(b, xt, json);
	rc |= put_key(b, 8, json) |
	    pe_buf_num_digits(b, t->exit_price, digits, json);
	rc |= put_key(b, 9, json) |
	    put_text(b, pe_bt_reason_name(t->reason), json);
	rc |= put_key(b, 10, json) | pe_buf_printf(b, "%ld", t->bars);
	for (i = 0; i < 3; i++)
		rc |= put_key(b, 11 + i, json) |
		    pe_buf_num_digits(b, num[i], digits, json);
	rc |= pe_buf_puts(b, json ? "}\n" : "\n");
	return rc ? PE_ERR_NOMEM : PE_OK;
}
