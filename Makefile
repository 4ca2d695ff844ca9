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

.PHONY: all test unit-test case-test bench fuzz install clean
all: $(BUILD)/taizhang

$(BUILD)/taizhang: $(OBJ)
	$(CC) $(FINAL_LDFLAGS) -o $@ $(OBJ) $(FINAL_LIBS)

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
case-test: $(BUILD)/taizhang
	@TZ_BIN=$(BUILD)/taizhang tests/run-cases.sh

bench: $(BUILD)/taizhang
	@BUILD=$(BUILD) tests/bench/run.sh

install: $(BUILD)/taizhang
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taizhang/rules \
	           $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 644 rules/default.rules $(DESTDIR)$(PREFIX)/share/taizhang/rules/
	[ ! -f docs/taizhang.1 ] || install -m 644 docs/taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp -R input/sample $(DESTDIR)$(PREFIX)/share/taizhang/sample

clean:
	rm -rf build build-san

-include $(OBJ:.o=.d) $(TESTBIN:=.d)
