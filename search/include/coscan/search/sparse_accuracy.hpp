#pragma once
// Accuracy from a table covering part of a large space (AlphaNet's 9,999 of 57 million): the
// listed architectures' values, looked up by index.
#include <coscan/search/accuracy.hpp>

#include <utility>

namespace coscan::search {

class SparseTableAccuracy final : public AccuracySource {
public:
  /// (index, accuracy) pairs, any order; indices must be distinct.
  SparseTableAccuracy(std::vector<std::pair<std::uint64_t, double>> values, std::string source);
  /// std::out_of_range for an architecture the table lacks (the builder checks the swept ones).
  double at(std::uint64_t arch_index) const override;
  bool has(std::uint64_t arch_index) const;
  std::string source() const override { return source_; }
  bool is_proxy() const override { return false; }
  /// The table's architectures, ascending.
  std::vector<std::uint64_t> indices() const;

private:
  std::vector<std::pair<std::uint64_t, double>> values_; ///< sorted by index
  std::string source_;
};

} // namespace coscan::search
