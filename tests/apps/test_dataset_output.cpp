// `[output] dataset = true`: the full metric tables equal the evaluators' values for every pair,
// the per-architecture and per-accelerator tables are in dataset order, the file is the same
// for 1 and 2 threads and 1, 2 and 4 MPI ranks, and oversized tables are refused up front.
#include "apps/h5_content.hpp"
#include "apps/run_coscan.hpp"
#include "study_text.hpp"
#include <coscan/h5/reader.hpp>

#include <coscan/engine/evaluation/direct_evaluator.hpp>
#include <coscan/engine/evaluation/factorised_evaluator.hpp>
#include <coscan/engine/evaluation/pair_evaluator.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/study/study.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <hdf5.h>

#include <cmath>

namespace coscan::testing {
namespace {

/// NAS-Bench-201 x 12 accelerators; tiles that do not divide the spaces (edge tiles).
std::string small_study(const std::string &extra_output = "", const std::string &tail = "") {
  StudyText study;
  study.accel_space = accel_grid(kThreeDataflows, "[64, 256]", "[64, 256]");
  study.objectives = kAccuracyLatencyEnergy;
  study.engine = "arch_block = 1000\naccel_block = 5\n";
  study.output = kDatasetOutput + extra_output;
  study.tail = tail;
  return study.str();
}

void expect_same_dataset(const std::filesystem::path &a, const std::filesystem::path &b) {
  const h5::Reader x(a), y(b);
  for (const char *name : {"/dataset/latency_s", "/dataset/energy_j", "/archs/accuracy",
                           "/accels/area_mm2", "/pareto/latency_s"})
    EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name << " " << b;
  for (const char *name : {"/archs/arch_index", "/archs/macs", "/archs/params",
                           "/accels/accel_index", "/pareto/arch_index", "/pareto/accel_index"})
    EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name << " " << b;
  EXPECT_EQ(x.read<std::string>("/archs/arch_str"), y.read<std::string>("/archs/arch_str")) << b;
}

TEST(DatasetOutput, TablesEqualTheEvaluatorsForEveryPair) {
  TempDir dir("dataset");
  dir.write("study.toml", small_study());
  const CommandResult r = run_coscan("run study.toml --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(dir.num_files(), 2u) << "only the study and the results, no temporary file";

  const study::Study study = study::load_study(dir / "study.toml");
  const engine::Problem problem = study::build_problem(study);
  const std::uint64_t A = problem.num_archs(), J = problem.num_accels();
  ASSERT_EQ(A, 15625u);
  ASSERT_EQ(J, 12u);

  const h5::Reader h5(dir / "out.h5");
  const auto latency = h5.read<double>("/dataset/latency_s");
  const auto energy = h5.read<double>("/dataset/energy_j");
  ASSERT_EQ(latency.size(), A * J);
  ASSERT_EQ(energy.size(), A * J);

  std::vector<engine::PairId> pairs;
  for (std::uint64_t a = 0; a < A; ++a)
    for (std::uint64_t j = 0; j < J; ++j)
      pairs.push_back({a, j});
  const std::vector<engine::PairMetrics> factorised = engine::evaluate_pairs(problem, pairs);
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    // Bit-identical to the factorised path, and within rounding of the direct reference path.
    ASSERT_EQ(latency[p], factorised[p].latency_s) << p;
    ASSERT_EQ(energy[p], factorised[p].energy_j) << p;
    if (p % 7 == 0) { // the direct path is slow: every seventh pair (all columns are hit)
      const engine::PairMetrics direct =
          engine::evaluate_pair_direct(problem, pairs[p].arch, pairs[p].accel);
      ASSERT_LE(std::abs(latency[p] - direct.latency_s), 1e-12 * direct.latency_s) << p;
      ASSERT_LE(std::abs(energy[p] - direct.energy_j), 1e-12 * direct.energy_j) << p;
    }
  }

  const auto arch_index = h5.read<std::uint64_t>("/archs/arch_index");
  const auto macs = h5.read<std::uint64_t>("/archs/macs");
  const auto params = h5.read<std::uint64_t>("/archs/params");
  const auto accuracy = h5.read<double>("/archs/accuracy");
  const auto arch_str = h5.read<std::string>("/archs/arch_str");
  ASSERT_EQ(arch_index.size(), A);
  ASSERT_EQ(arch_str.size(), A);
  for (std::uint64_t a = 0; a < A; a += 97) {
    EXPECT_EQ(arch_index[a], a);
    EXPECT_EQ(arch_str[a], problem.archs->arch_str(a));
    EXPECT_EQ(macs[a], problem.archs->macs(a));
    EXPECT_EQ(params[a], problem.archs->params(a));
    EXPECT_EQ(accuracy[a], problem.accuracy->at(a));
  }
  const auto accel_index = h5.read<std::uint64_t>("/accels/accel_index");
  const auto area = h5.read<double>("/accels/area_mm2");
  const auto num_pes = h5.read<std::int64_t>("/accels/num_pes");
  ASSERT_EQ(accel_index.size(), J);
  for (std::uint64_t j = 0; j < J; ++j) {
    EXPECT_EQ(accel_index[j], j);
    EXPECT_EQ(area[j], problem.cost_model->area_mm2(problem.accels->at(j)));
    EXPECT_EQ(num_pes[j], problem.accels->at(j).num_pes);
  }
  EXPECT_EQ(h5.attribute<std::string>("/accels", "selection"), "the dataset's accelerators");
  EXPECT_GT(h5.read<std::uint64_t>("/pareto/arch_index").size(), 0u); // the usual results
  // Compressed (the default) in chunks of at most 16,384 values, at most 128 accelerators wide,
  // dividing the tiles where they can: 5 accelerators have no divisor from 32, so the 12 whole;
  // then as many architectures as keep the chunk under 16,384 values and divide 1,000.
  EXPECT_EQ(h5.attribute<std::uint64_t>("/dataset/latency_s", "chunk_archs"), 1000u);
  EXPECT_EQ(h5.attribute<std::uint64_t>("/dataset/latency_s", "chunk_accels"), 12u);
  EXPECT_EQ(h5.attribute<std::string>("/dataset", "compression"), "shuffle+deflate(1)");
}

/// The filters of dataset `name` of `file`, by HDF5's filter ids.
std::vector<H5Z_filter_t> filters(const std::filesystem::path &file, const char *name) {
  std::vector<H5Z_filter_t> out;
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
  const hid_t create = H5Dget_create_plist(d);
  for (int i = 0; i < H5Pget_nfilters(create); ++i) {
    unsigned flags = 0;
    std::size_t n = 0;
    out.push_back(
        H5Pget_filter2(create, static_cast<unsigned>(i), &flags, &n, nullptr, 0, nullptr, nullptr));
  }
  H5Pclose(create);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

/// The bytes dataset `name` of `file` takes in the file.
hsize_t storage_bytes(const std::filesystem::path &file, const char *name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
  const hsize_t bytes = H5Dget_storage_size(d);
  H5Dclose(d);
  H5Fclose(f);
  return bytes;
}

TEST(DatasetOutput, CompressedAndPlainTablesHoldTheSameValues) {
  TempDir dir("dataset-compression");
  dir.write("packed.toml", small_study());
  dir.write("plain.toml", small_study("compression = false\n"));
  for (const char *name : {"packed", "plain"}) {
    const CommandResult r =
        run_coscan(fmt::format("run {0}.toml --out {0}.h5 --quiet", name), dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  expect_same_dataset(dir / "plain.h5", dir / "packed.h5");
  for (const char *table : {"/dataset/latency_s", "/dataset/energy_j"}) {
    EXPECT_EQ(filters(dir / "packed.h5", table),
              (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
    EXPECT_TRUE(filters(dir / "plain.h5", table).empty());
  }
  const h5::Reader plain(dir / "plain.h5");
  EXPECT_EQ(plain.attribute<std::string>("/dataset", "compression"), "none");
  EXPECT_EQ(plain.attribute<std::uint64_t>("/dataset/latency_s", "chunk_archs"), 1000u);
  EXPECT_EQ(plain.attribute<std::uint64_t>("/dataset/latency_s", "chunk_accels"), 5u);
  EXPECT_LT(storage_bytes(dir / "packed.h5", "/dataset/latency_s"),
            storage_bytes(dir / "plain.h5", "/dataset/latency_s") / 2);
  EXPECT_EQ(dir.num_files(), 4u) << "no temporary file left";
}

TEST(DatasetOutput, TablesCompressedByTheSweepEqualTablesCompressedAtTheEnd) {
  // Tiles that cover whole chunks (1,024 architectures, all 12 accelerators): a plain run
  // compresses each tile as it is swept; a checkpointed run compresses its finished tables.
  TempDir dir("dataset-compressed-in-sweep");
  std::string study = small_study();
  study.replace(study.find("arch_block = 1000\naccel_block = 5"), 33,
                "arch_block = 1024\naccel_block = 12");
  dir.write("study.toml", study);
  dir.write("plain.toml", small_study("compression = false\n"));
  for (const char *args : {"run study.toml --out swept.h5 --quiet",
                           "run study.toml --out ended.h5 --checkpoint ck --quiet",
                           "run plain.toml --out plain.h5 --quiet"}) {
    const CommandResult r = run_coscan(args, dir.path());
    ASSERT_EQ(r.exit_code, 0) << args << ": " << r.err;
  }
  expect_same_dataset(dir / "plain.h5", dir / "swept.h5");
  expect_same_content(dir / "ended.h5", dir / "swept.h5", is_timing);
  const h5::Reader swept(dir / "swept.h5");
  EXPECT_EQ(swept.attribute<std::uint64_t>("/dataset/latency_s", "chunk_archs"), 1024u);
  EXPECT_EQ(swept.attribute<std::uint64_t>("/dataset/latency_s", "chunk_accels"), 12u);
  EXPECT_EQ(swept.attribute<std::string>("/dataset", "compression"), "shuffle+deflate(1)");
  for (const char *table : {"/dataset/latency_s", "/dataset/energy_j"})
    EXPECT_EQ(filters(dir / "swept.h5", table),
              (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
}

TEST(DatasetOutput, SampledColumnsWithRepeatsFollowTheSweptOrder) {
  TempDir dir("dataset-sample");
  dir.write("study.toml", small_study("", "[enumeration]\nmode = \"sample\"\narchs = 300\n"
                                          "accels = 30\nreplacement = true\nseed = 5\n"));
  const CommandResult r = run_coscan("run study.toml --quiet", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const engine::Problem problem = study::build_problem(study::load_study(dir / "study.toml"));
  const h5::Reader h5(dir / "out.h5");
  const auto accel_index = h5.read<std::uint64_t>("/accels/accel_index");
  const auto arch_index = h5.read<std::uint64_t>("/archs/arch_index");
  ASSERT_EQ(accel_index, problem.accel_sample); // 30 draws of 12: repeats kept
  ASSERT_EQ(arch_index, problem.arch_sample);
  const auto latency = h5.read<double>("/dataset/latency_s");
  ASSERT_EQ(latency.size(), 300u * 30u);
  std::vector<engine::PairId> pairs;
  for (std::uint64_t a : arch_index)
    for (std::uint64_t j : accel_index)
      pairs.push_back({a, j});
  const auto expected = engine::evaluate_pairs(problem, pairs);
  for (std::size_t p = 0; p < pairs.size(); ++p)
    ASSERT_EQ(latency[p], expected[p].latency_s) << p;
}

TEST(DatasetOutput, OneAndTwoThreadsAndOneTwoFourRanksWriteTheSameTables) {
  TempDir dir("dataset-mpi");
  dir.write("study.toml", small_study());
  const CommandResult plain = run_coscan("run study.toml --out plain.h5 --quiet", dir.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const CommandResult two =
      run_coscan("run study.toml --out t2.h5 --threads 2 --quiet", dir.path());
  ASSERT_EQ(two.exit_code, 0) << two.err;
  expect_same_dataset(dir / "plain.h5", dir / "t2.h5");
  for (int ranks : {1, 2, 4}) {
    const std::string out = fmt::format("r{}.h5", ranks);
    const CommandResult r =
        run_launched(fmt::format("{} -n {} --oversubscribe", COSCAN_MPIEXEC, ranks),
                     fmt::format("run study.toml --out {} --quiet", out), dir.path());
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.err;
    expect_same_dataset(dir / "plain.h5", dir / out);
    EXPECT_EQ(h5::Reader(dir / out).attribute<std::int64_t>("/", "ranks"), ranks);
  }
  // Only the results files: no temporary file left behind by any rank.
  EXPECT_EQ(dir.num_files(), 6u);
}

TEST(DatasetOutput, OversizedTablesAreRefusedBeforeTheSweep) {
  TempDir dir("dataset-big");
  // 15,625 x 12 pairs x 16 B = 2.86 MiB > 0.001 GiB.
  dir.write("study.toml", small_study("dataset_max_gib = 0.001\n"));
  const CommandResult r = run_coscan("run study.toml", dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("study.toml: key 'output.dataset'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dataset_max_gib = 0.001"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("evaluated"), std::string::npos) << "refused before the sweep";
  EXPECT_EQ(dir.num_files(), 1u) << "nothing written";

  dir.write("bad.toml", small_study("dataset_max_gib = 0\n"));
  const CommandResult zero = run_coscan("run bad.toml", dir.path());
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("key 'output.dataset_max_gib'"), std::string::npos) << zero.err;
}

} // namespace
} // namespace coscan::testing
