// FBNet as HW-NAS-Bench builds it (its FBNet_Infer, ConvBlock and Skip modules):
//
//   stem: conv 3x3 (stride 1 CIFAR / 2 ImageNet, pad 1), 3 -> 16 (+BN)
//   22 blocks in stages [1,4,4,4,4,4,1] of widths [16,24,32,64,112,184,352]; a stage's first
//   block takes the stage stride and the previous width, the others stride 1.
//   ConvBlock(k, e, g), cin -> cout: 1x1 conv cin -> e*cin in g groups (+BN; present also for
//   e = 1), channel shuffle when g > 1 (no layer), kxk depthwise with the stride (+BN), 1x1 conv
//   e*cin -> cout in g groups (+BN), add of the input when cin == cout and stride 1.
//   Skip: identity, or 1x1 conv cin -> cout with the stride (+BN) when cin != cout or stride 2.
//   head: 1x1 conv 352 -> 1504 / 1984 (+BN), global average pool, fc -> 100 / 1000 (+bias).
// Padding is ceil((k - stride) / 2), so a block's output is its input size / stride.
#include <coscan/search/fbnet.hpp>
#include <coscan/search/sampling.hpp>

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

constexpr int kNumStages = 7;
constexpr std::array<int, kNumStages> kStageLayers = {1, 4, 4, 4, 4, 4, 1};
constexpr std::array<std::int64_t, kNumStages> kWidth = {16, 24, 32, 64, 112, 184, 352};
constexpr std::int64_t kStemWidth = 16;
constexpr int kSkip = 8;

struct Variant {
  std::string_view kind;
  std::int64_t image, stem_stride, head, classes;
  std::array<std::int64_t, kNumStages> stride;
};
constexpr Variant kCifar100 = {"fbnet", 32, 1, 1504, 100, {1, 1, 2, 2, 1, 2, 1}};
constexpr Variant kImageNet = {"fbnet_imagenet", 224, 2, 1984, 1000, {1, 2, 2, 2, 1, 2, 1}};

const Variant &variant(FbnetSpace::Dataset dataset) {
  return dataset == FbnetSpace::Dataset::cifar100 ? kCifar100 : kImageNet;
}

struct BlockChoice {
  std::int64_t kernel, expand, groups;
};
constexpr std::array<BlockChoice, FbnetSpace::kNumBlocks - 1> kConvBlocks = {
    {{3, 1, 1}, {3, 1, 2}, {3, 3, 1}, {3, 6, 1}, {5, 1, 1}, {5, 1, 2}, {5, 3, 1}, {5, 6, 1}}};

/// Proxy weights: a block's trainable capacity (docs/spaces.md), skip none.
constexpr std::array<double, FbnetSpace::kNumBlocks> kCapacity = {0.30, 0.25, 0.60, 0.80, 0.35,
                                                                  0.30, 0.70, 1.00, 0.0};

constexpr WideIndex pow9(int e) {
  WideIndex p = 1;
  while (e-- > 0)
    p *= FbnetSpace::kNumBlocks;
  return p;
}
constexpr WideIndex kSize = pow9(FbnetSpace::kNumLayers);

LayerShape grouped_conv1x1(std::int64_t k, std::int64_t c, std::int64_t size, std::int64_t groups) {
  LayerShape shape = conv1x1(k, c, size);
  shape.groups = groups;
  return shape;
}

std::vector<std::uint32_t> block_layers(VocabularyBuilder &vocab, int block, std::int64_t cin,
                                        std::int64_t cout, std::int64_t in, std::int64_t stride) {
  const std::int64_t out = in / stride;
  if (block == kSkip) {
    if (cin == cout && stride == 1)
      return {};
    return {vocab.id(conv1x1(cout, cin, in, stride))};
  }
  const BlockChoice &b = kConvBlocks[block];
  const std::int64_t mid = cin * b.expand;
  const std::int64_t pad = (b.kernel - stride + 1) / 2; // ceil((k - stride) / 2)
  std::vector<std::uint32_t> ids = {vocab.id(grouped_conv1x1(mid, cin, in, b.groups)),
                                    vocab.id(depthwise(mid, b.kernel, in + 2 * pad, stride)),
                                    vocab.id(grouped_conv1x1(cout, mid, out, b.groups))};
  if (cin == cout && stride == 1)
    ids.push_back(vocab.id(add(cout, out)));
  return ids;
}

} // namespace

FbnetSpace::FbnetSpace(Dataset dataset) : dataset_(dataset) {
  const Variant &v = variant(dataset);
  VocabularyBuilder vocab(vocabulary_);
  stem_ = {vocab.id(conv(kStemWidth, 3, 3, v.image + 2, v.stem_stride))};
  std::int64_t size = v.image / v.stem_stride, cin = kStemWidth;
  int layer = 0;
  for (int stage = 0; stage < kNumStages; ++stage)
    for (int i = 0; i < kStageLayers[stage]; ++i, ++layer) {
      const std::int64_t stride = i == 0 ? v.stride[stage] : 1;
      for (int block = 0; block < kNumBlocks; ++block)
        blocks_[layer][block] = block_layers(vocab, block, cin, kWidth[stage], size, stride);
      size /= stride;
      cin = kWidth[stage];
    }
  head_ = {vocab.id(conv1x1(v.head, cin, size)), vocab.id(pool(v.head, size, size, 1)),
           vocab.id(fc(v.classes, v.head))};
  // Every conv and depthwise conv is followed by BN (2 parameters per channel); the classifier
  // has a bias.
  shape_params_ = detail::shape_params(vocabulary_, detail::BatchNormAfter::conv_and_depthwise);
}

std::string_view FbnetSpace::kind() const { return variant(dataset_).kind; }

WideIndex FbnetSpace::wide_size() const { return kSize; }

WideIndex FbnetSpace::draw(std::uint64_t seed, std::uint64_t i) const {
  // Each layer's block is an independent uniform draw keyed by (seed, i, layer).
  const std::uint64_t key = mix64(seed ^ mix64(i));
  Genotype genotype{};
  for (int l = 0; l < kNumLayers; ++l)
    genotype[l] = static_cast<std::uint8_t>(
        draw_with_replacement(kNumBlocks, key, static_cast<std::uint64_t>(l)));
  return encode(genotype);
}

FbnetSpace::Genotype FbnetSpace::decode(WideIndex index) {
  if (index >= kSize)
    throw std::out_of_range(
        fmt::format("FBNet index {} is not below 9^22 = {}", to_string(index), to_string(kSize)));
  Genotype genotype{};
  for (int l = 0; l < kNumLayers; ++l) {
    genotype[l] = static_cast<std::uint8_t>(index % kNumBlocks);
    index /= kNumBlocks;
  }
  return genotype;
}

WideIndex FbnetSpace::encode(const Genotype &genotype) {
  WideIndex index = 0;
  for (int l = kNumLayers - 1; l >= 0; --l) {
    if (genotype[l] >= kNumBlocks)
      throw std::invalid_argument("FBNet block digit out of range");
    index = index * kNumBlocks + genotype[l];
  }
  return index;
}

std::optional<std::uint8_t> FbnetSpace::block_digit(std::string_view name) {
  for (int b = 0; b < kNumBlocks; ++b)
    if (kBlockNames[b] == name)
      return static_cast<std::uint8_t>(b);
  return std::nullopt;
}

std::string FbnetSpace::wide_arch_str(WideIndex index) const {
  const Genotype genotype = decode(index);
  std::string out;
  for (int l = 0; l < kNumLayers; ++l) {
    if (l > 0)
      out += '-';
    out += kBlockNames[genotype[l]];
  }
  return out;
}

std::optional<WideIndex> FbnetSpace::parse_wide(std::string_view text) const {
  Genotype genotype{};
  std::size_t pos = 0;
  for (int l = 0; l < kNumLayers; ++l) {
    const std::size_t end = std::min(text.find('-', pos), text.size());
    if ((l + 1 < kNumLayers) != (end < text.size()))
      return std::nullopt; // too few or too many blocks
    const auto digit = block_digit(text.substr(pos, end - pos));
    if (!digit)
      return std::nullopt;
    genotype[l] = *digit;
    pos = end + 1;
  }
  return encode(genotype);
}

/// Calls visit(id) for every layer in network order: stem, the 22 blocks, head.
template <class Visit> void FbnetSpace::for_each_layer(WideIndex index, Visit &&visit) const {
  const Genotype genotype = decode(index);
  for (std::uint32_t id : stem_)
    visit(id);
  for (int l = 0; l < kNumLayers; ++l)
    for (std::uint32_t id : blocks_[l][genotype[l]])
      visit(id);
  for (std::uint32_t id : head_)
    visit(id);
}

/// for_each_layer of one architecture, as the shared derivations take it.
auto FbnetSpace::walk(WideIndex index) const {
  return [this, index](auto &&visit) { for_each_layer(index, visit); };
}

void FbnetSpace::wide_layers(WideIndex index, std::vector<costmodel::LayerShape> &out) const {
  detail::walked_layers(walk(index), vocabulary_, out);
}

void FbnetSpace::wide_layer_counts(WideIndex index, std::vector<LayerCount> &out) const {
  detail::walked_layer_counts(walk(index), out);
}

std::uint64_t FbnetSpace::wide_macs(WideIndex index) const {
  return detail::walked_macs(walk(index), vocabulary_);
}

std::uint64_t FbnetSpace::wide_params(WideIndex index) const {
  return detail::walked_params(walk(index), shape_params_);
}

// Block capacity proxy (docs/spaces.md): the blocks' weights summed over the 22 layers, mapped
// into a plausible CIFAR-100 / ImageNet range. Not validated: ../shared has no FBNet accuracy.
double FbnetSpace::wide_proxy_accuracy(WideIndex index) const {
  const Genotype genotype = decode(index);
  double capacity = 0.0;
  for (int l = 0; l < kNumLayers; ++l)
    capacity += kCapacity[genotype[l]];
  const double base = dataset_ == Dataset::cifar100 ? 50.0 : 55.0;
  return base + 28.0 * (1.0 - std::exp(-capacity / 8.0));
}

std::string_view FbnetSpace::proxy_name() const { return "fbnet_block_capacity_v1"; }

void FbnetSpace::layer_counts(std::uint64_t position, std::vector<LayerCount> &out) const {
  wide_layer_counts(wide_index(position), out);
}
void FbnetSpace::layers(std::uint64_t position, std::vector<costmodel::LayerShape> &out) const {
  wide_layers(wide_index(position), out);
}
std::uint64_t FbnetSpace::macs(std::uint64_t position) const {
  return wide_macs(wide_index(position));
}
std::uint64_t FbnetSpace::params(std::uint64_t position) const {
  return wide_params(wide_index(position));
}
double FbnetSpace::proxy_accuracy(std::uint64_t position) const {
  return wide_proxy_accuracy(wide_index(position));
}

} // namespace coscan::search
