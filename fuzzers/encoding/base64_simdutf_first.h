// How StringBytes::Write() decodes base64 and base64url in Node 20 and later: simdutf's
// forgiving-base64 decoder first and, when it reports an error (not forgiving-base64, or a
// destination too short), the tree's legacy decoder (base64-inl.h, or nbytes from Node 22).
#pragma once

#include <cstddef>

#include "simdutf.h"

namespace nodefuzz::enc::node_tree {

template <typename SimdutfUnit, typename Unit, typename LegacyDecoder>
size_t DecodeSimdutfFirst(char* dst, size_t dstlen, const Unit* src, size_t srclen, bool url,
                          LegacyDecoder legacy) {
  size_t written = dstlen;
  const simdutf::result result =
      simdutf::base64_to_binary_safe(reinterpret_cast<const SimdutfUnit*>(src), srclen, dst,
                                     written, url ? simdutf::base64_url : simdutf::base64_default);
  if (result.error == simdutf::error_code::SUCCESS) return written;
  return legacy(dst, dstlen, src, srclen);
}

}  // namespace nodefuzz::enc::node_tree
