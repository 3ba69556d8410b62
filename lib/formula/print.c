/*
 * print.c: text out of a parse: diagnostics with their source line and
 * caret, the tree as an S-expression, and the names of the formula types.
 * See pe_formula.h.  Also the UTF-8 length the lexer and the caret line
 * share, and pe_formula_text_out for explain.c too.
 *
 * Both build their text in a struct pe_buf and hand it out with
 * snprintf's contract (pe_formula_text_out), so a caller can size a buffer
 * with a first call of length 0.
 *
 * Bloat: no colour, no multi-line underlines (a span that runs onto the
 * next line is underlined to the end of its first), no pretty-printing
 * of the S-expression over several lines.
 */
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "pe_buf.h"
#include "pe_utf8.h"

size_t
pe_formula_text_out(struct pe_buf *b, char *buf, size_t n)
{
	size_t len = b->oom ? 0 : b->len, cut = len < n ? len : n - 1;

	if (n > 0) {
		if (cut > 0)
			memcpy(buf, b->p, cut);
		buf[cut] = '\0';
	}
	free(b->p);
	*b = (struct pe_buf){ 0 };
	return len;
}

size_t
pe_formula_utf8_len(const unsigned char *s, size_t n)
{
	return n > 0 && s[0] >= 0x80 ? pe_utf8_len((const char *)s, n) : 0;
}

#define LINE_MAX_SHOWN 120	/* longer lines are cut... */
#define LINE_WINDOW 100		/* ...to this many around the caret */

/*
 * One display column of the line at s[k] (k < end): its byte length, and
 * in *shown what the source line shows for it (a valid UTF-8 character
 * as itself, a tab as a tab, any other control or stray byte as '?').
 */
static size_t
glyph(const unsigned char *s, size_t k, size_t end, const char **shown,
    size_t *shown_len)
{
	size_t m;

	if (s[k] >= 0x80 && (m = pe_formula_utf8_len(s + k, end - k)) > 0) {
		*shown = (const char *)s + k;
		*shown_len = m;
		return m;
	}
	*shown_len = 1;
	if (s[k] == '\t' || (s[k] >= 0x20 && s[k] < 0x7f))
		*shown = (const char *)s + k;
	else
		*shown = "?";
	return 1;
}

size_t
pe_formula_render(const struct pe_formula *f, const struct pe_fdiag *d,
    char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)f->src;
	size_t off, ls, le, ws, we, lo, hi, k, m, end, glen;
	const char *g;
	struct pe_buf b = { 0 };

	pe_buf_printf(&b, "%s:%ld:%ld: %s\n", f->path, d->at.line, d->at.col,
	    d->msg);
	off = d->at.off < f->len ? d->at.off : f->len;
	for (ls = off; ls > 0 && s[ls - 1] != '\n'; ls--)
		;
	for (le = off; le < f->len && s[le] != '\n'; le++)
		;
	if (le > ls && s[le - 1] == '\r')
		le--;
	if (off > le)
		off = le;
	/*
	 * The shown window [ws, we) of the line [ls, le): LINE_WINDOW bytes
	 * from half of that before the caret (or from ls, or up to le),
	 * moved out to the nearest whole characters.
	 */
	ws = ls;
	we = le;
	if (le - ls > LINE_MAX_SHOWN) {
		lo = off - ls > LINE_WINDOW / 2 ? off - LINE_WINDOW / 2 : ls;
		if (le - lo < LINE_WINDOW)
			lo = le - LINE_WINDOW;
		hi = lo + LINE_WINDOW;
		for (k = ls; k < le && k <= lo; k += glyph(s, k, le, &g, &glen))
			ws = k;
		for (k = we = ws; k < le; k += m) {
			m = glyph(s, k, le, &g, &glen);
			if (k + m > hi)
				break;
			we = k + m;
		}
	}
	if (le > ls)	/* no trailing blanks for an empty line */
		pe_buf_puts(&b, ws > ls ? "  ..." : "  ");
	for (k = ws; k < we; k += m) {
		m = glyph(s, k, we, &g, &glen);
		pe_buf_put(&b, g, glen);
	}
	pe_buf_puts(&b, we < le ? "...\n" : "\n");
	pe_buf_puts(&b, ws > ls ? "     " : "  ");
	for (k = ws; k < off; k += m) {
		m = glyph(s, k, we, &g, &glen);
		pe_buf_putc(&b, s[k] == '\t' ? '\t' : ' ');
	}
	pe_buf_putc(&b, '^');
	end = d->at.len < we - off ? off + d->at.len : we;
	if (off < end)
		for (k = off + glyph(s, off, we, &g, &glen); k < end; k += m) {
			m = glyph(s, k, we, &g, &glen);
			pe_buf_putc(&b, '~');
		}
	return pe_formula_text_out(&b, buf, n);
}

static const char *const head[PE_FN_NKINDS] = {
#define PE_FN_HEAD_(kind, sexpr, text) sexpr,
	PE_FORMULA_NODES(PE_FN_HEAD_)
#undef PE_FN_HEAD_
};

static void sexpr(struct pe_buf *b, const struct pe_fnode *n);

/*
 * A binary node and the chain down its left operands, "(+ (+ (+ a b) c)
 * d)", in loops: the heads top down, the leftmost operand, then each
 * right operand bottom up (pe_formula.h, Limits: a chain is as long as
 * the line, only its right operands add depth).
 */
static void
sexpr_chain(struct pe_buf *b, const struct pe_fnode *n)
{
	const struct pe_fnode *m, **v;
	size_t len = 0, k;

	for (m = n; m->b != NULL; m = m->a)
		len++;
	if ((v = malloc(len * sizeof *v)) == NULL) {
		b->oom = 1;
		return;
	}
	for (k = 0, m = n; k < len; k++, m = m->a) {
		v[k] = m;
		pe_buf_printf(b, "(%s ", m->kind < PE_FN_NKINDS ?
		    head[m->kind] : "?");
	}
	sexpr(b, m);
	while (k-- > 0 && !b->oom) {
		pe_buf_putc(b, ' ');
		sexpr(b, v[k]->b);
		pe_buf_putc(b, ')');
	}
	free(v);
}

static void
sexpr(struct pe_buf *b, const struct pe_fnode *n)
{
	size_t k;

	switch (n->kind) {
	case PE_FN_NUM:
		pe_buf_num(b, n->num, 0);
		return;
	case PE_FN_IDENT:
		pe_buf_puts(b, n->name);
		return;
	case PE_FN_STR:
		pe_buf_printf(b, "\"%s\"", n->name);
		return;
	case PE_FN_CALL:
		pe_buf_printf(b, "(call %s", n->name);
		for (k = 0; k < n->nargs; k++) {
			pe_buf_putc(b, ' ');
			sexpr(b, n->args[k]);
		}
		pe_buf_putc(b, ')');
		return;
	case PE_FN_COND:
		pe_buf_puts(b, "(?:");
		for (k = 0; k < n->nargs; k++) {
			pe_buf_putc(b, ' ');
			sexpr(b, n->args[k]);
		}
		pe_buf_putc(b, ')');
		return;
	case PE_FN_INDEX:
		pe_buf_puts(b, "(index ");
		sexpr(b, n->a);
		pe_buf_printf(b, " %ld)", n->offset);
		return;
	case PE_FN_MEMBER:
		pe_buf_puts(b, "(member ");
		sexpr(b, n->a);
		pe_buf_printf(b, " %s)", n->name);
		return;
	default:
		if (n->b != NULL) {
			sexpr_chain(b, n);
			return;
		}
		pe_buf_printf(b, "(%s ", n->kind < PE_FN_NKINDS ?
		    head[n->kind] : "?");
		sexpr(b, n->a);
		pe_buf_putc(b, ')');
		return;
	}
}

size_t
pe_formula_node_sexpr(const struct pe_fnode *node, char *buf, size_t n)
{
	struct pe_buf b = { 0 };

	sexpr(&b, node);
	return pe_formula_text_out(&b, buf, n);
}

const char *
pe_ftype_name(enum pe_ftype t)
{
	static const char *const name[] = {
		[PE_FT_SCAN] = "scan_hit",
		[PE_FT_ENTRY] = "entry",
		[PE_FT_EXIT] = "exit",
		[PE_FT_SHORT] = "short",
		[PE_FT_COVER] = "cover"
	};

	return (unsigned)t < sizeof name / sizeof name[0] ? name[t] : "?";
}

const char *
pe_ftype_tag(enum pe_ftype t)
{
	static const char *const tag[] = {
		[PE_FT_SCAN] = "",
		[PE_FT_ENTRY] = "@entry",
		[PE_FT_EXIT] = "@exit",
		[PE_FT_SHORT] = "@short",
		[PE_FT_COVER] = "@cover"
	};

	return (unsigned)t < sizeof tag / sizeof tag[0] ? tag[t] : "?";
}

size_t
pe_formula_sexpr(const struct pe_formula *f, char *buf, size_t n)
{
	static const char *const type[] = { "formula", "entry", "exit",
	    "short", "cover" };
	const struct pe_fstmt *s;
	struct pe_buf b = { 0 };
	size_t k, j;

	for (k = 0; k < f->nstmt; k++) {
		s = &f->stmt[k];
		if (k > 0)
			pe_buf_putc(&b, '\n');
		if (s->name == NULL && s->type == PE_FT_SCAN) {
			sexpr(&b, s->expr);
			continue;
		}
		pe_buf_printf(&b, "(%s %s%s", s->kind == PE_FS_LET ? "let" :
		    type[s->type], s->func ? "(" : "", s->name ? s->name : "");
		for (j = 0; j < s->nparams; j++)
			pe_buf_printf(&b, " %s", s->param[j].name);
		pe_buf_puts(&b, s->func ? ") " : s->name ? " " : "");
		sexpr(&b, s->expr);
		pe_buf_putc(&b, ')');
	}
	return pe_formula_text_out(&b, buf, n);
}
