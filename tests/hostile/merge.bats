#!/usr/bin/env bats
# The hostile round, findings 2 to 4 and the stale temporaries: what
# pe-load -o DIR reads from DIR (a planted symlink, a FIFO), the modes and
# owners of the files it replaces, two runs into one directory at once,
# and the temporaries a SIGKILL leaves.  Each case failed before its fix.

bats_require_minimum_version 1.5.0
load ../helpers

setup() {
	common_setup
	umask 022
	mk plain.csv "$HDR" '2024-01-03,1,2,0.5,1.5,7'
}

# old FILE...: a regular file "x", last modified two days ago.
old() {
	local f
	for f in "$@"; do
		printf 'x\n' >"$f"
		touch -d '2 days ago' "$f"
	done
}

# ---- finding 2: what --merge reads from DIR ----

@test "finding 2: --merge refuses a planted symlink (copied a 0600 file into a 0644 one before)" {
	mkdir out
	mk secret.csv "$HDR" '2024-01-02,1,2,0.5,1.5,100'
	chmod 600 secret.csv
	ln -s "$PWD/secret.csv" out/VICT.csv
	run --separate-stderr pe-load --merge --symbol VICT -o out plain.csv
	fails_with 3 'pe-load: out/VICT.csv: not a regular file (a symbolic link)'
	dir_is out .pe-load.lock VICT.csv
	assert_equal "$(readlink out/VICT.csv)" "$PWD/secret.csv"
	file_is secret.csv "$HDR" '2024-01-02,1,2,0.5,1.5,100'
	assert_equal "$(stat -c %a secret.csv)" 600
	# a dangling one, and one to a directory: refused the same way
	ln -s nowhere out/GONE.csv
	run --separate-stderr pe-load --merge --symbol GONE -o out plain.csv
	fails_with 3 'pe-load: out/GONE.csv: not a regular file (a symbolic link)'
	ln -s "$PWD" out/UP.csv
	run --separate-stderr pe-load --merge --symbol UP -o out plain.csv
	fails_with 3 'pe-load: out/UP.csv: not a regular file (a symbolic link)'
	dir_is out .pe-load.lock GONE.csv UP.csv VICT.csv
	[[ -L out/GONE.csv && -L out/UP.csv && ! -e nowhere ]]
	# Without --merge nothing is read: the link itself is replaced (a
	# rename does not follow it) by a file with a new file's mode, and
	# its target is untouched.
	run --separate-stderr pe-load --symbol VICT -o out plain.csv
	ok_with ''
	[[ ! -L out/VICT.csv ]]
	file_is out/VICT.csv "$HDR" '2024-01-03,1,2,0.5,1.5,7'
	assert_equal "$(stat -c %a out/VICT.csv)" 644
	file_is secret.csv "$HDR" '2024-01-02,1,2,0.5,1.5,100'
	assert_equal "$(stat -c %a secret.csv)" 600
}

@test "finding 2: a FIFO or a directory as a symbol's file is refused at once (a FIFO blocked forever before)" {
	mkdir out out/D.csv
	mkfifo out/P.csv
	run --separate-stderr timeout 10 pe-load --merge --symbol P -o out plain.csv
	fails_with 3 'pe-load: out/P.csv: not a regular file (a FIFO)'
	[[ -p out/P.csv ]]
	run --separate-stderr timeout 10 pe-load --merge --symbol D -o out plain.csv
	fails_with 3 'pe-load: out/D.csv: not a regular file (a directory)'
	dir_is out .pe-load.lock D.csv P.csv
	# the symbols before the refused one are written, as for a bad file
	mk two.csv "$SHDR" 'A,2024-01-03,1,2,0.5,1.5,7' 'P,2024-01-03,1,2,0.5,1.5,7'
	run --separate-stderr timeout 10 pe-load --merge -o out two.csv
	fails_with 3 'pe-load: out/P.csv: not a regular file (a FIFO)'
	dir_is out .pe-load.lock A.csv D.csv P.csv
	file_is out/A.csv "$HDR" '2024-01-03,1,2,0.5,1.5,7'
}

# ---- finding 3: modes and owners ----

@test "finding 3: a replaced file keeps its mode, owner and group; a new file gets 0666 & ~umask" {
	mkdir out
	mk out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1'
	mk out/B.csv "$HDR" '2024-01-02,1,2,0.5,1.5,2'
	mk out/S.csv "$HDR" '2024-01-02,1,2,0.5,1.5,3'
	chmod 600 out/A.csv
	chmod 640 out/B.csv
	chmod 4755 out/S.csv
	if (( EUID == 0 )); then
		chown 12345:23456 out/B.csv
	fi
	mk new.csv "$SHDR" 'A,2024-01-03,1,2,0.5,1.5,4' 'B,2024-01-03,1,2,0.5,1.5,5' \
	    'C,2024-01-03,1,2,0.5,1.5,6' 'S,2024-01-03,1,2,0.5,1.5,7'
	run --separate-stderr pe-load --merge -o out new.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: out: 4 files (1 new), 4 candles added, 0 replaced'
	# set-id bits are not carried over: only the permission bits
	assert_equal "$(stat -c '%n %a' out/A.csv out/B.csv out/C.csv out/S.csv)" \
	    "$(lines 'out/A.csv 600' 'out/B.csv 640' 'out/C.csv 644' 'out/S.csv 755')"
	if (( EUID == 0 )); then
		assert_equal "$(stat -c %u:%g out/B.csv)" 12345:23456
	fi
	assert_equal "$(stat -c %u:%g out/A.csv)" "$(id -u):$(id -g)"
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,4'
	file_is out/B.csv "$HDR" '2024-01-02,1,2,0.5,1.5,2' '2024-01-03,1,2,0.5,1.5,5'
	dir_is out .pe-load.lock A.csv B.csv C.csv S.csv
	# Without --merge, the same: the mode of the file replaced.
	chmod 604 out/A.csv
	run --separate-stderr pe-load -o out new.csv
	ok_with ''
	assert_equal "$(stat -c %a out/A.csv)" 604
	file_is out/A.csv "$HDR" '2024-01-03,1,2,0.5,1.5,4'
	# New files under another umask.
	umask 002
	run --separate-stderr pe-load -o out2 new.csv
	ok_with ''
	assert_equal "$(stat -c %a out2/A.csv out2/C.csv)" "$(lines 664 664)"
}

@test "finding 3: the other tools' -o keeps the mode of the file it replaces" {
	gen_candles --symbols 1 --bars 60 --seed 5 >c.csv
	mk x.svg old
	chmod 600 x.svg
	run --separate-stderr pe-chart -q -o x.svg c.csv
	ok_with ''
	assert_equal "$(stat -c %a x.svg)" 600
	[[ $(head -c 4 x.svg) == '<svg' || $(head -c 5 x.svg) == '<?xml' ]]
	mk e.csv old
	chmod 640 e.csv
	run --separate-stderr pe-eval --last -o e.csv 'close > 0' c.csv
	ok_with ''
	assert_equal "$(stat -c %a e.csv)" 640
	[[ $(cat e.csv) == *scan_hit* ]]
}

# ---- finding 4: two runs at once ----

@test "finding 4: two concurrent --merge runs equal the same runs one after the other (200 files)" {
	gen_candles --symbols 200 --bars 30 --seed 1 -o base >/dev/null
	gen_candles --symbols 200 --bars 30 --seed 2 --start 2021-01-01 >a.csv
	gen_candles --symbols 200 --bars 30 --seed 3 --start 2022-01-01 >b.csv
	cp -r base seq
	pe-load -q --merge -o seq a.csv
	pe-load -q --merge -o seq b.csv
	local round pa pb
	for round in 1 2 3 4 5; do
		rm -rf par
		cp -r base par
		pe-load -q --merge -o par a.csv & pa=$!
		pe-load -q --merge -o par b.csv & pb=$!
		wait "$pa" || fail "round $round: the run of a.csv failed"
		wait "$pb" || fail "round $round: the run of b.csv failed"
		diff -r seq par >diff.out || fail "round $round: $(grep -c '^[<>]' diff.out) lines differ: $(head -5 diff.out)"
	done
	dir_is par .pe-load.lock $(cd base && ls)
}

@test "finding 4: a run waits for the lock another holds, and says so" {
	mkdir out
	mk out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1'
	: >out/.pe-load.lock
	exec 8<out/.pe-load.lock
	flock -x 8
	mk A.csv "$HDR" '2024-01-03,1,2,0.5,1.5,2'
	run --separate-stderr timeout 2 pe-load --merge -o out A.csv
	exec 8<&-
	assert_failure 124
	assert_output ''
	stderr_is 'pe-load: out: waiting for another pe-load (out/.pe-load.lock)'
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1'
	dir_is out .pe-load.lock A.csv
	# lock released: the same run goes through
	run --separate-stderr timeout 10 pe-load -q --merge -o out A.csv
	ok_with ''
	file_is out/A.csv "$HDR" '2024-01-02,1,2,0.5,1.5,1' '2024-01-03,1,2,0.5,1.5,2'
}

@test "finding 4: the lock file is made 0600 and kept; a symlink or a FIFO in its place is refused" {
	run --separate-stderr pe-load -o out plain.csv
	ok_with ''
	dir_is out .pe-load.lock plain.csv
	assert_equal "$(stat -c '%a %s' out/.pe-load.lock)" '600 0'
	rm out/.pe-load.lock
	ln -s "$PWD/victim" out/.pe-load.lock
	run --separate-stderr pe-load -o out plain.csv
	fails_with 3 'pe-load: out/.pe-load.lock: not a regular file (a symbolic link)'
	[[ ! -e victim ]]
	rm out/.pe-load.lock
	mkfifo out/.pe-load.lock
	run --separate-stderr timeout 10 pe-load -o out plain.csv
	fails_with 3 'pe-load: out/.pe-load.lock: not a regular file (a FIFO)'
	dir_is out .pe-load.lock plain.csv
	[[ -p out/.pe-load.lock ]]
}

# ---- stale temporaries ----

@test "stale temporaries: pe's own, a day old, are removed and said; -q silences it; nothing else is touched" {
	mkdir out out/.D.csv.0a1b2c
	old out/.A.csv.0a1b2c out/.B.jsonl.Xy9Zq1	# the writer's two forms
	mk out/.C.csv.0a1b2c x				# fresh: a run may own it
	old out/.A.csv.0a1b2 out/.A.csv.0a1b2c3 out/.A.csv.0a-b2c \
	    out/A.csv.0a1b2c out/.A.txt.0a1b2c out/..A.csv.0a1b2c \
	    out/.A.csv.0a1b2c.x out/.csv.0a1b2c out/.A.csv. out/notes.txt
	touch -d '2 days ago' out/.D.csv.0a1b2c
	ln -s "$PWD/plain.csv" out/.E.csv.0a1b2c
	touch -h -d '2 days ago' out/.E.csv.0a1b2c
	local kept=(.C.csv.0a1b2c .A.csv.0a1b2 .A.csv.0a1b2c3 .A.csv.0a-b2c
	    A.csv.0a1b2c .A.txt.0a1b2c ..A.csv.0a1b2c .A.csv.0a1b2c.x
	    .csv.0a1b2c .A.csv. notes.txt .D.csv.0a1b2c .E.csv.0a1b2c)
	run --separate-stderr pe-load -o out plain.csv
	assert_success
	assert_output ''
	stderr_is 'pe-load: out: removed 2 stale temporaries'
	dir_is out .pe-load.lock plain.csv "${kept[@]}"
	file_is plain.csv "$HDR" '2024-01-03,1,2,0.5,1.5,7'
	old out/.plain.csv.zzzzzz
	run --separate-stderr pe-load -o out --merge plain.csv
	assert_success
	stderr_is 'pe-load: out: removed 1 stale temporary' \
	    'pe-load: out: 1 file (0 new), 0 candles added, 0 replaced'
	old out/.plain.csv.ZZZZZZ
	run --separate-stderr pe-load -q -o out plain.csv
	ok_with ''
	dir_is out .pe-load.lock plain.csv "${kept[@]}"
}
