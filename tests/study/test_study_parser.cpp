#include <coscan/costmodel/error.hpp>
#include <coscan/study/study.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

using coscan::InputError;
using coscan::study::parse_study;
using coscan::study::Study;
using ::testing::HasSubstr;
using ::testing::Not;
namespace costmodel = coscan::costmodel;
namespace engine = coscan::engine;

constexpr std::string_view kOrigin = "dir/s.toml";

// A valid study with one key per line, so that tests can swap one line.
constexpr std::string_view kBase = R"(
[study]
name = "t"
[arch_space]
kind = "nasbench201"
[accel_space]
dataflow = ["weight_stationary", "row_stationary"]
num_pes = [64, 256]
l1_bytes = [64, 256]
l2_kib = [128]
noc_bw = [64]
offchip_bw = [16]
[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy"]
)";

/// kBase with the line `key = ...` replaced by `line` (removed when `line` is empty).
std::string with(std::string_view key, std::string_view line) {
  std::string text(kBase);
  std::string start = "\n";
  start += key;
  start += " = ";
  auto at = text.find(start);
  EXPECT_NE(at, std::string::npos) << key;
  auto end = text.find('\n', at + 1);
  text.replace(at + 1, end - at - 1 + (line.empty() ? 1 : 0), line);
  return text;
}

std::string without_objectives() {
  return std::string(kBase.substr(0, kBase.find("[objectives]")));
}

std::string plus(std::string_view extra) { return std::string(kBase) + std::string(extra); }

template <class F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const InputError &e) {
    return e.what();
  }
  return "";
}

/// The study must be rejected with one line naming the file, the key and the reason.
void expect_bad(const std::string &text, std::string_view key, std::string_view reason) {
  std::string message = error_of([&] { parse_study(text, kOrigin); });
  EXPECT_THAT(message, HasSubstr(std::string(kOrigin) + ": key '" + std::string(key) + "': "));
  EXPECT_THAT(message, HasSubstr(reason));
  EXPECT_THAT(message, Not(HasSubstr("\n")));
}

TEST(StudyParser, ParsesTheBaseStudyWithDefaults) {
  Study s = parse_study(kBase, kOrigin);
  EXPECT_EQ(s.file, kOrigin);
  EXPECT_EQ(s.text, kBase);
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.arch_space, "nasbench201");
  EXPECT_EQ(s.accuracy.kind, coscan::study::AccuracyKind::proxy);
  EXPECT_EQ(s.accel_grid.dataflow, (std::vector{costmodel::Dataflow::weight_stationary,
                                                costmodel::Dataflow::row_stationary}));
  EXPECT_EQ(s.accel_grid.num_pes, (std::vector<std::int64_t>{64, 256}));
  EXPECT_EQ(s.accel_grid.l1_bytes, (std::vector<double>{64, 256}));
  EXPECT_EQ(s.accel_grid.clock_mhz, (std::vector<double>{500}));
  EXPECT_EQ(s.accel_grid.data_bits, (std::vector<std::int64_t>{8}));
  EXPECT_EQ(s.objectives,
            (std::vector<engine::Objective>{{engine::Metric::accuracy, engine::Sense::maximize},
                                            {engine::Metric::latency, engine::Sense::minimize},
                                            {engine::Metric::energy, engine::Sense::minimize}}));
  EXPECT_EQ(s.engine.arch_block, 1024u);
  EXPECT_EQ(s.engine.accel_block, 64u);
  EXPECT_EQ(s.output_path, "dir/results.h5");
  EXPECT_EQ(s.cost_params.energy.mac_pj, costmodel::EnergyTable{}.mac_pj);
}

TEST(StudyParser, ReadsEveryOptionalSection) {
  Study s = parse_study(plus(R"(
[accuracy]
kind = "table"
path = "../data/acc.csv"
column = "cifar10"
index_column = "arch_index"
[costmodel]
kind = "analytical"
[costmodel.energy]
mac_pj = 0.5
dram_pj_per_byte = 0
[costmodel.area]
fixed_mm2 = 1.25
[engine]
arch_block = 4096
accel_block = 16
[output]
path = "/tmp/out.h5"
)"),
                        kOrigin);
  EXPECT_EQ(s.accuracy.kind, coscan::study::AccuracyKind::table);
  EXPECT_EQ(s.accuracy.path, "data/acc.csv"); // dir/../data/acc.csv
  EXPECT_EQ(s.accuracy.key, "arch_str");
  EXPECT_EQ(s.accuracy.column, "cifar10");
  EXPECT_EQ(s.accuracy.index_column, "arch_index");
  EXPECT_EQ(s.cost_params.energy.mac_pj, 0.5);
  EXPECT_EQ(s.cost_params.energy.dram_pj_per_byte, 0.0);
  EXPECT_EQ(s.cost_params.energy.l2_pj_per_byte, costmodel::EnergyTable{}.l2_pj_per_byte);
  EXPECT_EQ(s.cost_params.area.fixed_mm2, 1.25);
  EXPECT_EQ(s.engine.arch_block, 4096u);
  EXPECT_EQ(s.engine.accel_block, 16u);
  EXPECT_EQ(s.output_path, "/tmp/out.h5");
}

TEST(StudyParser, FloatListsAcceptIntegers) {
  Study s = parse_study(with("l2_kib", "l2_kib = [64, 128.5]"), kOrigin);
  EXPECT_EQ(s.accel_grid.l2_kib, (std::vector<double>{64, 128.5}));
}

TEST(StudyParser, MalformedTomlNamesLineAndColumn) {
  std::string message = error_of([] { parse_study(with("num_pes", "num_pes = [64,"), kOrigin); });
  EXPECT_THAT(message, ::testing::MatchesRegex("dir/s\\.toml:[0-9]+:[0-9]+: .+"));
  message = error_of([] { parse_study("[arch_space]\nkind = = 1\n", kOrigin); });
  EXPECT_THAT(message, HasSubstr("dir/s.toml:2:"));
}

TEST(StudyParser, PoolingConvention) {
  EXPECT_EQ(
      parse_study(plus("[costmodel]\npooling = \"dense_conv\"\n"), kOrigin).cost_params.pooling,
      costmodel::PoolingCost::dense_conv);
  EXPECT_EQ(parse_study(plus("[costmodel]\npooling = \"native\"\n"), kOrigin).cost_params.pooling,
            costmodel::PoolingCost::native);
  EXPECT_EQ(parse_study(kBase, kOrigin).cost_params.pooling, costmodel::PoolingCost::native);
  expect_bad(plus("[costmodel]\npooling = \"conv\"\n"), "costmodel.pooling",
             "unknown value 'conv' (known: native, dense_conv)");
  expect_bad(plus("[costmodel]\npooling = 1\n"), "costmodel.pooling", "expected a string");
}

TEST(StudyParser, UnknownSectionsAndKeys) {
  expect_bad(plus("[sweep]\nx = 1\n"), "sweep", "unknown section");
  expect_bad(plus("[accel_space.extra]\nx = 1\n"), "accel_space.extra", "unknown section");
  expect_bad(with("num_pes", "num_pe = [64]"), "accel_space.num_pe", "unknown key");
  expect_bad(std::string("top = 1\n") + std::string(kBase), "top", "unknown key");
  expect_bad(plus("[costmodel.energy]\nmac = 1.0\n"), "costmodel.energy.mac", "unknown key");
}

TEST(StudyParser, MissingRequiredSectionsAndKeys) {
  expect_bad(with("kind", ""), "arch_space.kind", "missing");
  expect_bad(with("noc_bw", ""), "accel_space.noc_bw", "missing");
  expect_bad(without_objectives(), "objectives", "missing section");
  expect_bad("[arch_space]\nkind = \"nasbench201\"\n", "accel_space", "missing section");
}

TEST(StudyParser, WrongTypes) {
  expect_bad(with("num_pes", "num_pes = \"64\""), "accel_space.num_pes",
             "expected a list, got a string");
  expect_bad(with("num_pes", "num_pes = 64"), "accel_space.num_pes", "expected a list");
  expect_bad(with("num_pes", "num_pes = [64, 128.0]"), "accel_space.num_pes",
             "item 2: expected an integer, got a float");
  expect_bad(with("l1_bytes", "l1_bytes = [64, \"256\"]"), "accel_space.l1_bytes",
             "expected a number, got a string");
  expect_bad(with("dataflow", "dataflow = [1]"), "accel_space.dataflow", "expected a string");
  expect_bad(with("kind", "kind = 201"), "arch_space.kind", "expected a string, got an integer");
  expect_bad(plus("[engine]\narch_block = 1024.0\n"), "engine.arch_block",
             "expected an integer, got a float");
  expect_bad(plus("[output]\npath = true\n"), "output.path", "got a boolean");
  expect_bad(std::string("output = \"r.h5\"\n") + std::string(kBase), "output",
             "expected a section (table), got a string");
  expect_bad(plus("[costmodel.energy]\nmac_pj = \"cheap\"\n"), "costmodel.energy.mac_pj",
             "expected a number");
}

TEST(StudyParser, EmptyLists) {
  expect_bad(with("num_pes", "num_pes = []"), "accel_space.num_pes", "the list is empty");
  expect_bad(with("dataflow", "dataflow = []"), "accel_space.dataflow", "the list is empty");
  expect_bad(with("minimize", "minimize = []"), "objectives.minimize", "the list is empty");
}

TEST(StudyParser, OutOfRangeValues) {
  expect_bad(with("num_pes", "num_pes = [0, 64]"), "accel_space.num_pes", "out of range 1..");
  expect_bad(with("num_pes", "num_pes = [-64]"), "accel_space.num_pes", "-64 is out of range");
  expect_bad(with("num_pes", "num_pes = [2097152]"), "accel_space.num_pes", "out of range");
  expect_bad(with("l1_bytes", "l1_bytes = [0]"), "accel_space.l1_bytes", "must be > 0");
  expect_bad(with("l2_kib", "l2_kib = [-1.5]"), "accel_space.l2_kib", "must be > 0");
  expect_bad(with("noc_bw", "noc_bw = [inf]"), "accel_space.noc_bw", "not a finite number");
  expect_bad(with("offchip_bw", "offchip_bw = [nan]"), "accel_space.offchip_bw", "not a finite");
  expect_bad(with("offchip_bw", "offchip_bw = [16]\nclock_mhz = [-500]"), "accel_space.clock_mhz",
             "must be > 0");
  expect_bad(with("offchip_bw", "offchip_bw = [16]\ndata_bits = [12]"), "accel_space.data_bits",
             "12 is not one of 4, 8, 16, 32");
  expect_bad(with("offchip_bw", "offchip_bw = [16]\ndata_bits = [64]"), "accel_space.data_bits",
             "out of range");
  expect_bad(plus("[engine]\narch_block = 0\n"), "engine.arch_block", "out of range 1..1048576");
  expect_bad(plus("[engine]\naccel_block = 65537\n"), "engine.accel_block", "out of range");
  expect_bad(plus("[costmodel.area]\npe_mm2 = -0.1\n"), "costmodel.area.pe_mm2", "must be >= 0");
  expect_bad(plus("[costmodel.area]\npe_mm2 = inf\n"), "costmodel.area.pe_mm2", "not a finite");
}

TEST(StudyParser, DuplicateGridValues) {
  expect_bad(with("num_pes", "num_pes = [64, 128, 64]"), "accel_space.num_pes",
             "64 is listed twice");
  expect_bad(with("l1_bytes", "l1_bytes = [64, 64.0]"), "accel_space.l1_bytes", "listed twice");
  expect_bad(with("dataflow", "dataflow = [\"row_stationary\", \"row_stationary\"]"),
             "accel_space.dataflow", "'row_stationary' is listed twice");
}

TEST(StudyParser, UnknownNames) {
  expect_bad(with("dataflow", "dataflow = [\"input_stationary\"]"), "accel_space.dataflow",
             "unknown dataflow 'input_stationary'");
  expect_bad(with("kind", "kind = \"nasbench301\""), "arch_space.kind",
             "unknown architecture space 'nasbench301'");
  expect_bad(with("minimize", "minimize = [\"power\"]"), "objectives.minimize",
             "unknown metric 'power'");
  expect_bad(plus("[costmodel]\nkind = \"maestro\"\n"), "costmodel.kind", "unknown cost model");
  expect_bad(plus("[accuracy]\nkind = \"oracle\"\n"), "accuracy.kind", "unknown accuracy kind");
}

TEST(StudyParser, ObjectiveRules) {
  expect_bad(with("minimize", "minimize = [\"latency\", \"latency\"]"), "objectives.minimize",
             "'latency' is listed twice");
  expect_bad(with("maximize", "maximize = [\"accuracy\", \"latency\"]"), "objectives.minimize",
             "metric 'latency' is also in objectives.maximize");
  expect_bad(without_objectives() + "[objectives]\nminimize = [\"accuracy\", \"area\"]\n",
             "objectives.minimize", "accuracy can only be maximised");
  expect_bad(with("maximize", "maximize = [\"area\"]"), "objectives.maximize",
             "can only be minimised");
  expect_bad(without_objectives() + "[objectives]\n", "objectives", "at least one objective");
}

TEST(StudyParser, AccuracyTableNeedsPathAndColumn) {
  expect_bad(plus("[accuracy]\nkind = \"table\"\ncolumn = \"c\"\n"), "accuracy.path", "missing");
  expect_bad(plus("[accuracy]\nkind = \"table\"\npath = \"a.csv\"\n"), "accuracy.column",
             "missing");
  expect_bad(plus("[accuracy]\nkind = \"table\"\npath = \"\"\ncolumn = \"c\"\n"), "accuracy.path",
             "must not be empty");
  expect_bad(plus("[accuracy]\nkind = \"proxy\"\npath = \"a.csv\"\n"), "accuracy.path",
             "only valid with kind = \"table\"");
  expect_bad(plus("[accuracy]\npath = \"a.csv\"\n"), "accuracy.path", "only valid");
}

TEST(StudyParser, RelativePathsOfTheDefaultOriginStayRelative) {
  Study s = parse_study(plus("[output]\npath = \"out/r.h5\"\n"), "<default>");
  EXPECT_EQ(s.output_path, "out/r.h5");
  EXPECT_EQ(parse_study(plus("[output]\npath = \"r.h5\"\n"), "s.toml").output_path, "r.h5");
}

TEST(StudyParser, DefaultStudyParses) {
  Study s = coscan::study::default_study();
  EXPECT_EQ(s.file, "<default>");
  EXPECT_EQ(s.text, coscan::study::default_study_text());
  EXPECT_EQ(s.accuracy.kind, coscan::study::AccuracyKind::proxy);
  const auto &g = s.accel_grid;
  EXPECT_EQ(g.dataflow.size() * g.num_pes.size() * g.l1_bytes.size() * g.l2_kib.size() *
                g.noc_bw.size() * g.offchip_bw.size() * g.clock_mhz.size() * g.data_bits.size(),
            1620u);
  EXPECT_EQ(s.objectives.size(), 4u);
  EXPECT_EQ(s.output_path, "coscan-results.h5");
}

TEST(StudyParser, ExamplesParse) {
  auto examples = std::filesystem::path(COSCAN_SOURCE_DIR) / "examples";
  int count = 0;
  for (const auto &entry : std::filesystem::directory_iterator(examples))
    if (entry.path().extension() == ".toml") {
      SCOPED_TRACE(entry.path().string());
      Study s = coscan::study::load_study(entry.path());
      EXPECT_FALSE(s.objectives.empty());
      ++count;
    }
  EXPECT_GE(count, 2);
  Study grid = coscan::study::load_study(examples / "nb201_grid.toml");
  EXPECT_EQ(grid.accuracy.kind, coscan::study::AccuracyKind::table);
  EXPECT_EQ(grid.accuracy.path,
            (examples / "../../shared/data/nb201_nats_tss_accuracy.csv").lexically_normal());
}

TEST(StudyParser, MissingOrUnreadableStudyFile) {
  auto dir = std::filesystem::temp_directory_path() /
             ("coscan_test_study_parser_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto missing = (dir / "missing.toml").string();
  EXPECT_THAT(error_of([&] { coscan::study::load_study(missing); }),
              HasSubstr(missing + ": cannot read the study file"));
  EXPECT_THAT(error_of([&] { coscan::study::load_study(dir); }),
              HasSubstr(dir.string() + ": cannot read the study file"));
  { std::ofstream(dir / "s.toml") << kBase; }
  EXPECT_EQ(coscan::study::load_study(dir / "s.toml").output_path, dir / "results.h5");
  std::filesystem::remove_all(dir);
}

} // namespace

namespace {

TEST(VerifyTargetText, ParsesAsAStudysTargetsItem) {
  const engine::VerifyTarget t = coscan::study::parse_verify_target(
      R"({ minimize = "edp", accuracy_min = 93, area_max_mm2 = 5.0 })", "target");
  EXPECT_EQ(t.kind, engine::TargetKind::minimize);
  EXPECT_EQ(t.metric, engine::Metric::edp);
  EXPECT_EQ(t.accuracy_min, 93.0);
  EXPECT_EQ(t.area_max_mm2, 5.0);
  EXPECT_EQ(coscan::study::parse_verify_target(R"({ maximize = "accuracy" })", "t").kind,
            engine::TargetKind::maximize_accuracy);
}

TEST(VerifyTargetText, BadTextNamesTheOriginKeyAndReason) {
  const auto message = [](const char *text) {
    try {
      coscan::study::parse_verify_target(text, "my target");
    } catch (const InputError &e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message(R"({ minimize = "speed" })"),
              AllOf(HasSubstr("my target"), HasSubstr("target.minimize"), HasSubstr("speed")));
  EXPECT_THAT(message(R"({ minimize = "edp", accuracy = 3 })"), HasSubstr("accuracy"));
  EXPECT_THAT(message("{ minimize = "), HasSubstr("not a TOML inline table"));
  EXPECT_THAT(message("3"), HasSubstr("inline table"));
}

} // namespace
