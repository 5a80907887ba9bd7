#pragma once
// Calibration of the analytical model against public references (docs/costmodel-validation.md):
// MAESTRO's per-layer runtimes (../shared/reference/maestro/maestro_layers_calibration.csv) and
// HW-NAS-Bench's Eyeriss latencies of NAS-Bench-201 (../shared/data/nb201_latency_help.csv).
// Shared by tests/costmodel/test_calibration.cpp and bench/calibrate_costmodel.cpp.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/engine/rank_statistics.hpp>
#include <coscan/io/csv_table.hpp>
#include <coscan/io/layer_table.hpp>
#include <coscan/search/arch_space.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::calibration {

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

inline double to_double(std::string_view field) {
  double value = 0;
  std::from_chars(field.data(), field.data() + field.size(), value);
  return value;
}

/// Which of coscan's dataflows stands for a MAESTRO template. xp_ws (weight stationary over
/// output columns, one level) is closest to our row stationary: output rows/columns spread over
/// the PEs with the filter streamed (MAESTRO's own runtimes put xp_ws next to rs, rho 0.95).
inline costmodel::Dataflow dataflow_for_template(std::string_view maestro) {
  if (maestro == "kcp_ws")
    return costmodel::Dataflow::weight_stationary;
  if (maestro == "rs" || maestro == "xp_ws")
    return costmodel::Dataflow::row_stationary;
  return costmodel::Dataflow::output_stationary; // ykp_os_fix, yxp_os
}

/// Our side of the MAESTRO comparison: MAESTRO ignores buffer sizes, so L1 and L2 are generous
/// (every layer's reuse fits L1; the largest layer here fits L2), 8-bit data (one element = one
/// byte, so MAESTRO's elements/cycle are our bytes/cycle), the default array shape.
struct MaestroSetup {
  double l1_bytes = 4096;
  double l2_kib = 64 * 1024;
};

struct TemplateFit {
  std::string maestro_template;
  costmodel::Dataflow ours{};
  std::size_t points = 0;
  double spearman = 0;
  double median_ratio = 0; ///< median of ours / MAESTRO cycles
  double ratio_p10 = 0, ratio_p90 = 0;
};

inline std::vector<TemplateFit> fit_maestro(const std::filesystem::path &calibration_csv,
                                            const costmodel::AnalyticalModel &model,
                                            MaestroSetup setup = {}, std::FILE *dump = nullptr) {
  const io::CsvTable table = io::CsvTable::read(calibration_csv);
  const std::vector<io::NamedLayer> layers = io::layer_table_from(table);
  const std::size_t df = *table.column("dataflow"), pes = *table.column("num_pes");
  const std::size_t noc = *table.column("noc_bw"), off = *table.column("offchip_bw");
  const std::size_t runtime = *table.column("runtime_cycles");
  struct Points {
    std::vector<double> ours, theirs;
  };
  std::map<std::string, Points> by_template;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const std::string name(table.at(row, df));
    costmodel::AccelParams a;
    a.dataflow = dataflow_for_template(name);
    a.num_pes = static_cast<std::int64_t>(to_double(table.at(row, pes)));
    std::tie(a.array_rows, a.array_cols) = costmodel::default_array_shape(a.num_pes);
    a.l1_bytes = setup.l1_bytes;
    a.l2_kib = setup.l2_kib;
    a.noc_bw = to_double(table.at(row, noc));
    a.offchip_bw = to_double(table.at(row, off));
    a.data_bits = 8;
    Points &p = by_template[name];
    p.ours.push_back(model.layer_cost(layers[row].shape, a).cycles);
    p.theirs.push_back(to_double(table.at(row, runtime)));
    if (dump)
      std::fprintf(dump, "%s,%s,%s,%s,%lld,%g,%g,%.17g,%.17g\n", name.c_str(),
                   layers[row].network.c_str(), layers[row].name.c_str(),
                   layers[row].shape.to_string().c_str(), static_cast<long long>(a.num_pes),
                   a.noc_bw, a.offchip_bw, p.ours.back(), p.theirs.back());
  }
  std::vector<TemplateFit> fits;
  for (const auto &[name, p] : by_template) {
    TemplateFit fit;
    fit.maestro_template = name;
    fit.ours = dataflow_for_template(name);
    fit.points = p.ours.size();
    fit.spearman = engine::spearman(p.ours, p.theirs);
    std::vector<double> ratio(p.ours.size());
    for (std::size_t i = 0; i < ratio.size(); ++i)
      ratio[i] = p.ours[i] / p.theirs[i];
    std::sort(ratio.begin(), ratio.end());
    fit.median_ratio = median(ratio);
    fit.ratio_p10 = ratio[ratio.size() / 10];
    fit.ratio_p90 = ratio[ratio.size() * 9 / 10];
    fits.push_back(fit);
  }
  return fits;
}

/// An Eyeriss-like accelerator as HW-NAS-Bench simulated it: 168 PEs as 12 x 14, 512 B of
/// scratchpad per PE, a 108 KiB global buffer, 200 MHz, 8-bit data. Bandwidths: a 64-bit DRAM
/// interface (8 B/cycle, 1.6 GB/s at 200 MHz) and a 64 B/cycle global-buffer NoC.
inline costmodel::AccelParams eyeriss_like() {
  costmodel::AccelParams a;
  a.dataflow = costmodel::Dataflow::row_stationary;
  a.num_pes = 168;
  a.array_rows = 12;
  a.array_cols = 14;
  a.l1_bytes = 512;
  a.l2_kib = 108;
  a.noc_bw = 64;
  a.offchip_bw = 8;
  a.clock_mhz = 200;
  a.data_bits = 8;
  return a;
}

struct HwNasBenchFit {
  std::size_t points = 0;
  double spearman = 0;
  double median_ratio = 0; ///< ours (ms) / eyeriss_ms
};

/// The whole-network Spearman of `model` against HW-NAS-Bench's Eyeriss latency. Those figures
/// cost an avg_pool_3x3 edge exactly like a nor_conv_3x3 edge (a least-squares fit of eyeriss_ms on
/// the op counts is exact: 1.4746 ms each, 0.2458 for nor_conv_1x1, 0 for skip): a model with
/// PoolingCost::dense_conv compares like with like.
inline HwNasBenchFit fit_hw_nas_bench(const std::filesystem::path &latency_csv,
                                      const costmodel::AnalyticalModel &model,
                                      const costmodel::AccelParams &accel = eyeriss_like()) {
  const io::CsvTable table = io::CsvTable::read(latency_csv);
  const auto space = search::make_arch_space("nasbench201");
  const std::size_t arch_col = *table.column("arch_str"), ms_col = *table.column("eyeriss_ms");
  // Factorised: one cost per vocabulary shape, then counts x costs per architecture.
  const auto &vocabulary = space->vocabulary();
  std::vector<double> shape_cycles(vocabulary.size());
  for (std::size_t i = 0; i < vocabulary.size(); ++i)
    shape_cycles[i] = model.layer_cost(vocabulary[i], accel).cycles;
  std::vector<search::LayerCount> counts;
  std::vector<double> ours, theirs, ratio;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const auto index = space->parse(table.at(row, arch_col));
    if (!index)
      throw InputError(latency_csv.string() + ":" + std::to_string(table.line_of(row)) +
                       ": arch_str not in NAS-Bench-201");
    space->layer_counts(*index, counts);
    double cycles = 0;
    for (const auto &c : counts)
      cycles += c.count * shape_cycles[c.shape];
    ours.push_back(cycles);
    theirs.push_back(to_double(table.at(row, ms_col)));
    ratio.push_back(cycles / (accel.clock_mhz * 1e3) / theirs.back());
  }
  return {ours.size(), engine::spearman(ours, theirs), median(ratio)};
}

} // namespace coscan::calibration
