/*
 * lex.c: formula source to tokens, the lexer's messages, and how any
 * diagnostic quotes a token.  See pe_formula.h for the language and
 * formula.h for the token list.
 *
 * Bytes, not characters: identifiers and numbers are ASCII; a UTF-8
 * character outside a comment is an error that names it; a byte that is
 * not UTF-8 is an error anywhere, a comment included (the text of a
 * formula is written into JSON summaries, which must be UTF-8).  Columns
 * count bytes.  "\r" is whitespace, so CRLF files read like LF files.
 *
 * Bloat: no string literals, no hex or binary numbers, no digit
 * separators, no Unicode identifiers or operators (a '≤' is an error that
 * names the character).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "pe_num.h"

static const char *const tok_text[TK_NKINDS] = {
#define PE_FTK_TEXT_(kind, text) text,
	PE_FORMULA_TOKENS(PE_FTK_TEXT_)
#undef PE_FTK_TEXT_
};

const char *
pe_formula_tok_text(enum pe_ftk kind)
{
	return kind < TK_NKINDS ? tok_text[kind] : "";
}

static const struct {
	const char *word;
	enum pe_ftk kind;
} keywords[] = {
	{ "and", TK_AND }, { "or", TK_OR }, { "not", TK_NOT }, { "let", TK_LET }
};

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_ident(unsigned char c)
{
	return is_ident_start(c) || is_digit(c);
}

struct lexer {
	const unsigned char *s;
	size_t len, i, line_start;
	long line;
	struct pe_ftok *tok;
	size_t n, cap;
};

/* s[i] if inside the text, else 0 (not a byte any test looks for). */
static unsigned char
at(const struct lexer *lx, size_t i)
{
	return i < lx->len ? lx->s[i] : 0;
}

static struct pe_ftok *
emit(struct lexer *lx, enum pe_ftk kind, size_t off, size_t len)
{
	struct pe_ftok *t, *nt;
	size_t cap;

	if (lx->n == lx->cap) {
		cap = lx->cap ? lx->cap * 2 : 64;
		if (cap > (size_t)-1 / sizeof *t ||
		    (nt = realloc(lx->tok, cap * sizeof *t)) == NULL)
			return NULL;
		lx->tok = nt;
		lx->cap = cap;
	}
	t = &lx->tok[lx->n++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->span.off = off;
	t->span.len = len;
	t->span.line = lx->line;
	t->span.col = (long)(off - lx->line_start) + 1;
	return t;
}

static struct pe_ftok *
emit_error(struct lexer *lx, enum pe_flexerr err, size_t off, size_t len)
{
	struct pe_ftok *t = emit(lx, TK_ERROR, off, len);

	if (t != NULL)
		t->err = err;
	return t;
}

/*
 * A number at lx->i: DIGITS ["." DIGITS] [EXP] or "." DIGITS [EXP].
 * Letters, digits, '_' or a '.' glued to its end make the whole run a
 * malformed number (14d, 1.5.3, 5.), except a '.' that starts a name
 * (20.signal is a number and a member, for the checker to refuse).
 */
static struct pe_ftok *
lex_number(struct lexer *lx)
{
	size_t start = lx->i, i = lx->i, j;
	struct pe_ftok *t;
	double v = 0;
	int bad = 0, rc;

	while (is_digit(at(lx, i)))
		i++;
	if (at(lx, i) == '.' && is_digit(at(lx, i + 1))) {
		for (i++; is_digit(at(lx, i)); i++)
			;
	}
	if (at(lx, i) == 'e' || at(lx, i) == 'E') {
		j = i + 1;
		if (at(lx, j) == '+' || at(lx, j) == '-')
			j++;
		if (is_digit(at(lx, j))) {
			for (i = j; is_digit(at(lx, i)); i++)
				;
		} else {
			bad = 1;
			i = j;
		}
	}
	if (is_ident(at(lx, i)) ||
	    (at(lx, i) == '.' && !is_ident_start(at(lx, i + 1))))
		bad = 1;
	if (bad)
		while (is_ident(at(lx, i)) || (at(lx, i) == '.' &&
		    !is_ident_start(at(lx, i + 1))))
			i++;
	lx->i = i;
	if (bad)
		return emit_error(lx, LEX_NUMBER, start, i - start);
	rc = pe_num_parse((const char *)lx->s + start, i - start, '.', &v);
	if (rc != 0)
		return emit_error(lx, rc == -2 ? LEX_BIGNUM : LEX_NUMBER, start,
		    i - start);
	if ((t = emit(lx, TK_NUM, start, i - start)) != NULL)
		t->num = v;
	return t;
}

/*
 * A string at lx->i: '"', printable ASCII but '"', '"' (no escapes: a
 * string names a timeframe or a symbol), at most PE_FORMULA_MAX_STR
 * bytes between the quotes.  Unterminated on its line, or holding
 * another byte, it is an error token up to that place.
 */
static struct pe_ftok *
lex_string(struct lexer *lx)
{
	size_t start = lx->i, i = start + 1;

	while (i < lx->len && lx->s[i] != '"' && lx->s[i] >= 0x20 &&
	    lx->s[i] < 0x7f)
		i++;
	if (i >= lx->len || lx->s[i] != '"' ||
	    i - start - 1 > PE_FORMULA_MAX_STR) {
		lx->i = i;
		return emit_error(lx, LEX_STRING, start, i - start);
	}
	lx->i = i + 1;
	return emit(lx, TK_STR, start, i + 1 - start);
}

static struct pe_ftok *
lex_word(struct lexer *lx)
{
	size_t start = lx->i, k, n;

	while (is_ident(at(lx, lx->i)))
		lx->i++;
	n = lx->i - start;
	for (k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
		if (strlen(keywords[k].word) == n &&
		    memcmp(keywords[k].word, lx->s + start, n) == 0)
			return emit(lx, keywords[k].kind, start, n);
	return emit(lx, TK_IDENT, start, n);
}

/*
 * An operator or punctuation at lx->i: the longest match, or an error
 * token for the characters of other languages (&&, ||, !, <>).
 */
static struct pe_ftok *
lex_punct(struct lexer *lx)
{
	static const struct {
		char s[3];
		enum pe_ftk kind;
		enum pe_flexerr err;
	} ops[] = {	/* two-byte forms first */
		{ "<=", TK_LE, 0 }, { ">=", TK_GE, 0 }, { "==", TK_EQ, 0 },
		{ "!=", TK_NE, 0 }, { "<>", TK_ERROR, LEX_LTGT },
		{ "&&", TK_ERROR, LEX_AND }, { "||", TK_ERROR, LEX_OR },
		{ "(", TK_LPAREN, 0 }, { ")", TK_RPAREN, 0 },
		{ "[", TK_LBRACK, 0 }, { "]", TK_RBRACK, 0 },
		{ ",", TK_COMMA, 0 }, { ".", TK_DOT, 0 }, { ":", TK_COLON, 0 },
		{ "?", TK_QUESTION, 0 },
		{ "=", TK_ASSIGN, 0 }, { "+", TK_PLUS, 0 },
		{ "-", TK_MINUS, 0 }, { "*", TK_STAR, 0 },
		{ "/", TK_SLASH, 0 }, { "%", TK_PERCENT, 0 },
		{ "<", TK_LT, 0 }, { ">", TK_GT, 0 },
		{ "!", TK_ERROR, LEX_BANG }, { "&", TK_ERROR, LEX_AND },
		{ "|", TK_ERROR, LEX_OR }
	};
	size_t k, n, start = lx->i;
	unsigned char c = lx->s[start];
	struct pe_ftok *t;

	for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		n = ops[k].s[1] == '\0' ? 1 : 2;
		if (c != (unsigned char)ops[k].s[0] ||
		    (n == 2 && at(lx, start + 1) != (unsigned char)ops[k].s[1]))
			continue;
		lx->i += n;
		if ((t = emit(lx, ops[k].kind, start, n)) != NULL)
			t->err = ops[k].err;
		return t;
	}
	if (c == '@') {
		if (!is_ident_start(at(lx, start + 1))) {
			lx->i++;
			return emit_error(lx, LEX_AT, start, 1);
		}
		for (lx->i++; is_ident(at(lx, lx->i)); lx->i++)
			;
		return emit(lx, TK_TAG, start, lx->i - start);
	}
	if (c > 0x20 && c < 0x7f) {
		lx->i++;
		return emit_error(lx, LEX_CHAR, start, 1);
	}
	if (c >= 0x80 && (n = pe_formula_utf8_len(lx->s + start,
	    lx->len - start)) > 0) {
		lx->i += n;
		return emit_error(lx, LEX_CHAR, start, n);
	}
	lx->i++;
	return emit_error(lx, LEX_BYTE, start, 1);
}

int
pe_formula_lex(const char *src, size_t len, int newlines,
    struct pe_ftok **out, size_t *n)
{
	struct lexer lx;
	struct pe_ftok *t;
	unsigned char c;
	size_t m;

	memset(&lx, 0, sizeof lx);
	lx.s = (const unsigned char *)src;
	lx.len = len;
	lx.line = 1;
	*out = NULL;
	*n = 0;
	while (lx.i < lx.len) {
		c = lx.s[lx.i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			lx.i++;
			continue;
		}
		if (c == '\n') {
			if (newlines &&
			    emit(&lx, TK_NEWLINE, lx.i, 0) == NULL)
				goto nomem;
			lx.i++;
			lx.line++;
			lx.line_start = lx.i;
			continue;
		}
		if (c == '#') {	/* a comment: any character but no stray byte */
			while (lx.i < lx.len && lx.s[lx.i] != '\n') {
				m = lx.s[lx.i] < 0x80 ? 1 : pe_formula_utf8_len(
				    lx.s + lx.i, lx.len - lx.i);
				if (m == 0 && emit_error(&lx, LEX_BYTE, lx.i, 1) ==
				    NULL)
					goto nomem;
				lx.i += m ? m : 1;
			}
			continue;
		}
		if (is_digit(c) || (c == '.' && is_digit(at(&lx, lx.i + 1))))
			t = lex_number(&lx);
		else if (is_ident_start(c))
			t = lex_word(&lx);
		else if (c == '"')
			t = lex_string(&lx);
		else
			t = lex_punct(&lx);
		if (t == NULL)
			goto nomem;
	}
	if (emit(&lx, TK_EOF, lx.len, 0) == NULL)
		goto nomem;
	*out = lx.tok;
	*n = lx.n;
	return PE_OK;
nomem:
	free(lx.tok);
	return PE_ERR_NOMEM;
}

void
pe_formula_tok_quote(const char *src, const struct pe_ftok *t, char *buf,
    size_t n)
{
	if (t->span.len > 40)
		snprintf(buf, n, "'%.37s...'", src + t->span.off);
	else
		snprintf(buf, n, "'%.*s'", (int)t->span.len, src + t->span.off);
}

void
pe_formula_tok_describe(const char *src, const struct pe_ftok *t,
    int in_file, char *buf, size_t n)
{
	char q[64];

	pe_formula_tok_quote(src, t, q, sizeof q);
	switch (t->kind) {
	case TK_EOF:
		snprintf(buf, n, "%s", in_file ? "end of line" :
		    "end of input");
		break;
	case TK_NEWLINE:
		snprintf(buf, n, "end of line");
		break;
	case TK_NUM:
		snprintf(buf, n, "number %s", q);
		break;
	case TK_IDENT:
		snprintf(buf, n, "name %s", q);
		break;
	case TK_STR:
		snprintf(buf, n, "string %s", q);
		break;
	default:
		snprintf(buf, n, "%s", q);
		break;
	}
}

void
pe_formula_lex_message(const char *src, const struct pe_ftok *t, char *msg,
    size_t n)
{
	const unsigned char *s = (const unsigned char *)src + t->span.off;
	unsigned long cp;
	char q[64];
	size_t k;

	pe_formula_tok_quote(src, t, q, sizeof q);
	switch (t->err) {
	case LEX_CHAR:
		if (t->span.len == 1) {
			snprintf(msg, n, "unexpected character %s", q);
			break;
		}
		cp = s[0] & (0x7f >> t->span.len);
		for (k = 1; k < t->span.len; k++)
			cp = cp << 6 | (s[k] & 0x3f);
		snprintf(msg, n, "unexpected character %s (U+%04lX)", q, cp);
		break;
	case LEX_BYTE:
		snprintf(msg, n, "unexpected byte 0x%02X", s[0]);
		break;
	case LEX_NUMBER:
		snprintf(msg, n, "malformed number %s", q);
		break;
	case LEX_BIGNUM:
		snprintf(msg, n, "number too large: %s", q);
		break;
	case LEX_AND:
		snprintf(msg, n, "unexpected %s (write 'and')", q);
		break;
	case LEX_OR:
		snprintf(msg, n, "unexpected %s (write 'or')", q);
		break;
	case LEX_BANG:
		snprintf(msg, n,
		    "unexpected '!' (write 'not', or '!=' for not equal)");
		break;
	case LEX_LTGT:
		snprintf(msg, n, "unexpected '<>' (write '!=')");
		break;
	case LEX_AT:
		snprintf(msg, n, "expected 'entry' or 'exit' after '@'");
		break;
	case LEX_STRING:
		snprintf(msg, n, "unterminated string (a string is printable "
		    "ASCII, at most %d bytes, on one line)", PE_FORMULA_MAX_STR);
		break;
	default:
		snprintf(msg, n, "unexpected %s", q);
		break;
	}
}
