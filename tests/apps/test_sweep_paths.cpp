// The cross-path matrix: every sweep path (exhaustive at 1 and 2 ranks, a sampled cross
// product, independent pairs at 1 and 2 ranks) x every cost-model kind (analytical with the
// crossbar's per-network reload term, a measured pair table, an imported per-layer table) gives
// bit-identical metrics for the same (arch, accel). Each run writes its dataset; every sampled
// value is looked up in the exhaustive table. The exhaustive tables and Pareto set are also the
// same at 2 ranks and on every kernel target the CPU has (COSCAN_KERNEL), and the Pareto set
// through 3 shards + merge. (Independent pairs once lost the crossbar term and ignored pair
// tables.)
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include "shared_data.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/evaluation/kernel_target.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace coscan::testing {
namespace {

const std::filesystem::path kExamples = std::filesystem::path(COSCAN_SOURCE_DIR) / "examples";

/// An example study without its [ranking] and [output] sections, its ../../shared paths made
/// absolute, and proxy accuracy (so the study needs no accuracy table).
std::string example_costs(const std::string &name) {
  std::ifstream in(kExamples / name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  for (const char *section : {"[ranking]", "[output]", "[accuracy]"}) {
    const std::size_t at = text.find(section);
    if (at == std::string::npos)
      continue;
    std::size_t end = text.find("\n[", at + 1);
    end = end == std::string::npos ? text.size() : end + 1;
    text.erase(at, end - at);
  }
  const std::string prefix = kExamples.string() + "/";
  for (std::size_t at = text.find("\"../../shared"); at != std::string::npos;
       at = text.find("\"../../shared", at + prefix.size()))
    text.insert(at + 1, prefix);
  return text;
}

/// A crossbar study small enough for a test, whose smallest chips cannot hold the larger
/// networks' weights (so the per-network reload term is nonzero for some pairs).
const char *kCrossbar = R"(
[arch_space]
kind = "nasbench201"
[accel_space]
dataflow      = ["row_stationary", "imc_crossbar"]
num_pes       = [64]
l1_bytes      = [256]
l2_kib        = [128]
noc_bw        = [64]
offchip_bw    = [8, 32]
xbars         = [16, 64, 1024]
adc_bits      = [6, 8]
adcs_per_xbar = [1, 4]
[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy", "area"]
)";

struct Table {
  std::vector<std::uint64_t> arch, accel; // per row / column (2-D) or per pair (1-D)
  std::vector<double> latency, energy;
};

Table read_dataset(const std::filesystem::path &file, bool pairs) {
  const h5::Reader h5(file);
  Table t;
  t.arch = h5.read<std::uint64_t>(pairs ? "/dataset/arch_index" : "/archs/arch_index");
  t.accel = h5.read<std::uint64_t>(pairs ? "/dataset/accel_index" : "/accels/accel_index");
  t.latency = h5.read<double>("/dataset/latency_s");
  t.energy = h5.read<double>("/dataset/energy_j");
  return t;
}

/// The exhaustive table, by (arch index, accel index).
using Truth = std::map<std::pair<std::uint64_t, std::uint64_t>, std::pair<double, double>>;

Truth index_table(const Table &t) {
  Truth truth;
  const std::size_t nj = t.accel.size();
  EXPECT_EQ(t.latency.size(), t.arch.size() * nj);
  for (std::size_t a = 0; a < t.arch.size(); ++a)
    for (std::size_t j = 0; j < nj; ++j)
      truth[{t.arch[a], t.accel[j]}] = {t.latency[a * nj + j], t.energy[a * nj + j]};
  return truth;
}

/// Pairs whose metrics differ from the exhaustive table's (or are missing from it).
std::size_t differing(const Truth &truth, std::uint64_t arch, std::uint64_t accel, double latency,
                      double energy) {
  const auto it = truth.find({arch, accel});
  if (it == truth.end())
    return 1;
  // Bit for bit; a NaN (a pair table's missing energy) equals a NaN.
  const auto same = [](double x, double y) { return x == y || (x != x && y != y); };
  return same(it->second.first, latency) && same(it->second.second, energy) ? 0 : 1;
}

void expect_every_path_agrees(const std::string &costs, const std::string &cross_sample,
                              std::uint64_t num_pairs, const std::string &label) {
  TempDir dir("sweep-paths");
  const auto write = [&](const std::string &name, const std::string &enumeration) {
    dir.write(name, costs + enumeration + "[output]\npath = \"out.h5\"\ndataset = true\n" +
                        "[engine]\narch_block = 100\naccel_block = 5\n");
  };
  write("exhaustive.toml", "");
  dir.write("plain.toml", costs + "[engine]\narch_block = 100\naccel_block = 5\n");
  write("cross.toml", "[enumeration]\nmode = \"sample\"\n" + cross_sample + "seed = 5\n");
  write("pairs.toml",
        fmt::format("[enumeration]\nmode = \"sample\"\npairs = {}\nseed = 7\n", num_pairs));
  struct Run {
    std::string out, study, launcher;
  };
  const std::string two_ranks = std::string(COSCAN_MPIEXEC) + " -n 2 --oversubscribe";
  std::vector<Run> runs{{"exhaustive", "exhaustive", ""},
                        {"cross", "cross", ""},
                        {"pairs", "pairs", ""},
                        {"pairs2", "pairs", two_ranks},
                        {"exhaustive2", "exhaustive", two_ranks}};
  // Every kernel target this CPU has (the default above is the widest).
  const std::vector<engine::KernelTarget> targets = engine::supported_kernel_targets();
  for (std::size_t t = 0; t + 1 < targets.size(); ++t) {
    const std::string name(engine::to_string(targets[t]));
    runs.push_back({"exhaustive_" + name, "exhaustive", "COSCAN_KERNEL=" + name});
  }
  for (const Run &run : runs) {
    const CommandResult r = run_launched(
        run.launcher,
        fmt::format("run {}.toml --out {}.h5 --quiet --threads 2", run.study, run.out), dir.path());
    ASSERT_EQ(r.exit_code, 0) << label << " " << run.out << ": " << r.err;
  }
  const Truth truth = index_table(read_dataset(dir / "exhaustive.h5", false));
  ASSERT_FALSE(truth.empty()) << label;
  // The exhaustive sweep at 2 ranks, and in 3 shards merged: the same tables and Pareto set.
  const auto group = [](const std::filesystem::path &file, const std::string &prefix) {
    H5Content kept;
    for (auto &[key, value] : h5_content(file, is_timing))
      if (key.rfind(prefix, 0) == 0)
        kept.emplace(key, value);
    return kept;
  };
  EXPECT_EQ(group(dir / "exhaustive2.h5", "/dataset/"), group(dir / "exhaustive.h5", "/dataset/"))
      << label;
  const H5Content pareto = group(dir / "exhaustive.h5", "/pareto");
  ASSERT_FALSE(pareto.empty()) << label;
  EXPECT_EQ(group(dir / "exhaustive2.h5", "/pareto"), pareto) << label;
  for (std::size_t t = 0; t + 1 < targets.size(); ++t) {
    const std::string out = fmt::format("exhaustive_{}.h5", engine::to_string(targets[t]));
    EXPECT_EQ(group(dir / out, "/dataset/"), group(dir / "exhaustive.h5", "/dataset/"))
        << label << " " << out;
    EXPECT_EQ(group(dir / out, "/pareto"), pareto) << label << " " << out;
  }
  for (int i = 0; i < 3; ++i) {
    const CommandResult r = run_coscan(
        fmt::format("run plain.toml --shard {}/3 --out s{}.h5 --quiet", i, i), dir.path());
    ASSERT_EQ(r.exit_code, 0) << label << " shard " << i << ": " << r.err;
  }
  const CommandResult merged =
      run_coscan("merge s0.h5 s1.h5 s2.h5 --out merged.h5 --quiet", dir.path());
  ASSERT_EQ(merged.exit_code, 0) << label << ": " << merged.err;
  EXPECT_EQ(group(dir / "merged.h5", "/pareto"), pareto) << label << ": shards + merge";

  const Table cross = read_dataset(dir / "cross.h5", false);
  ASSERT_FALSE(cross.arch.empty()) << label;
  std::size_t cross_differing = 0;
  for (std::size_t a = 0; a < cross.arch.size(); ++a)
    for (std::size_t j = 0; j < cross.accel.size(); ++j) {
      const std::size_t p = a * cross.accel.size() + j;
      cross_differing +=
          differing(truth, cross.arch[a], cross.accel[j], cross.latency[p], cross.energy[p]);
    }
  EXPECT_EQ(cross_differing, 0u) << label << ": sampled cross product vs exhaustive";

  for (const char *run : {"pairs", "pairs2"}) {
    const Table pairs = read_dataset(dir / (std::string(run) + ".h5"), true);
    ASSERT_EQ(pairs.arch.size(), num_pairs) << label << " " << run;
    std::size_t pairs_differing = 0;
    for (std::size_t p = 0; p < pairs.arch.size(); ++p)
      pairs_differing +=
          differing(truth, pairs.arch[p], pairs.accel[p], pairs.latency[p], pairs.energy[p]);
    EXPECT_EQ(pairs_differing, 0u) << label << ": " << run << " vs exhaustive";
  }
}

TEST(SweepPaths, CrossbarStudyAgreesOnEveryPath) {
  expect_every_path_agrees(kCrossbar, "archs = 700\naccels = 9\n", 20000, "crossbar");
}

TEST(SweepPaths, PairTableStudyAgreesOnEveryPath) {
  COSCAN_REQUIRE_SHARED("data/nb201_latency_help.csv");
  expect_every_path_agrees(example_costs("nb201_measured_devices.toml"),
                           "archs = 900\naccels = 11\n", 20000, "pair table");
}

TEST(SweepPaths, LayerTableStudyAgreesOnEveryPath) {
  COSCAN_REQUIRE_SHARED("reference/maestro/maestro_layers_calibration.csv");
  expect_every_path_agrees(example_costs("networks_maestro_table.toml"), "archs = 3\naccels = 40\n",
                           400, "layer table");
}

} // namespace
} // namespace coscan::testing
