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
	dir_is out A.csv B.csv C.csv S.csv
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
