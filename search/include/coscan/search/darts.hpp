#pragma once
// DARTS / NAS-Bench-301 cells in DARTS's NetworkCIFAR (C = 36, 20 cells, 32x32x3): a normal and a
// reduction cell of 4 nodes, each node the sum of two ops on two distinct earlier nodes.
// 1,037,664,180 cells, 1,076,746,950,455,072,400 architectures (docs/spaces.md).
#include <coscan/search/arch_space.hpp>

#include <array>

namespace coscan::search {

class DartsSpace final : public ArchSpace {
public:
  /// The ops, in the order of their digit values in an index.
  enum class Op : std::uint8_t {
    max_pool_3x3,
    avg_pool_3x3,
    skip_connect,
    sep_conv_3x3,
    sep_conv_5x5,
    dil_conv_3x3,
    dil_conv_5x5
  };
  static constexpr int kNumOps = 7;
  static constexpr int kNumNodes = 4;
  /// One input of a node: the op and the node it reads (0, 1: the cell inputs; 2..: nodes).
  struct Edge {
    Op op = Op::max_pool_3x3;
    int input = 0;
    friend bool operator==(const Edge &, const Edge &) = default;
  };
  /// Node i's two edges are 2i and 2i + 1, the smaller input first (the canonical order).
  using Cell = std::array<Edge, 2 * kNumNodes>;
  struct Genotype {
    Cell normal{}, reduce{};
    friend bool operator==(const Genotype &, const Genotype &) = default;
  };
  static constexpr std::uint64_t kCellCount = 1'037'664'180; // 49^4 x (1 x 3 x 6 x 10)

  DartsSpace();

  std::string_view kind() const override { return "darts"; }
  std::uint64_t size() const override { return kCellCount * kCellCount; }
  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const override;
  /// `<normal cell>/<reduce cell>`, each cell as NAS-Bench-301 writes it: `op~input|...`, 8
  /// entries, a node's smaller input first. The concat is always nodes 2|3|4|5.
  std::string arch_str(std::uint64_t index) const override;
  /// Accepts a node's two entries in either order (the sum is the same network).
  std::optional<std::uint64_t> parse(std::string_view arch_str) const override;
  std::uint64_t macs(std::uint64_t index) const override;
  std::uint64_t params(std::uint64_t index) const override;
  double proxy_accuracy(std::uint64_t index) const override;
  std::string_view proxy_name() const override;

  /// Index = normal cell index x kCellCount + reduce cell index; a cell index is mixed radix
  /// over its nodes, node 0 least significant, node i's digit (pair * 49 + op_a * 7 + op_b) for
  /// its inputs a < b, pair = b (b - 1) / 2 + a.
  static Genotype decode(std::uint64_t index);
  static std::uint64_t encode(const Genotype &genotype); ///< cells must be canonical and valid
  static std::string cell_str(const Cell &cell);
  /// A cell string (entries of a node in any order); nullopt unless every node has two distinct
  /// inputs among its predecessors and known op names. The result is canonical.
  static std::optional<Cell> parse_cell(std::string_view text);

private:
  template <class Visit> void for_each_layer(std::uint64_t index, Visit &&visit) const;
  /// for_each_layer bound to one architecture (coscan::search::detail's derivations take it).
  auto walk(std::uint64_t index) const;

  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<std::uint64_t> shape_params_;
  /// Per cell position: its preprocessing layers, the node add, and per op and input kind
  /// (0: a cell input, 1: an intermediate node) the op's layers, as vocabulary ids.
  struct CellLayers {
    bool reduction = false;
    std::vector<std::uint32_t> preprocess;
    std::uint32_t add = 0;
    std::array<std::array<std::vector<std::uint32_t>, 2>, kNumOps> ops;
  };
  std::vector<CellLayers> cells_;
  std::vector<std::uint32_t> stem_, head_;
};

} // namespace coscan::search
