#!/usr/bin/env bash
# bench/run.sh (make bench): baton against its peers, same kernel, same disk,
# same run. See the "Benchmark" section of README.md for what and why.
#   BENCH_ROUNDS=N   boots per configuration (default 5), round-robin
#   BENCH_SMOKE=1    one round of two configurations (baton and tiny-initramfs
#                    on the generic kernel) and a 10k-file cleanup run; writes
#                    build/bench only, never bench/results
#   BENCH_REBUILD=1  rebuild the peers' images even if their inputs did not change
#   BENCH_TIMEOUT=S  bound of every boot (default 60 s, 90 for initramfs-tools,
#                    150 for dracut)
#   BENCH_FLOOR=1    only the floor comparison: baton (both images), the
#                    floor and tiny-initramfs on the generic kernel, no
#                    cleanup run, no cloud kernel or dracut fetched; writes
#                    build/bench only (a few minutes with BENCH_ROUNDS=3)
# Every qemu runs under `timeout` and is killed by its pid file on exit or
# interrupt (tests/qemu/lib.sh); the image builds and the cleanup benchmark
# run in a process group of their own that is killed likewise (bench_run),
# and the cleanup benchmark's namespaces die with their processes.
# Output: build/bench/ (bench.csv: medians and ratios; runs.csv: every boot;
# table.md, goals.md, baton-phases.{csv,md}, cleanup{,-runs}.csv, cleanup.md,
# meta.txt: date, machine, versions; bench.svg/.png; logs/: serial consoles);
# a full run copies all but the logs into bench/results/.
set -u
cd "$(dirname "$0")/.." || exit 2

ROUNDS=${BENCH_ROUNDS:-5}
SMOKE=${BENCH_SMOKE:-}
FLOOR_ONLY=${BENCH_FLOOR:-}
[ "$SMOKE" = 1 ] && ROUNDS=1
PARTIAL=$([ "$SMOKE" = 1 ] || [ "$FLOOR_ONLY" = 1 ] && echo 1)	# no bench/results
case $ROUNDS in ''|*[!0-9]*|0) echo "bench: BENCH_ROUNDS must be a positive number" >&2; exit 2 ;; esac
OUT=build/bench
mkdir -p "$OUT"
T_START=$SECONDS

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
say() { printf '# %s\n' "$*"; }

# -- 1. what the bench needs ---------------------------------------------------------
say "setup (bench/setup.sh; output in $OUT/setup.log)"
BENCH_GENERIC_ONLY=$FLOOR_ONLY bench/setup.sh >"$OUT/setup.out" 2>"$OUT/setup.log" || { tail -n 20 "$OUT/setup.log" >&2; die "bench/setup.sh failed"; }
KDIR=$(sed -n 's/^KDIR=//p' "$OUT/setup.out")
CLOUD_KDIR=$(sed -n 's/^CLOUD_KDIR=//p' "$OUT/setup.out")
DRACUT_DIR=$(sed -n 's/^DRACUT_DIR=//p' "$OUT/setup.out")
export KDIR CLOUD_KDIR DRACUT_DIR
export BATON_KDIR=$KDIR		# tests/qemu/lib.sh's kernel: the generic one
. bench/lib.sh		# tests/qemu/lib.sh + the bench's additions; owns the exit trap

# -- 2. baton: /init, the real root's init, the images --------------------------------
say "building baton (make image; cloud variant from bench/modules-cloud.list)"
make -s KDIR="$KDIR" build/init build/baton-pack build/testinit image >"$OUT/make.log" 2>&1 ||
	{ tail -n 20 "$OUT/make.log" >&2; die "make image failed (see $OUT/make.log)"; }
mkdir -p "$OUT/img/generic" "$OUT/img/cloud" "$OUT/mods"
cp build/initramfs.cpio.gz "$OUT/img/generic/baton.img"
cp build/initramfs.cpio "$OUT/img/generic/baton.cpio"
# the realistic image a user makes: more modules to choose from
tools/baton-mkinitramfs -k "$KDIR/root/lib/modules/$(cat "$KDIR/version")" -i build/init -p virtio -m ext4 \
	-o "$OUT/img/generic/baton-virtio.img" 2>>"$OUT/make.log" || die "baton-mkinitramfs -p virtio -m ext4 failed"
if [ -n "$CLOUD_KDIR" ]; then
	tools/modules-spec.sh "$CLOUD_KDIR" bench/modules-cloud.list "$OUT/mods/baton-cloud" \
		>"$OUT/mods/baton-cloud.spec" 2>>"$OUT/make.log" || die "tools/modules-spec.sh for the cloud kernel failed"
	BUILD=$(pwd)/build build/baton-pack -o "$OUT/img/cloud/baton.cpio" rootfs-spec/default.spec \
		"$OUT/mods/baton-cloud.spec" 2>>"$OUT/make.log" || die "baton-pack of the cloud image failed"
	gzip -9nc "$OUT/img/cloud/baton.cpio" >"$OUT/img/cloud/baton.img"
	# and with no modules at all, for the disk on NVMe (built into the cloud
	# kernel): the same device as the no-initramfs floor
	BUILD=$(pwd)/build build/baton-pack -o "$OUT/img/cloud/baton-nvme.cpio" rootfs-spec/default.spec \
		2>>"$OUT/make.log" || die "baton-pack of the module-less image failed"
	gzip -9nc "$OUT/img/cloud/baton-nvme.cpio" >"$OUT/img/cloud/baton-nvme.img"
fi

# -- 3. the configurations ---------------------------------------------------------------
PEERS=(baton tiny klibc busybox itools-list itools-most dracut)
CONFIGS=()
if [ "$SMOKE" = 1 ]; then
	CONFIGS=(generic:baton generic:tiny)
elif [ "$FLOOR_ONLY" = 1 ]; then
	CONFIGS=(generic:baton generic:baton-virtio generic:floor generic:tiny)
else
	for p in "${PEERS[@]}"; do CONFIGS+=("generic:$p"); done
	CONFIGS+=(generic:baton-virtio generic:floor)
	for p in "${PEERS[@]}"; do CONFIGS+=("cloud:$p"); done
	CONFIGS+=(cloud:baton-nvme cloud:none)
fi
want=()
for c in "${CONFIGS[@]}"; do
	case ${c#*:} in baton|baton-virtio|baton-nvme|none) ;; *) want+=("$c") ;; esac
done
if [ ${#want[@]} -gt 0 ]; then
	say "peers' images (bench/peers.sh; cached in $OUT/img, log $OUT/peers.log)"
	bench_run bench/peers.sh "${want[@]}" 2>"$OUT/peers.log" || { tail -n 30 "$OUT/peers.log" >&2; die "building the peers' images failed"; }
fi

need_kernel
need_tools
KVER_GENERIC=$KVER
K_GENERIC=$KERNEL
KVER_CLOUD= K_CLOUD=
if [ -n "$CLOUD_KDIR" ]; then
	KVER_CLOUD=$(cat "$CLOUD_KDIR/version")
	K_CLOUD=$CLOUD_KDIR/root/boot/vmlinuz-$KVER_CLOUD
	[ -r "$K_CLOUD" ] || die "no cloud kernel at $K_CLOUD"
fi

DISK=$OUT/root.img
bench_root_disk "$DISK" || die "cannot make the root disk $DISK"

cfg_append() { # KIND PEER: the kernel command line after "console=ttyS0 panic=-1"
	case $2 in
	none) echo "root=PARTUUID=$ROOT_PARTUUID rw rootwait" ;;
	klibc) echo "root=/dev/vda1 rw" ;;		# klibc has no blkid
	*) echo "root=UUID=$BENCH_UUID rw" ;;
	esac
}
cfg_timeout() { # a loaded machine may need more: BENCH_TIMEOUT=S for every boot
	[ -n "${BENCH_TIMEOUT:-}" ] && { echo "$BENCH_TIMEOUT"; return; }
	case $2 in dracut) echo 150 ;; itools-*) echo 90 ;; *) echo 60 ;; esac
}
cfg_label() { # PEER
	case $1 in
	baton) echo "baton" ;; tiny) echo "tiny-initramfs" ;; klibc) echo "klibc script" ;;
	busybox) echo "busybox script" ;; itools-list) echo "initramfs-tools list" ;;
	itools-most) echo "initramfs-tools most" ;; dracut) echo "dracut (systemd)" ;;
	baton-nvme) echo "baton, nvme, no modules" ;;
	baton-virtio) echo "baton, mkinitramfs -p virtio -m ext4" ;;
	floor) echo "floor (all-knowing /init)" ;;
	none) echo "no initramfs (nvme)" ;; *) echo "$1" ;;
	esac
}

# -- 4. image figures ------------------------------------------------------------------------
declare -A ISTAT=()
for c in "${CONFIGS[@]}"; do
	kind=${c%%:*} peer=${c#*:}
	if [ "$peer" = none ]; then
		ISTAT[$c]="0 0 0 0 -"
	else
		ISTAT[$c]=$(image_stats "$OUT/img/$kind/$peer.img")
	fi
done

# -- 5. the boots, round-robin ---------------------------------------------------------------
RUNS=$OUT/runs.csv
echo "round,kernel,config,reached,rc,uptime_s,run_init_s,initramfs_s,wall_s,log" >"$RUNS"
n_cfg=${#CONFIGS[@]}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$QEMU_LOGDIR"/qemu-*.log "$QEMU_LOGDIR"/qemu-*.stderr "$OUT/qemu.log"	# this run's logs only
say "booting ${n_cfg} configurations x $ROUNDS rounds (logs in $QEMU_LOGDIR)"
for ((r = 1; r <= ROUNDS; r++)); do
	for c in "${CONFIGS[@]}"; do
		kind=${c%%:*} peer=${c#*:}
		case $kind in generic) KERNEL=$K_GENERIC ;; cloud) KERNEL=$K_CLOUD ;; esac
		name=$kind-$peer-r$r
		if [ "$peer" = baton-nvme ]; then
			QEMU_EXTRA=(-drive "if=none,id=d0,file=${DISK//,/,,},format=raw,snapshot=on" -device nvme,serial=bench0,drive=d0)
			qemu_boot "$name" "$(cfg_timeout "$kind" "$peer")" "$OUT/img/$kind/$peer.img" none \
				"$(cfg_append "$kind" "$peer")" >>"$OUT/qemu.log"
			QEMU_EXTRA=()
		elif [ "$peer" = none ]; then
			bench_boot_noinitrd "$name" "$(cfg_timeout "$kind" "$peer")" "$DISK" "$(cfg_append "$kind" "$peer")" >>"$OUT/qemu.log"
		else
			qemu_boot "$name" "$(cfg_timeout "$kind" "$peer")" "$OUT/img/$kind/$peer.img" "$DISK" \
				"$(cfg_append "$kind" "$peer")" >>"$OUT/qemu.log"
		fi
		run_times "$QEMU_LOG"
		reached=0
		case $peer in
		none) rootdev=root ;;		# the kernel calls its own mount /dev/root
		baton-nvme) rootdev=nvme0n1p1 ;;
		*) rootdev=vda1 ;;
		esac
		_log_text "$QEMU_LOG" | grep -Eq "^ROOTINFO /dev/$rootdev / ext4 " && [ -n "$T_REAL" ] && reached=1
		echo "$r,$kind,$peer,$reached,$QEMU_RC,${T_REAL:-},${T_RUN_INIT:-},${T_INITRAMFS:-},$QEMU_SECS,$QEMU_LOG" >>"$RUNS"
		printf '#   round %d/%d %-7s %-12s %s uptime %-5s in initramfs %-5s wall %s s\n' "$r" "$ROUNDS" "$kind" "$peer" \
			"$([ $reached = 1 ] && echo reached || echo 'NOT REACHED')" "${T_REAL:--}" "${T_INITRAMFS:--}" "$QEMU_SECS"
	done
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# One more baton boot per kernel with ignore_loglevel, not measured: baton's
# debug lines (per-module load times) for the phase breakdown.
if [ "$SMOKE" != 1 ]; then
	for kind in generic cloud; do
		case $kind in generic) KERNEL=$K_GENERIC ;; cloud) KERNEL=$K_CLOUD ;; esac
		[ -n "$KERNEL" ] || continue
		qemu_boot "$kind-baton-debug" 60 "$OUT/img/$kind/baton.img" "$DISK" \
			"$(cfg_append "$kind" baton) ignore_loglevel" >>"$OUT/qemu.log"
	done
fi

# -- 6. medians and ratios ---------------------------------------------------------------------
col() { # KIND PEER FIELD#: the reached runs' values of one field
	awk -F, -v k="$1" -v p="$2" -v f="$3" 'NR > 1 && $2 == k && $3 == p && $4 == 1 && $f != "" { print $f }' "$RUNS"
}
declare -A MED=()
for c in "${CONFIGS[@]}"; do
	kind=${c%%:*} peer=${c#*:}
	MED[$c.runs]=$(awk -F, -v k="$kind" -v p="$peer" 'NR > 1 && $2 == k && $3 == p' "$RUNS" | wc -l)
	MED[$c.reached]=$(col "$kind" "$peer" 4 | wc -l)
	MED[$c.uptime]=$(col "$kind" "$peer" 6 | median)
	MED[$c.runinit]=$(col "$kind" "$peer" 7 | median)
	MED[$c.initramfs]=$(col "$kind" "$peer" 8 | median)
	[ "$peer" = none ] && MED[$c.initramfs]=	# no initramfs: nothing to time
	MED[$c.wall]=$(col "$kind" "$peer" 9 | median)
done

ratio() { # A B -> A/B with 2 decimals, "" when unknown
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) exit; printf "%.2f", a / b }'
}
human() { # BYTES -> decimal units, as the boot lab writes them
	awk -v b="$1" 'BEGIN { if (b == "" || b == "?") { print "?"; exit }
		if (b == 0) { print "-"; exit }
		if (b >= 1e6) printf "%.2f MB", b / 1e6; else if (b >= 1e3) printf "%.1f KB", b / 1e3; else printf "%d B", b }'
}

CSV=$OUT/bench.csv
echo "kernel,kernel_version,config,runs,reached,uptime_s,initramfs_s,run_init_s,wall_s,image_bytes,uncompressed_bytes,modules,init_bytes,init_what,uptime_x,initramfs_x,wall_x,image_x,uncompressed_x,init_x" >"$CSV"
TABLE=$OUT/table.md
{
	echo "| configuration | kernel | reached | uptime at real init, s | time in initramfs, s | qemu wall, s | image (compressed) | unpacked | modules | /init binary |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} >"$TABLE"
cell() { # VALUE RATIO
	if [ -z "$1" ]; then echo "–"; elif [ -z "$2" ]; then echo "$1"; else echo "$1 (×$2)"; fi
}
for c in "${CONFIGS[@]}"; do
	kind=${c%%:*} peer=${c#*:}
	b=$kind:baton
	read -r comp unc mods initb initwhat <<<"${ISTAT[$c]}"
	read -r bcomp bunc _ binitb _ <<<"${ISTAT[$b]:-0 0 0 0 -}"
	kv=$([ "$kind" = generic ] && echo "$KVER_GENERIC" || echo "$KVER_CLOUD")
	xu=$(ratio "${MED[$c.uptime]}" "${MED[$b.uptime]:-}")
	xi=$(ratio "${MED[$c.initramfs]}" "${MED[$b.initramfs]:-}")
	xw=$(ratio "${MED[$c.wall]}" "${MED[$b.wall]:-}")
	xc=$(ratio "$comp" "$bcomp"); xn=$(ratio "$unc" "$bunc"); xb=$(ratio "$initb" "$binitb")
	[ "$peer" = none ] && { xc=; xn=; xb=; }
	if [ "$peer" = baton ]; then xu=; xi=; xw=; xc=; xn=; xb=; fi
	echo "$kind,$kv,$peer,${MED[$c.runs]},${MED[$c.reached]},${MED[$c.uptime]},${MED[$c.initramfs]},${MED[$c.runinit]},${MED[$c.wall]},$comp,$unc,$mods,$initb,\"$initwhat\",$xu,$xi,$xw,$xc,$xn,$xb" >>"$CSV"
	if [ "$peer" = none ]; then
		sizes="– | – | 0 | kernel mounts root=PARTUUID=${ROOT_PARTUUID:0:8}… itself (rootwait)"
	else
		sizes="$(cell "$(human "$comp")" "$xc") | $(cell "$(human "$unc")" "$xn") | $mods | $(cell "$initb B" "$xb"), ${initwhat}"
	fi
	echo "| $(cfg_label "$peer") | $kind | ${MED[$c.reached]}/${MED[$c.runs]} | $(cell "${MED[$c.uptime]}" "$xu") | $(cell "${MED[$c.initramfs]}" "$xi") | $(cell "${MED[$c.wall]}" "$xw") | $sizes |" >>"$TABLE"
done

# -- 7. baton's own phases (kernel timestamps of its log lines) ---------------------------------
PHASES=$OUT/baton-phases.csv
echo "kernel,round,run_init,started,disk_seen,ext4_mounted,mounted,handing_over,real_init" >"$PHASES"
for c in "${CONFIGS[@]}"; do
	[ "${c#*:}" = baton ] || continue
	kind=${c%%:*}
	for ((r = 1; r <= ROUNDS; r++)); do
		echo "$kind,$r,$(baton_phases "$QEMU_LOGDIR/qemu-$kind-baton-r$r.log")" >>"$PHASES"
	done
done
phase_med() { # KIND FROM# TO#: median of field TO - field FROM
	# (the real init's uptime has 10 ms steps and comes from another clock
	# than the kernel's timestamps: a tiny difference can come out negative)
	awk -F, -v k="$1" -v a="$2" -v b="$3" 'NR > 1 && $1 == k && $a != "" && $b != "" { printf "%.3f\n", $b - $a }' "$PHASES" |
		median | awk '{ if ($1 < 0.01) print "< 0.01"; else print }'
}
PHASE_TXT=$OUT/baton-phases.md
{
	echo "| baton phase (kernel timestamps of its log, median, s) | generic | cloud |"
	echo "| --- | --- | --- |"
	for ph in "3 4 Run /init → \"baton: started\" (exec, early mounts, command line)" \
		  "4 5 \"started\" → the kernel's first virtio_blk line (uevent socket, virtio modules, PCI probe)" \
		  "5 6 virtio_blk line → kernel's \"EXT4-fs (vda1): mounted\" (the other modules, partition scan, probe, mount)" \
		  "6 7 EXT4 mounted → \"baton: mounted\"" \
		  "7 8 \"mounted\" → \"handing over\" (find the init, switch root)" \
		  "8 9 \"handing over\" → the real init's uptime (exec; uptime has 10 ms steps)" \
		  "3 9 total: time in initramfs"; do
		read -r f t what <<<"$ph"
		echo "| $what | $(phase_med generic "$f" "$t") | $(phase_med cloud "$f" "$t") |"
	done
} >"$PHASE_TXT"
MODTIMES=
for kind in generic cloud; do
	l=$QEMU_LOGDIR/qemu-$kind-baton-debug.log
	[ -f "$l" ] || continue
	m=$(_log_text "$l" | sed -nE 's/.*baton: module .*\/([^/ ]+)\.ko loaded in ([0-9]+) ms.*/\1 \2/p' | awk '{ printf "%s%s %s ms", (NR > 1 ? ", " : ""), $1, $2; s += $2 } END { if (NR) printf " (sum %d ms)", s }')
	[ -n "$m" ] && MODTIMES+="$kind (one boot with ignore_loglevel): $m"$'\n'
done
[ -n "$MODTIMES" ] && printf '\nbaton module loads, %s' "$MODTIMES" >>"$PHASE_TXT"

# -- 8. the issue's goals ----------------------------------------------------------------------------
# round_ratios KIND A B: the per-round ratios of A's time in the initramfs
# to B's (the rounds interleave them, so each pair met the same machine
# load): "median min max n", empty when no round has both.
round_ratios() {
	awk -F, -v k="$1" -v a="$2" -v b="$3" '
		NR > 1 && $2 == k && $4 == 1 && $8 != "" { v[$1, $3] = $8; r[$1] = 1 }
		END { for (i in r) if ((i, a) in v && (i, b) in v && v[i, b] > 0) printf "%.3f\n", v[i, a] / v[i, b] }' "$RUNS" |
		sort -g | awk '{ x[NR] = $1 } END { if (!NR) exit
			m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f %d\n", m, x[1], x[NR], NR }'
}
GOALS=$OUT/goals.md
{
	for img in baton baton-virtio; do
		for ref in floor tiny; do
			read -r med lo hi n <<<"$(round_ratios generic "$img" "$ref")"
			[ -n "${med:-}" ] || continue
			goal=$([ "$ref" = floor ] && echo 1.03 || echo 1.00)
			echo "- time in initramfs, generic kernel, $(cfg_label "$img") / $(cfg_label "$ref"): ×$med (per round ×$lo … ×$hi, $n rounds; medians ${MED[generic:$img.initramfs]} s / ${MED[generic:$ref.initramfs]} s) (goal ≤ $goal): $(awk -v x="$med" -v g="$goal" 'BEGIN { print (x <= g) ? "met" : "MISSED" }')"
		done
	done
	gi=${MED[generic:baton.initramfs]:-}
	best='' bestp=''
	for p in "${PEERS[@]}"; do
		[ "$p" = baton ] && continue
		v=${MED[generic:$p.initramfs]:-}
		[ -n "$v" ] || continue
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v bestp=$p; fi
	done
	if [ -n "$gi" ] && [ -n "$best" ]; then
		x=$(ratio "$gi" "$best")
		echo "- time in initramfs, generic kernel: baton $gi s, fastest peer $(cfg_label "$bestp") $best s: ×$x (goal ≤ 0.70): $(awk -v x="$x" 'BEGIN { print (x <= 0.70) ? "met" : "MISSED" }')"
	fi
	cu=${MED[cloud:baton.uptime]:-} fu=${MED[cloud:none.uptime]:-}
	if [ -n "$cu" ] && [ -n "$fu" ]; then
		x=$(ratio "$cu" "$fu")
		echo "- uptime at real init, cloud kernel: baton $cu s (virtio, 6 modules), no-initramfs floor $fu s (nvme): ×$x (goal ≤ 1.05): $(awk -v x="$x" 'BEGIN { print (x <= 1.05) ? "met" : "MISSED" }')"
	fi
	nu=${MED[cloud:baton-nvme.uptime]:-}
	if [ -n "$nu" ] && [ -n "$fu" ]; then
		x=$(ratio "$nu" "$fu")
		echo "  (on the floor's own device, nvme, no modules: baton $nu s: ×$x: $(awk -v x="$x" 'BEGIN { print (x <= 1.05) ? "met" : "MISSED" }'))"
	fi
	for kind in generic cloud; do
		[ -n "${ISTAT[$kind:baton]:-}" ] || continue
		read -r bcomp _ bmods _ <<<"${ISTAT[$kind:baton]}"
		small='' smallp=''
		for p in tiny klibc busybox itools-list; do
			[ -n "${ISTAT[$kind:$p]:-}" ] || continue
			read -r pc _ <<<"${ISTAT[$kind:$p]}"
			if [ -z "$small" ] || [ "$pc" -lt "$small" ]; then small=$pc smallp=$p; fi
		done
		[ -n "$small" ] || continue
		read -r _ _ pmods _ <<<"${ISTAT[$kind:$smallp]}"
		echo "- image, $kind kernel: baton $(human "$bcomp") ($bmods modules), smallest list-based peer $(cfg_label "$smallp") $(human "$small") ($pmods modules): ×$(ratio "$bcomp" "$small") (goal ≤ 1.00): $([ "$bcomp" -le "$small" ] && echo met || echo MISSED)"
		cpio=$OUT/img/$kind/baton.cpio
		if [ -s "$cpio" ]; then
			echo "  (for scale, baton's same cpio with zstd -19: $(human "$(zstd -q -19 -c "$cpio" | wc -c)"), with xz -9e --check=crc32: $(human "$(xz -9e --check=crc32 -c "$cpio" | wc -c)"); the kernel unpacks both)"
		fi
	done
	read -r _ _ _ binit _ <<<"${ISTAT[generic:baton]}"
	echo "- static /init (musl): $binit bytes (goal ≤ 49152 = 48 KiB): $([ "$binit" -le 49152 ] && echo met || echo MISSED)"
} >"$GOALS"

# -- 9. the chart -------------------------------------------------------------------------------------------
DATE=$(date -u +%Y-%m-%d)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
MACHINE="$(nproc) x ${CPU:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $([ -e /dev/kvm ] && echo KVM || echo 'TCG (no KVM)')"
QEMU_V=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null)
KPKG=$(apt-cache policy "linux-image-$KVER_GENERIC" 2>/dev/null | sed -n 's/^ *Candidate: //p')
pv() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo '?'; }
BATON_V=$(git describe --always --dirty 2>/dev/null || echo '?')
{
	echo "date: $DATE"
	echo "machine: $MACHINE; host kernel $(uname -r)"
	echo "kernels: linux-image-$KVER_GENERIC and linux-image-$KVER_CLOUD ($KPKG)"
	echo "baton: $BATON_V (musl $(pv musl-tools))"
	echo "qemu-system-x86 $QEMU_V; busybox-static $(pv busybox-static); klibc-utils $(pv klibc-utils); initramfs-tools $(pv initramfs-tools); tiny-initramfs-core $(pv tiny-initramfs-core); dracut-core $(basename "$DRACUT_DIR" | sed 's/^dracut-core-//') (dpkg -x); systemd/udev $(pv udev); util-linux $(pv util-linux); kmod $(pv kmod)"
	echo "rounds: $ROUNDS, round-robin; medians over the runs that reached the real init"
	echo "host load average (1, 5, 15 min) before the boots: $LOAD_BEFORE; after: $LOAD_AFTER"
} >"$OUT/meta.txt"

DAT=$OUT/chart.dat		# every configuration: label, uptime - in initramfs, in initramfs, uptime
DATS=$OUT/chart-small.dat	# the small ones, zoomed in the right panel
: >"$DAT"; : >"$DATS"
while IFS=, read -r kind _ peer _ _ up ii _; do
	[ "$kind" != kernel ] && [ -n "$up" ] || continue
	ii=${ii:-0}
	line=$(printf '"%s\\n(%s)" %s %s %s' "$(cfg_label "$peer")" "$kind" \
		"$(awk -v u="$up" -v i="$ii" 'BEGIN { printf "%.3f", u - i }')" "$ii" "$up")
	echo "$line" >>"$DAT"
	case $peer in baton|baton-nvme|tiny|klibc|busybox|none) echo "$line" >>"$DATS" ;; esac
done <"$CSV"
if command -v gnuplot >/dev/null && [ -s "$DAT" ]; then
	for term in "svg size 1300,620 dynamic font 'sans,11' background rgb 'white'|svg" \
		    "pngcairo size 1300,620 font 'sans,10' background rgb 'white'|png"; do
		gnuplot >>"$OUT/gnuplot.log" 2>&1 <<-EOF || say "gnuplot failed (see $OUT/gnuplot.log)"
			set terminal ${term%|*}
			set output '$OUT/bench.${term#*|}'
			set multiplot title "Uptime at the real init, median of $ROUNDS round-robin boots (the label), of which the median time in the initramfs (red)\n{/*0.85 $DATE; $MACHINE; qemu $QEMU_V}\n{/*0.85 Debian $KVER_GENERIC and $KVER_CLOUD; baton $BATON_V; right: the small images zoomed}" font 'sans,12'
			set style data histograms
			set style histogram rowstacked
			set style fill solid 0.85 border rgb '#333333'
			set boxwidth 0.7
			set ylabel 'seconds since the kernel started'
			set xtics scale 0 font 'sans,9' rotate by -40
			set grid ytics
			set yrange [0:*]
			set bmargin 8
			set key top left reverse Left samplen 2
			set size 0.6,0.9
			set origin 0,0
			set xtics font 'sans,8'
			plot '$DAT' using 2:xtic(1) title 'kernel until it runs /init' lc rgb '#9aa5b1', \
			     '' using 3 title 'in the initramfs, to the real init' lc rgb '#d9534f', \
			     '' using 0:4:(sprintf('%.2f', \$4)) with labels offset 0,0.7 font 'sans,9' notitle
			unset key
			unset ylabel
			set size 0.4,0.9
			set origin 0.6,0
			set xtics font 'sans,9'
			plot '$DATS' using 2:xtic(1) lc rgb '#9aa5b1', \
			     '' using 3 lc rgb '#d9534f', \
			     '' using 0:4:(sprintf('%.2f', \$4)) with labels offset 0,0.7 font 'sans,9'
			unset multiplot
		EOF
	done
fi

# -- 10. the rootfs-cleanup micro-benchmark ---------------------------------------------------------------
CLEAN_OK=0
CLEAN_MD=$OUT/cleanup.md
if [ "$FLOOR_ONLY" = 1 ]; then
	CLEAN_OK=1
	echo "(BENCH_FLOOR=1: no cleanup run)" >"$CLEAN_MD"
else
NFILES=100000
[ "$SMOKE" = 1 ] && NFILES=10000
say "rootfs cleanup: $NFILES-entry tree, $ROUNDS rounds (bench/cleanup.sh)"
objs=$(make -s --no-print-directory -f Makefile -f - bench-objs <<<'bench-objs: ; @echo $(filter-out $(OBJDIR)/main.o,$(INIT_OBJS))' 2>/dev/null)
# shellcheck disable=SC2086
if [ -n "$objs" ] && make -s $objs >>"$OUT/make.log" 2>&1 &&
   musl-gcc -static -Os -s -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$OUT/rmbench" bench/cleanup/rmbench.c >>"$OUT/make.log" 2>&1 &&
   musl-gcc -static -Os -s -std=gnu11 -D_GNU_SOURCE -Iinclude -idirafter build/kheaders -Wall -Wextra -Werror \
	-ffunction-sections -fdata-sections -Wl,--gc-sections -o "$OUT/batonsr" bench/cleanup/batonsr.c $objs >>"$OUT/make.log" 2>&1; then
	bench_run bench/cleanup.sh "$OUT/cleanup-runs.csv" "$ROUNDS" "$NFILES" 2>"$OUT/cleanup.log" && CLEAN_OK=1
else
	say "cannot build baton's switch step for the cleanup benchmark (see $OUT/make.log)"
fi
CLEAN_MD=$OUT/cleanup.md
: >"$CLEAN_MD"
if [ "$CLEAN_OK" = 1 ]; then
	echo "contestant,rounds,handover_ms,done_ms,entries_before,entries_left,done_x" >"$OUT/cleanup.csv"
	bd=$(awk -F, 'NR > 1 && $2 == "baton" { print $4 }' "$OUT/cleanup-runs.csv" | median)
	{
		echo "| switch step ($NFILES-entry tmpfs tree) | hand-over to the new init, ms | old tree deleted, ms | entries left (of $(awk -F, '$2 == "baton" { print $5; exit }' "$OUT/cleanup-runs.csv")) |"
		echo "| --- | --- | --- | --- |"
	} >"$CLEAN_MD"
	for w in baton util-linux busybox; do
		h=$(awk -F, -v w="$w" 'NR > 1 && $2 == w { print $3 }' "$OUT/cleanup-runs.csv" | median)
		d=$(awk -F, -v w="$w" 'NR > 1 && $2 == w { print $4 }' "$OUT/cleanup-runs.csv" | median)
		b=$(awk -F, -v w="$w" 'NR > 1 && $2 == w { print $5 }' "$OUT/cleanup-runs.csv" | median)
		l=$(awk -F, -v w="$w" 'NR > 1 && $2 == w { print $6 }' "$OUT/cleanup-runs.csv" | median)
		n=$(awk -F, -v w="$w" 'NR > 1 && $2 == w' "$OUT/cleanup-runs.csv" | wc -l)
		x=$(ratio "$d" "$bd")
		echo "$w,$n,$h,$d,$b,$l,$x" >>"$OUT/cleanup.csv"
		lab=$w; [ "$w" = baton ] && lab="baton (init/switchroot.c)"; [ "$w" = util-linux ] && lab="util-linux switch_root $(pv util-linux)"
		[ "$w" = busybox ] && lab="busybox switch_root $(pv busybox-static)"
		echo "| $lab | $h | $d$([ "$w" != baton ] && [ -n "$x" ] && echo " (×$x)") | $l |" >>"$CLEAN_MD"
	done
else
	echo "(the cleanup benchmark did not run: see $OUT/cleanup.log)" >"$CLEAN_MD"
fi
fi

# -- 11. report -------------------------------------------------------------------------------------------------
echo
cat "$OUT/meta.txt"
echo
cat "$TABLE"
echo
echo "Ratios (×) are to baton on the same kernel. Goals:"
cat "$GOALS"
echo
cat "$PHASE_TXT"
echo
cat "$CLEAN_MD"
echo
if [ -z "$PARTIAL" ]; then
	mkdir -p bench/results
	cp "$CSV" "$RUNS" "$PHASES" "$OUT/meta.txt" "$TABLE" "$GOALS" "$PHASE_TXT" bench/results/
	for f in bench.svg bench.png; do [ -s "$OUT/$f" ] && cp "$OUT/$f" bench/results/; done
	[ "$CLEAN_OK" = 1 ] && cp "$OUT/cleanup.csv" "$OUT/cleanup-runs.csv" "$CLEAN_MD" bench/results/
	say "results copied to bench/results/"
fi
reached_all=$(awk -F, 'NR > 1 && $4 != 1' "$RUNS" | wc -l)
say "done in $((SECONDS - T_START)) s; $reached_all boot(s) did not reach the real init; output in $OUT/"
[ "$reached_all" -eq 0 ] && [ "$CLEAN_OK" = 1 ]
