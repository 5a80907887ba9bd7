#include <coscan/search/sparse_accuracy.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace coscan::search {

SparseTableAccuracy::SparseTableAccuracy(std::vector<std::pair<std::uint64_t, double>> values,
                                         std::string source)
    : values_(std::move(values)), source_(std::move(source)) {
  std::sort(values_.begin(), values_.end());
  for (std::size_t i = 1; i < values_.size(); ++i)
    if (values_[i - 1].first == values_[i].first)
      throw std::invalid_argument(
          fmt::format("architecture {} is in the accuracy table twice", values_[i].first));
}

double SparseTableAccuracy::at(std::uint64_t arch_index) const {
  const auto it = std::lower_bound(values_.begin(), values_.end(),
                                   std::pair<std::uint64_t, double>{arch_index, -1e300});
  if (it == values_.end() || it->first != arch_index)
    throw std::out_of_range(
        fmt::format("architecture {} has no accuracy in {}", arch_index, source_));
  return it->second;
}

bool SparseTableAccuracy::has(std::uint64_t arch_index) const {
  const auto it = std::lower_bound(values_.begin(), values_.end(),
                                   std::pair<std::uint64_t, double>{arch_index, -1e300});
  return it != values_.end() && it->first == arch_index;
}

std::vector<std::uint64_t> SparseTableAccuracy::indices() const {
  std::vector<std::uint64_t> out;
  out.reserve(values_.size());
  for (const auto &[index, value] : values_)
    out.push_back(index);
  return out;
}

} // namespace coscan::search
