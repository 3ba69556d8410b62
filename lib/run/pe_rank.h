/*
 * pe_rank: signal lines ranked by a score (pe-scan --rank and --top),
 * and the order by score that pe-backtest's portfolio fills its free
 * slots in.
 *
 * The order, both places: the higher score first; a NaN score (no
 * score: the formula is not defined at that bar) after every number;
 * equal scores (and NaNs among themselves) by the symbol's name,
 * bytewise ascending.
 *
 * A struct pe_rank holds copies of the lines added (each with its
 * symbol, score, bar time and where it came from), then writes them
 * ranked: in one group, or in one group per bar time (groups in time
 * order), each group in the order above, then by where the lines came
 * from (the file's place among the inputs, then the order they were
 * added), so the output does not depend on the order files finish in.
 * The lines of a group are ranked 1, 2, ... in that order (a tie gets
 * a rank of its own: there is no "1, 1, 3"), and only the first top of
 * each group are written.  Each line gets its score and rank at its
 * end: in JSON ,"score":S,"rank":R before its closing brace, in CSV the
 * cells S,R (the score as signal lines write numbers; NaN is null, or
 * an empty cell).
 *
 * Bloat: every line is held until pe_rank_write, however few --top
 * keeps (no per-group heap); no dense or fractional ranks.
 */
#ifndef PE_RANK_H
#define PE_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "pe_error.h"

/* x of the symbol xname against y of yname: negative when x goes first,
 * positive when y does, 0 only for equal scores of one name. */
int pe_rank_cmp(double x, const char *xname, double y, const char *yname);

struct pe_rank_conf {
	int by_time;		/* a group per bar time; 0: one group */
	long top;		/* keep the first top of each group; 0: all */
	int csv;		/* lines are CSV rows; 0: JSONL */
	int digits;		/* the score's places, as pe_buf_num_digits
				 * takes them (PE_NUM_SHORTEST: exact) */
};

struct pe_rank;

/* An empty ranking for conf (copied).  NULL with err filled when memory
 * runs out.  pe_rank_free accepts NULL. */
struct pe_rank *pe_rank_new(const struct pe_rank_conf *conf,
    struct pe_error *err);
void pe_rank_free(struct pe_rank *r);

/*
 * One signal line, line[0..len) with its newline, of symbol (a C
 * string), scored score at the bar of time; file is the place of its
 * input among the run's.  The line and symbol are copied.  PE_OK, or
 * PE_ERR_NOMEM (the line is then not held).
 */
int pe_rank_add(struct pe_rank *r, const char *symbol, size_t file,
    double score, int64_t time, const char *line, size_t len);

/*
 * The lines, ranked, cut to the top of each group and given their score
 * and rank, handed to put in pieces of whole lines (about 64 KiB each).
 * A non-zero return of put ends the writing (the caller's put knows
 * why).  PE_OK, or PE_ERR_NOMEM (the pieces before it were handed
 * on).  Call it once.
 */
int pe_rank_write(struct pe_rank *r,
    int (*put)(void *ctx, const char *text, size_t len), void *ctx);

#endif
