# SPDX-License-Identifier: GPL-2.0
#
# The two commands a user needs:
#   make apply   the series onto a fresh work tree (or LINUX=/your/tree)
#   make check   every check the series must pass; ends "N passed, N failed"
#
# Trees, downloads, build dirs, ccache and logs live in
# $${XDG_CACHE_HOME:-~/.cache}/linux-mm-series (WB_CACHE overrides it).

.PHONY: help tree apply export check baseline mail clean lint-tools

help:
	@echo 'make tree                fetch Debian linux-source-7.3 into the cache as a git tree'
	@echo 'make apply               fresh work tree + git am of the series (FORCE=1 drops unexported work)'
	@echo 'make apply LINUX=DIR     git am the series onto your own clean git tree'
	@echo 'make export              regenerate patches/ and series from the work tree commits'
	@echo 'make check               all stages: hygiene, checkpatch, builds, W=1/sparse, KUnit, coccicheck, QEMU selftests, mail'
	@echo 'make check STAGES="..."  only these stages (e.g. STAGES="kunit-um")'
	@echo 'make check COLD=1        all stages from an empty cache, as CI runs them (keeps the .deb and ccache)'
	@echo 'make mail                the series as mails for "b4 send", with your Signed-off-by: (refuses the placeholder identity)'
	@echo 'make baseline            record base-tree KUnit and selftest results in tools/baseline.json'
	@echo 'make lint-tools          pyflakes and the unit tests of the workbench tools'
	@echo 'make clean               drop work tree, build dirs and logs (keeps the download, base tree, ccache)'

tree:
	@tools/fetch-tree

apply:
	@tools/series apply $(if $(LINUX),--linux "$(LINUX)") $(if $(FORCE),--force)

export:
	@tools/series export

check:
	@tools/check $(if $(COLD),--cold) $(if $(STAGES),--only $(STAGES))

mail:
	@tools/series mail

baseline:
	@tools/check $(if $(COLD),--cold) --record-baseline

lint-tools:
	@tools/check --only tools

clean:
	@c="$${WB_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/linux-mm-series}"; \
	git -C "$$c/base/linux" worktree remove --force "$$c/work/linux" 2>/dev/null; \
	rm -rf "$$c/work" "$$c/build" "$$c/logs"; echo "cleaned $$c"
