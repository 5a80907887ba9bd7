#pragma once
// NAS-Bench-201: 5^6 = 15,625 cells on CIFAR (32x32x3), in the macro network of the benchmark.
#include <coscan/search/arch_space.hpp>

#include <array>

namespace coscan::search {

class NasBench201Space final : public ArchSpace {
public:
  /// The edge operations, in the order of their digit values in an index.
  enum class Op : std::uint8_t { none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3 };
  static constexpr int kNumOps = 5;
  static constexpr int kNumEdges = 6;
  /// The 6 edges in architecture-string order: (to 1 from 0), (2<-0), (2<-1), (3<-0), ...
  using Cell = std::array<Op, kNumEdges>;

  NasBench201Space();

  std::string_view kind() const override { return "nasbench201"; }
  std::uint64_t size() const override { return 15625; }
  const std::vector<costmodel::LayerShape> &vocabulary() const override { return vocabulary_; }
  void layer_counts(std::uint64_t index, std::vector<LayerCount> &out) const override;
  void layers(std::uint64_t index, std::vector<costmodel::LayerShape> &out) const override;
  std::string arch_str(std::uint64_t index) const override;
  std::optional<std::uint64_t> parse(std::string_view arch_str) const override;
  std::uint64_t macs(std::uint64_t index) const override;
  std::uint64_t params(std::uint64_t index) const override;
  double proxy_accuracy(std::uint64_t index) const override;
  std::string_view proxy_name() const override;

  /// Index <-> cell: a mixed-radix number, edge 0 the least significant digit.
  static Cell decode(std::uint64_t index);
  static std::uint64_t encode(const Cell &cell);

private:
  std::vector<costmodel::LayerShape> vocabulary_;
  std::vector<std::uint64_t> shape_params_; ///< trainable parameters per vocabulary shape
};

} // namespace coscan::search
