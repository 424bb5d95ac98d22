/* test_devlinks.c: udev's escaping of labels in /dev/disk/by-* names,
 * checked against what udev 252 makes on Debian 12. */
#include "check.h"
#include "devlinks.h"

static void esc(const char *name, const char *in, const char *want)
{
	char out[64];
	int r = devlink_escape(out, sizeof(out), in);

	CHECK_STR(name, r < 0 ? "(overflow)" : out, want);
}

int main(void)
{
	char small[8];

	esc("escape-plain", "BATONROOT", "BATONROOT");
	esc("escape-space", "my disk", "my\\x20disk");
	esc("escape-slash", "a/b", "a\\x2fb");
	esc("escape-backslash", "a\\b", "a\\x5cb");
	esc("escape-allowed-punct", "#+-.:=@_", "#+-.:=@_");
	esc("escape-utf8-kept", "caf\xc3\xa9", "caf\xc3\xa9");
	esc("escape-stray-byte", "a\xff", "a\\xff");
	esc("escape-truncated-utf8", "a\xc3", "a\\xc3");
	esc("escape-overlong-utf8", "\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	esc("escape-quote-star", "x\"*", "x\\x22\\x2a");
	esc("escape-empty", "", "");
	CHECK_INT("escape-overflow", devlink_escape(small, sizeof(small), "a b c"), -1);
	CHECK_INT("escape-fits-exactly", devlink_escape(small, sizeof(small), "abcdefg"), 7);
	return CHECK_EXIT();
}
