// AlphaNet / AttentiveNAS MobileNet-style space (the semi-decoupled co-design paper's sample of
// it). The network, derived by matching the paper's FLOPs and params of 9,999 models exactly
// (docs/spaces.md):
//
//   stem conv 3x3 s2, 3->16 (+BN)
//   7 MBConv stages, widths 16 24 32 64 112 192 216, first-block strides 1 2 2 2 1 2 1,
//   squeeze-excite in stages 2, 4, 5, 6; stage 0 fixed k3 e1 d1, stage 6 fixed k3 e6 d1.
//   A block: [1x1 expand cin->mid +BN] (absent for e = 1), kxk depthwise (stride) +BN,
//   [SE: global avg pool, fc mid->make_divisible(mid/4, 8) +bias, fc back +bias],
//   1x1 project mid->cout +BN; shortcut: 2x2 avg pool when stride 2, 1x1 conv cin->cout when
//   cin != cout; add. Every block owns a cin x cout shortcut weight (AttentiveNAS keeps it even
//   where the shortcut is the identity): it counts in params() but is no layer.
//   head: 1x1 conv 216->1296 +BN, global avg pool, 1296->1792 (1x1 conv on 1x1, no BN, no
//   bias: an fc layer), classifier fc 1792->1000 +bias.
//   Stage 1's supernet has 5 blocks: depth 6 there runs 5 (AttentiveNAS caps the runtime depth).
#include <coscan/costmodel/error.hpp>
#include <coscan/search/alphanet.hpp>

#include "layer_shapes.hpp"
#include "vocabulary_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace coscan::search {

namespace {

using costmodel::LayerShape;
using costmodel::LayerType;

constexpr int kNumStages = 7; // MBConv stages 0..6; 1..5 are searchable
constexpr std::array<std::int64_t, kNumStages> kWidth = {16, 24, 32, 64, 112, 192, 216};
constexpr std::array<std::int64_t, kNumStages> kStride = {1, 2, 2, 2, 1, 2, 1};
constexpr std::array<bool, kNumStages> kSqueezeExcite = {false, false, true, false,
                                                         true,  true,  true};
constexpr std::array<int, kNumStages> kMaxDepth = {1, 5, 6, 6, 8, 8, 1};
constexpr std::array<int, kNumStages> kFixedKernel = {3, 0, 0, 0, 0, 0, 3};
constexpr std::array<int, kNumStages> kFixedExpand = {1, 0, 0, 0, 0, 0, 6};
constexpr std::int64_t kStemWidth = 16;
constexpr std::int64_t kHeadExpand = 6; // final expand layer: 216 -> 6 x 216
constexpr std::int64_t kFeatureMix = 1792;
constexpr std::int64_t kNumClasses = 1000;
constexpr std::uint64_t kStageRadix = 27; // kernel x expand x depth choices per stage

constexpr int kChoices = AlphaNetSpace::kNumChoices;

/// OFA / AttentiveNAS make_divisible: round to the nearest multiple of 8, at least 8, and not
/// below 90% of the value.
std::int64_t make_divisible(std::int64_t v) {
  std::int64_t n = std::max<std::int64_t>(8, (v + 4) / 8 * 8);
  if (10 * n < 9 * v)
    n += 8;
  return n;
}

using namespace layers;

/// Feature-map size at the input of stage `stage` (after the stride-2 stem).
std::int64_t stage_input_size(int resolution, int stage) {
  std::int64_t h = resolution / 2;
  for (int s = 0; s < stage; ++s)
    h = (h + kStride[s] - 1) / kStride[s];
  return h;
}

std::uint64_t pow27(int e) {
  std::uint64_t p = 1;
  while (e-- > 0)
    p *= kStageRadix;
  return p;
}

std::size_t block_slot(int res, int stage, bool first, int kernel, int expand) {
  return (((static_cast<std::size_t>(res) * kNumStages + stage) * 2 + (first ? 1 : 0)) * kChoices +
          kernel) *
             kChoices +
         expand;
}

} // namespace

AlphaNetSpace::AlphaNetSpace()
    : blocks_(static_cast<std::size_t>(kNumResolutions) * kNumStages * 2 * kChoices * kChoices) {
  VocabularyBuilder vocab(vocabulary_);
  for (int res = 0; res < kNumResolutions; ++res) {
    const int resolution = kResolutions[res];
    // Stem: conv 3x3 stride 2, padding 1.
    stem_[res].ids = {vocab.id(conv(kStemWidth, 3, 3, resolution + 2, 2))};
    stem_[res].params = 3 * kStemWidth * 9 + 2 * kStemWidth;

    for (int stage = 0; stage < kNumStages; ++stage) {
      const bool searchable = stage >= 1 && stage <= kNumSearchStages;
      for (int first = 1; first >= 0; --first) {
        if (!searchable && !first)
          continue; // the fixed stages have depth 1
        for (int kd = 0; kd < (searchable ? kChoices : 1); ++kd) {
          for (int ed = 0; ed < (searchable ? kChoices : 1); ++ed) {
            const std::int64_t k = searchable ? kKernels[kd] : kFixedKernel[stage];
            const std::int64_t e = searchable ? kExpands[ed] : kFixedExpand[stage];
            const std::int64_t cin =
                first ? (stage == 0 ? kStemWidth : kWidth[stage - 1]) : kWidth[stage];
            const std::int64_t cout = kWidth[stage];
            const std::int64_t stride = first ? kStride[stage] : 1;
            const std::int64_t h_in = first ? stage_input_size(resolution, stage)
                                            : stage_input_size(resolution, stage + 1);
            const std::int64_t h_out = (h_in + stride - 1) / stride;
            const std::int64_t mid = make_divisible(cin * e);
            Block &b = blocks_[block_slot(res, stage, first, kd, ed)];
            if (e != 1) {
              b.ids.push_back(vocab.id(conv(mid, cin, 1, h_in)));
              b.params += cin * mid + 2 * mid;
            }
            b.ids.push_back(vocab.id(depthwise(mid, k, h_in + 2 * (k / 2), stride)));
            b.params += mid * k * k + 2 * mid;
            if (kSqueezeExcite[stage]) {
              const std::int64_t reduced = make_divisible(mid / 4);
              b.ids.push_back(vocab.id(pool(mid, h_out, h_out, 1)));
              b.ids.push_back(vocab.id(fc(reduced, mid)));
              b.ids.push_back(vocab.id(fc(mid, reduced)));
              b.params += 2 * mid * reduced + reduced + mid;
            }
            b.ids.push_back(vocab.id(conv(cout, mid, 1, h_out)));
            b.params += mid * cout + 2 * cout;
            if (stride > 1)
              b.ids.push_back(vocab.id(pool(cin, stride, h_in, stride)));
            if (cin != cout)
              b.ids.push_back(vocab.id(conv(cout, cin, 1, h_out)));
            b.params += cin * cout; // the shortcut weight exists even when unused
            b.ids.push_back(vocab.id(add(cout, h_out)));
          }
        }
      }
    }

    const std::int64_t h = stage_input_size(resolution, kNumStages);
    const std::int64_t c = kWidth.back(), expanded = kHeadExpand * kWidth.back();
    head_[res].ids = {vocab.id(conv(expanded, c, 1, h)), vocab.id(pool(expanded, h, h, 1)),
                      vocab.id(fc(kFeatureMix, expanded)), vocab.id(fc(kNumClasses, kFeatureMix))};
    head_[res].params = c * expanded + 2 * expanded + expanded * kFeatureMix +
                        kFeatureMix * kNumClasses + kNumClasses;
  }
}

std::uint64_t AlphaNetSpace::size() const { return kNumResolutions * pow27(kNumSearchStages); }

const AlphaNetSpace::Block &AlphaNetSpace::block(int res, int stage, bool first, int kernel,
                                                 int expand) const {
  return blocks_[block_slot(res, stage, first, kernel, expand)];
}

/// Calls visit(const Block &) for every block of `arch` in network order: stem, the blocks of
/// stages 0..6, head.
template <class Visit> void AlphaNetSpace::for_each_block(const Arch &arch, Visit &&visit) const {
  visit(stem_[arch.resolution]);
  for (int stage = 0; stage < kNumStages; ++stage) {
    const bool searchable = stage >= 1 && stage <= kNumSearchStages;
    const int kd = searchable ? arch.kernel[stage - 1] : 0;
    const int ed = searchable ? arch.expand[stage - 1] : 0;
    const int depth =
        searchable ? std::min(kDepths[arch.depth[stage - 1]], kMaxDepth[stage]) : kMaxDepth[stage];
    for (int i = 0; i < depth; ++i)
      visit(block(arch.resolution, stage, i == 0, kd, ed));
  }
  visit(head_[arch.resolution]);
}

AlphaNetSpace::Arch AlphaNetSpace::decode(std::uint64_t index) {
  const std::uint64_t per_resolution = pow27(kNumSearchStages);
  if (index >= kNumResolutions * per_resolution)
    throw std::out_of_range(
        fmt::format("AlphaNet index {} is not below {}", index, kNumResolutions * per_resolution));
  Arch arch;
  arch.resolution = static_cast<int>(index / per_resolution);
  index %= per_resolution;
  for (int s = kNumSearchStages - 1; s >= 0; --s, index /= kStageRadix) {
    const int digit = static_cast<int>(index % kStageRadix);
    arch.kernel[s] = digit / (kChoices * kChoices);
    arch.expand[s] = digit / kChoices % kChoices;
    arch.depth[s] = digit % kChoices;
  }
  return arch;
}

std::uint64_t AlphaNetSpace::encode(const Arch &arch) {
  std::uint64_t index = static_cast<std::uint64_t>(arch.resolution);
  for (int s = 0; s < kNumSearchStages; ++s)
    index = index * kStageRadix +
            static_cast<std::uint64_t>((arch.kernel[s] * kChoices + arch.expand[s]) * kChoices +
                                       arch.depth[s]);
  return index;
}

std::optional<std::uint64_t>
AlphaNetSpace::encode_values(int resolution, const std::array<int, kNumSearchStages> &kernel,
                             const std::array<int, kNumSearchStages> &expand,
                             const std::array<int, kNumSearchStages> &depth) {
  const auto digit = [](const auto &choices, int value) -> int {
    const auto it = std::find(choices.begin(), choices.end(), value);
    return it == choices.end() ? -1 : static_cast<int>(it - choices.begin());
  };
  Arch arch;
  arch.resolution = digit(kResolutions, resolution);
  if (arch.resolution < 0)
    return std::nullopt;
  for (int s = 0; s < kNumSearchStages; ++s) {
    arch.kernel[s] = digit(kKernels, kernel[s]);
    arch.expand[s] = digit(kExpands, expand[s]);
    arch.depth[s] = digit(kDepths, depth[s]);
    if (arch.kernel[s] < 0 || arch.expand[s] < 0 || arch.depth[s] < 0)
      return std::nullopt;
  }
  return encode(arch);
}

std::string AlphaNetSpace::arch_str(std::uint64_t index) const {
  const Arch arch = decode(index);
  const auto list = [&](const std::array<int, kNumSearchStages> &digits, const auto &choices) {
    std::string out;
    for (int s = 0; s < kNumSearchStages; ++s)
      out += fmt::format("{}{}", s > 0 ? "-" : "", choices[digits[s]]);
    return out;
  };
  return fmt::format("r{}_k{}_e{}_d{}", kResolutions[arch.resolution], list(arch.kernel, kKernels),
                     list(arch.expand, kExpands), list(arch.depth, kDepths));
}

std::optional<std::uint64_t> AlphaNetSpace::parse(std::string_view text) const {
  // "r<res>_k<5 values>_e<5 values>_d<5 values>", values separated by '-'. Strict: the parsed
  // architecture must print back to exactly `text` (no signs, spaces or leading zeros).
  std::size_t pos = 0;
  const auto number = [&](int &value) {
    const char *begin = text.data() + pos, *end = text.data() + text.size();
    if (begin == end || *begin < '0' || *begin > '9')
      return false;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc())
      return false;
    pos += static_cast<std::size_t>(ptr - begin);
    return true;
  };
  const auto expect = [&](char c) {
    if (pos >= text.size() || text[pos] != c)
      return false;
    ++pos;
    return true;
  };
  const auto values = [&](char tag, std::array<int, kNumSearchStages> &out) {
    if (!expect('_') || !expect(tag))
      return false;
    for (int s = 0; s < kNumSearchStages; ++s)
      if ((s > 0 && !expect('-')) || !number(out[s]))
        return false;
    return true;
  };
  int resolution = 0;
  std::array<int, kNumSearchStages> kernel{}, expand{}, depth{};
  if (!expect('r') || !number(resolution) || !values('k', kernel) || !values('e', expand) ||
      !values('d', depth) || pos != text.size())
    return std::nullopt;
  const auto index = encode_values(resolution, kernel, expand, depth);
  if (!index || arch_str(*index) != text)
    return std::nullopt;
  return index;
}

void AlphaNetSpace::layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const {
  out.clear();
  for_each_block(decode(index), [&](const Block &b) {
    for (std::uint32_t id : b.ids)
      out.push_back(vocabulary_[id]);
  });
}

void AlphaNetSpace::layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const {
  out.clear();
  for_each_block(decode(index), [&](const Block &b) {
    for (std::uint32_t id : b.ids)
      out.push_back({id, 1});
  });
  tally_layer_counts(out);
}

std::uint64_t AlphaNetSpace::macs(std::uint64_t index) const {
  std::uint64_t total = 0;
  for_each_block(decode(index), [&](const Block &b) {
    for (std::uint32_t id : b.ids)
      total += static_cast<std::uint64_t>(vocabulary_[id].macs());
  });
  return total;
}

std::uint64_t AlphaNetSpace::params(std::uint64_t index) const {
  std::uint64_t total = 0;
  for_each_block(decode(index), [&](const Block &b) { total += b.params; });
  return total;
}

// Params-resolution proxy (docs/spaces.md): z = ln(params / 1e6) + 4 ln(resolution / 224),
// mapped affinely to the range of the paper's predicted top-1 accuracy.
double AlphaNetSpace::proxy_accuracy(std::uint64_t index) const {
  const double resolution = kResolutions[decode(index).resolution];
  const double z =
      std::log(static_cast<double>(params(index)) / 1e6) + 4.0 * std::log(resolution / 224.0);
  return 64.3 + 2.15 * z;
}

std::string_view AlphaNetSpace::proxy_name() const { return "alphanet_params_resolution_v1"; }

} // namespace coscan::search
