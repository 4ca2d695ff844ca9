# taizhang — one Makefile, one place for flags.
# Targets: all (build/taizhang), test, bench, fuzz, install, clean.
# SANITIZE=address,undefined builds everything (under build-san/) with sanitizers.
# `make fuzz FUZZ_SECONDS=N` builds the libFuzzer harnesses tests/fuzz/fuzz_*.c with clang
# (under build-fuzz/) and runs each for N seconds; `make test` replays their corpora
# (tests/fuzz/corpus/NAME/) through tests/fuzz/replay.c with the normal compiler.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

ifdef SANITIZE
BUILD   ?= build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT     ?= -O1 -g
else
BUILD   ?= build
SANFLAGS :=
OPT     ?= -O2 -g
endif
# The fuzz build (make fuzz sets FUZZ=1 for itself): clang, libFuzzer, ASan and UBSan.
ifdef FUZZ
CC      := clang
BUILD   := build-fuzz
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
OPT     := -O1 -g
endif
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=

PKGS    := gsl cairo cairo-ft cairo-svg cairo-png fontconfig freetype2 nettle zlib xlsxwriter
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
FINAL_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(SANFLAGS) \
                 -I. $(shell pkg-config --cflags $(PKGS)) -DTZ_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
FINAL_LDFLAGS := $(SANFLAGS) $(LDFLAGS)
FINAL_LIBS    := -lcsv -lhpdf $(shell pkg-config --libs $(PKGS)) -lpthread -lm $(LIBS)
TEST_LIBS     := $(shell pkg-config --libs cmocka)

# Every .c of the stages, base/, samplegen/ and app/ is part of the program; app/main.c holds main().
SRC     := $(sort $(wildcard base/*.c input/*.c pipeline/*.c rules/*.c output/*.c samplegen/*.c app/*.c))
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ  := $(filter-out $(BUILD)/app/main.o,$(OBJ))
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))
TESTBIN := $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZNAMES := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
REPLAYBIN := $(FUZZNAMES:%=$(BUILD)/fuzz/replay_%)
FUZZBIN   := $(FUZZNAMES:%=$(BUILD)/fuzz/fuzz_%)

# The fault-test build: the same program with base/mem.c and output/outdir.c compiled
# with -DTZ_FAULT_INJECTION (TZ_FAIL_ALLOC=N, TZ_TEST_PAUSE_AT=point,
# TZ_TEST_NO_EXCHANGE=1). Used only by the fault cases; never installed.
FAULT_SRC := base/mem.c output/outdir.c
FAULT_OBJ := $(filter-out $(FAULT_SRC:%.c=$(BUILD)/%.o),$(OBJ)) $(FAULT_SRC:%.c=$(BUILD)/faults/%.o)

.PHONY: all test unit-test case-test fuzz-replay bench fuzz fuzz-run install uninstall clean
all: $(BUILD)/taizhang

$(BUILD)/taizhang: $(OBJ)
	$(CC) $(FINAL_LDFLAGS) -o $@ $(OBJ) $(FINAL_LIBS)

$(BUILD)/taizhang-faults: $(FAULT_OBJ)
	$(CC) $(FINAL_LDFLAGS) -o $@ $(FAULT_OBJ) $(FINAL_LIBS)

$(BUILD)/faults/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) -DTZ_FAULT_INJECTION -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) -c -o $@ $<

# The default rules are embedded with .incbin: rebuild when the file changes.
$(BUILD)/rules/rules_default.o: rules/default.rules
$(BUILD)/rules/skills.o: rules/skills.map

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< $(LIBOBJ) $(FINAL_LIBS) $(TEST_LIBS)

# Fuzz harnesses: replay drivers (normal compiler) and libFuzzer binaries (FUZZ=1).
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(FINAL_LIBS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBOBJ) $(FINAL_LIBS)

# Unit tests (cmocka), the end-to-end cases (tests/run-cases.sh), the fuzz corpora.
test: unit-test case-test fuzz-replay
unit-test: $(TESTBIN)
	@tests/run-unit.sh $(TESTBIN)
case-test: $(BUILD)/taizhang $(BUILD)/taizhang-faults
	@TZ_BIN=$(BUILD)/taizhang TZ_FAULT_BIN=$(abspath $(BUILD)/taizhang-faults) tests/run-cases.sh
fuzz-replay: $(REPLAYBIN)
	@for h in $(FUZZNAMES); do $(BUILD)/fuzz/replay_$$h tests/fuzz/corpus/$$h || exit 1; done

# Each harness in turn for FUZZ_SECONDS; new inputs go to build-fuzz/corpus/NAME, the
# committed seeds are read from tests/fuzz/corpus/NAME. A finding stops with its crash file.
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-run
fuzz-run: $(FUZZBIN)
	@for h in $(FUZZNAMES); do \
	    mkdir -p $(BUILD)/corpus/$$h $(BUILD)/crashes/$$h; \
	    dict=; [ ! -f tests/fuzz/$$h.dict ] || dict=-dict=tests/fuzz/$$h.dict; \
	    echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
	    $(BUILD)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $$dict $(FUZZ_FLAGS) \
	        -artifact_prefix=$(BUILD)/crashes/$$h/ $(BUILD)/corpus/$$h tests/fuzz/corpus/$$h \
	        || exit 1; \
	done

bench: $(BUILD)/taizhang
	@BUILD=$(BUILD) tests/bench/run.sh

# make install PREFIX=/usr/local DESTDIR=/tmp/stage: the program, its man page, the default
# rules, the sample ledgers and the documents (README.md and docs/*.md, which --help names).
# Installing twice gives the same tree (no sample/sample).
SHAREDIR := $(DESTDIR)$(PREFIX)/share/taizhang
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/taizhang
install: $(BUILD)/taizhang
	install -d $(DESTDIR)$(PREFIX)/bin $(SHAREDIR)/rules $(SHAREDIR)/sample \
	           $(DESTDIR)$(PREFIX)/share/man/man1 $(DOCDIR)
	install -m 644 README.md docs/*.md $(DOCDIR)/
	install -m 755 $(BUILD)/taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 644 rules/default.rules $(SHAREDIR)/rules/default.rules
	install -m 644 rules/skills.map $(SHAREDIR)/rules/skills.map
	install -m 644 docs/taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	cp -R input/sample/. $(SHAREDIR)/sample/
	chmod -R u=rwX,go=rX $(SHAREDIR)/sample

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/taizhang $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	rm -rf $(SHAREDIR) $(DOCDIR)

clean:
	rm -rf build build-san build-fuzz

-include $(OBJ:.o=.d) $(TESTBIN:=.d) $(FAULT_SRC:%.c=$(BUILD)/faults/%.d)
