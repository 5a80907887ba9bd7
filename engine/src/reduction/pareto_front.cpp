#include <coscan/engine/reduction/pareto_front.hpp>

#include "evaluation/kernels.hpp"
#include "reduction/dominance.hpp"

#include <algorithm>
#include <compare>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace coscan::engine {
namespace {

/// The most frequent dominators, tried on every row of a batch before the batch's own front is
/// found; the other members are tried on the rows of that front only. A multiple of
/// detail::kScanLanes.
constexpr std::size_t kHotMembers = 64;

/// The members are put in hit order again once this many rows were offered since the last time
/// (after every batch of a study that computes every pair, 65,536 rows a tile; every few dozen
/// batches of one whose tiles hold a few candidate architectures). Measured by callgrind on
/// NB201 x 103,680 accelerators: 16,384 rows 6.4 G instructions, 8,192 6.8 G, 65,536 6.9 G,
/// every batch 17.4 G.
constexpr std::size_t kReorderRows = 16384;

void throw_if_nan(std::span<const double> values) {
  bool any_nan = false;
  for (const double v : values)
    any_nan |= v != v; // branch-free so the scan vectorises
  if (any_nan)
    throw std::invalid_argument("ParetoFront: NaN objective value");
}

// Runs f.template operator()<K>() with K = k for the common objective counts, K = 0 (runtime k)
// otherwise: a compile-time k unrolls the dominance test.
template <class F> void with_static_k(std::size_t k, F &&f) {
  switch (k) {
  case 1:
    return f.template operator()<1>();
  case 2:
    return f.template operator()<2>();
  case 3:
    return f.template operator()<3>();
  case 4:
    return f.template operator()<4>();
  case 5:
    return f.template operator()<5>();
  case 6:
    return f.template operator()<6>();
  default:
    return f.template operator()<0>();
  }
}

} // namespace

ParetoFront::ParetoFront(std::size_t num_objectives) : k_(num_objectives) {
  if (k_ == 0)
    throw std::invalid_argument("ParetoFront: need at least one objective");
}

void ParetoFront::insert(std::span<const double> values, std::span<const PairId> ids) {
  throw_if_batch_open("insert");
  offer(values, ids);
  close_batch();
}

// The rows kept are copied, and the members change only in close_batch(), so rows may come
// from the front's own storage (values()).
void ParetoFront::offer(std::span<const double> values, std::span<const PairId> ids) {
  if (values.size() != ids.size() * k_)
    throw std::invalid_argument("ParetoFront: offered values has " + std::to_string(values.size()) +
                                " entries, expected " + std::to_string(ids.size()) + " x " +
                                std::to_string(k_));
  throw_if_nan(values);
  batch_open_ = true;
  with_static_k(k_, [&]<std::size_t K>() { offer_rows<K>(values, ids); });
}

void ParetoFront::close_batch() { close_batch(false); }

void ParetoFront::close_batch(bool rows_are_a_front) {
  if (!batch_open_)
    return;
  with_static_k(k_, [&]<std::size_t K>() { close_rows<K>(rows_are_a_front); });
  batch_open_ = false;
}

void ParetoFront::throw_if_batch_open(const char *what) const {
  if (batch_open_)
    throw std::logic_error(std::string("ParetoFront::") + what + ": a batch is open (close_batch)");
}

void ParetoFront::merge(const ParetoFront &other) {
  if (other.k_ != k_)
    throw std::invalid_argument("ParetoFront::merge: fronts over different objective counts");
  throw_if_batch_open("merge");
  other.throw_if_batch_open("merge");
  if (&other == this) {
    const ParetoFront copy = other;
    merge(copy);
    return;
  }
  if (other.ids_.empty())
    return;
  insert_front(other.values_, other.ids_);
}

void ParetoFront::insert_front(std::span<const double> values, std::span<const PairId> ids) {
  batch_open_ = true;
  with_static_k(k_, [&]<std::size_t K>() { offer_rows<K>(values, ids); });
  close_batch(true);
}

// A batch is filtered in four steps:
// 1. (offer) drop rows one of the most frequent dominators (the first kHotMembers members)
//    dominates;
// 2. (close) a sort-filter skyline of the rest: in skyline order (dominance.hpp) dominators come
//    strictly first, so a candidate is kept iff no candidate kept before it dominates it;
// 3. drop kept candidates one of the other members dominates. Steps 1 and 3 drop exactly the
//    rows some current member dominates, and dropping them before or after step 2 keeps the
//    same rows: a row that a member dominates only dominates rows that member dominates too.
//    Most rows that pass step 1 fall in step 2, which is far cheaper than the whole front;
// 4. drop members some kept candidate dominates (only kept candidates with a key <= the
//    member's can, a prefix of them).
// Dropping rows a member dominates is safe even for members the batch itself evicts later:
// whatever evicts them dominates the row too. `rows_are_a_front` skips the candidate-vs-candidate
// tests when the rows are mutually non-dominated already (a merge).
template <std::size_t K>
void ParetoFront::offer_rows(std::span<const double> values, std::span<const PairId> ids) {
  const std::size_t k = K ? K : k_;
  if (!columns_valid_)
    build_columns();
  const std::size_t hot = std::min(ids_.size(), kHotMembers);
  rows_since_reorder_ += ids.size();
  for (std::size_t row = 0; row < ids.size(); ++row) {
    const double *point = values.data() + row * k;
    if (front_dominates<K>(point, 0, hot))
      continue;
    candidates_.push_back({skyline_key(point, k), pending_ids_.size()});
    pending_values_.insert(pending_values_.end(), point, point + k);
    pending_ids_.push_back(ids[row]);
  }
}

template <std::size_t K> void ParetoFront::close_rows(bool rows_are_a_front) {
  const std::size_t k = K ? K : k_;
  const std::span<const double> values = pending_values_;
  const std::span<const PairId> ids = pending_ids_;
  if (!candidates_.empty()) {
    std::sort(candidates_.begin(), candidates_.end(), [&](const Candidate &a, const Candidate &b) {
      return a.key < b.key ||
             (a.key == b.key && lex_less(values.data() + a.row * k, values.data() + b.row * k, k));
    });
    kept_values_.clear();
    kept_keys_.clear();
    kept_ids_.clear();
    // Kept candidates are scanned by objective too; in key order, all those kept so far come
    // before a candidate.
    kept_columns_.reset(candidates_.size(), k);
    for (const Candidate &candidate : candidates_) {
      const double *point = values.data() + candidate.row * k;
      const std::size_t kept = kept_keys_.size();
      if (rows_are_a_front || kept_columns_.first_dominator(0, kept, k, point) == kept) {
        kept_columns_.set(kept, point, k);
        kept_values_.insert(kept_values_.end(), point, point + k);
        kept_keys_.push_back(candidate.key);
        kept_ids_.push_back(ids[candidate.row]);
      }
    }
    if (ids_.size() > kHotMembers) { // step 3
      std::size_t size = 0;
      for (std::size_t i = 0; i < kept_ids_.size(); ++i) {
        const double *point = kept_values_.data() + i * k;
        if (front_dominates<K>(point, kHotMembers, ids_.size()))
          continue;
        std::copy_n(point, k, kept_values_.data() + size * k);
        kept_keys_[size] = kept_keys_[i];
        kept_ids_[size] = kept_ids_[i];
        ++size;
      }
      kept_values_.resize(size * k);
      kept_keys_.resize(size);
      kept_ids_.resize(size);
      kept_columns_.reset(size, k);
      for (std::size_t i = 0; i < size; ++i)
        kept_columns_.set(i, kept_values_.data() + i * k, k);
    }
    std::size_t size = 0; // compact the surviving members in place, keeping their order
    for (std::size_t member = 0; member < ids_.size(); ++member) {
      const double *point = values_.data() + member * k;
      // Only kept candidates with a key <= the member's can dominate it.
      const auto prefix = static_cast<std::size_t>(
          std::upper_bound(kept_keys_.begin(), kept_keys_.end(), keys_[member]) -
          kept_keys_.begin());
      if (kept_columns_.first_dominator(0, prefix, k, point) < prefix)
        continue;
      ids_[size] = ids_[member];
      keys_[size] = keys_[member];
      hits_[size] = hits_[member];
      std::copy_n(point, k, values_.data() + size * k);
      if (columns_valid_)
        columns_.move(member, size, k); // the same compaction in the scan's columns
      ++size;
    }
    const std::size_t old_size = ids_.size();
    ids_.resize(size);
    keys_.resize(size);
    hits_.resize(size);
    values_.resize(size * k);
    ids_.insert(ids_.end(), kept_ids_.begin(), kept_ids_.end());
    keys_.insert(keys_.end(), kept_keys_.begin(), kept_keys_.end());
    hits_.resize(ids_.size(), 0);
    values_.insert(values_.end(), kept_values_.begin(), kept_values_.end());
    // The new members go after the survivors; when they do not fit, build_columns() starts
    // over (with room to grow) at the next offer.
    if (columns_valid_ && ids_.size() <= columns_.stride) {
      for (std::size_t i = 0; i < kept_ids_.size(); ++i)
        columns_.set(size + i, kept_values_.data() + i * k, k);
      columns_.clear(ids_.size(), old_size, k);
    } else {
      columns_valid_ = false;
    }
  }
  candidates_.clear();
  pending_values_.clear();
  pending_ids_.clear();
  // Sorting the members by hits costs O(n log n) and a rebuild of the columns: done once enough
  // rows were offered to have moved the counts, not after every small batch.
  if (rows_since_reorder_ >= kReorderRows) {
    order_by_hits();
    rows_since_reorder_ = 0;
  }
  last_dominator_ = 0;
}

// Whether the last dominator found or a member in [first, last) dominates `point`. Early exit on
// the first dominator. The last one found is tried first (neighbouring rows of a tile tend to
// share it), then the members in [first, last), in the order of how often they were the
// dominator found (order_by_hits), several at a time (detail::DominanceScan, on the kernel
// target in use).
template <std::size_t K>
bool ParetoFront::front_dominates(const double *point, std::size_t first, std::size_t last) {
  const std::size_t k = K ? K : k_;
  const double *members = values_.data();
  if (last_dominator_ < ids_.size() && dominates<K>(members + last_dominator_ * k, point, k)) {
    ++hits_[last_dominator_];
    return true;
  }
  if (first >= last)
    return false;
  const std::size_t member = first + columns_.first_dominator(first, last - first, k, point);
  if (member >= last)
    return false;
  ++hits_[member];
  last_dominator_ = member;
  return true;
}

void ParetoFront::ScanColumns::reset(std::size_t capacity, std::size_t k) {
  stride = (capacity + detail::kScanLanes - 1) / detail::kScanLanes * detail::kScanLanes;
  // +infinity dominates nothing (it is <= only +infinity, and < nothing).
  data.assign(k * stride, std::numeric_limits<double>::infinity());
}

void ParetoFront::ScanColumns::set(std::size_t i, const double *point, std::size_t k) {
  for (std::size_t o = 0; o < k; ++o)
    data[o * stride + i] = point[o];
}

std::size_t ParetoFront::ScanColumns::first_dominator(std::size_t first, std::size_t count,
                                                      std::size_t k, const double *point) const {
  if (count == 0)
    return 0;
  return detail::dominance_scan()(data.data() + first, stride, count, k, point);
}

void ParetoFront::ScanColumns::move(std::size_t from, std::size_t to, std::size_t k) {
  for (std::size_t o = 0; o < k; ++o)
    data[o * stride + to] = data[o * stride + from];
}

void ParetoFront::ScanColumns::clear(std::size_t first, std::size_t last, std::size_t k) {
  for (std::size_t o = 0; o < k; ++o)
    for (std::size_t i = first; i < last; ++i)
      data[o * stride + i] = std::numeric_limits<double>::infinity();
}

void ParetoFront::build_columns() {
  columns_.reset(ids_.size() + ids_.size() / 2, k_); // room for the members to come
  for (std::size_t m = 0; m < ids_.size(); ++m)
    columns_.set(m, values_.data() + m * k_, k_);
  columns_valid_ = true;
}

// Members that dominated the most candidates go first: they cover the most of the stream's
// mass, so the scan finds a dominator sooner. Halving the counts lets the order follow a drift.
void ParetoFront::order_by_hits() {
  if (!std::is_sorted(hits_.begin(), hits_.end(), std::greater<>{})) {
    std::vector<std::size_t> order(ids_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return hits_[a] > hits_[b]; });
    permute_rows(order);
  }
  for (auto &hits : hits_)
    hits >>= 1;
  last_dominator_ = 0;
}

void ParetoFront::permute_rows(const std::vector<std::size_t> &order) {
  next_ids_.resize(ids_.size());
  next_values_.resize(values_.size());
  next_keys_.resize(keys_.size());
  next_hits_.resize(hits_.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    next_ids_[i] = ids_[order[i]];
    next_keys_[i] = keys_[order[i]];
    next_hits_[i] = hits_[order[i]];
    std::copy_n(values_.data() + order[i] * k_, k_, next_values_.data() + i * k_);
  }
  ids_.swap(next_ids_);
  values_.swap(next_values_);
  columns_valid_ = false;
  keys_.swap(next_keys_);
  hits_.swap(next_hits_);
}

void ParetoFront::add_copies(std::span<const std::size_t> members, std::span<const PairId> ids) {
  throw_if_batch_open("add_copies");
  if (members.size() != ids.size())
    throw std::invalid_argument("ParetoFront::add_copies: members and ids differ in length");
  const std::size_t n = size();
  for (const std::size_t m : members)
    if (m >= n)
      throw std::invalid_argument("ParetoFront::add_copies: no member " + std::to_string(m));
  ids_.insert(ids_.end(), ids.begin(), ids.end());
  values_.reserve(values_.size() + members.size() * k_);
  keys_.reserve(keys_.size() + members.size());
  for (const std::size_t m : members) {
    for (std::size_t o = 0; o < k_; ++o)
      values_.push_back(values_[m * k_ + o]);
    keys_.push_back(keys_[m]);
  }
  hits_.resize(ids_.size(), 0); // last: members stay ordered by hits, most first
  columns_valid_ = false;
}

void ParetoFront::sort_by_id() {
  throw_if_batch_open("sort_by_id");
  std::vector<std::size_t> order(ids_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Equal ids (an id offered twice) fall back to a total order on the values, so even -0.0 and
  // 0.0 land in a fixed order.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (ids_[a] != ids_[b])
      return ids_[a] < ids_[b];
    for (std::size_t i = 0; i < k_; ++i) {
      const auto c = std::strong_order(values_[a * k_ + i], values_[b * k_ + i]);
      if (c != 0)
        return c < 0;
    }
    return false;
  });
  permute_rows(order);
  last_dominator_ = 0;
}

namespace {
constexpr std::uint64_t kStateMagic = 0x3146505343534f43; // "COSCSPF1", little-endian

void append(std::vector<std::byte> &out, const void *data, std::size_t bytes) {
  const auto *p = static_cast<const std::byte *>(data);
  out.insert(out.end(), p, p + bytes);
}
} // namespace

std::vector<std::byte> ParetoFront::save() const {
  throw_if_batch_open("save");
  std::vector<std::byte> out;
  const std::uint64_t header[3] = {kStateMagic, k_, ids_.size()};
  append(out, header, sizeof header);
  append(out, ids_.data(), ids_.size() * sizeof(PairId));
  append(out, values_.data(), values_.size() * sizeof(double));
  return out;
}

ParetoFront ParetoFront::load(std::span<const std::byte> state) {
  std::uint64_t header[3];
  if (state.size() < sizeof header)
    throw std::invalid_argument("Pareto front state: truncated header");
  std::memcpy(header, state.data(), sizeof header);
  const auto [magic, k, n] = header;
  if (magic != kStateMagic || k == 0 || k > 64)
    throw std::invalid_argument("Pareto front state: not a coscan Pareto front");
  // By division: n * row_bytes can wrap around for a corrupt n and pass a product check.
  const std::size_t row_bytes = sizeof(PairId) + k * sizeof(double);
  const std::size_t body = state.size() - sizeof header;
  if (body % row_bytes != 0 || n != body / row_bytes)
    throw std::invalid_argument("Pareto front state: wrong size for its member count");
  std::vector<PairId> ids(n);
  std::vector<double> values(n * k);
  if (n > 0) { // memcpy from or to an empty vector's data() (null) is undefined
    std::memcpy(ids.data(), state.data() + sizeof header, n * sizeof(PairId));
    std::memcpy(values.data(), state.data() + sizeof header + n * sizeof(PairId),
                values.size() * sizeof(double));
  }
  throw_if_nan(values);
  ParetoFront front(k);
  // The members of a saved front are mutually non-dominated: no skyline pass needed.
  front.insert_front(values, ids);
  return front;
}

std::vector<std::size_t> brute_force_front(std::span<const double> values, std::size_t k) {
  if (k == 0 || values.size() % k != 0)
    throw std::invalid_argument("brute_force_front: values is not a row-major n x k matrix");
  throw_if_nan(values);
  const std::size_t n = values.size() / k;
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < n; ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < n && !dominated; ++j)
      dominated = dominates<0>(&values[j * k], &values[i * k], k);
    if (!dominated)
      front.push_back(i);
  }
  return front;
}

} // namespace coscan::engine
