#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/reduction/pareto_candidate_accels.hpp>
#include <coscan/engine/sweep/parallel.hpp>
#include <coscan/engine/sweep/tile_plan.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace coscan::engine {
namespace {

/// What the objectives need of a dominating accelerator A over B (all minimised costs).
struct Needs {
  bool latency = false; ///< cycles, clock and the network term's cycles
  bool energy = false;  ///< joules and the network term's joules
  bool area = false;
  bool strict_latency = false; ///< latency itself is an objective: a faster clock is strict
  bool possible = true; ///< false: a maximised cost, or nothing that can make A strictly better
};

Needs needs_of(const std::vector<Objective> &objectives) {
  Needs needs;
  for (const Objective &o : objectives) {
    if (o.metric == Metric::accuracy)
      continue; // the same architecture on both accelerators: equal
    if (o.sense == Sense::maximize)
      needs.possible = false;
    needs.latency = needs.latency || o.metric == Metric::latency || o.metric == Metric::edp;
    needs.energy = needs.energy || o.metric == Metric::energy || o.metric == Metric::edp;
    needs.area = needs.area || o.metric == Metric::area;
  }
  // Strictness comes from area, or from latency (a faster clock); EDP alone can tie at zero.
  needs.strict_latency = std::any_of(objectives.begin(), objectives.end(), [](const Objective &o) {
    return o.metric == Metric::latency;
  });
  needs.possible = needs.possible && (needs.area || needs.strict_latency);
  return needs;
}

// One accelerator as the test reads it: a header, then its cycles and joules per vocabulary
// shape (those the objectives need).
enum Field : std::size_t {
  kArea,
  kClock,
  kFreeParams,
  kCyclesPerParam,
  kJoulesPerParam,
  kMinCycles
};
constexpr std::size_t kHeader = 6;

class Records {
public:
  Records(const Needs &needs, std::size_t num_shapes)
      : needs_(needs), num_shapes_(num_shapes),
        size_(kHeader + (needs.latency ? num_shapes : 0) + (needs.energy ? num_shapes : 0)) {}
  std::size_t size() const { return size_; }

  /// Column j of `table` into `out`; false when the accelerator cannot take part (a NaN or
  /// negative cost, or a clock that is not positive): it then stays a candidate and dominates
  /// nothing. Nonnegative costs keep every sum and product monotone.
  bool fill(const CostTable &table, std::size_t j, double *out) const {
    out[kArea] = table.area_mm2()[j];
    out[kClock] = table.clock_hz()[j];
    out[kFreeParams] = table.free_params()[j];
    out[kCyclesPerParam] = table.cycles_per_param()[j];
    out[kJoulesPerParam] = table.joules_per_param()[j];
    double min_cycles = std::numeric_limits<double>::infinity();
    bool ok = out[kArea] >= 0 && out[kClock] > 0 && out[kCyclesPerParam] >= 0 &&
              out[kJoulesPerParam] >= 0 && !std::isnan(out[kFreeParams]);
    double *values = out + kHeader;
    for (std::size_t s = 0; s < num_shapes_; ++s) {
      const double cycles = table.cycles(static_cast<std::uint32_t>(s))[j];
      const double joules = table.energy_j(static_cast<std::uint32_t>(s))[j];
      min_cycles = std::min(min_cycles, cycles);
      if (needs_.latency) {
        ok = ok && cycles >= 0; // false on NaN too
        *values++ = cycles;
      }
      if (needs_.energy) {
        ok = ok && joules >= 0;
        *values++ = joules;
      }
    }
    out[kMinCycles] = min_cycles;
    return ok;
  }

  /// a's pair strictly dominates b's on every architecture. Adds to `work` the values read.
  bool dominates(const double *a, const double *b, std::uint64_t &work) const {
    work += kHeader;
    if (needs_.area && !(a[kArea] <= b[kArea]))
      return false;
    if (needs_.latency && !(a[kClock] >= b[kClock] && a[kCyclesPerParam] <= b[kCyclesPerParam]))
      return false;
    if (needs_.energy && !(a[kJoulesPerParam] <= b[kJoulesPerParam]))
      return false;
    if ((needs_.latency || needs_.energy) && a[kFreeParams] < b[kFreeParams])
      return false; // the weights beyond free_params would cost more on a
    if (!strictly_better(a, b))
      return false;
    for (std::size_t i = kHeader; i < size_; ++i)
      if (!(a[i] <= b[i])) {
        work += i - kHeader + 1;
        return false;
      }
    work += size_ - kHeader;
    return true;
  }

private:
  bool strictly_better(const double *a, const double *b) const {
    if (needs_.area && a[kArea] < b[kArea])
      return true;
    if (!needs_.strict_latency)
      return false;
    // b's latency is fl(C / f_b) with C >= b's smallest per-shape cycles > 0 (every network has
    // a layer), a's at most fl(C / f_a). With f_a > f_b (1 + 8u) the exact quotients differ by
    // more than their two roundings can close, while the quotient stays a normal number.
    constexpr double kMargin = 1.0 + 0x1p-50;
    return a[kClock] > b[kClock] * kMargin && b[kMinCycles] > 0 &&
           b[kMinCycles] / b[kClock] > 0x1p-1000;
  }

  Needs needs_;
  std::size_t num_shapes_, size_;
};

// Fixed limits, so that the answer is a function of the problem alone: values compared (about a
// second at most; the 639,360 accelerators of bench/studies/nb201_1e10.toml take 96 M, AlphaNet's
// 3,240 5.7 M), accelerators (the area, clock and order of each are held), and the kept
// accelerators' tables.
constexpr std::uint64_t kWorkPerAccel = 1024;
constexpr std::uint64_t kBaseWork = std::uint64_t{1} << 28;
constexpr std::uint64_t kMaxAccels = std::uint64_t{1} << 22;
constexpr std::size_t kMaxKeptDoubles = 1u << 23; // 64 MB of kept accelerators
constexpr std::uint64_t kTableBlock = 64;         // accelerators per cost table
constexpr std::size_t kChunkDoubles = 1u << 20;   // 8 MB of tables filtered per round

} // namespace

ParetoCandidateAccels ParetoCandidateAccels::all(const Problem &problem) {
  ParetoCandidateAccels out;
  out.num_accels_ = problem.num_accels();
  return out;
}

ParetoCandidateAccels ParetoCandidateAccels::compute(const Problem &problem) {
  const std::uint64_t n = problem.num_accels();
  ParetoCandidateAccels out = ParetoCandidateAccels::all(problem);
  const auto all = [&] { return ParetoCandidateAccels::all(problem); };
  const Needs needs = needs_of(problem.objectives);
  if (!needs.possible || n < 2 || n > kMaxAccels || !problem.pair_sample.empty() ||
      problem.cost_model->pair_table() != nullptr)
    return all();

  // Every dominator comes first in order of area (ascending), then clock (descending): a
  // strictly smaller area, or the same area and a strictly faster clock. So one pass that keeps
  // what nothing kept before dominates finds them all (dominance is transitive).
  std::vector<double> area(n), clock(n);
  const std::uint64_t num_blocks = (n + kTableBlock - 1) / kTableBlock;
  engine::parallel_for(std::uint64_t{0}, num_blocks, [&](std::uint64_t b) {
    const std::uint64_t first = b * kTableBlock, count = std::min(kTableBlock, n - first);
    std::vector<std::uint64_t> indices(count);
    for (std::uint64_t j = 0; j < count; ++j)
      indices[j] = problem.accel_at(first + j);
    CostTable table; // no shapes: clocks and areas only
    table.build(*problem.cost_model, {}, *problem.accels, indices);
    // An unknown (NaN) area or clock sorts last (largest area, slowest clock): such an
    // accelerator dominates nothing (Records::fill), and NaN would break the sort's order.
    constexpr double kInf = std::numeric_limits<double>::infinity();
    for (std::uint64_t j = 0; j < count; ++j) {
      const double a = table.area_mm2()[j], f = table.clock_hz()[j];
      area[first + j] = !needs.area ? 0.0 : std::isnan(a) ? kInf : a;
      clock[first + j] = !needs.latency ? 0.0 : std::isnan(f) ? -kInf : f;
    }
  });
  std::vector<std::uint64_t> order(n);
  std::iota(order.begin(), order.end(), std::uint64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) {
    return area[a] < area[b] || (area[a] == area[b] && clock[a] > clock[b]);
  });
  std::vector<double>().swap(area);
  std::vector<double>().swap(clock);

  const Records records(needs, problem.archs->vocabulary().size());
  const std::size_t r = records.size();
  std::vector<double> kept;        // the kept accelerators' records, in order
  std::vector<std::uint8_t> takes; // per chunk slot: its record can dominate
  std::vector<double> chunk;
  std::vector<std::uint64_t> candidates;
  std::uint64_t work = 0;
  const std::uint64_t budget = kWorkPerAccel * n + kBaseWork;
  std::size_t last = 0; // the last dominator found: neighbours in the order share dominators
  // Rounds of as many accelerators' tables as 8 MB hold (whole tables of kTableBlock), built in
  // parallel, then filtered in order.
  const std::size_t chunk_accels =
      std::max<std::size_t>(1, kChunkDoubles / r / kTableBlock) * kTableBlock;
  for (std::uint64_t first = 0; first < n; first += chunk_accels) {
    const std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(chunk_accels, n - first));
    chunk.resize(count * r);
    takes.resize(count);
    engine::parallel_for(
        std::size_t{0}, (count + kTableBlock - 1) / kTableBlock, [&](std::size_t b) {
          const std::size_t lo = b * kTableBlock, hi = std::min(count, lo + kTableBlock);
          CostTable table; // positions order[first + lo, first + hi), built as the sweep does
          build_block_table(problem, first + lo, hi - lo, table, order);
          for (std::size_t j = lo; j < hi; ++j)
            takes[j] = records.fill(table, j - lo, &chunk[j * r]) ? 1 : 0;
        });
    for (std::size_t j = 0; j < count; ++j) {
      const double *record = &chunk[j * r];
      bool dominated = false;
      if (takes[j]) {
        const std::size_t num_kept = kept.size() / r;
        // The last dominator first, then the most recently kept (the nearest in the order).
        if (last < num_kept)
          dominated = records.dominates(&kept[last * r], record, work);
        for (std::size_t i = num_kept; !dominated && i-- > 0;) {
          if (i != last && records.dominates(&kept[i * r], record, work)) {
            dominated = true;
            last = i;
          }
        }
        if (work > budget)
          return all();
      }
      if (dominated)
        continue;
      candidates.push_back(order[first + j]);
      if (takes[j]) {
        if (kept.size() + r > kMaxKeptDoubles)
          return all();
        kept.insert(kept.end(), record, record + r);
      }
    }
  }
  if (candidates.size() == n)
    return out;
  std::sort(candidates.begin(), candidates.end());
  out.active_ = true;
  out.positions_ = std::move(candidates);
  return out;
}

} // namespace coscan::engine
