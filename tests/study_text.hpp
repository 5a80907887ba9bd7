#pragma once
// One fixture for the study files tests write: a study's text section by section, so that a test
// spells out only what it varies. The defaults are the smallest complete study: NAS-Bench-201, one
// weight-stationary accelerator, accuracy maximised and latency minimised.
#include <string>
#include <string_view>
#include <vector>

namespace coscan::testing {

/// An [accel_space] body: `dataflows` crossed with the given TOML lists ("[64, 256]").
inline std::string accel_grid(const std::vector<std::string_view> &dataflows,
                              std::string_view num_pes = "[64]", std::string_view l1_bytes = "[64]",
                              std::string_view l2_kib = "[128]", std::string_view noc_bw = "[64]",
                              std::string_view offchip_bw = "[16]") {
  std::string text = "dataflow = [";
  for (std::size_t i = 0; i < dataflows.size(); ++i)
    text.append(i ? ", \"" : "\"").append(dataflows[i]).append("\"");
  text += "]\n";
  const auto line = [&](std::string_view key, std::string_view list) {
    text.append(key).append(" = ").append(list).append("\n");
  };
  line("num_pes", num_pes);
  line("l1_bytes", l1_bytes);
  line("l2_kib", l2_kib);
  line("noc_bw", noc_bw);
  line("offchip_bw", offchip_bw);
  return text;
}

/// The three PE-array dataflows, the grid most end-to-end tests sweep.
inline const std::vector<std::string_view> kThreeDataflows = {
    "weight_stationary", "output_stationary", "row_stationary"};

/// A study file's text: each section's body, written in this order when not empty, then `tail`.
struct StudyText {
  std::string arch_space = "kind = \"nasbench201\"\n";
  std::string accuracy;
  std::string costmodel; ///< [costmodel] (a pair or layer table: leave accel_space empty)
  std::string accel_space = accel_grid({"weight_stationary"});
  std::string objectives = "maximize = [\"accuracy\"]\nminimize = [\"latency\"]\n";
  std::string engine;
  std::string enumeration;
  std::string output;
  std::string ranking;
  std::string tail; ///< appended as it is (more sections, or text a test means to be wrong)

  std::string str() const {
    std::string text;
    const auto section = [&](std::string_view name, const std::string &body) {
      if (body.empty())
        return;
      text.append("[").append(name).append("]\n").append(body);
      if (body.back() != '\n')
        text += '\n';
    };
    section("arch_space", arch_space);
    section("accuracy", accuracy);
    section("costmodel", costmodel);
    section("accel_space", accel_space);
    section("objectives", objectives);
    section("engine", engine);
    section("enumeration", enumeration);
    section("output", output);
    section("ranking", ranking);
    return text + tail;
  }
};

/// Objectives: accuracy up, latency and energy down.
inline const std::string kAccuracyLatencyEnergy =
    "maximize = [\"accuracy\"]\nminimize = [\"latency\", \"energy\"]\n";
/// [output] of the end-to-end dataset tests.
inline const std::string kDatasetOutput = "path = \"out.h5\"\ndataset = true\n";

} // namespace coscan::testing
