/* check.h: the unit tests' reporting: one "ok NAME" or "not ok NAME - why"
 * line per case, read by tests/run.sh. A case that fails says what it got. */
#ifndef BATON_CHECK_H
#define BATON_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed;

#define CHECK(name, cond, ...) do { \
	if (cond) { \
		printf("ok %s\n", (name)); \
	} else { \
		printf("not ok %s - ", (name)); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		check_failed++; \
	} \
} while (0)

static inline void check_str(const char *name, const char *got, const char *want)
{
	if (!got)
		got = "(null)";
	if (!want)
		want = "(null)";
	CHECK(name, strcmp(got, want) == 0, "got \"%s\", want \"%s\"", got, want);
}

#define CHECK_STR(name, got, want) check_str((name), (got), (want))

#define CHECK_INT(name, got, want) \
	CHECK(name, (long long)(got) == (long long)(want), "got %lld, want %lld", \
	      (long long)(got), (long long)(want))

#define CHECK_EXIT() (check_failed ? 1 : 0)

#endif
