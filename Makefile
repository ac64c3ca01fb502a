# icstat — build, test and evidence.  `make evidence` and `make test` are
# the two commands a user needs; both install missing packages first.

CC       ?= cc
OPT      ?= -O2 -g
SANFLAGS ?=
BUILD    ?= build
BIN      ?= bin
# CHOLMOD (libsuitesparse-dev) puts its headers in /usr/include/suitesparse on Debian.
CPPFLAGS += -Iinclude -I/usr/include/suitesparse -D_POSIX_C_SOURCE=200809L
CFLAGS   += -std=c11 $(OPT) $(SANFLAGS) -Wall -Wextra -Wpedantic -Werror
LDLIBS   += -lcholmod -lgsl -lgslcblas -lcsv -lm -pthread
TESTLIBS  = -lcmocka

ICSTAT    = $(BIN)/icstat
# analysis/ holds one folder per layer (analysis/README.md); objects keep
# the same folders under $(BUILD)/obj.
SRC       = $(wildcard analysis/*/*.c)
HDR       = $(wildcard include/icstat/*.h analysis/*/*.h)
LIB_SRC   = $(filter-out analysis/cli/main.c,$(SRC))
LIB_OBJ   = $(LIB_SRC:analysis/%.c=$(BUILD)/obj/%.o)
LIB       = $(BUILD)/libicstat.a
TEST_SRC  = $(wildcard tests/unit/test_*.c)
TEST_BIN  = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
RESULTS  ?= results
# What make synthetic and make evidence run as icstat: the binary, or a
# wrapper around it (make valgrind's).
RUN_ICSTAT ?= $(ICSTAT)

# make install: $(DESTDIR)$(PREFIX)/bin/icstat, share/man/man1/icstat.1 and
# share/icstat/icstat-style.gp (the gnuplot style of icstat's charts).
PREFIX   ?= /usr/local
INSTALL  ?= install
bindir     = $(PREFIX)/bin
datadir    = $(PREFIX)/share
man1dir    = $(datadir)/man/man1
pkgdatadir = $(datadir)/icstat

# cmark-gfm turns the evidence report into HTML (plots/report_html.sh);
# libsuitesparse-dev gives CHOLMOD, the sparse Cholesky factorisation of the
# mixed model with crossed random effects (analysis/model/clmm_sparse.c).
DEB_PACKAGES = libgsl-dev libcsv-dev libcmocka-dev libsuitesparse-dev gnuplot-nox cmark-gfm

.PHONY: all deps import-deps test check unit cli bad-input oom calibration recovery sanitize synthetic evidence gallery evidence-check bench bench-scale bench-crossed bench-speed clean man-check install-check valgrind valgrind-cli lint lint-cppcheck lint-tidy install uninstall fuzz fuzz-deps fuzz-build fuzz-replay
.DELETE_ON_ERROR:

all: $(ICSTAT)

$(BUILD)/obj/%.o: analysis/%.c $(HDR) | $(BUILD)/obj
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(ICSTAT): $(BUILD)/obj/cli/main.o $(LIB) | $(BIN)
	$(CC) $(CFLAGS) $(BUILD)/obj/cli/main.o $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test_util.h $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(TESTLIBS) $(LDLIBS) -o $@

$(BUILD)/obj $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/libfuzzer $(BIN):
	mkdir -p $@

# Installs what is missing with apt-get when it can (root, or sudo without
# a password); otherwise prints the command to run and stops.
deps:
	@missing=""; \
	for h in gsl/gsl_rng.h csv.h cmocka.h cholmod.h; do \
	  printf '#include <stddef.h>\n#include <stdarg.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <%s>\n' $$h \
	    | $(CC) -E -I/usr/include/suitesparse -x c - >/dev/null 2>&1 || missing="$$missing $$h"; \
	done; \
	command -v gnuplot >/dev/null 2>&1 || missing="$$missing gnuplot"; \
	command -v cmark-gfm >/dev/null 2>&1 || missing="$$missing cmark-gfm"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "deps: missing:$$missing"; \
	sh tests/apt_install.sh deps $(DEB_PACKAGES)

# The spreadsheet converter `icstat import ofsted` runs for .xlsx and .ods
# (ssconvert, Debian package gnumeric): installed on demand, not by
# `deps`: only a workbook needs it.  `make test` installs it so that the
# workbook tests run; `make evidence OFSTED_MI=FILE.xlsx` does too.
import-deps:
	@command -v ssconvert >/dev/null 2>&1 || sh tests/apt_install.sh import-deps gnumeric

test: deps import-deps
	$(MAKE) check
	@$(MAKE) --no-print-directory recovery
	@$(MAKE) --no-print-directory evidence-check

check: all $(TEST_BIN)
	@$(MAKE) --no-print-directory unit cli bad-input oom man-check install-check calibration fuzz-replay

# The out-of-memory test (tests/oom/run.sh): icstat linked with a countdown
# allocator (tests/oom/failalloc.c) that fails the Nth allocation made by
# icstat's own code; each of agree, fit, describe, import, chart, power and
# simulate (its ofsted_mi layout) must then say "out of memory", exit 2
# and leave no output (and, in make sanitize, no leak).
OOM_WRAP = malloc calloc realloc strdup strndup gsl_rng_alloc gsl_integration_fixed_alloc \
  gsl_spline_alloc gsl_interp_accel_alloc
OOM_BIN  = $(BUILD)/tests/icstat-failalloc

$(OOM_BIN): tests/oom/failalloc.c $(BUILD)/obj/cli/main.o $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(OOM_WRAP:%=-Wl,--wrap=%) $< $(BUILD)/obj/cli/main.o $(LIB) \
	  $(LDLIBS) -o $@

# The cases are independent: OOM_PARTS runs of the script, each with every
# OOM_PARTS-th case, side by side (a run under the sanitizers takes minutes).
OOM_PARTS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)
oom: $(OOM_BIN)
	@echo "== tests/oom/run.sh ($(OOM_PARTS) parts side by side)"; \
	  pids=; k=0; while [ $$k -lt $(OOM_PARTS) ]; do \
	    OOM_PARTS=$(OOM_PARTS) OOM_PART=$$k ICSTAT=$(OOM_BIN) sh tests/oom/run.sh \
	      >$(BUILD)/oom.$$k.log 2>&1 & pids="$$pids $$!"; k=$$((k + 1)); done; \
	  st=0; for p in $$pids; do wait $$p || st=1; done; \
	  k=0; while [ $$k -lt $(OOM_PARTS) ]; do cat $(BUILD)/oom.$$k.log; k=$$((k + 1)); done; \
	  exit $$st

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done

cli: $(ICSTAT)
	@ICSTAT=$(ICSTAT) sh tests/cli/run.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/options.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/help.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/formats.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/agree_inputs.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/agree_benchmark.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/agree_kalpha.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/agree_by.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/report_columns.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/hang.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/derive.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/fit_crossed.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/fit_tests.sh
	@ICSTAT=$(ICSTAT) sh tests/chart/run.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/outputs.sh
	@ICSTAT=$(ICSTAT) sh tests/cli/import_eras.sh
	@ICSTAT=$(ICSTAT) sh tests/chart/inject.sh

# Hostile input (tests/bad-input/run.sh): files as they are scraped, typed
# and exported from spreadsheets, through every command that reads one.
bad-input: $(ICSTAT)
	@echo "== tests/bad-input/run.sh"; ICSTAT=$(ICSTAT) sh tests/bad-input/run.sh

# The manual page has every option of every command's --help, icstat's
# version, and formats without warnings.
man-check: $(ICSTAT)
	@echo "== tests/man/run.sh"; ICSTAT=$(ICSTAT) sh tests/man/run.sh doc/icstat.1

# make install and make uninstall into a temporary DESTDIR with PREFIX=/usr.
install-check: $(ICSTAT)
	@echo "== tests/install/run.sh"; MAKE="$(MAKE)" ICSTAT=$(ICSTAT) sh tests/install/run.sh

# The synthetic data set reproduces the published figures it was
# calibrated to (datasets/synthetic/bokhove_primary.spec).
calibration: $(ICSTAT)
	@echo "== tests/synthetic/check_bokhove.sh"; sh tests/synthetic/check_bokhove.sh $(ICSTAT) $(BUILD)/synthetic

# Parameter recovery of the mixed model: 1,000 simulated data sets, 95%
# intervals must cover the truth 93-97% of the time (about 20 s); and of
# the model with crossed inspector and school effects: 300 data sets,
# coverage of the betas and of the two sds 92-98%, each sd's mean within
# 0.05 of the truth (about 15 s).  And of `agree --se unconditional`: 2,000
# data sets of units and raters drawn from a pool with rater effects, each
# coefficient's unconditional interval covering 93-97% (conditional ones
# under 90%; about 3 s).  And of the ICC from every rating on unbalanced
# crossed ratings: 1,000 data sets, every form's 95% interval covering
# 93-97% (about 2 s; 10 s in the sanitizer build).  And of the paired
# difference of two sets of raters' agreement (agree --paired): 2,000 data
# sets, coverage of each coefficient's 95% interval 93-97% (about 1 s; 3 s
# with sanitizers).
RECOVERY_REPS ?= 1000
CROSSED_REPS ?= 300
UNCOND_REPS ?= 2000
ICC_REPS ?= 1000
PAIRED_REPS ?= 2000
recovery: $(BUILD)/tests/clm_recovery $(BUILD)/tests/clm_crossed_recovery \
	  $(BUILD)/tests/agree_uncond_recovery $(BUILD)/tests/icc_reml_recovery \
	  $(BUILD)/tests/agree_paired_recovery
	@echo "== $(BUILD)/tests/clm_recovery"; $(BUILD)/tests/clm_recovery $(RECOVERY_REPS)
	@echo "== $(BUILD)/tests/clm_crossed_recovery"; \
	  $(BUILD)/tests/clm_crossed_recovery $(CROSSED_REPS)
	@echo "== $(BUILD)/tests/agree_uncond_recovery"; \
	  $(BUILD)/tests/agree_uncond_recovery $(UNCOND_REPS)
	@echo "== $(BUILD)/tests/icc_reml_recovery"; $(BUILD)/tests/icc_reml_recovery $(ICC_REPS)
	@echo "== $(BUILD)/tests/agree_paired_recovery"; \
	  $(BUILD)/tests/agree_paired_recovery $(PAIRED_REPS)

$(BUILD)/tests/icc_reml_recovery: tests/recovery/icc_reml_recovery.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/clm_recovery: tests/recovery/clm_recovery.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/clm_crossed_recovery: tests/recovery/clm_crossed_recovery.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/agree_uncond_recovery: tests/recovery/agree_uncond_recovery.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/agree_paired_recovery: tests/recovery/agree_paired_recovery.c $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $< $(LIB) $(LDLIBS) -o $@

# AddressSanitizer + UndefinedBehaviorSanitizer over the whole suite, in a
# build tree of its own: everything make test runs.  gcc leaves
# float-cast-overflow out of "undefined" (clang, as in make fuzz, has it): a
# double too large for its integer type.
SAN = BUILD=build-san BIN=build-san/bin OPT="-O1 -g" \
  SANFLAGS="-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all"
sanitize: deps
	$(MAKE) check $(SAN)
	@$(MAKE) --no-print-directory recovery $(SAN)
	@$(MAKE) --no-print-directory evidence-check $(SAN)

# Fuzzing (tests/fuzz/, one libFuzzer target per file).  fuzz-replay (part
# of check, so of sanitize too) builds each target with the normal compiler
# and replay.c and runs it over its seed corpus and its regressions, in a
# second or two.  `make fuzz` builds them with clang's libFuzzer, ASan and
# UBSan in $(FUZZ_DIR) and runs each for FUZZ_SECONDS (tests/fuzz/run.sh:
# new inputs and crash files stay under $(FUZZ_DIR), nothing is committed);
# it fails when a target crashes, leaks, times out or runs out of memory.
FUZZ_ALL      = fuzz_table fuzz_agree fuzz_fit_options fuzz_import_ofsted fuzz_sim_spec \
  fuzz_sim_ofsted_spec
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     ?= build/fuzz-clang
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_DEB      = clang libclang-rt-14-dev
FUZZ_HDR      = tests/fuzz/fuzz.h $(HDR)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(FUZZ_HDR) $(LIB) | $(BUILD)/fuzz
	$(CC) $(CPPFLAGS) $(CFLAGS) $< tests/fuzz/replay.c $(LIB) $(LDLIBS) -o $@

fuzz-replay: $(FUZZ_ALL:%=$(BUILD)/fuzz/%)
	@echo "== fuzz-replay (tests/fuzz/corpus, tests/fuzz/regressions)"
	@set -e; for t in $(FUZZ_ALL); do \
	  dirs=; for d in tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t; do \
	    if [ -d $$d ]; then dirs="$$dirs $$d"; fi; done; \
	  $(BUILD)/fuzz/$$t $$dirs; \
	done

# The libFuzzer binaries (run by `make fuzz` with BUILD=$(FUZZ_DIR) CC=clang).
$(BUILD)/libfuzzer/%: tests/fuzz/%.c $(FUZZ_HDR) $(LIB) | $(BUILD)/libfuzzer
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $< $(LIB) $(LDLIBS) -o $@

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/libfuzzer/%)

fuzz: deps fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build BUILD=$(FUZZ_DIR) BIN=$(FUZZ_DIR)/bin CC=$(FUZZ_CC) \
	  OPT="-O1 -g" SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)"
	@sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# clang with libFuzzer (Debian: clang, libclang-rt-14-dev), installed as
# `deps` installs the rest when it can.
fuzz-deps:
	@if printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	    | $(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1; then exit 0; fi; \
	echo "fuzz-deps: $(FUZZ_CC) cannot build a libFuzzer target"; \
	sh tests/apt_install.sh fuzz-deps $(FUZZ_DEB)

# Synthetic data from every spec in datasets/synthetic/ (never committed:
# generated here, same bytes every time).  An inspector-model spec gives
# inspections, the inspectors with their true effects, the double
# inspections and the effects it draws with (--truth); a spec whose first
# key is `layout = ofsted_mi` gives one file in Ofsted's
# management-information layout (Windows-1252, title row), and takes none
# of --inspectors-out, --double and --truth.
SYNTH_SPECS = $(wildcard datasets/synthetic/*.spec)
SYNTH_MI    = $(shell grep -l '^layout *= *ofsted_mi' $(SYNTH_SPECS) /dev/null)
SYNTH_INSP  = $(filter-out $(SYNTH_MI),$(SYNTH_SPECS))
SYNTH_DATA  = $(SYNTH_SPECS:datasets/synthetic/%.spec=$(RESULTS)/synthetic/%.csv)
synthetic: $(SYNTH_DATA)

$(SYNTH_INSP:datasets/synthetic/%.spec=$(RESULTS)/synthetic/%.csv): $(RESULTS)/synthetic/%.csv: \
  datasets/synthetic/%.spec $(ICSTAT)
	@mkdir -p $(@D)
	$(RUN_ICSTAT) simulate --spec $< -o $@ --inspectors-out $(@:.csv=_inspectors.csv) \
	  --double $(@:.csv=_double.csv) --truth $(@:.csv=_truth.csv)

$(SYNTH_MI:datasets/synthetic/%.spec=$(RESULTS)/synthetic/%.csv): $(RESULTS)/synthetic/%.csv: \
  datasets/synthetic/%.spec $(ICSTAT)
	@mkdir -p $(@D)
	$(RUN_ICSTAT) simulate --spec $< -o $@

# The study on the bundled data: every table under $(RESULTS)/, the charts
# in $(RESULTS)/charts/ (when icstat has `icstat chart`), and the report,
# $(RESULTS)/REPORT.md, REPORT.html and (with Chromium) REPORT.pdf.
# `make evidence OFSTED_MI=FILE`
# runs chapter 9 on FILE, a file of Ofsted's published inspection outcomes,
# in place of the SYNTHETIC one.  The name reaches plots/evidence.sh in the
# environment exactly as given: make neither expands a $ in it nor puts it
# in a command line.
ifdef OFSTED_MI
override OFSTED_MI := $(value OFSTED_MI)
export OFSTED_MI
endif
# `make evidence STYLE=my.gp`: a gnuplot style file of the user's, loaded by
# every chart's script after its own variables (icstat chart --style); it
# reaches plots/evidence.sh as OFSTED_MI does, and is never written.  A
# chart's .gp edited by hand is kept too (icstat chart draws from it).
ifdef STYLE
override STYLE := $(value STYLE)
export STYLE
endif
evidence: deps all synthetic
	@case "$${OFSTED_MI:-}" in *.[xX][lL][sS][xX]|*.[oO][dD][sS]) \
	  $(MAKE) --no-print-directory import-deps ;; esac
	@ICSTAT=$(RUN_ICSTAT) RESULTS=$(RESULTS) sh plots/evidence.sh

# The README's gallery: four of the evidence charts, copied to plots/gallery/
# (committed, so the README shows them; everything else stays in results/).
GALLERY = 01-grades-by-gender 04-inspector-effects 05-agreement 08-power
gallery: evidence
	@mkdir -p plots/gallery
	@for c in $(GALLERY); do cp $(RESULTS)/charts/$$c.png plots/gallery/$$c.png; done
	@echo "gallery: plots/gallery/ ($(GALLERY))"

# make evidence twice from nothing (in $(BUILD)/evidence, not results/): the
# same bytes both times; then the HTML report in headless Chromium (skipped,
# with a message, when Chromium is not installed; not one of the deps).
# Then chapter 9 on files given as OFSTED_MI (tests/report/study.sh): a
# missing one, a hostile name, and Ofsted's real file in ../shared/ofsted-real/
# when it is there (skipped with a message when not).  First, in a second,
# the report's template filling and HTML page on hostile labels
# (tests/report/html.sh: data stays text).
evidence-check: all
	@sh tests/need.sh cmark-gfm:cmark-gfm
	@echo "== tests/report/html.sh"
	@sh tests/report/html.sh
	@echo "== tests/report/pdf.sh"
	@sh tests/report/pdf.sh
	@echo "== tests/report/check_evidence.sh"
	@MAKE="$(MAKE)" ICSTAT=$(ICSTAT) sh tests/report/check_evidence.sh $(BUILD)/evidence
	@echo "== tests/report/study.sh"
	@MAKE="$(MAKE)" ICSTAT=$(ICSTAT) sh tests/report/study.sh $(BUILD)/evidence $(BUILD)/study

# make evidence with every icstat command under valgrind (memcheck errors,
# definite and indirect leaks; not gnuplot), in $(BUILD)/valgrind/evidence/:
# fails on any report.  POWER_REPS sets the power simulations' replicates
# (default $(VALGRIND_POWER_REPS) here, 2000 in make evidence).
# make valgrind-cli: the same for tests/cli and tests/chart (every error
# path).  Both install valgrind with apt-get when it is missing.
VALGRIND_POWER_REPS ?= 2000
valgrind: all
	@sh tests/need.sh valgrind:valgrind
	@echo "== tests/valgrind/run.sh evidence"; MAKE="$(MAKE)" ICSTAT=$(ICSTAT) \
	  POWER_REPS=$${POWER_REPS:-$(VALGRIND_POWER_REPS)} sh tests/valgrind/run.sh evidence

valgrind-cli: all
	@sh tests/need.sh valgrind:valgrind
	@echo "== tests/valgrind/run.sh cli"; ICSTAT=$(ICSTAT) sh tests/valgrind/run.sh cli

# Static analysis of analysis/ and include/ (the headers through the
# sources that include them) with the checked-in configuration: cppcheck
# (.cppcheck-suppressions) and clang-tidy (.clang-tidy); any finding fails.
# Installs cppcheck and clang-tidy with apt-get when they are missing.
# clang-tidy runs per file, in parallel, and again only for what changed.
CPPCHECK   ?= cppcheck
CLANG_TIDY ?= clang-tidy
CPPCHECK_FLAGS = --std=c11 --enable=warning,style,performance,portability --library=posix \
  --inline-suppr --suppressions-list=.cppcheck-suppressions --error-exitcode=1 --quiet \
  --template='{file}:{line}: {severity} ({id}): {message}'
LINT_TIDY = $(patsubst analysis/%.c,$(BUILD)/lint/%.tidy,$(SRC))
lint:
	@sh tests/lint/layers.sh
	@sh tests/need.sh cppcheck:cppcheck clang-tidy:clang-tidy
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) lint-cppcheck lint-tidy
	@echo "lint: cppcheck and clang-tidy: no findings"

lint-cppcheck: | $(BUILD)/lint
	@echo "== cppcheck analysis include"
	@$(CPPCHECK) $(CPPFLAGS) $(CPPCHECK_FLAGS) --cppcheck-build-dir=$(BUILD)/lint analysis include

lint-tidy: $(LINT_TIDY)

# clang's own "N warnings generated" (system headers) is left out.
$(BUILD)/lint/%.tidy: analysis/%.c .clang-tidy $(HDR) | $(BUILD)/lint
	@mkdir -p $(@D)
	@echo "== clang-tidy $<"
	@$(CLANG_TIDY) --quiet $< -- $(CPPFLAGS) -std=c11 >$@.log 2>&1 || \
	  { grep -v 'warnings\? generated\.$$' $@.log; exit 1; }
	@touch $@

$(BUILD)/lint:
	mkdir -p $@

bench: deps all
	@ICSTAT=$(ICSTAT) sh tests/bench/run.sh $(ARGS)

# Reading and fitting 1,000,000 inspections by 20,000 inspectors (and a
# quarter and a half of that): wall time, cpu and peak memory from
# /usr/bin/time -v, per row, so a step that grows faster than the data
# shows.  Several minutes; not part of make test.
bench-scale: deps all
	@ICSTAT=$(ICSTAT) sh tests/bench/scale.sh $(SIZES)

# Crossed inspector and school effects (--group inspector,urn): 35,751
# inspections of 20,000 schools (target < 5 s), 250,000 and 1,000,000 rows
# (target < 2 minutes, memory per row), and R's clmm on 3,000 rows for the
# ratio (tests/bench/crossed.sh; ARGS=--quick for the first and R only).
# Several minutes; not part of make test.
bench-crossed: deps all
	@ICSTAT=$(ICSTAT) sh tests/bench/crossed.sh $(ARGS)

# The mixed model's speed at 35,751 and 1,000,000 inspections (issue 16):
# wall and cpu time, iterations, and R's clmm on 3,000 rows for the ratio.
# About a minute without R, a few more with it; not part of make test.
bench-speed: deps all
	@ICSTAT=$(ICSTAT) sh tests/bench/speed.sh $(SIZES)

# The man page names the style file where this PREFIX puts it.
install: all
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) $(DESTDIR)$(pkgdatadir)
	$(INSTALL) -m 755 $(ICSTAT) $(DESTDIR)$(bindir)/icstat
	@mkdir -p $(BUILD)
	sed 's|/usr/local/share/icstat|$(pkgdatadir)|g' doc/icstat.1 >$(BUILD)/icstat.1
	$(INSTALL) -m 644 $(BUILD)/icstat.1 $(DESTDIR)$(man1dir)/icstat.1
	$(INSTALL) -m 644 plots/icstat-style.gp $(DESTDIR)$(pkgdatadir)/icstat-style.gp

# Exactly what install put there: the three files and share/icstat/ (the
# shared directories bin/ and share/man/man1/ stay).
uninstall:
	rm -f $(DESTDIR)$(bindir)/icstat $(DESTDIR)$(man1dir)/icstat.1 \
	  $(DESTDIR)$(pkgdatadir)/icstat-style.gp
	@[ ! -d $(DESTDIR)$(pkgdatadir) ] || rmdir $(DESTDIR)$(pkgdatadir) 2>/dev/null || \
	  echo "uninstall: kept $(DESTDIR)$(pkgdatadir): it holds files icstat did not install"

clean:
	rm -rf build build-san bin $(RESULTS)
