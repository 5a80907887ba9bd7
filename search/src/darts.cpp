// DARTS / NAS-Bench-301 in DARTS's NetworkCIFAR (eval network, no auxiliary head):
//
//   stem conv 3x3, 3 -> 3C = 108 (+BN), 32x32
//   20 cells, C = 36; cells 6 and 13 (layers/3, 2 layers/3) are reduction cells that double C
//   and halve the size (their ops on the two cell inputs have stride 2).
//   A cell: preprocess0 = 1x1 conv C_pp -> C (+BN), or FactorizedReduce(C_pp, C) after a
//   reduction cell (two 1x1 stride-2 convs to C/2 each, +BN); preprocess1 = 1x1 conv C_p -> C;
//   4 nodes, each the add of two ops; output the concat of the 4 nodes (4C channels, no layer).
//   head: global average pool over 576 x 8 x 8, fc 576 -> 10 (+bias).
//   ops: pools 3x3 (pad 1); skip_connect = identity, or FactorizedReduce(C, C) at stride 2;
//   sep_conv_k = [dw kxk (stride) - 1x1 - BN] twice (stride 1 the second time);
//   dil_conv_k = dw kxk dilation 2 (stride) - 1x1 - BN.
// LayerShape has no dilation: a dilated kxk depthwise is costed as the undilated kxk with the
// same output size (same MACs and weights; the same shape as sep_conv_k's first depthwise).
#include <coscan/costmodel/error.hpp>
#include <coscan/search/darts.hpp>

#include "layer_shapes.hpp"
#include "layer_walk.hpp"
#include "vocabulary_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace coscan::search {

namespace {

using costmodel::LayerShape;
using costmodel::LayerType;
using Op = DartsSpace::Op;

constexpr std::array<std::string_view, DartsSpace::kNumOps> kOpNames = {
    "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
    "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"};

constexpr std::int64_t kInitChannels = 36;
constexpr int kNumCells = 20;
constexpr std::int64_t kStemMultiplier = 3;
constexpr std::int64_t kImageSize = 32;
constexpr std::int64_t kNumClasses = 10;
constexpr std::uint64_t kOpPairs = DartsSpace::kNumOps * DartsSpace::kNumOps;

constexpr bool is_reduction(int cell) { return cell == kNumCells / 3 || cell == 2 * kNumCells / 3; }

/// Radix of node i's digit: unordered pairs of its i + 2 possible inputs x 49 op pairs.
constexpr std::uint64_t node_radix(int node) {
  const std::uint64_t n = static_cast<std::uint64_t>(node) + 2;
  return n * (n - 1) / 2 * kOpPairs;
}

using namespace layers;

/// The layers of `op` on C channels of size `in` with `stride`.
std::vector<std::uint32_t> op_layers(VocabularyBuilder &vocab, Op op, std::int64_t c,
                                     std::int64_t in, std::int64_t stride) {
  const std::int64_t out = in / stride;
  switch (op) {
  case Op::max_pool_3x3:
  case Op::avg_pool_3x3:
    return {vocab.id({.type = LayerType::pool,
                      .k = c,
                      .c = c,
                      .r = 3,
                      .s = 3,
                      .y = in + 2,
                      .x = in + 2,
                      .stride = stride})};
  case Op::skip_connect:
    if (stride == 1)
      return {};
    return {vocab.id(conv1x1(c / 2, c, in, 2)), vocab.id(conv1x1(c / 2, c, in, 2))};
  case Op::sep_conv_3x3:
  case Op::sep_conv_5x5: {
    const std::int64_t r = op == Op::sep_conv_3x3 ? 3 : 5;
    return {vocab.id(depthwise(c, r, in + 2 * (r / 2), stride)), vocab.id(conv1x1(c, c, out)),
            vocab.id(depthwise(c, r, out + 2 * (r / 2), 1)), vocab.id(conv1x1(c, c, out))};
  }
  case Op::dil_conv_3x3:
  case Op::dil_conv_5x5: {
    const std::int64_t r = op == Op::dil_conv_3x3 ? 3 : 5;
    return {vocab.id(depthwise(c, r, in + 2 * (r / 2), stride)), vocab.id(conv1x1(c, c, out))};
  }
  }
  return {};
}

// Proxy weights: an op's trainable capacity (docs/spaces.md).
double op_capacity(Op op) {
  switch (op) {
  case Op::sep_conv_5x5:
    return 1.0;
  case Op::sep_conv_3x3:
    return 0.9;
  case Op::dil_conv_5x5:
    return 0.7;
  case Op::dil_conv_3x3:
    return 0.6;
  case Op::max_pool_3x3:
  case Op::avg_pool_3x3:
    return 0.1;
  case Op::skip_connect:
    return 0.05;
  }
  return 0.0;
}

std::uint64_t encode_cell(const DartsSpace::Cell &cell) {
  std::uint64_t index = 0;
  for (int node = DartsSpace::kNumNodes - 1; node >= 0; --node) {
    const auto &a = cell[2 * node], &b = cell[2 * node + 1];
    if (a.input >= b.input || a.input < 0 || b.input > node + 1)
      throw std::invalid_argument("DARTS cell is not canonical");
    const std::uint64_t pair = static_cast<std::uint64_t>(b.input * (b.input - 1) / 2 + a.input);
    const std::uint64_t digit =
        pair * kOpPairs + static_cast<std::uint64_t>(a.op) * 7 + static_cast<std::uint64_t>(b.op);
    index = index * node_radix(node) + digit;
  }
  return index;
}

DartsSpace::Cell decode_cell(std::uint64_t index) {
  DartsSpace::Cell cell{};
  for (int node = 0; node < DartsSpace::kNumNodes; ++node) {
    const std::uint64_t digit = index % node_radix(node);
    index /= node_radix(node);
    const int pair = static_cast<int>(digit / kOpPairs);
    int b = 1;
    while ((b + 1) * b / 2 <= pair)
      ++b;
    const int a = pair - b * (b - 1) / 2;
    cell[2 * node] = {static_cast<Op>(digit % kOpPairs / 7), a};
    cell[2 * node + 1] = {static_cast<Op>(digit % 7), b};
  }
  return cell;
}

} // namespace

DartsSpace::DartsSpace() {
  VocabularyBuilder vocab(vocabulary_);
  const std::int64_t stem_channels = kStemMultiplier * kInitChannels;
  stem_ = {vocab.id({.type = LayerType::conv,
                     .k = stem_channels,
                     .c = 3,
                     .r = 3,
                     .s = 3,
                     .y = kImageSize + 2,
                     .x = kImageSize + 2})};
  std::int64_t c_pp = stem_channels, c_p = stem_channels, c = kInitChannels, size = kImageSize;
  bool reduction_prev = false;
  cells_.resize(kNumCells);
  for (int i = 0; i < kNumCells; ++i) {
    CellLayers &cell = cells_[i];
    cell.reduction = is_reduction(i);
    if (cell.reduction)
      c *= 2;
    const std::int64_t out = cell.reduction ? size / 2 : size;
    if (reduction_prev) // FactorizedReduce of the cell before last, which is twice the size
      cell.preprocess = {vocab.id(conv1x1(c / 2, c_pp, 2 * size, 2)),
                         vocab.id(conv1x1(c / 2, c_pp, 2 * size, 2))};
    else
      cell.preprocess = {vocab.id(conv1x1(c, c_pp, size))};
    cell.preprocess.push_back(vocab.id(conv1x1(c, c_p, size)));
    for (int op = 0; op < kNumOps; ++op) {
      cell.ops[op][0] = op_layers(vocab, static_cast<Op>(op), c, size, cell.reduction ? 2 : 1);
      cell.ops[op][1] = op_layers(vocab, static_cast<Op>(op), c, out, 1);
    }
    cell.add = vocab.id({.type = LayerType::add, .k = c, .c = c, .y = out, .x = out});
    reduction_prev = cell.reduction;
    c_pp = c_p;
    c_p = kNumNodes * c;
    size = out;
  }
  head_ = {vocab.id({.type = LayerType::pool,
                     .k = c_p,
                     .c = c_p,
                     .r = size,
                     .s = size,
                     .y = size,
                     .x = size}),
           vocab.id({.type = LayerType::fc, .k = kNumClasses, .c = c_p})};
  // Every conv is followed by BN (2 parameters per channel), a depthwise by its 1x1 (no BN of
  // its own); the classifier has a bias.
  shape_params_ = detail::shape_params(vocabulary_, detail::BatchNormAfter::conv);
}

DartsSpace::Genotype DartsSpace::decode(std::uint64_t index) {
  if (index / kCellCount >= kCellCount)
    throw std::out_of_range(fmt::format("DARTS index {} is not below {}^2", index, kCellCount));
  return {decode_cell(index / kCellCount), decode_cell(index % kCellCount)};
}

std::uint64_t DartsSpace::encode(const Genotype &genotype) {
  return encode_cell(genotype.normal) * kCellCount + encode_cell(genotype.reduce);
}

std::string DartsSpace::cell_str(const Cell &cell) {
  std::string out;
  for (std::size_t e = 0; e < cell.size(); ++e)
    out += fmt::format("{}{}~{}", e > 0 ? "|" : "", kOpNames[static_cast<int>(cell[e].op)],
                       cell[e].input);
  return out;
}

std::optional<DartsSpace::Cell> DartsSpace::parse_cell(std::string_view text) {
  Cell cell{};
  std::size_t pos = 0;
  for (std::size_t e = 0; e < cell.size(); ++e) {
    const std::size_t end = std::min(text.find('|', pos), text.size());
    if ((e + 1 < cell.size()) != (end < text.size()))
      return std::nullopt; // too few or too many entries
    const std::string_view entry = text.substr(pos, end - pos);
    const std::size_t tilde = entry.find('~');
    if (tilde == std::string_view::npos || tilde + 2 != entry.size())
      return std::nullopt;
    const auto op = std::find(kOpNames.begin(), kOpNames.end(), entry.substr(0, tilde));
    const char input = entry[tilde + 1];
    const int node = static_cast<int>(e / 2);
    if (op == kOpNames.end() || input < '0' || input > '0' + node + 1)
      return std::nullopt;
    cell[e] = {static_cast<Op>(op - kOpNames.begin()), input - '0'};
    pos = end + 1;
  }
  for (int node = 0; node < kNumNodes; ++node) {
    Edge &a = cell[2 * node], &b = cell[2 * node + 1];
    if (a.input == b.input)
      return std::nullopt;
    if (a.input > b.input)
      std::swap(a, b);
  }
  return cell;
}

std::string DartsSpace::arch_str(std::uint64_t index) const {
  const Genotype g = decode(index);
  return cell_str(g.normal) + "/" + cell_str(g.reduce);
}

std::optional<std::uint64_t> DartsSpace::parse(std::string_view text) const {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos)
    return std::nullopt;
  const auto normal = parse_cell(text.substr(0, slash));
  const auto reduce = parse_cell(text.substr(slash + 1));
  if (!normal || !reduce)
    return std::nullopt;
  return encode({*normal, *reduce});
}

/// Calls visit(id) for every layer in network order: stem; per cell its preprocessing, per node
/// its two ops and the add; head.
template <class Visit> void DartsSpace::for_each_layer(std::uint64_t index, Visit &&visit) const {
  const Genotype g = decode(index);
  for (std::uint32_t id : stem_)
    visit(id);
  for (const CellLayers &cell : cells_) {
    for (std::uint32_t id : cell.preprocess)
      visit(id);
    const Cell &genes = cell.reduction ? g.reduce : g.normal;
    for (int node = 0; node < kNumNodes; ++node) {
      for (int e = 2 * node; e < 2 * node + 2; ++e)
        for (std::uint32_t id : cell.ops[static_cast<int>(genes[e].op)][genes[e].input < 2 ? 0 : 1])
          visit(id);
      visit(cell.add);
    }
  }
  for (std::uint32_t id : head_)
    visit(id);
}

/// for_each_layer of one architecture, as the shared derivations take it.
auto DartsSpace::walk(std::uint64_t index) const {
  return [this, index](auto &&visit) { for_each_layer(index, visit); };
}

void DartsSpace::layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const {
  detail::walked_layers(walk(index), vocabulary_, out);
}

void DartsSpace::layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const {
  detail::walked_layer_counts(walk(index), out);
}

std::uint64_t DartsSpace::macs(std::uint64_t index) const {
  return detail::walked_macs(walk(index), vocabulary_);
}

std::uint64_t DartsSpace::params(std::uint64_t index) const {
  return detail::walked_params(walk(index), shape_params_);
}

// Cell capacity proxy (docs/spaces.md): per cell the op weights of its 8 edges, the normal cell
// counting double (18 of the 20 cells are normal cells), mapped into NAS-Bench-301's range.
double DartsSpace::proxy_accuracy(std::uint64_t index) const {
  const Genotype g = decode(index);
  double capacity = 0.0;
  for (int e = 0; e < 2 * kNumNodes; ++e)
    capacity += 2.0 * op_capacity(g.normal[e].op) + op_capacity(g.reduce[e].op);
  return 88.0 + 7.0 * (1.0 - std::exp(-capacity / 8.0));
}

std::string_view DartsSpace::proxy_name() const { return "darts_cell_capacity_v1"; }

} // namespace coscan::search
