#!/usr/bin/env bash
# tests/unit/t-man.sh: every man page (man/*.[1-8]) passes mandoc -T lint
# (style level: any finding fails), and baton(7) names every command-line
# key the README's key table lists.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/unit/lib.sh
need_tools man mandoc
n=0
for page in man/*.[1-8]; do
	n=$((n + 1))
	if out=$(mandoc -T lint -W style "$page" 2>&1) && [ -z "$out" ]; then
		pass "man-lint/${page#man/}"
	else
		fail "man-lint/${page#man/}" "$(tr '\n' ' ' <<<"$out")"
	fi
done
[ "$n" -ge 5 ] || fail man-pages "only $n pages in man/ (baton.7, baton-mkinitramfs.8, baton-update-initramfs.8, baton-pack.1, baton-check.1)"
# Keys of the README's command-line table: `key=`, `key`, `rd.key=`.
missing=
for key in $(sed -n '/^## Kernel command line/,/^## /p' README.md | grep -o '^| `[a-z_.]*' | sed 's/^| `//' | sort -u); do
	case $key in MODULE*|'') continue ;; esac
	grep -qF "$key" man/baton.7 || missing+=" $key"
done
if [ -z "$missing" ]; then
	pass man-baton7-keys
else
	fail man-baton7-keys "baton(7) lacks keys the README documents:$missing"
fi
exit $((failed > 0))
