/*
 * formula.h: what the files of lib/formula/ share and nothing outside
 * needs: the token list, the lexer, the arena, the set of statements by
 * name, text handed out like snprintf.
 *
 * The formula language, file by file (its public side is pe_formula.h for
 * the front end and pe_plan.h for the plan and the evaluators):
 *
 *	lex.c		source to tokens; how a diagnostic quotes a token
 *	parse.c		tokens to a syntax tree, by recursive descent
 *	formula.c	struct pe_formula: its arena, statements, diagnostics
 *	print.c		diagnostics with a caret, trees as S-expressions
 *	node.c		compiler: the shared nodes, folded, their texts
 *	check.c		compiler: names, arity, types, a statement's node
 *	names.c		compiler: the names of values and formulas
 *	compile.c	compiler: the statements of every source, the plan
 *	fcc.h		what node.c, check.c and compile.c share
 *	explain.c	a plan as text (pe-eval --explain)
 *	ops.h		the element-wise semantics of both evaluators
 *	vec.c		the vectorised evaluator: a column per node
 *	inc.c		the incremental evaluator: one bar at a time
 *	build.c		command-line sources to one plan, diagnostics rendered
 *
 * The lexer turns the whole source into an array of tokens first (the
 * parser looks ahead across a line to tell a continuation from a new
 * statement).  A bad character or number becomes a TK_ERROR token that
 * carries why; the parser reports it when (and if) it gets there, so one
 * bad statement gives one diagnostic.
 *
 * Bloat: no token stream (the lexer makes the whole array at once), no
 * interning of names (they are strings in the arena).
 */
#ifndef PE_FORMULA_INTERNAL_H
#define PE_FORMULA_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "pe_buf.h"
#include "pe_formula.h"

/*
 * Tokens: enum name and how a diagnostic quotes it ("" for the kinds
 * described by their text).  To add an operator: a line here, its
 * scanning in lex.c, its place in parse.c's precedence tables.
 */
#define PE_FORMULA_TOKENS(X) \
	X(TK_EOF,	"") \
	X(TK_NEWLINE,	"") \
	X(TK_NUM,	"") \
	X(TK_IDENT,	"") \
	X(TK_TAG,	"") \
	X(TK_STR,	"") \
	X(TK_ERROR,	"") \
	X(TK_AND,	"and") \
	X(TK_OR,	"or") \
	X(TK_NOT,	"not") \
	X(TK_LET,	"let") \
	X(TK_LPAREN,	"(") \
	X(TK_RPAREN,	")") \
	X(TK_LBRACK,	"[") \
	X(TK_RBRACK,	"]") \
	X(TK_COMMA,	",") \
	X(TK_DOT,	".") \
	X(TK_COLON,	":") \
	X(TK_QUESTION,	"?") \
	X(TK_ASSIGN,	"=") \
	X(TK_PLUS,	"+") \
	X(TK_MINUS,	"-") \
	X(TK_STAR,	"*") \
	X(TK_SLASH,	"/") \
	X(TK_PERCENT,	"%") \
	X(TK_LT,	"<") \
	X(TK_LE,	"<=") \
	X(TK_GT,	">") \
	X(TK_GE,	">=") \
	X(TK_EQ,	"==") \
	X(TK_NE,	"!=")

enum pe_ftk {
#define PE_FTK_ENUM_(kind, text) kind,
	PE_FORMULA_TOKENS(PE_FTK_ENUM_)
#undef PE_FTK_ENUM_
	TK_NKINDS
};

/* Why a TK_ERROR token is bad. */
enum pe_flexerr {
	LEX_CHAR = 1,		/* a character no token starts with */
	LEX_BYTE,		/* a control byte, or a byte not UTF-8 */
	LEX_NUMBER,		/* 14d, 1e, 1e+ */
	LEX_BIGNUM,		/* 1e999 */
	LEX_AND,		/* && or & */
	LEX_OR,			/* || or | */
	LEX_BANG,		/* ! not followed by = */
	LEX_LTGT,		/* <> */
	LEX_AT,			/* @ not followed by a name */
	LEX_STRING		/* a '"' with no '"' later on its line */
};

struct pe_ftok {
	enum pe_ftk kind;
	enum pe_flexerr err;	/* TK_ERROR only */
	struct pe_fspan span;
	double num;		/* TK_NUM */
};

/* The text a token kind is written as ("" for names, numbers, ends). */
const char *pe_formula_tok_text(enum pe_ftk kind);

/*
 * Tokenise src[0..len) into *out (malloc'd, *n tokens, the last TK_EOF).
 * newlines 0 makes '\n' whitespace (an expression), 1 gives a TK_NEWLINE
 * for each (a file).  Returns PE_OK or PE_ERR_NOMEM (*out NULL).
 */
int pe_formula_lex(const char *src, size_t len, int newlines,
    struct pe_ftok **out, size_t *n);

/*
 * The lexer's message for a TK_ERROR token t of src, into msg[n].
 */
void pe_formula_lex_message(const char *src, const struct pe_ftok *t,
    char *msg, size_t n);

/* Token t of src in quotes, cut to 40 bytes ("'abc'", "'abc...'"), into
 * buf[n]. */
void pe_formula_tok_quote(const char *src, const struct pe_ftok *t,
    char *buf, size_t n);

/*
 * How a "found ..." names token t of src, into buf[n]: "end of line" (or
 * of input, outside a file), "number '14'", "name 'x'", or the token in
 * quotes.
 */
void pe_formula_tok_describe(const char *src, const struct pe_ftok *t,
    int in_file, char *buf, size_t n);

/*
 * The length of the well-formed UTF-8 character at s[0..n) (2 to 4
 * bytes), or 0 when there is none (ASCII, a stray or overlong byte).
 */
size_t pe_formula_utf8_len(const unsigned char *s, size_t n);

/* An arena: blocks of memory freed all at once.  alloc returns zeroed
 * memory aligned for any type, or NULL. */
struct pe_farena *pe_farena_new(void);
void *pe_farena_alloc(struct pe_farena *a, size_t n);
char *pe_farena_strndup(struct pe_farena *a, const char *s, size_t n);
void pe_farena_free(struct pe_farena *a);

/*
 * Array v (cap elements of sz bytes, n in use) with room for one more: v
 * itself, or a larger copy (twice the room, 16 at first; *cap updated);
 * NULL when out of memory, v still valid and still v's caller's.
 */
void *pe_formula_grow(void *v, size_t *cap, size_t n, size_t sz);

/* The new, empty formula the parser fills (src and path copied). */
struct pe_formula *pe_formula_alloc(const char *src, size_t len,
    const char *path, int is_file);

/* Append a statement (copied).  Returns PE_OK or PE_ERR_NOMEM. */
int pe_formula_add_stmt(struct pe_formula *f, const struct pe_fstmt *s);

/*
 * A set of a formula's statements by kind and name, to find a duplicate
 * without a scan.  Start from { 0 }; free slot when done.
 */
struct pe_fnames {
	size_t *slot;		/* f->stmt indexes + 1; 0 empty */
	size_t cap;		/* a power of two, or 0 */
};

/* The statement of set n (of f) with s's kind and name, or NULL. */
const struct pe_fstmt *pe_fnames_find(const struct pe_fnames *n,
    const struct pe_formula *f, const struct pe_fstmt *s);

/* Put f->stmt[i] into set n (kept at most half full).  Returns PE_OK or
 * PE_ERR_NOMEM (n as it was). */
int pe_fnames_add(struct pe_fnames *n, const struct pe_formula *f, size_t i);

/* pe_formula_diag_add with a va_list. */
int pe_formula_vdiag(struct pe_formula *f, struct pe_fspan at,
    const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * The text built in b, handed out with snprintf's contract: its first
 * n - 1 bytes and a NUL into buf (nothing when n is 0, and buf may be NULL
 * then), and the whole text's length returned.  b's memory is freed and b
 * left empty.  A text whose building ran out of memory comes out empty
 * (length 0): the public functions that use this have no error to return.
 */
size_t pe_formula_text_out(struct pe_buf *b, char *buf, size_t n);

#endif
