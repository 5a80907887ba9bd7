#pragma once
// The study a command works on: a file, or the embedded default with --default.
#include <coscan/costmodel/error.hpp>
#include <coscan/jobs/run_study.hpp>
#include <coscan/study/study.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace coscan::app {

struct StudySource {
  std::string file;
  bool use_default = false;

  void add_options(CLI::App &command) {
    command.add_option("STUDY", file, "The study file (TOML; see docs/study.md)");
    command.add_flag("--default", use_default, "Use the embedded default study (no files needed)");
  }

  study::Study load(study::StudyUse use = study::StudyUse::sweep) const {
    if (use_default && !file.empty())
      throw InputError("give either a STUDY file or --default, not both");
    if (use_default)
      return study::default_study();
    if (file.empty())
      throw InputError("no study: give a STUDY.toml file or --default");
    return study::load_study(file, use);
  }
};

/// The options of a command that writes results (run, verify): --out (described by
/// `out_help`), --summary, --threads and --quiet.
inline void add_output_options(CLI::App &command, jobs::StudyRequest &request, bool &quiet,
                               const std::string &out_help) {
  command.add_option("--out", request.out, out_help);
  command.add_option("--summary", request.summary, "Also write a JSON summary here");
  command.add_option("--threads", request.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  command.add_flag("--quiet", quiet, "Print nothing but errors");
}

} // namespace coscan::app
