#pragma once
// A sorted subset of [0, n): the valid (and sampled) points of an accelerator grid. Position i
// maps to the i-th member (select); membership is a lookup. Two representations, whichever is
// smaller: a sorted list (8 bytes per member) or a bitmap with a rank directory (n/8 bytes plus
// 8 bytes per 512 points, i.e. ~1.13 bits per grid point). The whole range needs no storage.
#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace coscan::search {

class IndexSubset {
public:
  /// All of [0, n).
  static IndexSubset all(std::uint64_t n);
  /// The indices of [0, n) that `keep` accepts, tested in ascending order.
  static IndexSubset filter(std::uint64_t n, const std::function<bool(std::uint64_t)> &keep);
  /// A strictly ascending list of indices below n.
  static IndexSubset from_sorted(std::uint64_t n, std::vector<std::uint64_t> members);

  std::uint64_t range() const { return range_; } ///< n
  std::uint64_t size() const { return size_; }   ///< members
  bool is_all() const { return size_ == range_; }
  /// The position-th member (ascending); position < size().
  std::uint64_t at(std::uint64_t position) const;
  bool contains(std::uint64_t index) const;
  /// The position of member `index` (at(position(i)) == i), or nullopt when it is not one.
  std::optional<std::uint64_t> position(std::uint64_t index) const;
  /// Calls f(index) for every member in ascending order (a scan, far cheaper than at() each).
  template <class F> void for_each(F &&f) const {
    if (kind_ == Kind::all)
      for (std::uint64_t i = 0; i < range_; ++i)
        f(i);
    else if (kind_ == Kind::list)
      for (std::uint64_t i : list_)
        f(i);
    else
      for (std::uint64_t w = 0; w < bits_.size(); ++w)
        for (std::uint64_t word = bits_[w]; word != 0; word &= word - 1)
          f(w * 64 + static_cast<std::uint64_t>(std::countr_zero(word)));
  }
  /// Bytes held by the representation.
  std::uint64_t memory_bytes() const;

private:
  enum class Kind { all, list, bitmap };
  Kind kind_ = Kind::all;
  std::uint64_t range_ = 0, size_ = 0;
  std::vector<std::uint64_t> list_;
  std::vector<std::uint64_t> bits_;  ///< bitmap, 64 points per word
  std::vector<std::uint64_t> ranks_; ///< members before each 8-word (512-point) block
};

} // namespace coscan::search
