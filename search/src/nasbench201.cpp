// NAS-Bench-201 (Dong & Yang, ICLR 2020) as the benchmark's CIFAR network builds it:
// stem conv -> 5 cells @16ch 32x32 -> ResNet reduction -> 5 cells @32ch 16x16 -> reduction ->
// 5 cells @64ch 8x8 -> BN+ReLU -> global average pool -> 64->10 classifier.
//
// Conventions (see docs/spaces.md):
// - ReLU and BatchNorm are folded into the convolution they belong to (no separate layers); BN
//   affine parameters (2 per channel) count in params().
// - Every non-none edge of a cell is a layer, reachable from the cell input or not: the
//   benchmark's network computes all of them. A node with m non-none inputs needs m - 1 adds.
// - macs() counts conv and fc multiply-accumulates only, as NB201's FLOPs figures do.
#include <coscan/costmodel/error.hpp>
#include <coscan/search/nasbench201.hpp>

#include "layer_shapes.hpp"
#include "layer_walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coscan::search {

namespace {

using costmodel::LayerShape;
using costmodel::LayerType;
using Op = NasBench201Space::Op;

constexpr std::array<std::string_view, NasBench201Space::kNumOps> kOpNames = {
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

/// Edge e of a cell runs from node kEdgeFrom[e] to node kEdgeTo[e] (architecture-string order).
constexpr std::array<int, NasBench201Space::kNumEdges> kEdgeFrom = {0, 0, 1, 0, 1, 2};
constexpr std::array<int, NasBench201Space::kNumEdges> kEdgeTo = {1, 2, 2, 3, 3, 3};

constexpr int kNumStages = 3;
constexpr int kCellsPerStage = 5;
constexpr std::array<std::int64_t, kNumStages> kStageChannels = {16, 32, 64};
constexpr std::array<std::int64_t, kNumStages> kStageSize = {32, 16, 8};
constexpr std::int64_t kNumClasses = 10;

// Vocabulary ids: the stem, then per stage the 4 cell shapes, then per reduction block its 3
// own shapes (its second conv and its add coincide with the next stage's cell shapes), then the
// global pool and the classifier.
enum CellShape : std::uint32_t { kConv3x3, kConv1x1, kPool3x3, kAdd, kNumCellShapes };
enum ReductionShape : std::uint32_t { kConvStride2, kPool2x2, kShortcutConv, kNumReductionShapes };
constexpr std::uint32_t kStemId = 0;
constexpr std::uint32_t cell_shape_id(int stage, CellShape s) {
  return 1 + stage * kNumCellShapes + s;
}
constexpr std::uint32_t reduction_shape_id(int reduction, ReductionShape s) {
  return 1 + kNumStages * kNumCellShapes + reduction * kNumReductionShapes + s;
}
// The first id after the kNumStages - 1 reduction blocks.
constexpr std::uint32_t kGlobalPoolId = reduction_shape_id(kNumStages - 1, kConvStride2);
constexpr std::uint32_t kClassifierId = kGlobalPoolId + 1;
constexpr std::uint32_t kVocabularySize = kClassifierId + 1;

/// The BatchNorm after the last stage (before global pooling): its affine parameters belong to
/// no layer shape.
constexpr std::uint64_t kLastBatchNormParams = 2 * kStageChannels.back();

using namespace layers;

std::vector<LayerShape> make_vocabulary() {
  std::vector<LayerShape> v(kVocabularySize);
  v[kStemId] = conv(kStageChannels[0], 3, 3, kStageSize[0] + 2);
  for (int s = 0; s < kNumStages; ++s) {
    const std::int64_t c = kStageChannels[s], h = kStageSize[s];
    v[cell_shape_id(s, kConv3x3)] = conv(c, c, 3, h + 2);
    v[cell_shape_id(s, kConv1x1)] = conv(c, c, 1, h);
    v[cell_shape_id(s, kPool3x3)] = pool(c, 3, h + 2, 1);
    v[cell_shape_id(s, kAdd)] = add(c, h);
  }
  for (int r = 0; r + 1 < kNumStages; ++r) {
    const std::int64_t c = kStageChannels[r], h = kStageSize[r];
    v[reduction_shape_id(r, kConvStride2)] = conv(2 * c, c, 3, h + 2, 2);
    v[reduction_shape_id(r, kPool2x2)] = pool(c, 2, h, 2);
    v[reduction_shape_id(r, kShortcutConv)] = conv(2 * c, c, 1, h / 2);
  }
  v[kGlobalPoolId] = pool(kStageChannels.back(), kStageSize.back(), kStageSize.back(), 1);
  v[kClassifierId] = {.type = LayerType::fc, .k = kNumClasses, .c = kStageChannels.back()};
  return v;
}

/// Trainable parameters per vocabulary shape: weights, plus BN affine (2K) for the convolutions
/// that are followed by BN (all but the reduction shortcut's 1x1), plus the classifier's bias.
std::vector<std::uint64_t> make_shape_params(const std::vector<LayerShape> &vocabulary) {
  std::vector<std::uint64_t> params =
      detail::shape_params(vocabulary, detail::BatchNormAfter::conv);
  for (int r = 0; r + 1 < kNumStages; ++r) {
    const std::uint32_t id = reduction_shape_id(r, kShortcutConv);
    params[id] = static_cast<std::uint64_t>(vocabulary[id].weight_elems());
  }
  return params;
}

/// What one cell needs, independent of its stage.
struct CellSummary {
  std::uint32_t conv3x3 = 0, conv1x1 = 0, pool3x3 = 0, adds = 0;
};

CellSummary summarise(const NasBench201Space::Cell &cell) {
  CellSummary sum;
  std::array<std::uint32_t, 4> inputs{};
  for (int e = 0; e < NasBench201Space::kNumEdges; ++e) {
    switch (cell[e]) {
    case Op::none:
      continue;
    case Op::nor_conv_3x3:
      ++sum.conv3x3;
      break;
    case Op::nor_conv_1x1:
      ++sum.conv1x1;
      break;
    case Op::avg_pool_3x3:
      ++sum.pool3x3;
      break;
    case Op::skip_connect:
      break;
    }
    ++inputs[kEdgeTo[e]];
  }
  for (std::uint32_t m : inputs)
    sum.adds += m > 1 ? m - 1 : 0;
  return sum;
}

std::uint64_t pow5(int e) {
  std::uint64_t p = 1;
  while (e-- > 0)
    p *= NasBench201Space::kNumOps;
  return p;
}

// Proxy weights: how much an edge contributes to the cell's trainable "capacity".
double op_capacity(Op op) {
  switch (op) {
  case Op::nor_conv_3x3:
    return 1.0;
  case Op::nor_conv_1x1:
    return 0.5;
  case Op::avg_pool_3x3:
    return 0.1;
  case Op::skip_connect:
    return 0.05;
  case Op::none:
    return 0.0;
  }
  return 0.0;
}

} // namespace

NasBench201Space::NasBench201Space()
    : vocabulary_(make_vocabulary()), shape_params_(make_shape_params(vocabulary_)) {}

NasBench201Space::Cell NasBench201Space::decode(std::uint64_t index) {
  if (index >= pow5(kNumEdges))
    throw std::out_of_range(fmt::format("NAS-Bench-201 index {} is not below 15625", index));
  Cell cell{};
  for (int e = 0; e < kNumEdges; ++e, index /= kNumOps)
    cell[e] = static_cast<Op>(index % kNumOps);
  return cell;
}

std::uint64_t NasBench201Space::encode(const Cell &cell) {
  std::uint64_t index = 0;
  for (int e = kNumEdges - 1; e >= 0; --e)
    index = index * kNumOps + static_cast<std::uint64_t>(cell[e]);
  return index;
}

std::string NasBench201Space::arch_str(std::uint64_t index) const {
  const Cell cell = decode(index);
  std::string out;
  for (int e = 0; e < kNumEdges; ++e) {
    if (e > 0 && kEdgeFrom[e] == 0)
      out += '+';
    if (kEdgeFrom[e] == 0)
      out += '|';
    out += fmt::format("{}~{}|", kOpNames[static_cast<int>(cell[e])], kEdgeFrom[e]);
  }
  return out;
}

std::optional<std::uint64_t> NasBench201Space::parse(std::string_view text) const {
  // Strict: exactly "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|", no spaces, sources in order.
  Cell cell{};
  std::size_t pos = 0;
  for (int e = 0; e < kNumEdges; ++e) {
    if (kEdgeFrom[e] == 0) {
      if (e > 0) {
        if (pos >= text.size() || text[pos] != '+')
          return std::nullopt;
        ++pos;
      }
      if (pos >= text.size() || text[pos] != '|')
        return std::nullopt;
      ++pos;
    }
    const std::size_t end = text.find('|', pos);
    if (end == std::string_view::npos)
      return std::nullopt;
    const std::string_view edge = text.substr(pos, end - pos);
    const std::size_t tilde = edge.find('~');
    if (tilde == std::string_view::npos || edge.substr(tilde + 1) != std::to_string(kEdgeFrom[e]))
      return std::nullopt;
    const auto op = std::find(kOpNames.begin(), kOpNames.end(), edge.substr(0, tilde));
    if (op == kOpNames.end())
      return std::nullopt;
    cell[e] = static_cast<Op>(op - kOpNames.begin());
    pos = end + 1;
  }
  if (pos != text.size())
    return std::nullopt;
  return encode(cell);
}

void NasBench201Space::layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const {
  const Cell cell = decode(index);
  const auto &v = vocabulary_;
  out.clear();
  out.push_back(v[kStemId]);
  for (int s = 0; s < kNumStages; ++s) {
    if (s > 0) { // ResNet basic block, stride 2: conv_a, conv_b; shortcut pool, 1x1; add
      out.push_back(v[reduction_shape_id(s - 1, kConvStride2)]);
      out.push_back(v[cell_shape_id(s, kConv3x3)]);
      out.push_back(v[reduction_shape_id(s - 1, kPool2x2)]);
      out.push_back(v[reduction_shape_id(s - 1, kShortcutConv)]);
      out.push_back(v[cell_shape_id(s, kAdd)]);
    }
    for (int c = 0; c < kCellsPerStage; ++c) {
      for (int node = 1; node <= 3; ++node) {
        int inputs = 0;
        for (int e = 0; e < kNumEdges; ++e) {
          if (kEdgeTo[e] != node || cell[e] == Op::none)
            continue;
          ++inputs;
          if (cell[e] == Op::nor_conv_3x3)
            out.push_back(v[cell_shape_id(s, kConv3x3)]);
          else if (cell[e] == Op::nor_conv_1x1)
            out.push_back(v[cell_shape_id(s, kConv1x1)]);
          else if (cell[e] == Op::avg_pool_3x3)
            out.push_back(v[cell_shape_id(s, kPool3x3)]);
        }
        for (int a = 1; a < inputs; ++a)
          out.push_back(v[cell_shape_id(s, kAdd)]);
      }
    }
  }
  out.push_back(v[kGlobalPoolId]);
  out.push_back(v[kClassifierId]);
}

void NasBench201Space::layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const {
  const CellSummary cell = summarise(decode(index));
  std::array<std::uint32_t, kVocabularySize> counts{};
  counts[kStemId] = 1;
  for (int s = 0; s < kNumStages; ++s) {
    counts[cell_shape_id(s, kConv3x3)] += kCellsPerStage * cell.conv3x3;
    counts[cell_shape_id(s, kConv1x1)] += kCellsPerStage * cell.conv1x1;
    counts[cell_shape_id(s, kPool3x3)] += kCellsPerStage * cell.pool3x3;
    counts[cell_shape_id(s, kAdd)] += kCellsPerStage * cell.adds;
    if (s > 0) {
      counts[reduction_shape_id(s - 1, kConvStride2)] += 1;
      counts[reduction_shape_id(s - 1, kPool2x2)] += 1;
      counts[reduction_shape_id(s - 1, kShortcutConv)] += 1;
      counts[cell_shape_id(s, kConv3x3)] += 1;
      counts[cell_shape_id(s, kAdd)] += 1;
    }
  }
  counts[kGlobalPoolId] = 1;
  counts[kClassifierId] = 1;
  out.clear();
  for (std::uint32_t id = 0; id < kVocabularySize; ++id)
    if (counts[id] > 0)
      out.push_back({id, counts[id]});
}

std::uint64_t NasBench201Space::macs(std::uint64_t index) const {
  std::vector<LayerCount> counts;
  layer_counts(index, counts);
  std::uint64_t total = 0;
  for (const LayerCount &lc : counts)
    total += lc.count * static_cast<std::uint64_t>(vocabulary_[lc.shape].macs());
  return total;
}

std::uint64_t NasBench201Space::params(std::uint64_t index) const {
  std::vector<LayerCount> counts;
  layer_counts(index, counts);
  std::uint64_t total = kLastBatchNormParams;
  for (const LayerCount &lc : counts)
    total += lc.count * shape_params_[lc.shape];
  return total;
}

// Path capacity proxy (docs/spaces.md): edges that lie on some cell-input -> cell-output path of
// non-none edges, weighted by op_capacity, plus the heaviest such path (rewarding depth). No path
// at all means the cell output is constant zero: the network is at chance (10%).
double NasBench201Space::proxy_accuracy(std::uint64_t index) const {
  const Cell cell = decode(index);
  std::array<bool, 4> from_input{true, false, false, false};
  for (int e = 0; e < kNumEdges; ++e) // edges are in topological order of their target
    if (cell[e] != Op::none && from_input[kEdgeFrom[e]])
      from_input[kEdgeTo[e]] = true;
  std::array<bool, 4> to_output{false, false, false, true};
  for (int e = kNumEdges - 1; e >= 0; --e) // and in reverse topological order of their source
    if (cell[e] != Op::none && to_output[kEdgeTo[e]])
      to_output[kEdgeFrom[e]] = true;
  if (!from_input[3])
    return 10.0;

  double on_paths = 0.0;
  std::array<double, 4> heaviest{0.0, -1.0, -1.0, -1.0}; // -1: no path from the input yet
  for (int e = 0; e < kNumEdges; ++e) {
    const int from = kEdgeFrom[e], to = kEdgeTo[e];
    if (cell[e] == Op::none || !from_input[from] || !to_output[to])
      continue;
    on_paths += op_capacity(cell[e]);
    heaviest[to] = std::max(heaviest[to], heaviest[from] + op_capacity(cell[e]));
  }
  const double capacity = on_paths + heaviest[3];
  return 10.0 + 84.0 * (1.0 - std::exp(-capacity / 3.0));
}

std::string_view NasBench201Space::proxy_name() const { return "nb201_path_capacity_v1"; }

} // namespace coscan::search
