#!/usr/bin/env bats
# --help of every binary: the synopsis usage errors print, then every
# option with a line of text, grouped, then the exit statuses and the man
# pages to read; 80 columns.  It names the same options as the man page's
# SYNOPSIS, each option it lists is described in the man page's OPTIONS
# and is one the binary takes.

bats_require_minimum_version 1.5.0
load helpers

TOOLS=(pe-load pe-indicators pe-eval pe-scan pe-stream pe-chart pe-backtest)

setup() {
	common_setup
}

@test "--help: the synopsis, the options grouped, exit statuses and man pages; 80 columns" {
	local t
	for t in "${TOOLS[@]}"; do
		run --separate-stderr "$t" --help
		assert_success
		[[ -z $stderr ]]
		run --separate-stderr "$t" --no-such-option
		assert_failure 2
		local synopsis=${stderr#*$'\n'}	# after getopt's complaint
		run "$t" --help
		[[ $output == "$synopsis"$'\n\n'* ]] ||
		    fail "$t: --help does not begin with the synopsis"
		# a heading ends with a colon, and every group has one
		assert_line --regexp '^[A-Z][a-z]+:$'
		assert_line --regexp "^Exit status: 0 "
		assert_line --regexp "^See $t\\(1\\)"
		[[ ${lines[-1]} == "See $t(1)"* ]] || fail "$t: ends with ${lines[-1]}"
		run awk -v t="$t" 'length($0) > 80 { print t ": " $0 }' \
		    <<<"$("$t" --help)"
		assert_output ''
	done
	run pe-eval --help
	assert_line 'See pe-eval(1), pe-formula(7).'
}

# The options named in the text $1 (or the standard input): words that
# start with - or --, not the dashes inside a value ("HH:MM-HH:MM").
options_in() {
	if (($#)); then printf '%s\n' "$1"; else cat; fi |
	    grep -oE -- '(^|[ ,[])-{1,2}[a-zA-Z][a-zA-Z-]*' | sed -E 's/^[ ,[]//'
}

@test "--help and the man page's SYNOPSIS name the same options" {
	local t l o syn hit
	for t in "${TOOLS[@]}"; do
		syn=$(synopsis_options "$t")
		# each line of the help: one of its names is in the SYNOPSIS
		while IFS= read -r l; do
			hit=
			for o in $(options_in "$l"); do
				case $o in -h|--help|--version) hit=y ;; esac
				grep -qxF -- "$o" <<<"$syn" && hit=y
			done
			[[ -n $hit ]] || fail "$t: --help's '$l' is not in the SYNOPSIS"
		done < <(help_lines "$t")
		# each option of the SYNOPSIS is in the help
		for o in $syn; do
			help_lines "$t" | grep -qE -- "(^|[ ,])$o([ ,[]|$)" ||
			    fail "$t: the SYNOPSIS's $o is not in --help"
		done
	done
}

@test "each option --help lists is described in the man page and taken by the binary" {
	local t o desc
	for t in "${TOOLS[@]}"; do
		desc=$(described_options "$t")
		for o in $(help_lines "$t" | options_in); do
			grep -qxF -- "$o" <<<"$desc" ||
			    fail "$t: $o is in --help, not in the man page's OPTIONS"
			run --separate-stderr "$t" "$o" </dev/null
			[[ $stderr != *"unrecognized option"* &&
			    $stderr != *"invalid option"* ]] ||
			    fail "$t does not take its own $o: $stderr"
		done
	done
}
