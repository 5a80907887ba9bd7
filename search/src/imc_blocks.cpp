// The IMC block space's network (CIFAR-10, 32x32x3; every conv "same"-padded, no bias, +BN):
//   vgg       conv kxk cin -> c
//   vggm      conv kxk cin -> c, conv kxk c -> c            (the modified VGG block: two convs)
//   res       conv kxk cin -> c, conv kxk c -> c, shortcut (1x1 conv cin -> c +BN when cin != c,
//             else the identity), add
//   pooled blocks end with a 2x2 max pool of stride 2 (32 -> 16 -> ... at most 5 times: 1x1)
//   head: global average pool, fc c -> 10 (+bias)
#include <coscan/search/imc_blocks.hpp>

#include "layer_shapes.hpp"
#include "layer_walk.hpp"
#include "vocabulary_builder.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace coscan::search {

namespace {

using costmodel::LayerShape;
using costmodel::LayerType;
using namespace layers;
using Kind = ImcBlockSpace::Kind;

constexpr std::int64_t kImage = 32;
constexpr std::int64_t kClasses = 10;
constexpr int kNumChannels = static_cast<int>(ImcBlockSpace::kChannels.size());
constexpr int kInputs = 1 + kNumChannels; // the image or a block's output
constexpr int kPoolStates = ImcBlockSpace::kMaxDepth + 1;
constexpr std::array<std::string_view, ImcBlockSpace::kNumKinds> kKindNames = {"vgg", "vggm",
                                                                               "res"};

constexpr int digit_of(const ImcBlockSpace::Block &b) {
  return ((static_cast<int>(b.kind) * kNumChannels + b.channels) * 2 + b.kernel) * 2 + b.pool;
}

constexpr ImcBlockSpace::Block block_of(int digit) {
  return {static_cast<Kind>(digit / 20), static_cast<std::uint8_t>(digit / 4 % 5),
          static_cast<std::uint8_t>(digit / 2 % 2), digit % 2 == 1};
}

/// 60^e.
constexpr std::uint64_t power(int e) {
  std::uint64_t p = 1;
  while (e-- > 0)
    p *= ImcBlockSpace::kChoices;
  return p;
}

/// Indices of depth d start at offset(d) = 60 + ... + 60^(d-1).
constexpr std::uint64_t offset(int depth) {
  std::uint64_t o = 0;
  for (int d = 1; d < depth; ++d)
    o += power(d);
  return o;
}

std::size_t block_slot(int pools, int input, int digit) {
  return (static_cast<std::size_t>(pools) * kInputs + static_cast<std::size_t>(input)) *
             ImcBlockSpace::kChoices +
         static_cast<std::size_t>(digit);
}

// Proxy weights (docs/spaces.md): a block's capacity grows with its convolutions and the log of
// its width; a residual block trains deeper stacks well, pooling widens the receptive field.
double block_capacity(const ImcBlockSpace::Block &b) {
  const double width = std::log2(static_cast<double>(ImcBlockSpace::kChannels[b.channels]) / 8.0);
  const double convs = b.kind == Kind::vgg ? 1.0 : b.kind == Kind::vgg_modified ? 1.8 : 2.0;
  const double kernel = b.kernel == 1 ? 1.15 : 1.0;
  return convs * width * kernel + (b.pool ? 0.5 : 0.0);
}

} // namespace

ImcBlockSpace::ImcBlockSpace() {
  for (int digit = 0; digit < kChoices; ++digit)
    block_names_[digit] = block_str(block_of(digit));
  VocabularyBuilder vocab(vocabulary_);
  // Every reachable block: pools before it 0..4 (size 32 >> pools), input the image (first
  // block only, no pool before) or a block's output.
  block_layers_.resize(static_cast<std::size_t>(kPoolStates) * kInputs * kChoices);
  for (int pools = 0; pools < kMaxDepth; ++pools)
    for (int input = 0; input < kInputs; ++input) {
      if (input == 0 && pools > 0)
        continue;
      const std::int64_t size = kImage >> pools;
      const std::int64_t cin = input == 0 ? 3 : kChannels[input - 1];
      for (int digit = 0; digit < kChoices; ++digit) {
        const Block b = block_of(digit);
        const std::int64_t c = kChannels[b.channels], k = kKernels[b.kernel];
        std::vector<std::uint32_t> &ids = block_layers_[block_slot(pools, input, digit)];
        ids.push_back(vocab.id(conv(c, cin, k, size + k - 1)));
        if (b.kind != Kind::vgg)
          ids.push_back(vocab.id(conv(c, c, k, size + k - 1)));
        if (b.kind == Kind::residual) {
          if (cin != c)
            ids.push_back(vocab.id(conv1x1(c, cin, size)));
          ids.push_back(vocab.id(add(c, size)));
        }
        if (b.pool)
          ids.push_back(vocab.id(pool(c, 2, size, 2)));
      }
    }
  head_layers_.resize(static_cast<std::size_t>(kPoolStates) * kNumChannels);
  for (int pools = 0; pools < kPoolStates; ++pools)
    for (int ch = 0; ch < kNumChannels; ++ch) {
      const std::int64_t size = kImage >> pools, c = kChannels[ch];
      head_layers_[static_cast<std::size_t>(pools) * kNumChannels + ch] = {
          vocab.id(pool(c, size, size, 1)), vocab.id(fc(kClasses, c))};
    }
  // Every conv has BN (2 per channel); the classifier has a bias.
  shape_params_ = detail::shape_params(vocabulary_, detail::BatchNormAfter::conv);
}

std::uint64_t ImcBlockSpace::size() const { return offset(kMaxDepth + 1); }

ImcBlockSpace::Arch ImcBlockSpace::decode(std::uint64_t index) {
  if (index >= offset(kMaxDepth + 1))
    throw std::out_of_range(
        fmt::format("IMC block index {} is not below {}", index, offset(kMaxDepth + 1)));
  Arch arch;
  while (index >= offset(arch.depth + 1))
    ++arch.depth;
  std::uint64_t rest = index - offset(arch.depth);
  for (int p = arch.depth - 1; p >= 0; --p) {
    arch.blocks[p] = block_of(static_cast<int>(rest % kChoices));
    rest /= kChoices;
  }
  return arch;
}

std::uint64_t ImcBlockSpace::encode(const Arch &arch) {
  if (arch.depth < 1 || arch.depth > kMaxDepth)
    throw std::invalid_argument("IMC block depth out of range");
  std::uint64_t rest = 0;
  for (int p = 0; p < arch.depth; ++p)
    rest = rest * kChoices + static_cast<std::uint64_t>(digit_of(arch.blocks[p]));
  return offset(arch.depth) + rest;
}

std::string ImcBlockSpace::block_str(const Block &b) {
  return fmt::format("{}{}k{}{}", kKindNames[static_cast<int>(b.kind)], kChannels[b.channels],
                     kKernels[b.kernel], b.pool ? "p" : "");
}

std::string ImcBlockSpace::arch_str(std::uint64_t index) const {
  const Arch arch = decode(index);
  std::string out;
  for (int p = 0; p < arch.depth; ++p) {
    if (p > 0)
      out += '-';
    out += block_names_[digit_of(arch.blocks[p])];
  }
  return out;
}

std::optional<std::uint64_t> ImcBlockSpace::parse(std::string_view text) const {
  Arch arch;
  arch.depth = 0;
  std::size_t pos = 0;
  while (true) {
    if (arch.depth == kMaxDepth)
      return std::nullopt;
    const std::size_t end = std::min(text.find('-', pos), text.size());
    const std::string_view name = text.substr(pos, end - pos);
    int digit = 0;
    while (digit < kChoices && block_names_[digit] != name)
      ++digit;
    if (digit == kChoices)
      return std::nullopt;
    arch.blocks[arch.depth++] = block_of(digit);
    if (end == text.size())
      break;
    pos = end + 1;
  }
  return encode(arch);
}

/// Calls visit(id) for every layer in network order: the blocks, then the head.
template <class Visit>
void ImcBlockSpace::for_each_layer(std::uint64_t index, Visit &&visit) const {
  const Arch arch = decode(index);
  int pools = 0, input = 0;
  for (int p = 0; p < arch.depth; ++p) {
    const Block &b = arch.blocks[p];
    for (std::uint32_t id : block_layers_[block_slot(pools, input, digit_of(b))])
      visit(id);
    pools += b.pool;
    input = 1 + b.channels;
  }
  for (std::uint32_t id :
       head_layers_[static_cast<std::size_t>(pools) * kNumChannels + (input - 1)])
    visit(id);
}

/// for_each_layer of one architecture, as the shared derivations take it.
auto ImcBlockSpace::walk(std::uint64_t index) const {
  return [this, index](auto &&visit) { for_each_layer(index, visit); };
}

void ImcBlockSpace::layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const {
  detail::walked_layers(walk(index), vocabulary_, out);
}

void ImcBlockSpace::layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const {
  detail::walked_layer_counts(walk(index), out);
}

std::uint64_t ImcBlockSpace::macs(std::uint64_t index) const {
  return detail::walked_macs(walk(index), vocabulary_);
}

std::uint64_t ImcBlockSpace::params(std::uint64_t index) const {
  return detail::walked_params(walk(index), shape_params_);
}

// Block capacity proxy (docs/spaces.md): summed over the blocks, mapped into CIFAR-10's range.
// Not validated: ../shared has no accuracy for this space.
double ImcBlockSpace::proxy_accuracy(std::uint64_t index) const {
  const Arch arch = decode(index);
  double capacity = 0.0;
  for (int p = 0; p < arch.depth; ++p)
    capacity += block_capacity(arch.blocks[p]);
  return 10.0 + 85.0 * (1.0 - std::exp(-capacity / 12.0));
}

std::string_view ImcBlockSpace::proxy_name() const { return "imc_block_capacity_v1"; }

} // namespace coscan::search
