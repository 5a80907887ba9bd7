#pragma once
// Calibration of the analytical model against public references (docs/costmodel-validation.md):
// MAESTRO's per-layer runtimes (../shared/reference/maestro/maestro_layers_calibration.csv) and
// HW-NAS-Bench's Eyeriss latencies of NAS-Bench-201 (../shared/data/nb201_latency_help.csv), and
// the semi-decoupled paper's MAESTRO results for 1,018 DARTS models.
// Shared by tests/costmodel/test_calibration.cpp and bench/calibrate_costmodel.cpp.
#include "costmodel/energy_fit.hpp"

#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/rank_statistics.hpp>
#include <coscan/search/arch_space.hpp>
#include <coscan/tables/csv_table.hpp>
#include <coscan/tables/layer_table.hpp>

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
#include <tuple>
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

/// One accelerator of MAESTRO's grid on our side: the default array shape for its PE count, the
/// setup's buffers, 8-bit data.
inline costmodel::AccelParams maestro_accel(costmodel::Dataflow dataflow, double num_pes,
                                            double noc_bw, double offchip_bw,
                                            const MaestroSetup &setup) {
  costmodel::AccelParams a;
  a.dataflow = dataflow;
  a.num_pes = static_cast<std::int64_t>(num_pes);
  std::tie(a.array_rows, a.array_cols) = costmodel::default_array_shape(a.num_pes);
  a.l1_bytes = setup.l1_bytes;
  a.l2_kib = setup.l2_kib;
  a.noc_bw = noc_bw;
  a.offchip_bw = offchip_bw;
  a.data_bits = 8;
  return a;
}

/// How one of our metrics agrees with MAESTRO's over a set of points.
struct Agreement {
  double spearman = 0;
  double median_ratio = 0; ///< median of ours / MAESTRO
  double ratio_p10 = 0, ratio_p90 = 0;
  /// The lowest Spearman over the networks taken one at a time, and which network: the ranking
  /// within one network's points (stricter than the pooled held-out figures of fit_energies).
  double worst_network_spearman = 0;
  std::string worst_network;
};

/// A metric's points: ours, MAESTRO's, and the network of each.
struct Series {
  std::vector<double> ours, theirs;
  std::vector<const std::string *> network;

  void add(double our_value, double their_value, const std::string &net) {
    ours.push_back(our_value);
    theirs.push_back(their_value);
    network.push_back(&net);
  }

  Agreement agreement() const {
    Agreement a;
    a.spearman = engine::spearman(ours, theirs);
    std::vector<double> ratio(ours.size());
    for (std::size_t i = 0; i < ratio.size(); ++i)
      ratio[i] = ours[i] / theirs[i];
    std::sort(ratio.begin(), ratio.end());
    a.median_ratio = median(ratio);
    a.ratio_p10 = ratio[ratio.size() / 10];
    a.ratio_p90 = ratio[ratio.size() * 9 / 10];
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_network;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      auto &[o, t] = by_network[*network[i]];
      o.push_back(ours[i]);
      t.push_back(theirs[i]);
    }
    a.worst_network_spearman = 2;
    for (const auto &[net, points] : by_network) {
      const double rho = engine::spearman(points.first, points.second);
      if (rho < a.worst_network_spearman) {
        a.worst_network_spearman = rho;
        a.worst_network = net;
      }
    }
    return a;
  }
};

/// Our model against one MAESTRO template, metric by metric, over all its (layer, accelerator)
/// points.
struct TemplateFit {
  std::string maestro_template;
  costmodel::Dataflow ours{};
  std::size_t points = 0;
  Agreement latency; ///< cycles
  /// Cycles over the ideal compute time (MACs / PEs): which layers run inefficiently where,
  /// with the MAC count's dominance taken out; and a plain roofline's, max(MACs / PEs, every
  /// tensor once / off-chip bandwidth), on the same scale, as the baseline a dataflow model
  /// must beat.
  Agreement latency_per_ideal, roofline_per_ideal;
  /// Ours in nJ against MAESTRO's `energy_nJ_own` (its L1 and L2 access energy; MACs and DRAM
  /// count nothing there), and per MAC: which layers are energy-inefficient on which accelerator.
  Agreement energy, energy_per_mac;
  /// The same with ours restricted to the components MAESTRO's energy counts: buffer accesses and
  /// the transfers between them (L1 + NoC + L2; no MACs, no DRAM).
  Agreement buffer_energy, buffer_energy_per_mac;
  /// The same components with their constants (pJ per byte of L1, NoC, L2 traffic) fitted to
  /// MAESTRO's energy (energy_fit.hpp): on every network (in-sample), and each network's points
  /// predicted by the constants fitted on the others (held out, pooled).
  ComponentEnergies fitted_pj{};
  Agreement fitted_energy, fitted_energy_per_mac, held_out_energy, held_out_energy_per_mac;
  /// Array traffic per MAC: our NoC bytes against MAESTRO's L2 reads and writes (input and
  /// filter reads, output writes; 8-bit, so elements are bytes). The access count behind
  /// MAESTRO's energy per MAC (its L1 accesses are 3 per MAC on every template).
  Agreement l2_traffic_per_mac;
  /// Ours (mm^2) with L1 and L2 at the sizes MAESTRO reports the layer needs (`l1_size_req`,
  /// `l2_size_req`), against MAESTRO's area (um^2, scaled to mm^2), which sizes its buffers so.
  Agreement area;
  /// Area per accelerator of MAESTRO's grid (num_pes x noc_bw x offchip_bw): ours with the
  /// setup's buffers against MAESTRO's median area over the template's layers on it (MAESTRO's
  /// area hardly depends on the layer: 0.104 um^2 per buffer byte against ~1,500 um^2 per PE and
  /// element/cycle of NoC bandwidth).
  Agreement area_grid;
};

/// One (layer, accelerator) point of the comparison, for a dump.
struct MaestroPoint {
  std::string maestro_template;
  const tables::NamedLayer *layer;
  const costmodel::AccelParams *accel;
  double ours_cycles, maestro_cycles, ours_nj, maestro_nj, ours_mm2, maestro_mm2;
  const costmodel::LayerBreakdown *ours; ///< our traffic per level, for fitting energies
};

inline void dump_point(std::FILE *dump, const MaestroPoint &p) {
  std::fprintf(dump,
               "%s,%s,%s,\"%s\",%lld,%g,%g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,"
               "%.17g,%lld\n",
               p.maestro_template.c_str(), p.layer->network.c_str(), p.layer->name.c_str(),
               p.layer->shape.to_string().c_str(), static_cast<long long>(p.accel->num_pes),
               p.accel->noc_bw, p.accel->offchip_bw, p.ours_cycles, p.maestro_cycles, p.ours_nj,
               p.maestro_nj, p.ours_mm2, p.maestro_mm2, p.ours->l1_bytes, p.ours->noc_bytes,
               p.ours->l2_bytes, p.ours->dram_bytes, static_cast<long long>(p.layer->shape.macs()));
}

/// The header line of a dump.
inline constexpr const char *kMaestroDumpHeader =
    "template,network,layer,shape,num_pes,noc_bw,offchip_bw,ours_cycles,maestro_cycles,ours_nj,"
    "maestro_nj,ours_mm2,maestro_mm2,ours_l1_bytes,ours_noc_bytes,ours_l2_bytes,ours_dram_bytes,"
    "macs\n";

/// TemplateFit's fitted and held-out energy figures; per MAC divides ours by our MACs and
/// MAESTRO's by its own.
inline void fit_energies(const EnergyPoints &points, const std::vector<double> &our_macs,
                         const std::vector<double> &their_macs, TemplateFit &fit) {
  const std::vector<double> &theirs = points.reference_nj;
  const auto agreements = [&](const std::vector<double> &ours, Agreement &energy,
                              Agreement &per_mac) {
    Series e, m;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      e.add(ours[i], theirs[i], *points.network[i]);
      m.add(ours[i] / our_macs[i], theirs[i] / their_macs[i], *points.network[i]);
    }
    energy = e.agreement();
    per_mac = m.agreement();
  };
  fit.fitted_pj = fit_component_energies(points);
  std::vector<double> in_sample(theirs.size()), held_out(theirs.size());
  for (std::size_t i = 0; i < theirs.size(); ++i)
    in_sample[i] = points.predict(i, fit.fitted_pj);
  std::map<std::string, ComponentEnergies> without;
  for (const std::string *net : points.network)
    if (!without.count(*net))
      without[*net] = fit_component_energies(points, net);
  for (std::size_t i = 0; i < theirs.size(); ++i)
    held_out[i] = points.predict(i, without.at(*points.network[i]));
  agreements(in_sample, fit.fitted_energy, fit.fitted_energy_per_mac);
  agreements(held_out, fit.held_out_energy, fit.held_out_energy_per_mac);
}

inline std::vector<TemplateFit> fit_maestro(const std::filesystem::path &calibration_csv,
                                            const costmodel::AnalyticalModel &model,
                                            MaestroSetup setup = {}, std::FILE *dump = nullptr) {
  const tables::CsvTable table = tables::CsvTable::read(calibration_csv);
  const std::vector<tables::NamedLayer> layers = tables::layer_table_from(table);
  const auto column = [&table](const char *name) { return *table.column(name); };
  const std::size_t df = column("dataflow"), pes = column("num_pes"), noc = column("noc_bw");
  const std::size_t off = column("offchip_bw"), runtime = column("runtime_cycles");
  const std::size_t energy = column("energy_nJ_own"), macs = column("macs");
  const std::size_t area = column("area"), l1_req = column("l1_size_req");
  const std::size_t l2_req = column("l2_size_req");
  const std::size_t l2_traffic[] = {column("input_l2_read"), column("filter_l2_read"),
                                    column("output_l2_write")};
  struct Points {
    Series latency, latency_per_ideal, roofline_per_ideal, energy, energy_per_mac, buffer_energy,
        buffer_energy_per_mac, l2_per_mac, area;
    EnergyPoints components; // our L1, NoC and L2 bytes against MAESTRO's energy
    std::vector<double> our_macs, their_macs;
    // Per grid accelerator (num_pes, noc_bw, offchip_bw): our area and MAESTRO's per layer.
    std::map<std::tuple<double, double, double>, std::pair<double, std::vector<double>>> grid;
  };
  std::map<std::string, Points> by_template;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const std::string name(table.at(row, df));
    const tables::NamedLayer &layer = layers[row];
    const costmodel::AccelParams a =
        maestro_accel(dataflow_for_template(name), to_double(table.at(row, pes)),
                      to_double(table.at(row, noc)), to_double(table.at(row, off)), setup);
    const costmodel::LayerBreakdown cost = model.layer_breakdown(layer.shape, a);
    costmodel::AccelParams sized = a; // buffers as MAESTRO sizes them for this layer
    sized.l1_bytes = to_double(table.at(row, l1_req));
    sized.l2_kib = to_double(table.at(row, l2_req)) / 1024.0;
    const MaestroPoint point{name,
                             &layer,
                             &a,
                             cost.cycles,
                             to_double(table.at(row, runtime)),
                             cost.energy_j * 1e9,
                             to_double(table.at(row, energy)),
                             model.area_mm2(sized),
                             to_double(table.at(row, area)) * 1e-6,
                             &cost};
    const double our_macs = static_cast<double>(layer.shape.macs());
    const double their_macs = to_double(table.at(row, macs));
    const double pes_count = static_cast<double>(a.num_pes);
    const double tensors = static_cast<double>(
        layer.shape.input_elems() + layer.shape.weight_elems() + layer.shape.output_elems());
    const double roofline = std::max(our_macs / pes_count, tensors / a.offchip_bw);
    double maestro_l2 = 0;
    for (const std::size_t c : l2_traffic)
      maestro_l2 += to_double(table.at(row, c));
    Points &p = by_template[name];
    const std::string &net = layer.network;
    p.latency.add(point.ours_cycles, point.maestro_cycles, net);
    p.latency_per_ideal.add(point.ours_cycles / (our_macs / pes_count),
                            point.maestro_cycles / (their_macs / pes_count), net);
    p.roofline_per_ideal.add(roofline / (our_macs / pes_count),
                             point.maestro_cycles / (their_macs / pes_count), net);
    p.energy.add(point.ours_nj, point.maestro_nj, net);
    p.energy_per_mac.add(point.ours_nj / our_macs, point.maestro_nj / their_macs, net);
    p.l2_per_mac.add(cost.noc_bytes / our_macs, maestro_l2 / their_macs, net);
    const double buffer_nj = (cost.l1_j + cost.noc_j + cost.l2_j) * 1e9;
    p.buffer_energy.add(buffer_nj, point.maestro_nj, net);
    p.buffer_energy_per_mac.add(buffer_nj / our_macs, point.maestro_nj / their_macs, net);
    p.components.add({cost.l1_bytes, cost.noc_bytes, cost.l2_bytes}, point.maestro_nj, net);
    p.our_macs.push_back(our_macs);
    p.their_macs.push_back(their_macs);
    p.area.add(point.ours_mm2, point.maestro_mm2, net);
    auto &[grid_ours, grid_theirs] = p.grid[{pes_count, a.noc_bw, a.offchip_bw}];
    grid_ours = model.area_mm2(a);
    grid_theirs.push_back(point.maestro_mm2);
    if (dump)
      dump_point(dump, point);
  }
  std::vector<TemplateFit> fits;
  for (const auto &[name, p] : by_template) {
    TemplateFit fit;
    fit.maestro_template = name;
    fit.ours = dataflow_for_template(name);
    fit.points = p.latency.ours.size();
    fit.latency = p.latency.agreement();
    fit.latency_per_ideal = p.latency_per_ideal.agreement();
    fit.roofline_per_ideal = p.roofline_per_ideal.agreement();
    fit.energy = p.energy.agreement();
    fit.energy_per_mac = p.energy_per_mac.agreement();
    fit.l2_traffic_per_mac = p.l2_per_mac.agreement();
    fit.area = p.area.agreement();
    fit.buffer_energy = p.buffer_energy.agreement();
    fit.buffer_energy_per_mac = p.buffer_energy_per_mac.agreement();
    static const std::string whole_grid = "grid";
    Series grid;
    for (const auto &[accel, areas] : p.grid)
      grid.add(areas.first, median(areas.second), whole_grid);
    fit.area_grid = grid.agreement();
    fit_energies(p.components, p.our_macs, p.their_macs, fit);
    fits.push_back(fit);
  }
  return fits;
}

/// One of the semi-decoupled paper's MAESTRO result sets of 1,018 DARTS models
/// (../shared/data/codesign_nb301_maestro_results.csv), against our whole-network costs on the
/// grid point of MAESTRO's accelerator grid that ranks them most alike.
struct SeedResultFit {
  std::string result_set;
  costmodel::Dataflow ours{};
  std::size_t models = 0;
  costmodel::AccelParams accel; ///< the best-fitting grid point (num_pes, noc_bw, offchip_bw)
  double latency_spearman = 0, energy_spearman = 0;
  double latency_ratio = 0; ///< median ours / theirs, cycles
  /// Per PE count: the latency and energy Spearman at its best-fitting bandwidths.
  std::map<std::int64_t, std::pair<double, double>> by_num_pes;
};

/// For each result set: every model's genotype through the `darts` space (NetworkCIFAR, C = 36,
/// 20 cells), costed on each point of MAESTRO's calibration grid (num_pes {64..1024} x noc_bw
/// {64, 256, 1000} x offchip_bw {50, 150, 350}, the template's dataflow, buffers as in
/// MaestroSetup); the point with the highest latency + energy Spearman is reported.
inline std::vector<SeedResultFit> fit_codesign_nb301(const std::filesystem::path &models_csv,
                                                     const std::filesystem::path &results_csv,
                                                     const costmodel::AnalyticalModel &model,
                                                     MaestroSetup setup = {}) {
  const auto space = search::make_arch_space("darts");
  const tables::CsvTable models = tables::CsvTable::read(models_csv);
  const std::size_t index_col = *models.column("model_index");
  const std::size_t normal_col = *models.column("normal_cell");
  const std::size_t reduce_col = *models.column("reduce_cell");
  std::map<long long, std::vector<search::LayerCount>> counts; // model_index -> layer counts
  for (std::size_t row = 0; row < models.num_rows(); ++row) {
    const std::string arch =
        std::string(models.at(row, normal_col)) + "/" + std::string(models.at(row, reduce_col));
    const auto index = space->parse(arch);
    if (!index)
      throw InputError(models_csv.string() + ":" + std::to_string(models.line_of(row)) +
                       ": genotype not in the darts space");
    space->layer_counts(*index,
                        counts[static_cast<long long>(to_double(models.at(row, index_col)))]);
  }
  const tables::CsvTable results = tables::CsvTable::read(results_csv);
  const std::size_t set_col = *results.column("result_set"), df_col = *results.column("dataflow");
  const std::size_t model_col = *results.column("model_index");
  const std::size_t lat_col = *results.column("latency_cycles_sum");
  const std::size_t energy_col = *results.column("energy_sum");
  struct Set {
    std::string dataflow;
    std::vector<long long> model;
    std::vector<double> latency, energy;
  };
  std::map<std::string, Set> sets;
  for (std::size_t row = 0; row < results.num_rows(); ++row) {
    Set &set = sets[std::string(results.at(row, set_col))];
    set.dataflow = results.at(row, df_col);
    set.model.push_back(static_cast<long long>(to_double(results.at(row, model_col))));
    set.latency.push_back(to_double(results.at(row, lat_col)));
    set.energy.push_back(to_double(results.at(row, energy_col)));
  }
  const auto &vocabulary = space->vocabulary();
  std::vector<SeedResultFit> fits;
  for (const auto &[name, set] : sets) {
    SeedResultFit best;
    best.result_set = name;
    best.ours = dataflow_for_template(set.dataflow);
    best.models = set.model.size();
    double best_score = -3;
    for (const double pes : {64.0, 128.0, 256.0, 512.0, 1024.0})
      for (const double noc : {64.0, 256.0, 1000.0})
        for (const double off : {50.0, 150.0, 350.0}) {
          const costmodel::AccelParams a = maestro_accel(best.ours, pes, noc, off, setup);
          std::vector<costmodel::LayerCost> shape_cost(vocabulary.size());
          for (std::size_t i = 0; i < vocabulary.size(); ++i)
            shape_cost[i] = model.layer_cost(vocabulary[i], a);
          std::vector<double> cycles, energy, ratio;
          for (std::size_t m = 0; m < set.model.size(); ++m) {
            double c = 0, e = 0;
            for (const search::LayerCount &lc : counts.at(set.model[m])) {
              c += lc.count * shape_cost[lc.shape].cycles;
              e += lc.count * shape_cost[lc.shape].energy_j;
            }
            cycles.push_back(c);
            energy.push_back(e);
            ratio.push_back(c / set.latency[m]);
          }
          const double lat_rho = engine::spearman(cycles, set.latency);
          const double energy_rho = engine::spearman(energy, set.energy);
          auto [at, fresh] = best.by_num_pes.try_emplace(a.num_pes, lat_rho, energy_rho);
          if (!fresh && lat_rho + energy_rho > at->second.first + at->second.second)
            at->second = {lat_rho, energy_rho};
          if (lat_rho + energy_rho > best_score) {
            best_score = lat_rho + energy_rho;
            best.accel = a;
            best.latency_spearman = lat_rho;
            best.energy_spearman = energy_rho;
            best.latency_ratio = median(ratio);
          }
        }
    fits.push_back(best);
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
  const tables::CsvTable table = tables::CsvTable::read(latency_csv);
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
