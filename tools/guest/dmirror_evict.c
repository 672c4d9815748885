// SPDX-License-Identifier: GPL-2.0
/*
 * Device-private memory evicted while the process that maps it exits.
 *
 * test_hmm evicts all device memory whenever a dmirror file is closed
 * (migrate_device_range(): by PFN, without the mm of the pages' owner).
 * Each round: a holder puts enough memory on the device that the eviction
 * copies for seconds; a victim puts a page (or a 2 MiB THP) on the device;
 * an evictor opens and closes /dev/hmm_dmirror0; the victim is killed as
 * soon as its /proc/PID/pagemap shows that the eviction has replaced its
 * device-private entry with a migration entry, while the eviction still
 * copies.  On Linux 7.3 the eviction then walks the
 * victim's freed anon_vma (KASAN slab-use-after-free in rmap_walk_anon) or,
 * for the THP, the exit zaps the PMD migration entry as if it were the
 * device-private mapping and the evictor hits the refcount BUG in
 * __folio_migrate_mapping().
 *
 * A round fails when the kernel logs a KASAN, BUG or WARN report during it
 * (read from /dev/kmsg), or when the evictor does not finish.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include <lib/test_hmm_uapi.h>

#define DEVICE		"/dev/hmm_dmirror0"
#define SZ_2M		(2UL << 20)
#define EVICT_TIMEOUT	120	/* seconds an eviction may take */

/* /proc/PID/pagemap: a non-present entry, and its type (CAP_SYS_ADMIN) */
#define PM_SWAP		(1ULL << 62)
#define PM_SWAP_TYPE	0x1fULL
#define PM_FRAME	((1ULL << 55) - 1)

static long page_size;
static int rounds = 5;

/* Kernel log records that report a kernel bug, as tools/vmtest counts them. */
static bool is_report(const char *rec)
{
	static const char *const bad[] = {
		"BUG:", "kernel BUG at", "WARNING:", "Oops", "general protection",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (strstr(rec, bad[i]))
			return true;
	return false;
}

/* /dev/kmsg, positioned after the last record logged so far. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0)
		ksft_exit_fail_msg("/dev/kmsg: %s\n", strerror(errno));
	return fd;
}

/*
 * Reports among the records logged since kmsg_open(); closes @fd.  Also
 * counts the chunks of device memory test_hmm added meanwhile: a device
 * folio that outlived its process would make each round need more.
 */
static int kmsg_reports(int fd, int *chunks)
{
	char rec[8192];
	int n = 0;

	for (;;) {
		ssize_t len = read(fd, rec, sizeof(rec) - 1);

		if (len < 0 && errno == EPIPE)	/* records overwritten */
			continue;
		if (len <= 0)
			break;
		rec[len] = 0;
		n += is_report(rec);
		*chunks += !!strstr(rec, "added new");
	}
	close(fd);
	return n;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * In a child: map @size bytes of anonymous memory (THPs or small pages),
 * touch it, migrate it to the device, send the parent its address through
 * @ready and wait to be killed.
 */
static pid_t device_user(size_t size, bool thp, int ready)
{
	struct hmm_dmirror_cmd cmd = { 0 };
	pid_t pid = fork();
	char *map, *mirror, *p;
	int fd;

	if (pid)
		return pid;
	fd = open(DEVICE, O_RDWR);
	if (fd < 0)
		_exit(2);
	/* THPs need a 2 MiB aligned range. */
	map = mmap(NULL, size + SZ_2M, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		_exit(3);
	p = (char *)(((uintptr_t)map + SZ_2M - 1) & ~(SZ_2M - 1));
	if (madvise(p, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		_exit(4);
	for (size_t off = 0; off < size; off += page_size)
		p[off] = 1;
	/*
	 * The driver copies what it migrated to cmd.ptr: a buffer of its own,
	 * or the copy would fault the pages straight back from the device.
	 */
	mirror = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mirror == MAP_FAILED)
		_exit(3);
	cmd.addr = (uintptr_t)p;
	cmd.ptr = (uintptr_t)mirror;
	cmd.npages = size / page_size;
	if (ioctl(fd, HMM_DMIRROR_MIGRATE_TO_DEV, &cmd) ||
	    cmd.cpages != cmd.npages)
		_exit(5);
	if (write(ready, &p, sizeof(p)) != sizeof(p))
		_exit(6);
	for (;;)
		pause();
}

static char *wait_ready(int ready, pid_t pid, const char *who)
{
	char *addr;

	if (read(ready, &addr, sizeof(addr)) != sizeof(addr)) {
		int st = 0;

		waitpid(pid, &st, 0);
		ksft_exit_fail_msg("%s did not get its memory onto the device (exit %d)\n",
				   who, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	return addr;
}

static uint64_t pagemap_entry(int fd, char *addr)
{
	uint64_t e;
	off_t off = (uintptr_t)addr / page_size * sizeof(e);

	if (pread(fd, &e, sizeof(e), off) != sizeof(e))
		ksft_exit_fail_msg("pagemap: %s\n", strerror(errno));
	return e;
}

/*
 * Wait until the victim's entry at @addr is no longer the device-private
 * entry @dev: the eviction has unmapped it (a migration entry) or, if this
 * polling missed that, already mapped it back.  Returns the entry.
 */
static uint64_t wait_unmapped(int fd, char *addr, uint64_t dev)
{
	long end = now_ms() + EVICT_TIMEOUT * 1000L;
	uint64_t e;

	while ((e = pagemap_entry(fd, addr)) == dev && now_ms() < end)
		sleep_ms(1);
	return e;
}

/* Wait for @pid at most @secs seconds; false if it did not exit. */
static bool reap(pid_t pid, int secs)
{
	for (int i = 0; i < secs * 10; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return true;
		sleep_ms(100);
	}
	return false;
}

/*
 * One round; returns the number of new kernel report lines, or -1 when
 * the eviction did not finish.
 */
static int evict_round(size_t holder_size, bool holder_thp,
		       size_t victim_size, bool victim_thp, int *chunks,
		       long *kill_ms, long *evict_ms)
{
	int kmsg = kmsg_open();
	pid_t holder, victim, evictor;
	uint64_t dev, e;
	char path[64];
	int pipefd[2];
	char *addr;
	bool done;
	int pm;

	if (pipe(pipefd))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	holder = device_user(holder_size, holder_thp, pipefd[1]);
	wait_ready(pipefd[0], holder, "holder");
	victim = device_user(victim_size, victim_thp, pipefd[1]);
	addr = wait_ready(pipefd[0], victim, "victim");
	close(pipefd[0]);
	close(pipefd[1]);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", victim);
	pm = open(path, O_RDONLY);
	if (pm < 0)
		ksft_exit_fail_msg("%s: %s\n", path, strerror(errno));
	dev = pagemap_entry(pm, addr);
	if (!(dev & PM_SWAP) || !(dev & PM_FRAME))
		ksft_exit_fail_msg("pagemap entry %#llx: no device-private entry, or its type hidden (needs CAP_SYS_ADMIN)\n",
				   (unsigned long long)dev);

	*evict_ms = now_ms();
	fflush(stdout);
	evictor = fork();
	if (!evictor) {
		int fd = open(DEVICE, O_RDWR);
		long t0 = now_ms();

		/* The release evicts every chunk of the device. */
		if (fd < 0 || close(fd))
			_exit(1);
		ksft_print_msg("eviction took %ld ms\n", now_ms() - t0);
		fflush(stdout);
		_exit(0);
	}
	e = wait_unmapped(pm, addr, dev);
	kill(victim, SIGKILL);
	*kill_ms = now_ms() - *evict_ms;
	close(pm);
	if (!(e & PM_SWAP) || (e & PM_SWAP_TYPE) == (dev & PM_SWAP_TYPE))
		ksft_print_msg("victim killed after %ld ms, with its entry %#llx not under migration\n",
			       *kill_ms, (unsigned long long)e);
	waitpid(victim, NULL, 0);
	done = reap(evictor, EVICT_TIMEOUT);
	*evict_ms = now_ms() - *evict_ms;
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	/* Let RCU free what the round freed, so KASAN sees any late use. */
	sleep_ms(1000);
	if (!done) {
		close(kmsg);
		return -1;
	}
	return kmsg_reports(kmsg, chunks);
}

static void evict_case(const char *name, size_t holder_size, bool holder_thp,
		       size_t victim_size, bool victim_thp)
{
	int failed = 0;

	for (int r = 0; r < rounds; r++) {
		long kill_ms = 0, ms = 0;
		int chunks = 0;
		int n = evict_round(holder_size, holder_thp, victim_size,
				    victim_thp, &chunks, &kill_ms, &ms);

		if (n < 0) {
			ksft_print_msg("%s: round %d (victim killed after %ld ms): eviction did not finish in %d s\n",
				       name, r + 1, kill_ms, EVICT_TIMEOUT);
			ksft_test_result_fail("%s (%d of %d rounds before a hung eviction)\n",
					      name, failed + 1, r + 1);
			/* Locked device folios stay behind: stop here. */
			ksft_finished();
		}
		ksft_print_msg("%s: round %d (victim killed after %ld ms, evictor reaped after %ld ms): %d kernel report lines, %d device chunks added\n",
			       name, r + 1, kill_ms, ms, n, chunks);
		failed += n > 0;
	}
	ksft_test_result(!failed, "%s (%d of %d rounds with a kernel report)\n",
			 name, failed, rounds);
}

/* Usage: dmirror_evict [ROUNDS] (5 by default) */
int main(int argc, char **argv)
{
	int fd;

	if (argc > 1)
		rounds = atoi(argv[1]);
	if (rounds < 1)
		ksft_exit_fail_msg("usage: %s [ROUNDS]\n", argv[0]);
	page_size = sysconf(_SC_PAGESIZE);
	ksft_print_header();
	fd = open(DEVICE, O_RDWR);
	if (fd < 0)
		ksft_exit_skip("%s: %s (CONFIG_TEST_HMM)\n", DEVICE,
			       strerror(errno));
	close(fd);
	ksft_set_plan(2);

	/*
	 * 128 MiB of small pages: under TCG the eviction copies for seconds
	 * between unmapping the victim's page and mapping it back.
	 */
	evict_case("evict_exiting_page", 128UL << 20, false, page_size, false);
	/*
	 * The eviction goes chunk by chunk (256 MiB each): the victim's THP
	 * shares the holder's chunk, whose 32 THPs keep the eviction copying.
	 */
	evict_case("evict_exiting_thp", 64UL << 20, true, SZ_2M, true);
	ksft_finished();
}
