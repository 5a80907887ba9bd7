// Calibration of the analytical model: Spearman correlation and median ratio of its per-layer
// latency against MAESTRO (per dataflow template), and of its NAS-Bench-201 whole-network
// latency against HW-NAS-Bench's Eyeriss figures. docs/costmodel-validation.md has the results.
//   calibrate_costmodel [SHARED_DIR [DUMP.csv]]   (default: the ../shared folder beside the
//   project; DUMP.csv gets every MAESTRO point: template, network, layer, shape, accelerator,
//   ours and MAESTRO's cycles, energy and area, and our traffic per level; written whole or not
//   at all). Exit 2 on a missing or malformed reference or a bad dump name, 1 on other failures.
#include "costmodel/calibration.hpp"

#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <utility>
#include <vector>

int main(int argc, char **argv) {
  namespace cal = coscan::calibration;
  const std::filesystem::path shared = argc > 1 ? argv[1] : COSCAN_SHARED_DIR;
  try {
    const coscan::costmodel::AnalyticalModel model;
    const cal::MaestroSetup setup;
    const std::filesystem::path maestro_csv =
        shared / "reference/maestro/maestro_layers_calibration.csv";
    // The dump, when asked for, appears whole or not at all, and never over the table it reads.
    std::vector<cal::TemplateFit> fits;
    if (argc > 2) {
      coscan::tables::check_distinct_files({{"the dump", argv[2]}},
                                           {{"the MAESTRO table", maestro_csv}});
      coscan::tables::check_writable(argv[2], "the dump");
      coscan::tables::AtomicFile file(argv[2]);
      file.write_stream([&](std::FILE *dump) {
        std::fputs(cal::kMaestroDumpHeader, dump);
        fits = cal::fit_maestro(maestro_csv, model, setup, dump);
      });
      file.commit();
    } else {
      fits = cal::fit_maestro(maestro_csv, model, setup);
    }
    std::printf("MAESTRO per layer (L1 %.0f B/PE, L2 %.0f KiB, 8-bit; area: buffers at MAESTRO's "
                "required sizes)\n",
                setup.l1_bytes, setup.l2_kib);
    std::printf("%-12s %-18s %-15s %7s %9s %13s %9s %9s  %s\n", "template", "ours", "metric",
                "points", "spearman", "median ratio", "p10", "p90",
                "worst network alone (spearman)");
    for (const cal::TemplateFit &f : fits) {
      const std::pair<const char *, const cal::Agreement *> metrics[] = {
          {"latency", &f.latency},
          {"latency/ideal", &f.latency_per_ideal},
          {"roofline/ideal", &f.roofline_per_ideal},
          {"energy", &f.energy},
          {"energy per MAC", &f.energy_per_mac},
          {"buffer energy", &f.buffer_energy},
          {"buffer e./MAC", &f.buffer_energy_per_mac},
          {"L2 traffic/MAC", &f.l2_traffic_per_mac},
          {"area", &f.area},
          {"area, grid", &f.area_grid}};
      for (const auto &[metric, a] : metrics)
        std::printf("%-12s %-18s %-15s %7zu %9.4f %13.3g %9.3g %9.3g  %s %.4f\n",
                    f.maestro_template.c_str(),
                    std::string(coscan::costmodel::to_string(f.ours)).c_str(), metric, f.points,
                    a->spearman, a->median_ratio, a->ratio_p10, a->ratio_p90,
                    a->worst_network.c_str(), a->worst_network_spearman);
    }
    std::printf(
        "\nBuffer energy (L1 + NoC + L2) with its per-component constants fitted to MAESTRO's "
        "energy (least squares on the relative error, constants >= 0): in-sample, and each "
        "network predicted by the constants fitted on the others (held out, pooled)\n");
    std::printf("%-12s %-18s %20s %9s %9s %9s %9s %9s %9s\n", "template", "ours",
                "pJ/B L1 / NoC / L2", "energy", "ratio", "per MAC", "held out", "ratio", "per MAC");
    for (const cal::TemplateFit &f : fits)
      std::printf("%-12s %-18s %6.3f %6.3f %6.3f %9.4f %9.3g %9.4f %9.4f %9.3g %9.4f\n",
                  f.maestro_template.c_str(),
                  std::string(coscan::costmodel::to_string(f.ours)).c_str(), f.fitted_pj[0],
                  f.fitted_pj[1], f.fitted_pj[2], f.fitted_energy.spearman,
                  f.fitted_energy.median_ratio, f.fitted_energy_per_mac.spearman,
                  f.held_out_energy.spearman, f.held_out_energy.median_ratio,
                  f.held_out_energy_per_mac.spearman);
    const cal::HwNasBenchFit hw =
        cal::fit_hw_nas_bench(shared / "data/nb201_latency_help.csv", model);
    std::printf("\nHW-NAS-Bench eyeriss_ms, NB201 (%zu archs), row stationary 12x14: spearman "
                "%.4f, median ratio (ours ms / theirs) %.3f\n",
                hw.points, hw.spearman, hw.median_ratio);
    coscan::costmodel::AnalyticalParams params;
    params.pooling = coscan::costmodel::PoolingCost::dense_conv;
    const coscan::costmodel::AnalyticalModel pools_as_convs(params);
    const cal::HwNasBenchFit hw_pool =
        cal::fit_hw_nas_bench(shared / "data/nb201_latency_help.csv", pools_as_convs);
    std::printf("  the same with pooling = \"dense_conv\" (HW-NAS-Bench's convention): "
                "spearman %.4f, median ratio %.3f\n",
                hw_pool.spearman, hw_pool.median_ratio);
    std::printf("\nThe semi-decoupled paper's MAESTRO results, 1,018 DARTS models (NetworkCIFAR), "
                "whole network; our best-fitting point of MAESTRO's grid:\n");
    std::printf("%-18s %-18s %7s %8s %7s %8s %9s %9s %13s\n", "result set", "ours", "models",
                "num_pes", "noc_bw", "offchip", "latency", "energy", "median ratio");
    const std::vector<cal::SeedResultFit> seed_fits =
        cal::fit_codesign_nb301(shared / "data/codesign_nb301_darts_models.csv",
                                shared / "data/codesign_nb301_maestro_results.csv", model, setup);
    for (const cal::SeedResultFit &f : seed_fits)
      std::printf("%-18s %-18s %7zu %8lld %7g %8g %9.4f %9.4f %13.3g\n", f.result_set.c_str(),
                  std::string(coscan::costmodel::to_string(f.ours)).c_str(), f.models,
                  static_cast<long long>(f.accel.num_pes), f.accel.noc_bw, f.accel.offchip_bw,
                  f.latency_spearman, f.energy_spearman, f.latency_ratio);
    std::printf("  per PE count (latency / energy Spearman at the best bandwidths):\n");
    for (const cal::SeedResultFit &f : seed_fits) {
      std::printf("  %-18s", f.result_set.c_str());
      for (const auto &[pes, rho] : f.by_num_pes)
        std::printf("  %4lld: %.3f / %.3f", static_cast<long long>(pes), rho.first, rho.second);
      std::printf("\n");
    }
    const auto space = coscan::search::make_arch_space("nasbench201");
    std::printf("\nNB201 vocabulary on the Eyeriss-like accelerator (cycles):\n");
    for (const auto &shape : space->vocabulary()) {
      const auto b = model.layer_breakdown(shape, cal::eyeriss_like());
      std::printf("  %-42s total %10.0f compute %10.0f noc %9.0f dram %9.0f prologue %7.0f "
                  "util %.2f\n",
                  shape.to_string().c_str(), b.cycles, b.compute_cycles, b.noc_cycles,
                  b.dram_cycles, b.prologue_cycles, b.utilisation);
    }
  } catch (const coscan::InputError &e) { // a missing or malformed reference, a bad dump name
    std::fprintf(stderr, "calibrate_costmodel: %s\n", e.what());
    return 2;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "calibrate_costmodel: %s\n", e.what());
    return 1;
  }
  return 0;
}
