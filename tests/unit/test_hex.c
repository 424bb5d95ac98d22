/* test_hex.c: include/hex.h, the one hex digit decoder of /init and the
 * tools. One function per case, run from a table. */
#include <stdint.h>

#include "check.h"
#include "hex.h"

static void digits(void)
{
	static const char d[] = "0123456789abcdef";

	for (int i = 0; i < 16; i++) {
		char name[32];

		snprintf(name, sizeof(name), "hex/digit-%c", d[i]);
		CHECK_INT(name, hex_value(d[i]), i);
	}
}

static void upper_case(void)
{
	CHECK_INT("hex/upper-A", hex_value('A'), 10);
	CHECK_INT("hex/upper-F", hex_value('F'), 15);
}

/* The neighbours of each range, and bytes with the high bit set (negative
 * as a signed char, 0x80.. as uint8_t): none is a digit. */
static void not_digits(void)
{
	static const int bad[] = { '/', ':', '@', 'G', '`', 'g', 'x', ' ', '\0', -1, -48, 0x80, 0xff };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "hex/not-digit-%d", bad[i]);
		CHECK_INT(name, hex_value(bad[i]), -1);
	}
	CHECK_INT("hex/not-digit-signed-char", hex_value((char)0xb0), -1);
	CHECK_INT("hex/not-digit-uint8", hex_value((uint8_t)0xb0), -1);
}

static void bytes(void)
{
	CHECK_INT("hex/byte-00", hex_byte("00"), 0);
	CHECK_INT("hex/byte-ff", hex_byte("ff"), 255);
	CHECK_INT("hex/byte-A5", hex_byte("A5"), 0xa5);
	CHECK_INT("hex/byte-mixed", hex_byte("fE"), 0xfe);
	CHECK_INT("hex/byte-only-first-two", hex_byte("123"), 0x12);
}

static void bad_bytes(void)
{
	CHECK_INT("hex/byte-bad-high", hex_byte("g0"), -1);
	CHECK_INT("hex/byte-bad-low", hex_byte("0g"), -1);
	CHECK_INT("hex/byte-one-digit", hex_byte("7"), -1);
	CHECK_INT("hex/byte-empty", hex_byte(""), -1);
}

/* hex_byte stops at a non-digit first byte: the byte after is never read
 * (ASan would see this one-byte buffer overrun otherwise). */
static void stops_at_end(void)
{
	static const char end[1] = { '\0' };

	CHECK_INT("hex/byte-stops-at-nul", hex_byte(end), -1);
}

int main(void)
{
	static void (*const cases[])(void) = {
		digits, upper_case, not_digits, bytes, bad_bytes, stops_at_end,
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cases[i]();
	return CHECK_EXIT();
}
