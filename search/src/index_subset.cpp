// IndexSubset: a filter first fills a bitmap (one pass over the range), then keeps whichever of
// bitmap+directory and sorted list is smaller.
#include <coscan/search/index_subset.hpp>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace coscan::search {

namespace {
constexpr std::uint64_t kWordsPerBlock = 8; // rank directory granularity: 512 points
}

IndexSubset IndexSubset::all(std::uint64_t n) {
  IndexSubset subset;
  subset.range_ = subset.size_ = n;
  return subset;
}

IndexSubset IndexSubset::filter(std::uint64_t n, const std::function<bool(std::uint64_t)> &keep) {
  std::vector<std::uint64_t> bits((n + 63) / 64, 0);
  std::uint64_t count = 0;
  for (std::uint64_t i = 0; i < n; ++i)
    if (keep(i)) {
      bits[i / 64] |= std::uint64_t{1} << (i % 64);
      ++count;
    }
  IndexSubset subset;
  subset.range_ = n;
  subset.size_ = count;
  if (count == n)
    return subset; // Kind::all
  const std::uint64_t bitmap_bytes = 8 * (bits.size() + bits.size() / kWordsPerBlock + 1);
  if (8 * count <= bitmap_bytes) {
    subset.kind_ = Kind::list;
    subset.list_.reserve(count);
    for (std::uint64_t w = 0; w < bits.size(); ++w)
      for (std::uint64_t word = bits[w]; word != 0; word &= word - 1)
        subset.list_.push_back(w * 64 + static_cast<std::uint64_t>(std::countr_zero(word)));
    return subset;
  }
  subset.kind_ = Kind::bitmap;
  subset.bits_ = std::move(bits);
  std::uint64_t before = 0;
  for (std::uint64_t w = 0; w < subset.bits_.size(); ++w) {
    if (w % kWordsPerBlock == 0)
      subset.ranks_.push_back(before);
    before += static_cast<std::uint64_t>(std::popcount(subset.bits_[w]));
  }
  return subset;
}

IndexSubset IndexSubset::from_sorted(std::uint64_t n, std::vector<std::uint64_t> members) {
  for (std::size_t i = 0; i < members.size(); ++i)
    if (members[i] >= n || (i > 0 && members[i] <= members[i - 1]))
      throw std::invalid_argument("IndexSubset::from_sorted: not strictly ascending below n");
  IndexSubset subset;
  subset.range_ = n;
  subset.size_ = members.size();
  if (subset.size_ == n)
    return subset;
  subset.kind_ = Kind::list;
  subset.list_ = std::move(members);
  return subset;
}

std::uint64_t IndexSubset::at(std::uint64_t position) const {
  if (position >= size_)
    throw std::out_of_range("IndexSubset: position " + std::to_string(position) +
                            " past the subset of " + std::to_string(size_));
  switch (kind_) {
  case Kind::all:
    return position;
  case Kind::list:
    return list_[position];
  case Kind::bitmap:
    break;
  }
  // The last block with fewer members before it than position + 1, then word by word.
  const auto block = std::upper_bound(ranks_.begin(), ranks_.end(), position) - ranks_.begin() - 1;
  std::uint64_t remaining = position - ranks_[static_cast<std::size_t>(block)];
  std::uint64_t w = static_cast<std::uint64_t>(block) * kWordsPerBlock;
  for (;; ++w) {
    const auto ones = static_cast<std::uint64_t>(std::popcount(bits_[w]));
    if (remaining < ones)
      break;
    remaining -= ones;
  }
  std::uint64_t word = bits_[w];
  for (; remaining > 0; --remaining)
    word &= word - 1; // drop the lowest member
  return w * 64 + static_cast<std::uint64_t>(std::countr_zero(word));
}

bool IndexSubset::contains(std::uint64_t index) const {
  if (index >= range_)
    return false;
  switch (kind_) {
  case Kind::all:
    return true;
  case Kind::list:
    return std::binary_search(list_.begin(), list_.end(), index);
  case Kind::bitmap:
    return (bits_[index / 64] >> (index % 64)) & 1;
  }
  return false;
}

std::optional<std::uint64_t> IndexSubset::position(std::uint64_t index) const {
  if (!contains(index))
    return std::nullopt;
  switch (kind_) {
  case Kind::all:
    return index;
  case Kind::list:
    return static_cast<std::uint64_t>(std::lower_bound(list_.begin(), list_.end(), index) -
                                      list_.begin());
  case Kind::bitmap:
    break;
  }
  // The members before the index's block, then before its word, then below it in its word.
  const std::uint64_t w = index / 64;
  std::uint64_t rank = ranks_[w / kWordsPerBlock];
  for (std::uint64_t v = w / kWordsPerBlock * kWordsPerBlock; v < w; ++v)
    rank += static_cast<std::uint64_t>(std::popcount(bits_[v]));
  const std::uint64_t below = (std::uint64_t{1} << (index % 64)) - 1;
  return rank + static_cast<std::uint64_t>(std::popcount(bits_[w] & below));
}

std::uint64_t IndexSubset::memory_bytes() const {
  return 8 * (list_.size() + bits_.size() + ranks_.size());
}

} // namespace coscan::search
