/*
 * pe_formula: the formula language's front end: lexer, parser, syntax
 * tree and diagnostics.  Checking names against the indicator registry,
 * compiling to a plan and evaluating are later stages.
 *
 * Grammar (DESIGN.md, "Formula language"), loosest first:
 *
 *	expr   := or ("?" expr ":" expr)?		(right-associative)
 *	or     := and ("or" and)* ;  and := not ("and" not)*
 *	not    := "not" not | cmp
 *	cmp    := sum (("<"|"<="|">"|">="|"=="|"!=") sum)?	(no chains)
 *	sum    := prod (("+"|"-") prod)*
 *	prod   := unary (("*"|"/"|"%") unary)*
 *	unary  := "-" unary | post
 *	post   := atom ("[" INT "]" | "." IDENT)*
 *	atom   := NUMBER | STRING | IDENT | IDENT "(" args? ")" | "(" expr ")"
 *
 * NUMBER is 20, 2.5, .5, 1e3, 2.5E-2 (no sign: -1 is unary minus on 1);
 * STRING is "..." (printable ASCII, no '"', at most PE_FORMULA_MAX_STR
 * bytes, on one line: tf("1w", x)'s timeframe);
 * IDENT is [A-Za-z_][A-Za-z0-9_]*, except the keywords and, or, not, let.
 * Binary operators are left-associative; a comparison takes no second
 * comparison (`a < b < c` is an error).  `x[n]` takes a whole-number
 * literal 0 <= n <= PE_FORMULA_MAX_OFFSET.  `#` starts a comment that runs
 * to the end of the line.
 *
 * A single expression (pe_formula_parse_expr, for -e, a positional
 * formula and --values) is one formula, written as a file's line (below)
 * whose name may be left out: [@entry|@exit] [name:] expr.  Newlines in
 * it are whitespace.  A let there is an error (no later line would see
 * it), and so is an empty expression (or one of comments only).  A
 * formula file (pe_formula_parse_file) holds one statement per line:
 *
 *	# a comment line; blank lines are skipped
 *	let fast = ema(close, 12)		# a binding, for later lines
 *	let zscore(x, n) = (x - sma(x, n)) / stddev(x, n)	# a function
 *	golden: cross_above(fast, ema(close, 26))	# scan_hit
 *	@entry buy: rsi(14) < 30 and close > sma(close, 200)
 *	@exit sell: rsi(14) > 70
 *	wide: (rsi(14) < 30 and		# a newline inside ( or [ is
 *	       close > open)		# whitespace: the line goes on
 *
 * Every formula of a file has a name, an IDENT; the tag, if any, is
 * @entry or @exit.  Formula names are unique in a file, and so are let
 * names (a let and a formula may share one: `let x = ...` then `x: x`).
 * Whether a let is defined before use is the checker's business; the
 * statements keep their file order.  Inside parentheses, a line that can
 * only start a statement (`let`, `@`, `NAME:`) ends the open line instead:
 * the error is the unclosed '(' where it was left open.
 *
 * Errors.  A parse collects diagnostics (struct pe_fdiag): a message and a
 * span to put the caret on.  A file reports every bad statement: after an
 * error the parser skips to the end of the line (or of the parenthesised
 * lines it is in) and goes on.  pe_formula_render writes one diagnostic as
 *
 *	formula:1:18: expected ')' to close '(' opened at 1:4
 *	  sma(close, 20 > 3
 *	                   ^
 *
 * (lines and columns 1-based, columns in bytes; a span of several
 * characters is underlined "^~~~").  Later stages add their own diagnostics
 * against a node's span with pe_formula_diag_add and render them the same
 * way.  tests/formula/parse.test pins every message of the parser.
 *
 * Limits.  A tree is at most PE_FORMULA_MAX_DEPTH deep, counting nesting,
 * not length: a leaf is 1 deep, a node one more than its deepest child,
 * except that a binary node's left operand is at the node's own level.
 * So `a+b+c+...` and `x and y and ...` are 2 deep however long (chains
 * are left-deep trees), and `(a+(b+(c+...)))` one more each.  Every walk
 * of a tree recurses only into what adds depth and loops down a chain's
 * left operands, so it is bounded by the depth, never by the length of a
 * line; and the parser itself recurses into at most as many open '(' and
 * prefix operators (- and not).  Deeper input is an error ("expression
 * nested too deeply"), never a stack overflow.  A formula file is read to
 * at most PE_FORMULA_MAX_FILE bytes (pe_formula_read, pe_plan_build); a
 * source keeps at most PE_FORMULA_MAX_DIAGS diagnostics; a statement makes
 * at most PE_FORMULA_MAX_TERMS nodes (every number, name, operator and call
 * counts one): an evaluation holds a column per term, so one formula of
 * millions of terms would take gigabytes ("formula too large").  Many
 * small formulas are not bounded but by the file's size.
 *
 * Memory.  One struct pe_formula owns everything its parse made: a copy
 * of the source and the path, every node and name (in one arena), the
 * statements and the diagnostics.  pe_formula_free releases it all at
 * once; no pointer into it may be freed on its own or used after.
 *
 * Bloat: no strings, no user-defined functions, no line continuation by
 * a trailing operator or backslash, no Unicode identifiers, no column
 * counting in characters or tab stops, no error recovery inside a
 * statement (one diagnostic per statement).
 */
#ifndef PE_FORMULA_H
#define PE_FORMULA_H

#include <stddef.h>
#include <stdio.h>

#include "pe_error.h"

#define PE_FORMULA_MAX_DEPTH 256
#define PE_FORMULA_MAX_OFFSET 1000000
#define PE_FORMULA_MAX_FILE (16 * 1024 * 1024)	/* bytes of a formula file */
#define PE_FORMULA_MAX_DIAGS 20		/* diagnostics kept per source */
#define PE_FORMULA_MAX_TERMS 20000	/* nodes of one statement's tree */
#define PE_FORMULA_MAX_STR 64		/* bytes of a string */

/*
 * A stretch of the source: byte offset and length, and the line and
 * column (1-based, in bytes) of its first byte.  A zero length marks a
 * place between bytes (the end of a line).
 */
struct pe_fspan {
	size_t off, len;
	long line, col;
};

/*
 * The node kinds: enum name, the head of its S-expression, and for the
 * operators the token they are written with.  One list, expanded where
 * needed (enum, printer, tests).  To add an operator, add its line here
 * and its token to lib/formula/formula.h's token list.
 */
#define PE_FORMULA_NODES(X) \
	X(PE_FN_NUM,	"num",	"") \
	X(PE_FN_IDENT,	"ident", "") \
	X(PE_FN_CALL,	"call",	"") \
	X(PE_FN_COND,	"?:",	"?") \
	X(PE_FN_STR,	"str",	"") \
	X(PE_FN_INDEX,	"index", "[]") \
	X(PE_FN_MEMBER,	"member", ".") \
	X(PE_FN_NEG,	"-",	"-") \
	X(PE_FN_NOT,	"not",	"not") \
	X(PE_FN_ADD,	"+",	"+") \
	X(PE_FN_SUB,	"-",	"-") \
	X(PE_FN_MUL,	"*",	"*") \
	X(PE_FN_DIV,	"/",	"/") \
	X(PE_FN_MOD,	"%",	"%") \
	X(PE_FN_LT,	"<",	"<") \
	X(PE_FN_LE,	"<=",	"<=") \
	X(PE_FN_GT,	">",	">") \
	X(PE_FN_GE,	">=",	">=") \
	X(PE_FN_EQ,	"==",	"==") \
	X(PE_FN_NE,	"!=",	"!=") \
	X(PE_FN_AND,	"and",	"and") \
	X(PE_FN_OR,	"or",	"or")

enum pe_fkind {
#define PE_FN_ENUM_(kind, sexpr, text) kind,
	PE_FORMULA_NODES(PE_FN_ENUM_)
#undef PE_FN_ENUM_
	PE_FN_NKINDS
};

/*
 * A node of the tree.  Which fields mean something depends on kind:
 *
 *	PE_FN_NUM	num
 *	PE_FN_IDENT	name
 *	PE_FN_CALL	name, args[0..nargs) (nargs may be 0: `f()`)
 *	PE_FN_COND	args[0] ? args[1] : args[2]  (nargs 3)
 *	PE_FN_STR	name: a string's text, without its quotes ("1w");
 *			op is that text, span the quotes too
 *	PE_FN_INDEX	a[offset]	(a bars ago)
 *	PE_FN_MEMBER	a.name		(an output: x(20).upper)
 *	PE_FN_NEG, PE_FN_NOT		a
 *	binary kinds	a, b		(left and right operands)
 *
 * span covers the whole node as written, parentheses around it included
 * (`(a + b)` spans the parentheses).  op is the node's own token: the
 * operator of a unary or binary node, the '[' of an index, the name after
 * the '.' of a member, the name of a call; for a number or a name the
 * same as span.  depth is its nesting (Limits, above: 1 for a leaf, 1 +
 * the deepest child's, a binary node's left operand not counted), at most
 * PE_FORMULA_MAX_DEPTH.
 */
struct pe_fnode {
	enum pe_fkind kind;
	struct pe_fspan span, op;
	int depth;
	double num;
	const char *name;
	long offset;
	struct pe_fnode *a, *b;
	struct pe_fnode **args;
	size_t nargs;
};

/* What a formula reports when it is true (DESIGN.md's signal types). */
enum pe_ftype {
	PE_FT_SCAN,		/* no tag: "scan_hit" */
	PE_FT_ENTRY,		/* @entry: open a long position */
	PE_FT_EXIT,		/* @exit: close it */
	PE_FT_SHORT,		/* @short: open a short position */
	PE_FT_COVER		/* @cover: close it */
};

/*
 * The name DESIGN.md's signal "type" field gives t: "scan_hit", "entry",
 * "exit", "short" or "cover"; "?" for a value outside the enum.
 * pe_ftype_tag: t's tag as written ("@entry"; "" for PE_FT_SCAN).  Static
 * strings.
 */
const char *pe_ftype_name(enum pe_ftype t);
const char *pe_ftype_tag(enum pe_ftype t);

enum pe_fstmt_kind {
	PE_FS_FORMULA,		/* [@tag] name: expr, or expr */
	PE_FS_LET		/* let name = expr */
};

/*
 * One statement.  name is NULL only for the formula of
 * pe_formula_parse_expr written without one; name_span is then the
 * expression's span.  span
 * runs from the statement's first token (the tag, `let`, or the name) to
 * the end of its expression.
 */
/* A parameter of a function let. */
struct pe_fparam {
	const char *name;
	struct pe_fspan span;
};

#define PE_FORMULA_MAX_PARAMS 16	/* of one function let */

/*
 * A statement.  A let with parentheses after its name is a function,
 * `let zscore(x, n) = ...`: func is 1 and param[0..nparams) its
 * parameters, in order and distinct (nparams may be 0: `let f() = ...`).
 */
struct pe_fstmt {
	enum pe_fstmt_kind kind;
	enum pe_ftype type;	/* PE_FT_SCAN for a let */
	const char *name;
	struct pe_fspan name_span, span;
	struct pe_fnode *expr;
	int func;
	struct pe_fparam *param;
	size_t nparams;
};

struct pe_fdiag {
	struct pe_fspan at;
	char msg[PE_ERRMSG_MAX];
};

struct pe_farena;

/*
 * A parsed formula text.  src is a NUL-terminated copy of the input (the
 * spans are offsets into it; the input may hold NUL bytes, len counts
 * them), path the name diagnostics give it.  stmt holds the statements
 * that parsed, in source order; after an error the list is partial and
 * only good for showing diagnostics.  diag holds at most
 * PE_FORMULA_MAX_DIAGS diagnostics; too_many is 1 when there were more
 * (the parser and the compiler stop at the first one dropped).
 */
struct pe_formula {
	const char *path;
	const char *src;
	size_t len;
	int is_file;		/* from pe_formula_parse_file */
	struct pe_fstmt *stmt;
	size_t nstmt;
	size_t nformulas;	/* statements of kind PE_FS_FORMULA */
	struct pe_fdiag *diag;
	size_t ndiag;
	int too_many;		/* diagnostics past the first 20 were dropped */
	/* private */
	size_t stmt_cap, diag_cap;
	struct pe_farena *arena;
};

/*
 * Parse src[0..len) (NUL bytes included; they are errors) as one
 * expression, or as a formula file (src may be NULL when len is 0).
 * path names the source in diagnostics: NULL means "formula".  Neither
 * src nor path need outlive the call.
 *
 * Returns PE_OK with *out holding at least one formula and no diagnostic.
 * Returns PE_ERR_USAGE (a bad formula is a usage error, exit status 2)
 * with *out holding every diagnostic, in source order, and err (which
 * may be NULL) filled from the first.  Either way the caller frees *out
 * with pe_formula_free.  Returns PE_ERR_NOMEM, *out NULL, when memory ran
 * out.  An empty expression and a file with no formula are errors.
 */
int pe_formula_parse_expr(const char *src, size_t len, const char *path,
    struct pe_formula **out, struct pe_error *err);
int pe_formula_parse_file(const char *src, size_t len, const char *path,
    struct pe_formula **out, struct pe_error *err);

/* Release f and everything it owns.  f may be NULL. */
void pe_formula_free(struct pe_formula *f);

/*
 * Read a formula file from fp to its end into *text (malloc'd, *len
 * bytes, not NUL-terminated; the caller frees it), reading at most max +
 * 1 bytes (max < SIZE_MAX): a longer input, a FIFO that never ends or a
 * device like /dev/urandom, is not read further.  name is what a message
 * calls the file.  Returns PE_OK; PE_ERR_IO (err naming the file, *text
 * NULL) on a read error or when the input holds more than max bytes
 * ("formula file too large (over 16 MiB)", or "over N bytes" when max is
 * not a whole number of MiB); PE_ERR_NOMEM.  pe_plan_build reads with
 * max PE_FORMULA_MAX_FILE.  fp is left open.
 */
int pe_formula_read(FILE *fp, const char *name, size_t max, char **text,
    size_t *len, struct pe_error *err);

/*
 * Add a diagnostic at span at (a node's span or op, or any span into
 * f->src) with a printf-style message, truncated to PE_ERRMSG_MAX.  For
 * the stages after the parser.  When f already holds
 * PE_FORMULA_MAX_DIAGS, the diagnostic is dropped and f->too_many set.
 * Returns PE_OK or PE_ERR_NOMEM.
 */
int pe_formula_diag_add(struct pe_formula *f, struct pe_fspan at,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Fill err (may be NULL) from diagnostic i of f: code PE_ERR_USAGE, f's
 * path, the line, column and message.  Returns PE_ERR_USAGE.
 */
int pe_formula_error(const struct pe_formula *f, size_t i,
    struct pe_error *err);

/*
 * Render diagnostic d of f as three lines joined by '\n' (no final
 * newline): "PATH:LINE:COL: MESSAGE", the source line indented by two
 * spaces (an empty line stays empty), and the caret line.  A tab in the
 * source line is kept in the caret line, so the caret stays under its
 * byte whatever the tab stops; a UTF-8 character takes one column; a
 * control byte or a byte that is not UTF-8 shows as '?'.  A line longer
 * than 120 bytes is cut to a window of 100 around the caret, with "..."
 * marking the cuts.  Works like snprintf: writes at most n bytes into buf
 * (NUL included; buf may be NULL when n is 0) and returns the length the
 * whole text has.  Should memory run out while the text is built, the
 * text is empty and 0 is returned.
 */
size_t pe_formula_render(const struct pe_formula *f,
    const struct pe_fdiag *d, char *buf, size_t n);

/*
 * The tree as an S-expression, like snprintf (see pe_formula_render).
 * A number prints in shortest form, a name as itself, a node as
 * "(HEAD operands...)" with the heads of PE_FORMULA_NODES:
 *
 *	rsi(14) < 30 and close[1] > -x
 *	    (and (< (call rsi 14) 30) (> (index close 1) (- x)))
 *	macd(12,26,9).signal
 *	    (member (call macd 12 26 9) signal)
 *
 * pe_formula_sexpr prints every statement of f, one a line (no final
 * newline): the bare expression of an unnamed formula without a tag,
 * else "(formula NAME EXPR)", "(entry NAME EXPR)", "(exit NAME EXPR)" or
 * "(let NAME EXPR)", NAME left out for an unnamed one: "(entry EXPR)".
 */
size_t pe_formula_node_sexpr(const struct pe_fnode *node, char *buf,
    size_t n);
size_t pe_formula_sexpr(const struct pe_formula *f, char *buf, size_t n);

#endif
