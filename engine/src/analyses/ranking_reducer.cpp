#include <coscan/engine/analyses/grouped_rank_statistics.hpp>
#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/engine/analyses/ranking_reducer.hpp>
#include <coscan/engine/evaluation/cost_table.hpp>
#include <coscan/engine/evaluation/tile_metrics.hpp>
#include <coscan/engine/sweep/tile_plan.hpp>

#include <coscan/engine/sweep/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace coscan::engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kStateMagic = 0x31304b4e41525343; // "CSRANK01"

/// Column j of a tile's metric (groups x accelerators), into `out`.
void column(const TileMetrics &tile, Metric metric, std::size_t j, std::vector<double> &out) {
  out.resize(tile.arch_count);
  for (std::size_t g = 0; g < tile.arch_count; ++g)
    out[g] = tile.value(metric, g, j);
}

/// Appends and reads plain values of a saved state.
class StateWriter {
public:
  template <class T> void put(const T &value) {
    const auto *p = reinterpret_cast<const std::byte *>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  std::vector<std::byte> take() { return std::move(bytes_); }

private:
  std::vector<std::byte> bytes_;
};

class StateReader {
public:
  explicit StateReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  template <class T> T get() {
    if (bytes_.size() - at_ < sizeof(T))
      throw std::invalid_argument("ranking state: truncated");
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  bool at_end() const { return at_ == bytes_.size(); }

private:
  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

double percentile(const std::vector<double> &sorted, double q) {
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (at - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

RankingSummary summary_of(const RankingResult &r, const std::string &group) {
  auto pick = [&](const std::vector<double> &values) {
    std::vector<double> chosen;
    for (std::size_t j = 0; j < values.size(); ++j)
      if (group == "all" || r.dataflow[j] == group)
        chosen.push_back(values[j]);
    return summarise(std::move(chosen));
  };
  return {group,
          pick(r.spearman),
          pick(r.kendall_tau_b),
          pick(r.topk_overlap),
          pick(r.pareto_jaccard),
          pick(r.pareto_recall)};
}

} // namespace

void check_ranking_options(const Problem &problem, const RankingOptions &options) {
  const std::uint64_t num_archs = problem.num_archs(), num_accels = problem.num_accels();
  if (options.metric != Metric::latency && options.metric != Metric::energy &&
      options.metric != Metric::edp)
    throw std::invalid_argument("ranking: the metric must be latency, energy or edp");
  if (options.proxy >= num_accels)
    throw std::invalid_argument("ranking: the proxy accelerator is out of range");
  if (options.topk < 1 || options.topk > num_archs)
    throw std::invalid_argument("ranking: topk is out of range");
  for (std::uint64_t p : options.matrix)
    if (p >= num_accels)
      throw std::invalid_argument("ranking: a matrix accelerator is out of range");
  if (num_archs > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("ranking: too many architectures");
}

RankingResult ranking_result_for(const Problem &problem, const RankingOptions &options) {
  RankingResult r;
  r.metric = options.metric;
  r.proxy = options.proxy;
  r.proxy_accel_index = problem.accel_at(options.proxy);
  r.topk = options.topk;
  r.num_archs = problem.num_archs();
  return r;
}

StatSummary summarise(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  StatSummary s;
  s.count = values.size();
  if (values.empty()) {
    s.min = s.p5 = s.p50 = s.mean = kNaN;
    return s;
  }
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.p5 = percentile(values, 0.05);
  s.p50 = percentile(values, 0.5);
  double sum = 0;
  for (double v : values)
    sum += v;
  s.mean = sum / static_cast<double>(values.size());
  return s;
}

RankingReducer::RankingReducer(const Problem &problem, std::vector<RankingOptions> options)
    : problem_(problem), options_(std::move(options)), num_archs_(problem.num_archs()),
      num_accels_(problem.num_accels()) {
  for (const RankingOptions &o : options_)
    check_ranking_options(problem, o);
  groups_ = CostGroups::compute(problem);
  const std::size_t num_groups = groups_.num_groups();

  // One representative row per group, and each group's members (ascending positions).
  std::vector<std::uint64_t> representatives(num_groups);
  for (std::size_t g = 0; g < num_groups; ++g)
    representatives[g] = problem.arch_at(groups_.first[g]);
  rows_.gather(problem, representatives);
  member_start_.assign(num_groups + 1, 0);
  for (std::uint32_t g : groups_.group_of)
    ++member_start_[g + 1];
  std::partial_sum(member_start_.begin(), member_start_.end(), member_start_.begin());
  members_.resize(num_archs_);
  std::vector<std::uint64_t> fill(member_start_.begin(), member_start_.end() - 1);
  std::vector<double> accuracy(num_archs_);
  for (std::uint64_t p = 0; p < num_archs_; ++p) {
    members_[fill[groups_.group_of[p]]++] = static_cast<std::uint32_t>(p);
    accuracy[p] = problem.accuracy->at(problem.arch_at(p));
  }
  // Only a group's most accurate members can be on an accuracy-vs-metric front: the others
  // have its cost and less accuracy.
  std::vector<std::uint64_t> positions(num_archs_);
  std::iota(positions.begin(), positions.end(), std::uint64_t{0});
  const std::vector<std::uint8_t> most = most_accurate(problem, positions, groups_);
  best_accuracy_.resize(num_groups);
  best_start_.assign(1, 0);
  for (std::size_t g = 0; g < num_groups; ++g) {
    for (std::uint64_t i = member_start_[g]; i < member_start_[g + 1]; ++i)
      if (most[members_[i]])
        best_.push_back(members_[i]);
    best_accuracy_[g] = accuracy[best_[best_start_.back()]];
    best_start_.push_back(best_.size());
  }

  // The proxies' columns, through the kernel, and what every comparison needs of them.
  metrics_.resize(options_.size());
  std::vector<double> expanded(num_archs_);
  for (std::size_t m = 0; m < options_.size(); ++m) {
    const RankingOptions &o = options_[m];
    MetricState &s = metrics_[m];
    CostTable table;
    const std::uint64_t proxy_index[] = {problem.accel_at(o.proxy)};
    table.build(*problem.cost_model, problem.archs->vocabulary(), *problem.accels, proxy_index);
    TileMetrics tile;
    evaluate_tile(rows_, table, tile);
    column(tile, o.metric, 0, s.proxy);
    for (std::uint64_t p = 0; p < num_archs_; ++p)
      expanded[p] = s.proxy[groups_.group_of[p]];
    s.proxy_top.assign(num_archs_, 0);
    s.proxy_top_in_group.assign(num_groups, 0);
    for (std::size_t p : top_k(expanded, o.topk)) {
      s.proxy_top[p] = 1;
      ++s.proxy_top_in_group[groups_.group_of[p]];
    }
    s.proxy_front = accuracy_metric_front(accuracy, expanded);
    for (auto *v :
         {&s.spearman, &s.kendall_tau_b, &s.topk_overlap, &s.pareto_jaccard, &s.pareto_recall})
      v->assign(num_accels_, kNaN);
  }
  done_.assign(num_accels_, 0);
  matrix_slot_.assign(num_accels_, -1);
  if (!options_.empty()) {
    const auto &matrix = options_.front().matrix;
    for (std::size_t c = 0; c < matrix.size(); ++c)
      matrix_slot_[matrix[c]] = static_cast<std::int64_t>(c);
    matrix_values_.setConstant(static_cast<Eigen::Index>(num_groups),
                               static_cast<Eigen::Index>(matrix.size()), kNaN);
  }
}

double RankingReducer::topk_common(const MetricState &m, std::uint64_t k,
                                   std::span<const double> column,
                                   std::vector<std::uint32_t> &scratch) const {
  // The top-k of the expanded column: whole groups by value, then, among the members of the
  // groups at the threshold value, the lowest positions (ties by position, as top_k()).
  std::vector<std::uint32_t> order(column.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return column[a] != column[b] ? column[a] < column[b] : a < b;
  });
  std::uint64_t taken = 0, common = 0;
  for (std::size_t i = 0; i < order.size() && taken < k;) {
    std::size_t end = i;
    std::uint64_t weight = 0;
    while (end < order.size() && column[order[end]] == column[order[i]])
      weight += groups_.size[order[end++]];
    if (taken + weight <= k) {
      for (std::size_t e = i; e < end; ++e)
        common += m.proxy_top_in_group[order[e]];
      taken += weight;
    } else {
      scratch.clear();
      for (std::size_t e = i; e < end; ++e)
        scratch.insert(scratch.end(), members_.begin() + member_start_[order[e]],
                       members_.begin() + member_start_[order[e] + 1]);
      const std::size_t r = k - taken;
      std::nth_element(scratch.begin(), scratch.begin() + r - 1, scratch.end());
      for (std::size_t e = 0; e < r; ++e)
        common += m.proxy_top[scratch[e]];
      taken = k;
    }
    i = end;
  }
  return static_cast<double>(common);
}

void RankingReducer::judge(std::size_t metric, std::uint64_t position,
                           std::span<const double> column, std::vector<std::uint32_t> &scratch) {
  MetricState &m = metrics_[metric];
  const RankingOptions &o = options_[metric];
  m.spearman[position] = grouped_spearman(m.proxy, column, groups_.size);
  m.kendall_tau_b[position] = grouped_kendall_tau_b(m.proxy, column, groups_.size);
  m.topk_overlap[position] = topk_common(m, o.topk, column, scratch) / static_cast<double>(o.topk);
  // The front of the groups' best members, expanded to their positions.
  std::vector<std::size_t> front;
  for (std::size_t g : accuracy_metric_front(best_accuracy_, column))
    front.insert(front.end(), best_.begin() + best_start_[g], best_.begin() + best_start_[g + 1]);
  std::sort(front.begin(), front.end());
  const FrontOverlap overlap = front_overlap(front, m.proxy_front);
  m.pareto_jaccard[position] = overlap.jaccard;
  m.pareto_recall[position] = overlap.recall;
}

void RankingReducer::update(std::uint64_t first, std::uint64_t count) {
  if (first > num_accels_ || count > num_accels_ - first)
    throw std::invalid_argument("ranking: accelerator block out of range");
  CostTable table;
  build_block_table(problem_, first, count, table);
  TileMetrics tile;
  evaluate_tile(rows_, table, tile);
  std::vector<double> values;
  std::vector<std::uint32_t> scratch;
  for (std::uint64_t j = 0; j < count; ++j) {
    const std::uint64_t position = first + j;
    for (std::size_t m = 0; m < metrics_.size(); ++m) {
      column(tile, options_[m].metric, j, values);
      judge(m, position, values, scratch);
      if (m == 0 && matrix_slot_[position] >= 0)
        std::copy(values.begin(), values.end(), matrix_values_.col(matrix_slot_[position]).data());
    }
    done_[position] = 1;
  }
}

void RankingReducer::update_blocks(std::uint64_t first_block, std::uint64_t last_block,
                                   std::uint64_t accel_block) {
  const std::uint64_t block = std::max<std::uint64_t>(1, accel_block);
  engine::parallel_for(first_block, last_block, [&](std::uint64_t b) {
    const std::uint64_t first = b * block;
    if (first < num_accels_)
      update(first, std::min(block, num_accels_ - first));
  });
}

std::vector<std::byte> RankingReducer::save() const {
  StateWriter w;
  w.put(kStateMagic);
  w.put(static_cast<std::uint64_t>(metrics_.size()));
  w.put(num_accels_);
  w.put(static_cast<std::uint64_t>(groups_.num_groups()));
  w.put(static_cast<std::uint64_t>(matrix_values_.cols()));
  std::uint64_t done = 0;
  for (std::uint8_t d : done_)
    done += d;
  w.put(done);
  for (std::uint64_t p = 0; p < num_accels_; ++p) {
    if (!done_[p])
      continue;
    w.put(p);
    for (const MetricState &m : metrics_)
      for (const auto *v :
           {&m.spearman, &m.kendall_tau_b, &m.topk_overlap, &m.pareto_jaccard, &m.pareto_recall})
        w.put((*v)[p]);
    if (matrix_slot_[p] >= 0)
      for (Eigen::Index g = 0; g < matrix_values_.rows(); ++g)
        w.put(matrix_values_(g, matrix_slot_[p]));
  }
  return w.take();
}

void RankingReducer::merge(std::span<const std::byte> state) {
  StateReader r(state);
  if (r.get<std::uint64_t>() != kStateMagic)
    throw std::invalid_argument("ranking state: not a ranking state");
  if (r.get<std::uint64_t>() != metrics_.size() || r.get<std::uint64_t>() != num_accels_ ||
      r.get<std::uint64_t>() != groups_.num_groups() ||
      r.get<std::uint64_t>() != static_cast<std::uint64_t>(matrix_values_.cols()))
    throw std::invalid_argument("ranking state: of another study (its sizes differ)");
  const auto done = r.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < done; ++i) {
    const auto p = r.get<std::uint64_t>();
    if (p >= num_accels_ || done_[p])
      throw std::invalid_argument("ranking state: an accelerator out of range or given twice");
    for (MetricState &m : metrics_)
      for (auto *v :
           {&m.spearman, &m.kendall_tau_b, &m.topk_overlap, &m.pareto_jaccard, &m.pareto_recall})
        (*v)[p] = r.get<double>();
    if (matrix_slot_[p] >= 0)
      for (Eigen::Index g = 0; g < matrix_values_.rows(); ++g)
        matrix_values_(g, matrix_slot_[p]) = r.get<double>();
    done_[p] = 1;
  }
  if (!r.at_end())
    throw std::invalid_argument("ranking state: trailing bytes");
}

bool RankingReducer::complete() const {
  return std::all_of(done_.begin(), done_.end(), [](std::uint8_t d) { return d != 0; });
}

std::vector<RankingResult> RankingReducer::finish() const {
  if (!complete())
    throw std::logic_error("ranking: finish() before every accelerator was updated");
  std::vector<RankingResult> results;
  for (std::size_t i = 0; i < options_.size(); ++i) {
    const RankingOptions &o = options_[i];
    const MetricState &m = metrics_[i];
    RankingResult r = ranking_result_for(problem_, o);
    r.proxy_front_size = m.proxy_front.size();
    r.accel_index.resize(num_accels_);
    r.dataflow.resize(num_accels_);
    for (std::uint64_t j = 0; j < num_accels_; ++j) {
      r.accel_index[j] = problem_.accel_at(j);
      r.dataflow[j] = problem_.accels->label(r.accel_index[j]);
    }
    r.spearman = m.spearman;
    r.kendall_tau_b = m.kendall_tau_b;
    r.topk_overlap = m.topk_overlap;
    r.pareto_jaccard = m.pareto_jaccard;
    r.pareto_recall = m.pareto_recall;

    // Summaries: overall, then per dataflow in the dataflows' order.
    r.summaries.push_back(summary_of(r, "all"));
    for (std::size_t d = 0; d < costmodel::kNumDataflows; ++d) {
      const std::string name(costmodel::to_string(static_cast<costmodel::Dataflow>(d)));
      if (std::find(r.dataflow.begin(), r.dataflow.end(), name) != r.dataflow.end())
        r.summaries.push_back(summary_of(r, name));
    }
    double lowest = std::numeric_limits<double>::infinity();
    for (std::uint64_t j = 0; j < num_accels_; ++j)
      if (r.spearman[j] < lowest) {
        lowest = r.spearman[j];
        r.least_similar = j;
      }

    if (const std::size_t mc = o.matrix.size(); mc > 0 && i == 0) {
      RankingMatrix &mx = r.matrix;
      mx.position = o.matrix;
      for (std::uint64_t p : o.matrix)
        mx.accel_index.push_back(problem_.accel_at(p));
      const Eigen::MatrixXd rho = grouped_spearman_matrix(matrix_values_, groups_.size);
      mx.spearman.resize(mc * mc);
      mx.kendall_tau_b.resize(mc * mc);
      const auto g = static_cast<std::size_t>(matrix_values_.rows());
      for (std::size_t a = 0; a < mc; ++a)
        for (std::size_t b = 0; b < mc; ++b) {
          const auto ia = static_cast<Eigen::Index>(a), ib = static_cast<Eigen::Index>(b);
          mx.spearman[a * mc + b] = rho(ia, ib);
          if (b < a)
            continue; // symmetric
          const double tau = grouped_kendall_tau_b(
              std::span<const double>(matrix_values_.col(ia).data(), g),
              std::span<const double>(matrix_values_.col(ib).data(), g), groups_.size);
          mx.kendall_tau_b[a * mc + b] = mx.kendall_tau_b[b * mc + a] = tau;
        }
    }
    results.push_back(std::move(r));
  }
  return results;
}

} // namespace coscan::engine
