// `coscan run` on a layer-table study: the round trip through `coscan cost` (its output, read
// back as a layer table, gives the analytical model's results bit for bit), and bad tables
// stopping the run before anything is written (exit 2, one line naming the shape and device).
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace coscan::testing {
namespace {

using ::testing::HasSubstr;

const char *const kNetworkFiles[] = {"data/maestro_layers/vgg16_model.csv",
                                     "data/maestro_layers/Resnet50_model.csv"};

std::string networks_section() {
  return fmt::format("[arch_space]\nkind = \"networks\"\nfiles = [\"{}\", \"{}\"]\n",
                     shared_file(kNetworkFiles[0]).string(),
                     shared_file(kNetworkFiles[1]).string());
}

constexpr const char *kRest = "[objectives]\nmaximize = [\"accuracy\"]\n"
                              "minimize = [\"latency\", \"energy\", \"area\"]\n"
                              "[output]\ndataset = true\n";

/// The analytical study: the two networks on 24 accelerators of three dataflows, two clocks.
std::string analytical_study() {
  return networks_section() +
         "[accel_space]\n"
         "dataflow = [\"weight_stationary\", \"output_stationary\", "
         "\"row_stationary\"]\n"
         "num_pes = [64, 168]\nl1_bytes = [256]\nl2_kib = [108, 512]\n"
         "noc_bw = [64]\noffchip_bw = [16]\nclock_mhz = [400, 550]\n" +
         kRest;
}

/// The same study costed by `coscan cost`'s output.
std::string layer_table_study(const std::string &extra = "") {
  return networks_section() +
         "[costmodel]\nkind = \"layer_table\"\npath = \"costs.csv\"\n"
         "accel_columns = [\"accel_row\"]\n"
         "latency_column = \"latency_cycles\"\nclock_column = \"clock_mhz\"\n"
         "energy_column = \"energy_j\"\narea_column = \"area_mm2\"\n" +
         extra + kRest;
}

/// The study's layer files, one header: `coscan cost` takes one layer table.
std::string combined_layers() {
  std::string text;
  for (const char *file : kNetworkFiles) {
    std::ifstream in(shared_file(file));
    std::string line;
    std::getline(in, line);
    if (text.empty())
      text = line + "\n";
    while (std::getline(in, line))
      text += line + "\n";
  }
  return text;
}

/// The analytical study's accelerators, in index order, as `coscan cost --accels` rows.
std::string accels_csv(const std::filesystem::path &study) {
  const engine::Problem problem = study::build_problem(study::load_study(study));
  std::string text = "dataflow,num_pes,l1_bytes,l2_kib,noc_bw,offchip_bw,clock_mhz\n";
  for (std::uint64_t j = 0; j < problem.accels->size(); ++j) {
    const costmodel::AccelParams a = problem.accels->at(j);
    text += fmt::format("{},{},{},{},{},{},{}\n", costmodel::to_string(a.dataflow), a.num_pes,
                        a.l1_bytes, a.l2_kib, a.noc_bw, a.offchip_bw, a.clock_mhz);
  }
  return text;
}

TEST(LayerTableRun, CostOutputRoundTripsBitForBit) {
  for (const char *file : kNetworkFiles)
    COSCAN_REQUIRE_SHARED(file);
  TempDir dir("layer_table_run");
  dir.write("analytical.toml", analytical_study());
  dir.write("layers.csv", combined_layers());
  dir.write("accels.csv", accels_csv(dir / "analytical.toml"));
  CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out costs.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  dir.write("table.toml", layer_table_study());

  r = run_coscan("run analytical.toml --out analytical.h5 --threads 2 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_coscan("run table.toml --out table.h5 --threads 2", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("networks: 2 architectures x 24 accelerators = 48 pairs"));

  const h5::Reader x(dir / "analytical.h5"), y(dir / "table.h5");
  EXPECT_EQ(y.attribute<std::string>("/", "cost_model"), "layer_table");
  for (const char *name :
       {"/pareto/arch_index", "/pareto/accel_index", "/accels/accel_index", "/archs/arch_index"})
    EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name;
  // Every metric of every pair, and the front's, bit for bit.
  for (const char *name :
       {"/pareto/accuracy", "/pareto/latency_s", "/pareto/energy_j", "/pareto/area_mm2",
        "/dataset/latency_s", "/dataset/energy_j", "/accels/area_mm2"})
    EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name;
  EXPECT_EQ(x.read<double>("/dataset/latency_s").size(), 48u);
  EXPECT_FALSE(x.read<double>("/pareto/latency_s").empty());
  const auto devices = y.read<std::string>("/accels/device");
  ASSERT_EQ(devices.size(), 24u);
  EXPECT_EQ(devices[0], "1");
  EXPECT_EQ(devices[23], "24");
}

TEST(LayerTableRun, AMissingShapeStopsTheRunBeforeAnyOutput) {
  for (const char *file : kNetworkFiles)
    COSCAN_REQUIRE_SHARED(file);
  TempDir dir("layer_table_missing");
  // Costs of VGG16's layers only: ResNet50's shapes are missing.
  dir.write("analytical.toml", analytical_study());
  {
    std::ifstream in(shared_file(kNetworkFiles[0]));
    std::stringstream text;
    text << in.rdbuf();
    dir.write("layers.csv", text.str());
  }
  dir.write("accels.csv", accels_csv(dir / "analytical.toml"));
  CommandResult r =
      run_coscan("cost --layers layers.csv --accels accels.csv --out costs.csv", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  dir.write("table.toml", layer_table_study());
  r = run_coscan("run table.toml --out table.h5", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("costs.csv: no cost for layer shape 'conv N1 K64 C3 R7 S7 Y224 "
                               "X224 s2 g1' of the networks space on accelerator '1'"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "table.h5"));
}

/// examples/networks_maestro_table.toml without [ranking] (for the certified prune), with `extra`
/// before [output].
std::string maestro_example(const std::string &extra) {
  std::ifstream in(std::filesystem::path(COSCAN_SOURCE_DIR) / "examples" /
                   "networks_maestro_table.toml");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const std::size_t ranking = text.find("[ranking]"), output = text.find("[output]");
  text.replace(ranking, output - ranking, extra);
  // Paths relative to the example's folder -> absolute.
  const std::string examples = (std::filesystem::path(COSCAN_SOURCE_DIR) / "examples/").string();
  for (std::size_t at = text.find("\"../../shared"); at != std::string::npos;
       at = text.find("\"../../shared", at + examples.size()))
    text.insert(at + 1, examples);
  return text;
}

TEST(LayerTableRun, MaestroExampleIsTheSameOnRanksThreadsAndCertifiedPrune) {
  COSCAN_REQUIRE_SHARED("reference/maestro/maestro_layers_calibration.csv");
  TempDir dir("layer_table_ranks");
  dir.write("s.toml", maestro_example(""));
  dir.write("pruned.toml", maestro_example("[engine]\nprune = \"certified\"\n"));
  CommandResult r = run_coscan("run s.toml --out one.h5 --threads 1 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_launched(std::string(COSCAN_MPIEXEC) + " -n 2 --oversubscribe",
                   "run s.toml --out two.h5 --threads 2 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::Reader one(dir / "one.h5"), two(dir / "two.h5");
  ASSERT_EQ(one.read<std::string>("/accels/device").size(), 171u);
  EXPECT_EQ(one.read<std::string>("/accels/device"), two.read<std::string>("/accels/device"));
  for (const char *name : {"/pareto/arch_index", "/pareto/accel_index"})
    EXPECT_EQ(one.read<std::uint64_t>(name), two.read<std::uint64_t>(name)) << name;
  for (const char *name : {"/pareto/latency_s", "/pareto/energy_j"})
    EXPECT_EQ(one.read<double>(name), two.read<double>(name)) << name;
  EXPECT_FALSE(one.read<double>("/pareto/latency_s").empty());

  // The table's costs are additive and nonnegative: the certified prune keeps the exact front.
  r = run_coscan("run pruned.toml --out pruned.h5 --threads 2 --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::Reader pruned(dir / "pruned.h5");
  EXPECT_EQ(pruned.read<std::uint64_t>("/pareto/arch_index"),
            one.read<std::uint64_t>("/pareto/arch_index"));
  EXPECT_EQ(pruned.read<double>("/pareto/latency_s"), one.read<double>("/pareto/latency_s"));
}

} // namespace
} // namespace coscan::testing
