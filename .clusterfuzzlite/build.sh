#!/bin/bash -eu
# The same build as OSS-Fuzz's, so a pull request is fuzzed exactly as OSS-Fuzz will fuzz it.
exec "$SRC/nodefuzz/oss-fuzz/build.sh"
