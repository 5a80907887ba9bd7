// coscan cost --layers LAYERS.csv --accels ACCELS.csv [--out OUT.csv]: every layer of a MAESTRO-
// convention layer table on every accelerator of an accelerator table, through the analytical
// model, one CSV row per (layer, accelerator) with the layer's shape (so the output is a layer
// table a `[costmodel] kind = "layer_table"` study can read) and the model's breakdown.
#include "commands.hpp"

#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/costmodel/error.hpp>
#include <coscan/tables/accel_table.hpp>
#include <coscan/tables/atomic_file.hpp>
#include <coscan/tables/layer_table.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace coscan::app {
namespace {

struct CostOptions {
  std::string layers, accels, out;
};

constexpr const char *kHeader =
    "network,layer_name,layer_type,N,K,C,R,S,Y,X,G,stride,accel_row,dataflow,num_pes,clock_mhz,"
    "latency_cycles,latency_s,energy_j,macs,utilisation,compute_cycles,noc_cycles,dram_cycles,"
    "prologue_cycles,mac_j,l1_j,noc_j,l2_j,dram_j,l1_bytes,noc_bytes,l2_bytes,dram_bytes,adc_j,"
    "xbar_j,xbars_used,adc_conversions,area_mm2,free_params\n";

/// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string &text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void write_rows(std::FILE *out, const std::vector<tables::NamedLayer> &layers,
                const std::vector<tables::AccelRow> &accels) {
  const costmodel::AnalyticalModel model;
  std::fputs(kHeader, out);
  std::vector<double> area(accels.size()), free_params(accels.size());
  for (std::size_t a = 0; a < accels.size(); ++a) {
    area[a] = model.area_mm2(accels[a].params);
    free_params[a] = model.network_term(accels[a].params).free_params;
  }
  for (const tables::NamedLayer &layer : layers)
    for (std::size_t a = 0; a < accels.size(); ++a) {
      const costmodel::AccelParams &p = accels[a].params;
      const costmodel::LayerBreakdown b = model.layer_breakdown(layer.shape, p);
      const costmodel::LayerShape &s = layer.shape; // as costed: coscan's convention
      fmt::print(out,
                 "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},"
                 "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                 csv_field(layer.network), csv_field(layer.name),
                 costmodel::to_string(layer.shape.type), s.n, s.k, s.c, s.r, s.s, s.y, s.x,
                 s.groups, s.stride, a + 1, costmodel::to_string(p.dataflow), p.num_pes,
                 p.clock_mhz, b.cycles, b.cycles / (p.clock_mhz * 1e6), b.energy_j,
                 layer.shape.macs(), b.utilisation, b.compute_cycles, b.noc_cycles, b.dram_cycles,
                 b.prologue_cycles, b.mac_j, b.l1_j, b.noc_j, b.l2_j, b.dram_j, b.l1_bytes,
                 b.noc_bytes, b.l2_bytes, b.dram_bytes, b.adc_j, b.xbar_j, b.xbars_used,
                 b.adc_conversions, area[a], free_params[a]);
    }
}

int cost(const CostOptions &options) {
  // Read and check every input before writing anything, so bad input leaves no output.
  if (!options.out.empty()) {
    tables::check_writable(options.out, "--out");
    tables::check_distinct_files({{"--out", options.out}},
                                 {{"--layers", options.layers}, {"--accels", options.accels}});
  }
  const std::vector<tables::NamedLayer> layers = tables::read_layer_table(options.layers);
  const std::vector<tables::AccelRow> accels = tables::read_accel_table(options.accels);
  if (options.out.empty()) {
    write_rows(stdout, layers, accels);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  tables::AtomicFile file(options.out);
  file.write_stream([&](std::FILE *out) { write_rows(out, layers, accels); });
  file.commit();
  return 0;
}

} // namespace

Action add_cost_command(CLI::App &app) {
  auto *command = app.add_subcommand(
      "cost", "Cost every layer of a layer table on every accelerator of an accelerator table");
  auto options = std::make_shared<CostOptions>();
  command->add_option("--layers", options->layers, "Layer table (MAESTRO convention, CSV)")
      ->required();
  command->add_option("--accels", options->accels, "Accelerator table (CSV, one per row)")
      ->required();
  command->add_option("--out", options->out, "Output CSV (written atomically; default stdout)");
  return [options] { return cost(*options); };
}

} // namespace coscan::app
