#!/usr/bin/env bash
# tests/unit/t-man.sh: every man page (man/*.[1-8]) passes mandoc -T lint
# (style level: any finding fails), and baton(7) names every command-line
# key the README documents (every key table, any section).
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
[ "$n" -ge 6 ] || fail man-pages "only $n pages in man/ (baton.7, baton-mkinitramfs.8, baton-update-initramfs.8, baton-pack.1, baton-check.1, baton-mkdisk.1)"
# Every command-line key the README documents: the first word of each table
# row that starts with a key (`key=`, `key`, `rd.key=`: any section, so keys
# other features add are covered; the build table's `make` and the tools
# excepted) and every `rd.*` word in its text. baton(7) must name each as a
# whole word (a dash in the page is "\-").
missing=
keys=$( { grep '^| `[A-Za-z]' README.md | sed -E 's/^\| `([A-Za-z][A-Za-z0-9_.]*).*/\1/'
	  grep -o '`rd\.[a-z0-9_.]*[a-z0-9]' README.md | tr -d '`'; } | sort -u)
for key in $keys; do
	case $key in make|build|baton|baton-*|MODULE*) continue ;; esac
	re=$(printf '%s' "$key" | sed 's/\./\\./g; s/-/\\\\-/g')
	grep -qE "(^|[^A-Za-z0-9_.])$re([^A-Za-z0-9_]|$)" man/baton.7 || missing+=" $key"
done
if [ -z "$missing" ]; then
	pass man-baton7-keys
else
	fail man-baton7-keys "baton(7) lacks keys the README documents:$missing"
fi
exit $((failed > 0))
