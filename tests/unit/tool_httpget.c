/* tool_httpget.c: init/httpget.c on the host, for tests/unit/t-httpget.sh:
 *   tool_httpget URL SUFFIX OUT IDLE_MS
 * fetches URL+SUFFIX into OUT as root=live: does (connect within 2 s, each
 * read within IDLE_MS) and prints one line:
 *   BODY STATUS LENGTH GOT           the whole body written
 *   STATUS STATUS LENGTH             an answer other than 2xx (no body read)
 *   ERROR STEP-OR-WHY: ERRNO-NAME GOT
 * Exit 0 for BODY, 1 otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"

static const char *errname(int err)
{
	switch (-err) {
	case ECONNREFUSED: return "ECONNREFUSED";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ECONNRESET: return "ECONNRESET";
	case EIO: return "EIO";
	case EPROTO: return "EPROTO";
	case E2BIG: return "E2BIG";
	default: return strerror(-err);
	}
}

int main(int argc, char **argv)
{
	static struct http_conn c;
	struct http_url u;
	const char *step = NULL;
	unsigned long long got = 0;
	int err, out;

	if (argc != 5) {
		fprintf(stderr, "usage: tool_httpget URL SUFFIX OUT IDLE_MS\n");
		return 2;
	}
	if (http_url_parse(argv[1], &u, &step) < 0) {
		printf("ERROR %s: EINVAL 0\n", step);
		return 1;
	}
	err = http_get_open(&u, argv[2], 2000, atoi(argv[4]), &c, &step);
	if (err < 0) {
		printf("ERROR %s: %s 0\n", step, errname(err));
		return 1;
	}
	if (c.head.status != 200) {
		printf("STATUS %d %lld\n", c.head.status, c.head.length);
		return 1;
	}
	out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		return 2;
	err = http_get_body(&c, out, atoi(argv[4]), NULL, NULL, &got);
	http_close(&c);
	close(out);
	if (err < 0) {
		printf("ERROR body: %s %llu\n", errname(err), got);
		return 1;
	}
	printf("BODY %d %lld %llu\n", c.head.status, c.head.length, got);
	return 0;
}
