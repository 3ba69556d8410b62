/*
 * pe-scan-hooks.c: linked with pe-scan's own object into the test binary
 * $BUILD/tests/pe-scan-hooks (never installed).  It defines the hook
 * pe-scan calls before each file: PE_SCAN_TEST_SLEEP=NAME makes the
 * worker hang on the file of base name NAME, PE_SCAN_TEST_ABORT=NAME
 * makes it abort (SIGABRT, no core file).  tests/pe-scan.bats uses it
 * for timeouts and crashes; linked the same way with pe-backtest's object
 * into $BUILD/tests/pe-backtest-hooks, tests/hostile/interrupt.bats uses
 * it to interrupt both tools mid-run.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

void pe_scan_test_hook(void *ctx, const char *name);

void
pe_scan_test_hook(void *ctx, const char *name)
{
	struct rlimit no_core = { 0, 0 };
	const char *e;

	(void)ctx;
	if ((e = getenv("PE_SCAN_TEST_SLEEP")) != NULL && strcmp(e, name) == 0)
		for (;;)
			pause();
	if ((e = getenv("PE_SCAN_TEST_ABORT")) != NULL &&
	    strcmp(e, name) == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		abort();
	}
}
