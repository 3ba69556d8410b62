#!/usr/bin/env bats
# The hostile round, finding 1: a string from the command line is data,
# never a printf format.  tests/format-strings.bats runs every option of
# every binary; here, the case the round found, as it was found.

bats_require_minimum_version 1.5.0
load ../helpers

setup() {
	common_setup
	mk t2.csv "$SHDR" A,2024-01-02,1,2,0.5,1.5,200 B,2024-01-02,1,2,0.5,1.5,200
}

@test "pe-chart --symbol 'ZZ%s%s%s%s%s%s%s%s' (exit 139 before): the name, literally" {
	run --separate-stderr pe-chart --symbol 'ZZ%s%s%s%s%s%s%s%s' -o x.svg t2.csv
	fails_with 3 "pe-chart: t2.csv: no candles of symbol 'ZZ%s%s%s%s%s%s%s%s' (it has A, B)"
	run --separate-stderr pe-chart --symbol 'ZZ%x.%x.%x' -o x.svg t2.csv
	fails_with 3 "pe-chart: t2.csv: no candles of symbol 'ZZ%x.%x.%x' (it has A, B)"
}
