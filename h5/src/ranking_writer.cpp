// The /ranking group of a results file (docs/results-format.md).
#include "ranking_writer.hpp"
#include "h5_writer.hpp"

#include <string>

namespace coscan::h5 {

namespace detail {
namespace {

void write_matrix(hid_t loc, const std::string &name, const std::vector<double> &values,
                  std::size_t m) {
  const hsize_t dims[2] = {m, m};
  h5::Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a dataspace");
  h5::Handle set(H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Dclose, "create a dataset");
  if (m > 0)
    h5::check(H5Dwrite(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "write dataset " + name);
  h5::attribute(set.id(), "units", std::string_view("1"));
}

void write_one(hid_t group, const engine::RankingResult &r) {
  h5::write(group, "accel_index", std::span<const std::uint64_t>(r.accel_index), "1");
  h5::write(group, "dataflow", std::span<const std::string>(r.dataflow), "");
  h5::write(group, "spearman", std::span<const double>(r.spearman), "1");
  h5::write(group, "kendall_tau_b", std::span<const double>(r.kendall_tau_b), "1");
  h5::write(group, "topk_overlap", std::span<const double>(r.topk_overlap), "1");
  h5::write(group, "pareto_jaccard", std::span<const double>(r.pareto_jaccard), "1");
  h5::write(group, "pareto_recall", std::span<const double>(r.pareto_recall), "1");
  h5::attribute(group, "metric", engine::to_string(r.metric));
  h5::attribute(group, "proxy_accel", r.proxy_accel_index);
  h5::attribute(group, "proxy_position", r.proxy);
  h5::attribute(group, "topk", r.topk);
  h5::attribute(group, "num_archs", r.num_archs);
  h5::attribute(group, "proxy_front_size", r.proxy_front_size);
  h5::attribute(group, "least_similar_accel", r.accel_index[r.least_similar]);
  for (const engine::RankingSummary &s : r.summaries)
    for (auto [name, stat] : {std::pair{"spearman", &s.spearman},
                              {"kendall_tau_b", &s.kendall_tau_b},
                              {"topk_overlap", &s.topk_overlap},
                              {"pareto_jaccard", &s.pareto_jaccard},
                              {"pareto_recall", &s.pareto_recall}}) {
      const std::string prefix = std::string(name) + "_" + s.group + "_";
      h5::attribute(group, prefix + "min", stat->min);
      h5::attribute(group, prefix + "p5", stat->p5);
      h5::attribute(group, prefix + "p50", stat->p50);
      h5::attribute(group, prefix + "mean", stat->mean);
    }
  if (!r.matrix.position.empty()) {
    h5::Handle matrix = h5::create_group(group, "matrix");
    h5::write(matrix.id(), "accel_index", std::span<const std::uint64_t>(r.matrix.accel_index),
              "1");
    const std::size_t m = r.matrix.position.size();
    write_matrix(matrix.id(), "spearman", r.matrix.spearman, m);
    write_matrix(matrix.id(), "kendall_tau_b", r.matrix.kendall_tau_b, m);
  }
}

} // namespace

void write_ranking(hid_t file, const std::vector<engine::RankingResult> &results) {
  if (results.empty())
    return;
  h5::Handle group = h5::create_group(file, "ranking");
  write_one(group.id(), results.front());
  for (std::size_t i = 1; i < results.size(); ++i) {
    h5::Handle sub =
        h5::create_group(group.id(), std::string(engine::to_string(results[i].metric)));
    write_one(sub.id(), results[i]);
  }
}

} // namespace detail
} // namespace coscan::h5
