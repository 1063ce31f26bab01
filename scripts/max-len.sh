# The -max_len a target is fuzzed with, one rule for every engine and host: sourced by
# scripts/lib.sh (scripts/fuzz, corpus-refresh, bench) and oss-fuzz/build.sh (the .options file
# OSS-Fuzz and ClusterFuzzLite read). libFuzzer never sees bytes past it, seeds included, so it is
# 4 KiB or, when a seed is longer, the largest seed rounded up to 4 KiB: the HTTP CVE seeds are
# 17 KB (a chunk extension past Node's 16 KiB limit) and must reach the parser whole.

# max_len_for <seed dir>: prints the max_len for a target whose seeds are in <seed dir>.
max_len_for() {
  local largest
  largest="$(find "$1" -type f -printf '%s\n' 2>/dev/null | sort -n | tail -1)"
  largest="${largest:-0}"
  local rounded=$(((largest + 4095) / 4096 * 4096))
  echo $((rounded > 4096 ? rounded : 4096))
}
