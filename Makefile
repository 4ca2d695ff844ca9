# taizhang — one Makefile, one place for flags.
# Targets: all (build/taizhang), test, bench, fuzz, install, clean.
# SANITIZE=address,undefined builds everything (under build-san/) with sanitizers.

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

PKGS    := gsl cairo cairo-ft cairo-svg cairo-png fontconfig freetype2 nettle zlib
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
FINAL_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(SANFLAGS) \
                 -I. $(shell pkg-config --cflags $(PKGS)) -DTZ_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
FINAL_LDFLAGS := $(SANFLAGS) $(LDFLAGS)
FINAL_LIBS    := -lcsv -lhpdf $(shell pkg-config --libs $(PKGS)) -lpthread -lm $(LIBS)
TEST_LIBS     := $(shell pkg-config --libs cmocka)

# Every .c of the four stages and base/ is part of the program; pipeline/main.c holds main().
SRC     := $(sort $(wildcard base/*.c input/*.c pipeline/*.c rules/*.c output/*.c))
OBJ     := $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ  := $(filter-out $(BUILD)/pipeline/main.o,$(OBJ))
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))
TESTBIN := $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)

# The fault-test build: the same program with base/mem.c and output/outdir.c compiled
# with -DTZ_FAULT_INJECTION (TZ_FAIL_ALLOC=N, TZ_TEST_PAUSE_AT=point,
# TZ_TEST_NO_EXCHANGE=1). Used only by the fault cases; never installed.
FAULT_SRC := base/mem.c output/outdir.c
FAULT_OBJ := $(filter-out $(FAULT_SRC:%.c=$(BUILD)/%.o),$(OBJ)) $(FAULT_SRC:%.c=$(BUILD)/faults/%.o)

.PHONY: all test unit-test case-test bench fuzz install uninstall clean
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

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) $(FINAL_LDFLAGS) -o $@ $< $(LIBOBJ) $(FINAL_LIBS) $(TEST_LIBS)

# Unit tests (cmocka), then the end-to-end cases (tests/run-cases.sh).
test: unit-test case-test
unit-test: $(TESTBIN)
	@tests/run-unit.sh $(TESTBIN)
case-test: $(BUILD)/taizhang $(BUILD)/taizhang-faults
	@TZ_BIN=$(BUILD)/taizhang TZ_FAULT_BIN=$(abspath $(BUILD)/taizhang-faults) tests/run-cases.sh

bench: $(BUILD)/taizhang
	@BUILD=$(BUILD) tests/bench/run.sh

# make install PREFIX=/usr/local DESTDIR=/tmp/stage: the program, its man page, the default
# rules and the sample ledgers. Installing twice gives the same tree (no sample/sample).
SHAREDIR := $(DESTDIR)$(PREFIX)/share/taizhang
install: $(BUILD)/taizhang
	install -d $(DESTDIR)$(PREFIX)/bin $(SHAREDIR)/rules $(SHAREDIR)/sample \
	           $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 644 rules/default.rules $(SHAREDIR)/rules/default.rules
	install -m 644 docs/taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	cp -R input/sample/. $(SHAREDIR)/sample/
	chmod -R u=rwX,go=rX $(SHAREDIR)/sample

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/taizhang $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	rm -rf $(SHAREDIR)

clean:
	rm -rf build build-san

-include $(OBJ:.o=.d) $(TESTBIN:=.d) $(FAULT_SRC:%.c=$(BUILD)/faults/%.d)
