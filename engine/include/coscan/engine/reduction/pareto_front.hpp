#pragma once
// The exact Pareto front of a stream of points, all objectives minimised (callers negate the
// ones they maximise). A point belongs to the front iff no other point is at least as good in
// every objective and strictly better in one; points with identical objective vectors are all
// kept. No epsilon. Memory grows with the front, never with the number of points offered.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace coscan::engine {

/// A pair of the sweep: (architecture index, accelerator index). Ordered by arch, then accel.
struct PairId {
  std::uint64_t arch = 0;
  std::uint64_t accel = 0;
  friend auto operator<=>(const PairId &, const PairId &) = default;
};

class ParetoFront {
public:
  explicit ParetoFront(std::size_t num_objectives);

  std::size_t num_objectives() const { return k_; }
  std::size_t size() const { return ids_.size(); }

  /// Offers n candidate points: `values` is row-major n x num_objectives, `ids` has n entries.
  void insert(std::span<const double> values, std::span<const PairId> ids);
  /// insert() in pieces, for a caller that makes a batch piece by piece: offer() tests each row
  /// against the members that most often dominate and keeps only the rows they do not (most
  /// rows stop there, so the batch is never stored whole); close_batch() runs the rest of
  /// insert() on the rows kept. The front is then the same as after one insert() of every row
  /// offered. While a batch is open, other calls than offer() and close_batch() throw.
  void offer(std::span<const double> values, std::span<const PairId> ids);
  void close_batch();
  /// Folds another front over the same objectives into this one.
  void merge(const ParetoFront &other);
  /// Adds, for each i, a member with id ids[i] and the objective values of member
  /// members[i]: a point equal to a member is on the front too, so no test is needed.
  void add_copies(std::span<const std::size_t> members, std::span<const PairId> ids);

  /// The members in ascending PairId order (deterministic whatever the insertion order).
  void sort_by_id();
  std::span<const PairId> ids() const { return ids_; }
  /// Row-major size() x num_objectives, rows in the order of ids().
  std::span<const double> values() const { return values_; }

  /// The front as bytes (objective count and members), for checkpoints and for sending between
  /// ranks. load() restores the same set; it throws std::invalid_argument on a corrupt state.
  std::vector<std::byte> save() const;
  static ParetoFront load(std::span<const std::byte> state);

private:
  // A batch candidate awaiting the skyline pass: its sort key and its row in the batch.
  struct Candidate {
    double key;
    std::size_t row;
  };
  // Points by objective, for the vectorised dominance scan (detail::DominanceScan's layout:
  // objective o of point i at data[o * stride + i], padded to whole scan blocks with +infinity).
  struct ScanColumns {
    std::vector<double> data;
    std::size_t stride = 0;
    void reset(std::size_t capacity, std::size_t k);
    void set(std::size_t i, const double *point, std::size_t k);
    void move(std::size_t from, std::size_t to, std::size_t k);
    /// Points [first, last) become padding (+infinity).
    void clear(std::size_t first, std::size_t last, std::size_t k);
    /// The first of points [first, first + count) that dominates `point`, as an offset from
    /// first (count when none does); first is a multiple of the scan block.
    std::size_t first_dominator(std::size_t first, std::size_t count, std::size_t k,
                                const double *point) const;
  };

  template <std::size_t K>
  void offer_rows(std::span<const double> values, std::span<const PairId> ids);
  template <std::size_t K> void close_rows(bool rows_are_a_front);
  void close_batch(bool rows_are_a_front);
  /// One batch of rows that are mutually non-dominated already (another front's members): the
  /// skyline's candidate-vs-candidate tests are skipped.
  void insert_front(std::span<const double> values, std::span<const PairId> ids);
  void throw_if_batch_open(const char *what) const;
  template <std::size_t K>
  bool front_dominates(const double *point, std::size_t first, std::size_t last);
  void order_by_hits();
  void permute_rows(const std::vector<std::size_t> &order); // new row i = old row order[i]
  void build_columns();

  std::size_t k_;
  std::vector<PairId> ids_;
  std::vector<double> values_;
  // Per member: its skyline sort key (see dominance.hpp) and how often it was the dominator
  // found. Between calls (unless sort_by_id) members are ordered by hits, most first.
  std::vector<double> keys_;
  std::vector<std::uint64_t> hits_;
  std::size_t last_dominator_ = 0; // checked first: consecutive candidates share dominators
  std::size_t rows_since_reorder_ = 0;
  // The members' values by objective, for the vectorised scan: kept in step by each batch,
  // rebuilt (by the next offer) when the members are reordered or outgrow it.
  ScanColumns columns_;
  bool columns_valid_ = false;
  // The open batch: the rows offer() kept, and their sort keys.
  std::vector<double> pending_values_;
  std::vector<PairId> pending_ids_;
  std::vector<Candidate> candidates_;
  bool batch_open_ = false;
  // Scratch reused across calls so a stream of batches does not reallocate.
  std::vector<double> kept_values_, kept_keys_;
  ScanColumns kept_columns_;
  std::vector<PairId> kept_ids_;
  std::vector<PairId> next_ids_;
  std::vector<double> next_values_, next_keys_;
  std::vector<std::uint64_t> next_hits_;
};

/// O(n^2) reference: the indices of the non-dominated rows of a row-major n x k matrix,
/// ascending. For tests and for checking the fast path.
std::vector<std::size_t> brute_force_front(std::span<const double> values, std::size_t k);

} // namespace coscan::engine
