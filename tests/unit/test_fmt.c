/* test_fmt.c: the logger's formatter against the cases the log lines use. */
#include "check.h"
#include "log.h"

int main(void)
{
	char b[64];
	size_t n;

	fmt(b, sizeof(b), "%s=%d", "x", -42);
	CHECK_STR("fmt-signed", b, "x=-42");
	fmt(b, sizeof(b), "%u:%u", 8u, 1u);
	CHECK_STR("fmt-unsigned", b, "8:1");
	fmt(b, sizeof(b), "%lld %llu", -9000000000LL, 18446744073709551615ULL);
	CHECK_STR("fmt-longlong", b, "-9000000000 18446744073709551615");
	fmt(b, sizeof(b), "0x%lx %x", 0xef53ul, 255u);
	CHECK_STR("fmt-hex", b, "0xef53 ff");
	fmt(b, sizeof(b), "[%04d][%3u][%c]", 7, 5u, 'q');
	CHECK_STR("fmt-width", b, "[0007][  5][q]");
	/* Formats the compiler would reject: the logger must still cope. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	fmt(b, sizeof(b), "100%% %s", (char *)0);
	CHECK_STR("fmt-percent-null", b, "100% (null)");
	fmt(b, sizeof(b), "%d", -2147483647 - 1);
	CHECK_STR("fmt-int-min", b, "-2147483648");
	n = fmt(b, 6, "%s", "truncated");
	CHECK_STR("fmt-truncates", b, "trunc");
	CHECK_INT("fmt-truncated-length", n, 5);
	n = fmt(b, 1, "%s", "abc");
	CHECK_INT("fmt-size-one", n, 0);
	CHECK_STR("fmt-size-one-empty", b, "");
	fmt(b, sizeof(b), "%q%");
#pragma GCC diagnostic pop
	CHECK_STR("fmt-unknown-conversion", b, "%q%");
	/* Log lines: strings from disks cannot forge a line or drive the
	 * console; the format's own text is not touched. */
	fmt_escaped(b, sizeof(b), "PARTLABEL=\"%s\"\t", "a\nbaton: b\x1b[2J\\x");
	CHECK_STR("fmt-escaped-controls", b, "PARTLABEL=\"a\\x0abaton: b\\x1b[2J\\x5cx\"\t");
	fmt_escaped(b, sizeof(b), "%s|%c|%c", "\x7f\xc3\xa9", '\r', 'z');
	CHECK_STR("fmt-escaped-del-utf8-char", b, "\\x7f\xc3\xa9|\\x0d|z");
	fmt(b, sizeof(b), "%s", "a\nb\\");
	CHECK_STR("fmt-plain-unescaped", b, "a\nb\\");
	n = fmt_escaped(b, 5, "%s", "\n\n");
	CHECK_STR("fmt-escaped-truncates", b, "\\x0a");
	CHECK_INT("fmt-escaped-truncated-length", n, 4);
	return CHECK_EXIT();
}
