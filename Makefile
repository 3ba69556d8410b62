# pe: build, test, coverage, sanitizers, fuzzing, install.
#
#   make            libpe.a and the binaries (into bin/)
#   make check      unit tests, bats suite, fuzz corpus replay: "N passed, N failed"
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make coverage   line coverage of lib/ and cmd/ (gcovr); fails below 85%
#   make fuzz       each libFuzzer target for FUZZ_TIME seconds (clang)
#   make demo       set up, build, make sample data, run the pipeline
#   make bench      scripts/bench
#   make man        regenerate pe-indicators(1)'s list of indicators
#   make readme     write into README.md what its tour's commands print now
#   make install    PREFIX (/usr/local) and DESTDIR honoured; make uninstall

CC      ?= cc
BUILD   ?= build
BIN     ?= bin
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wformat=2 -Wformat-nonliteral
# lib/ is grouped by layer; every folder is on the include path, so a
# public header (pe_*.h) is named the same in the tree and once installed.
LAYERS   = core io ind formula run chart
CPPFLAGS += -D_GNU_SOURCE -Ilib $(LAYERS:%=-Ilib/%)
LDLIBS  += -lcsv -ljansson -lsqlite3 -lm
EXTRA   ?=

PREFIX  ?= /usr/local
DESTDIR ?=

PROGS    = $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/pe-*.c)))
# The command-line layer every binary links: cmd/*.c but the mains.
CLI_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(filter-out cmd/pe-%,$(wildcard cmd/*.c)))
LIB_SRC  = $(sort $(wildcard $(LAYERS:%=lib/%/*.c)))
LIB_HDR  = $(sort $(wildcard lib/*.h $(LAYERS:%=lib/%/*.h)))
# Installed: pe.h and the public pe_*.h headers; a layer's other headers
# (no pe_ prefix) are its internals.
PUB_HDR  = $(sort $(wildcard lib/pe.h $(LAYERS:%=lib/%/pe_*.h)))
SUB_HDR  = $(sort $(wildcard tools/*.h tests/unit/*.h cmd/*.h))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/replay_%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
MAN      = $(sort $(wildcard man/*.1 man/*.7))
FUZZ_TIME ?= 60

ALL_CFLAGS = $(WARN) $(CFLAGS) $(EXTRA)

.PHONY: all check asan coverage fuzz demo bench install uninstall clean tools setup man \
    readme

all: $(BUILD)/libpe.a $(PROGS:%=$(BIN)/%) $(BUILD)/tools/gen-candles \
    $(BUILD)/tools/bench-ind $(BUILD)/tools/bench-eval $(BUILD)/tools/bench-bt

$(BUILD)/%.o: %.c $(LIB_HDR) $(SUB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libpe.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# An archive, so that a binary takes only the parts of cmd/ it calls.
$(BUILD)/libcli.a: $(CLI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(CLI_OBJ)

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libcli.a $(BUILD)/libpe.a
	@mkdir -p $(BIN)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/gen-candles: $(BUILD)/tools/gen-candles.o $(BUILD)/libpe.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpe.a $(LDLIBS)

$(BUILD)/tools/bench-ind: $(BUILD)/tools/bench-ind.o $(BUILD)/libpe.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpe.a $(LDLIBS)

$(BUILD)/tools/bench-eval: $(BUILD)/tools/bench-eval.o $(BUILD)/libpe.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpe.a $(LDLIBS)

$(BUILD)/tools/bench-bt: $(BUILD)/tools/bench-bt.o $(BUILD)/libpe.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpe.a $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libpe.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libpe.a $(LDLIBS)

$(BUILD)/tests/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(BUILD)/libpe.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# pe-scan with the test hooks of tests/hooks/pe-scan-hooks.c (a worker
# that hangs or aborts on a named file): for tests/pe-scan.bats only,
# never installed.
$(BUILD)/tests/pe-scan-hooks: $(BUILD)/cmd/pe-scan.o \
    $(BUILD)/tests/hooks/pe-scan-hooks.o $(BUILD)/libcli.a $(BUILD)/libpe.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# pe-backtest with the same hooks: for tests/hostile/interrupt.bats.
$(BUILD)/tests/pe-backtest-hooks: $(BUILD)/cmd/pe-backtest.o \
    $(BUILD)/tests/hooks/pe-scan-hooks.o $(BUILD)/libcli.a $(BUILD)/libpe.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# png-probe (tools/png-probe.c, tools/png.c): a PNG's size and, in given
# rectangles, how many pixels differ from a background colour, for
# tests/pe-chart.bats's look at charts rendered by rsvg-convert; it reads
# PNGs with zlib, which nothing else links.  Never installed.
$(BUILD)/tools/png-probe: $(BUILD)/tools/png-probe.o $(BUILD)/tools/png.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lz

# The unit test of png-probe's reader: the pattern rule above, with
# tools/png.c and zlib.
$(BUILD)/tests/test_png: $(BUILD)/tests/unit/test_png.o $(BUILD)/tools/png.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lz

tools: all $(UNIT_BIN) $(REPLAY_BIN) $(BUILD)/tests/pe-scan-hooks \
    $(BUILD)/tests/pe-backtest-hooks $(BUILD)/tools/png-probe

# Installs only what is missing (a few dpkg queries when nothing is).
setup:
	@scripts/setup

check: setup
	@$(MAKE) --no-print-directory tools
	@BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) scripts/run-tests

# The suite again, built in its own tree with the sanitizers on.  Tests that
# assert memory use or timing skip themselves when PE_ASAN is set.
asan: setup
	$(MAKE) BUILD=build/asan BIN=build/asan/bin OPT=-O1 \
	    EXTRA="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    tools
	PE_ASAN=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    BIN=$(abspath build/asan/bin) BUILD=$(abspath build/asan) scripts/run-tests

coverage: setup
	rm -rf build/cov
	$(MAKE) BUILD=build/cov BIN=build/cov/bin OPT=-O0 \
	    EXTRA="--coverage -DPE_COVERAGE" tools
	PE_COVERAGE=1 BIN=$(abspath build/cov/bin) BUILD=$(abspath build/cov) scripts/run-tests
	gcovr --root . --filter 'lib/' --filter 'cmd/' --print-summary \
	    --fail-under-line 85 build/cov

build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(LIB_HDR) $(SUB_HDR)
	@mkdir -p build/fuzz
	clang $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -o $@ $< $(LIB_SRC) $(LDLIBS)

# Each target runs FUZZ_TIME seconds and grows tests/fuzz/corpus/NAME, which
# make check replays.
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	    n=$${f##*/fuzz_}; mkdir -p tests/fuzz/corpus/$$n; \
	    echo "fuzz $$n for $(FUZZ_TIME)s"; \
	    $$f -max_total_time=$(FUZZ_TIME) -max_len=4096 -print_final_stats=1 \
	        tests/fuzz/corpus/$$n tests/fuzz/seeds/$$n || exit 1; \
	done

demo:
	scripts/setup
	$(MAKE) all
	scripts/demo

bench: all
	scripts/bench

# The INDICATORS section of pe-indicators(1), from the registry.
man: all
	scripts/man-indicators

# README's outputs, from its tour run now (scripts/readme-tour; make check
# compares them); review with git diff README.md.
readme: all
	scripts/readme-tour --update

# libpe.a's users link it with $(LDLIBS): -lcsv -ljansson -lsqlite3 -lm.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/include/pe $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(PROGS:%=$(BIN)/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(BUILD)/libpe.a $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(PUB_HDR) $(DESTDIR)$(PREFIX)/include/pe
	for m in $(MAN); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s; \
	done

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(PREFIX)/bin/%) $(DESTDIR)$(PREFIX)/lib/libpe.a
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/include/pe/,$(notdir $(PUB_HDR)))
	-rmdir $(DESTDIR)$(PREFIX)/include/pe 2>/dev/null
	for m in $(MAN); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(PREFIX)/share/man/man$$s/$${m##*/}; \
	done

clean:
	rm -rf build bin

.SECONDARY:
