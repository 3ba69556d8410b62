#!/usr/bin/env bats
# README.md's tour as a test, the way jq tests its manual:
# scripts/readme-tour runs every "$ " command of README's ```sh blocks, in
# order, in one scratch directory, and compares what each prints with the
# lines README shows after it.  Its header has the rules ("# exit N",
# "# not run: REASON", listings) and MASKS, the fields that vary from run
# to run (elapsed seconds, symbols/s, the cache's path, --results' ms).
#
# A failure names README's line and block, the command, and a diff
# (expected: README; got: the command), both with the masks applied.
# When what a tool prints changes on purpose:
#
#   scripts/readme-tour --print     what every command prints now
#   scripts/readme-tour --update    writes it into README.md (make readme);
#                                   then read git diff README.md
#
# The last tests run the script on small made-up READMEs: a difference, a
# wrong status, a mask, a block not run, a listing, malformed blocks.

bats_require_minimum_version 1.5.0

load helpers

TOUR=$REPO_DIR/scripts/readme-tour

setup_file() {
	# The tour runs once; the first two tests read its report.
	local rc=0
	TMPDIR=$BATS_FILE_TMPDIR "$TOUR" >"$BATS_FILE_TMPDIR/report" 2>&1 ||
	    rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/status"
}

setup() {
	common_setup
	export TMPDIR=$BATS_TEST_TMPDIR
}

@test "README: every command of the tour prints what README shows" {
	run cat "$BATS_FILE_TMPDIR/report"
	# what ran, what did not, what was masked: in make check's output
	grep '^readme-tour: ' <<<"$output" | sed 's/^/# /' >&3
	[[ $(<"$BATS_FILE_TMPDIR/status") == 0 ]] || fail "$output"
	assert_line --regexp '^readme-tour: 0 of [0-9]+ commands differ from README\.md$'
	assert_line --regexp '^readme-tour: README\.md: blocks run: [0-9]+ \([0-9]+ commands\); not run: 2; listings: 2$'
}

@test "README: the blocks not run are the cluster and network ones; every mask is used" {
	report=$(<"$BATS_FILE_TMPDIR/report")
	run sed -En 's/^readme-tour: (not run|listing, not run): README\.md:[0-9]+ /\1: /p' \
	    <<<"$report"
	assert_output "$(lines \
	    'not run: (Beyond one machine): needs machines h1 to h3, a Slurm cluster, a Kubernetes cluster' \
	    'not run: (Live feed): needs a network and an exchange'\''s feed' \
	    'listing, not run: (Two commands)' \
	    'listing, not run: (Exit status)')"
	# a mask that hides nothing would be a rule nobody checks
	run grep '^readme-tour: masked: ' <<<"$report"
	assert_success
	refute_output --partial ': 0 line(s)'
	n=$(grep -o 'line(s)' <<<"$output" | wc -l)
	assert_equal "$n" 5
}

@test "examples/: every file is described in examples/README.md" {
	n=0
	for f in "$REPO_DIR"/examples/*; do
		b=${f##*/}
		[[ $b == README.md ]] && continue
		grep -qF -- "- \`$b\`" "$REPO_DIR/examples/README.md" ||
		    fail "examples/$b is not described in examples/README.md"
		n=$((n + 1))
	done
	assert_equal "$n" 7
}

# A made-up README: stderr in order, a cd that carries over to the next
# block, a continued command, "# exit N", a mask, then a wrong output and
# a wrong status; a block not run and a listing.
T=(
'# T'
''
'## One'
''
'```sh'
'$ echo one; echo two >&2; echo three'
'one'
'two'
'three'
'$ mkdir -p d && cd d && test -f ../examples/vendor.csv && echo examples'
'examples'
'```'
''
'```sh'
'$ pwd | sed "s|.*/||"'
'd'
'$ printf "a %s\n" \'
'    b'
'a b'
'$ false      # exit 1'
"\$ echo 'pe-scan: 0.001 s, 99 symbols/s'"
'pe-scan: 9.999 s, 12345 symbols/s'
'$ echo wrong'
'right'
'$ (exit 3)'
'```'
''
'## Two'
''
'```sh'
'# not run: needs the moon'
'$ moon --land'
'```'
''
'```sh'
'make nothing'
'```'
)

@test "readme-tour: a difference is a diff, a wrong status is said; masks, not run, listings" {
	mk T.md "${T[@]}"
	run --separate-stderr "$TOUR" T.md
	assert_failure 1
	assert_output "$(lines \
	    'T.md:23: in "One":' \
	    '  $ echo wrong' \
	    '  --- expected (T.md, masked)' \
	    '  +++ got (masked)' \
	    '  @@ -1 +1 @@' \
	    '  -right' \
	    '  +wrong' \
	    'T.md:25: in "One":' \
	    '  $ (exit 3)' \
	    '  exit status 3, README says 0 ("# exit N" after the command says N)' \
	    'readme-tour: T.md: blocks run: 2 (8 commands); not run: 1; listings: 1' \
	    'readme-tour: not run: T.md:30 (Two): needs the moon' \
	    'readme-tour: listing, not run: T.md:35 (Two)' \
	    'readme-tour: masked: elapsed seconds (pe-scan summary): 1 line(s), symbols/s rate (pe-scan summary): 1 line(s), cache directory (pe-scan summary): 0 line(s), milliseconds per symbol (--results): 0 line(s), elapsed seconds (pe-backtest summary): 0 line(s)' \
	    'readme-tour: 2 of 8 commands differ from T.md' \
	    "readme-tour: what they print now: $TOUR --print; into T.md: $TOUR --update")"
	stderr_empty
}

@test "readme-tour --update: the differing outputs rewritten, masked lines kept" {
	mk T.md "${T[@]}"
	run --separate-stderr "$TOUR" --update T.md
	assert_success
	assert_line 'readme-tour: T.md: rewrote the output of 1 command(s); see git diff'
	# "right" becomes "wrong"; the masked line keeps README's figures; a
	# status is not README's output, so (exit 3) stays for a person
	want=("${T[@]}")
	want[23]=wrong
	file_is T.md "${want[@]}"
	run --separate-stderr "$TOUR" --update T.md
	assert_line 'readme-tour: T.md: up to date'
	run --separate-stderr "$TOUR" --print T.md
	assert_success
	assert_line '# T.md:5 (One)'
	assert_line '# T.md:14 (One)'
	assert_line '$ printf "a %s\n" \'
	assert_line '      b'
	assert_line 'pe-scan: 0.001 s, 99 symbols/s'
	# the output of a continued command goes after its last line
	mk U.md '```sh' '$ echo x; \' '    echo y' '$ echo \' '    z' 'w' '```'
	run --separate-stderr "$TOUR" --update U.md
	assert_success
	file_is U.md '```sh' '$ echo x; \' '    echo y' 'x' 'y' '$ echo \' '    z' 'z' \
	    '```'
}

@test "readme-tour: malformed blocks and commands are errors with their line" {
	mk A.md '```sh' 'stray output' '$ echo x' 'x' '```'
	run --separate-stderr "$TOUR" A.md
	assert_failure 1
	stderr_is 'A.md:2: a line before the first "$ " command of its block'
	mk B.md '```sh' '$ echo x \' '```'
	run --separate-stderr "$TOUR" B.md
	assert_failure 1
	stderr_is 'B.md:3: the command goes on past the end of its block'
	mk C.md '```sh' '$ echo x'
	run --separate-stderr "$TOUR" C.md
	assert_failure 1
	stderr_is 'C.md:2: a ```sh block that does not end'
	mk D.md '```sh' "\$ echo 'x" 'x' '```'
	run --separate-stderr "$TOUR" D.md
	assert_failure 1
	assert_line '  not run: a syntax error:'
	run --separate-stderr "$TOUR" --bogus
	assert_failure 2
	run --separate-stderr "$TOUR" nosuch.md
	assert_failure 2
	stderr_is 'readme-tour: nosuch.md: no such file'
}
