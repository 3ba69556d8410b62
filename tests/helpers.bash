# helpers.bash: shared set-up for the bats suites (tests/*.bats).
#
# Each .bats file does `load helpers` and calls `common_setup` from its
# setup().  Every test then runs in its own empty directory
# ($BATS_TEST_TMPDIR), with the binaries under test first on PATH (make
# check puts $BIN there; run by hand, ../bin is used when nothing is).
#
# Debian 12's bats-assert (2.1) has no assert_stderr: tests run commands
# with `run --separate-stderr` and check $stderr with the helpers below.

# bats-support and bats-assert.  Their load.bash files (what
# `load '/usr/lib/bats/bats-support/load'` reads) find their parts with
# 15 $(dirname ...) forks; this file is read again for every test, and on a
# busy machine those forks cost about 0.2 s a test, so the parts are read
# here directly, in the order the load.bash files give.
BATS_LIB=${BATS_LIB:-/usr/lib/bats}
for f in output error lang; do
	source "$BATS_LIB/bats-support/src/$f.bash"
done
for f in assert refute assert_equal assert_not_equal assert_success \
    assert_failure assert_output refute_output assert_line refute_line \
    assert_regex refute_regex; do
	source "$BATS_LIB/bats-assert/src/$f.bash"
done
unset f

TESTS_DIR=$BATS_TEST_DIRNAME
[[ ${TESTS_DIR##*/} == hostile ]] && TESTS_DIR=${TESTS_DIR%/*}	# tests/hostile/*.bats
REPO_DIR=${TESTS_DIR%/*}
DATA_DIR=$TESTS_DIR/data

# The canonical candle header.
HDR='time,open,high,low,close,volume'
SHDR="symbol,$HDR"

common_setup() {
	if ! command -v pe-load >/dev/null 2>&1; then
		PATH="${BIN:-$REPO_DIR/bin}:$PATH"
	fi
	cd "$BATS_TEST_TMPDIR" || return 1
	# pe-scan's cache: the test's own, never the user's ~/.cache/pe
	export PE_CACHE_DIR="$BATS_TEST_TMPDIR/cache"
}

# The synthetic data generator: $PE_GEN_CANDLES when make check set it,
# else scripts/gen-candles (which builds the tool when it is missing).
gen_candles() {
	if [[ -n ${PE_GEN_CANDLES:-} && -x $PE_GEN_CANDLES ]]; then
		"$PE_GEN_CANDLES" "$@"
	else
		"$REPO_DIR/scripts/gen-candles" "$@"
	fi
}

# mk FILE LINE...: write each LINE followed by "\n" into FILE.
mk() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# lines LINE...: the lines joined with "\n" (the form $output has).
lines() {
	local IFS=$'\n'
	printf '%s' "$*"
}

# stderr_is EXPECTED: $stderr is exactly EXPECTED (lines joined by "\n").
stderr_is() {
	local want
	want=$(lines "$@")
	if [[ $stderr != "$want" ]]; then
		batslib_print_kv_single_or_multi 8 \
		    'expected' "$want" 'actual' "$stderr" |
		    batslib_decorate 'stderr differs' | fail
	fi
}

# stderr_empty: nothing was written to stderr.
stderr_empty() {
	if [[ -n $stderr ]]; then
		batslib_print_kv_single_or_multi 8 'stderr' "$stderr" |
		    batslib_decorate 'stderr is not empty' | fail
	fi
}

# stderr_matches REGEX: $stderr matches the extended regular expression.
stderr_matches() {
	if ! [[ $stderr =~ $1 ]]; then
		batslib_print_kv_single_or_multi 8 \
		    'regex' "$1" 'actual' "$stderr" |
		    batslib_decorate 'stderr does not match' | fail
	fi
}

# ok_with LINE...: success, stdout exactly the lines, nothing on stderr.
ok_with() {
	assert_success
	assert_output "$(lines "$@")"
	stderr_empty
}

# fails_with STATUS MESSAGE...: exit STATUS, no stdout, stderr exactly
# the MESSAGE lines.
fails_with() {
	local want=$1
	shift
	assert_failure "$want"
	assert_output ''
	stderr_is "$@"
}

# dir_is DIR NAME...: DIR holds exactly the NAMEs (ls -A, sorted), so no
# dotfile or temporary was left there.  A DIR that does not exist holds
# nothing.
dir_is() {
	local dir=$1 got= want
	shift
	[[ ! -d $dir ]] || got=$(LC_ALL=C ls -A "$dir")
	want=$(printf '%s\n' "$@" | LC_ALL=C sort | sed '/^$/d')
	if [[ $got != "$want" ]]; then
		batslib_print_kv_single_or_multi 8 \
		    'expected' "$want" 'actual' "$got" |
		    batslib_decorate "unexpected contents of $dir" | fail
	fi
}

# file_is FILE LINE...: FILE holds exactly the lines, each ending in "\n".
file_is() {
	local f=$1
	shift
	if ! printf '%s\n' "$@" | cmp -s - "$f"; then
		batslib_print_kv_single_or_multi 8 \
		    'expected' "$(lines "$@")" \
		    'actual' "$(cat -A "$f" 2>&1)" |
		    batslib_decorate "unexpected contents of $f" | fail
	fi
}

# help_ok LINE...: success, nothing on stderr, and stdout begins with the
# synopsis LINEs and a blank line (tests/help.bats checks the rest).
help_ok() {
	assert_success
	stderr_empty
	local want
	want=$(lines "$@")
	[[ $output == "$want"$'\n\n'* ]] ||
	    fail "--help does not begin with the synopsis: $output"
}

# The option part of each option line of the help ("-e, --expression
# EXPR"), one a line.
help_lines() {
	"$1" --help | sed -n -E 's/^ {2,6}(-[a-zA-Z]|--[a-z])/&/p' |
	    sed -E 's/^ +//; s/  .*//'
}

# The options an mdoc text names after Fl ("Fl -all | -last" is --all
# and --last), one a line: the lines given by the sed range in $2.
mdoc_options() {
	sed -n "$2" "$1" | awk '{
		fl = 0
		for (i = 1; i <= NF; i++) {
			if ($i == "Fl" || $i == ".Fl") { fl = 1; continue }
			if ($i == "|") continue
			if ($i ~ /^[A-Z][a-z]$/) { fl = 0; continue }
			if (fl) { w = $i; sub(/[,;]$/, "", w); if (w != "") print "-" w }
		}
	}' | sort -u
}

# The options of man/TOOL.1 in its SYNOPSIS, and in its .It lines.
synopsis_options() {
	mdoc_options "$REPO_DIR/man/$1.1" '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p'
}

described_options() {
	mdoc_options "$REPO_DIR/man/$1.1" '/^\.It Fl/p'
}
