// coscan archs STUDY.toml [--sample N --seed S | --from FILE.csv] [--out FILE.csv]: one CSV row
// per architecture of the study's space (index, string, MACs, params, accuracy, layers).
#include "commands.hpp"
#include "format.hpp"
#include "study_source.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>
#include <coscan/study/problem_builder.hpp>
#include <coscan/tables/arch_columns.hpp>
#include <coscan/tables/atomic_file.hpp>
#include <coscan/tables/csv_table.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace coscan::app {

namespace {

/// Spaces up to this size are listed whole without --sample.
constexpr std::uint64_t kMaxFullListing = 1'000'000;

struct ArchsOptions {
  std::optional<std::uint64_t> sample;
  std::uint64_t seed = 0;
  std::string from, out;
};

/// The architectures a CSV lists, in row order (tables/arch_columns.hpp gives the layouts). A space
/// beyond 2^64 (FBNet) gets the rows' architectures listed in row order (index = row).
std::vector<std::uint64_t> read_architectures(const std::string &file, search::ArchSpace &space) {
  const tables::CsvTable table = tables::CsvTable::read(file);
  const std::vector<std::string> strings = tables::arch_strings_from_columns(table);
  auto *wide = dynamic_cast<search::WideArchSpace *>(&space);
  std::vector<std::uint64_t> indices;
  std::vector<search::WideIndex> listed;
  for (std::size_t row = 0; row < strings.size(); ++row) {
    const auto fail = [&] {
      return InputError(fmt::format("{} line {}: '{}' is not an architecture of the '{}' space",
                                    file, table.line_of(row), strings[row], space.kind()));
    };
    if (wide) {
      const auto index = wide->parse_wide(strings[row]);
      if (!index)
        throw fail();
      listed.push_back(*index);
      indices.push_back(row);
    } else {
      const auto index = space.parse(strings[row]);
      if (!index)
        throw fail();
      indices.push_back(*index);
    }
  }
  if (wide)
    wide->set_list(std::move(listed));
  return indices;
}

/// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string &text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos)
    return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + '"';
}

/// An accuracy table that covers part of the space (docs/study.md, [accuracy] join) may lack a
/// listed architecture: that is bad input, not an internal error.
double accuracy_of(const engine::Problem &problem, std::uint64_t index) {
  try {
    return problem.accuracy->at(index);
  } catch (const std::out_of_range &) {
    throw InputError(fmt::format("architecture '{}' has no row in {}",
                                 problem.archs->arch_str(index), problem.accuracy->source()));
  }
}

void write_rows(std::FILE *out, const engine::Problem &problem,
                const std::vector<std::uint64_t> &indices) {
  const search::ArchSpace &space = *problem.archs;
  const auto *wide = dynamic_cast<const search::WideArchSpace *>(&space);
  const std::string source = csv_field(problem.accuracy->source());
  fmt::print(out, "arch_index,arch_str,macs,params,accuracy,accuracy_source,num_layers\n");
  std::vector<costmodel::LayerShape> layers;
  for (const std::uint64_t index : indices) {
    space.layers(index, layers);
    // A space beyond 2^64 shows its 128-bit index (the list position is internal).
    const std::string shown =
        wide ? search::to_string(wide->wide_index(index)) : std::to_string(index);
    fmt::print(out, "{},{},{},{},{},{},{}\n", shown, csv_field(space.arch_str(index)),
               space.macs(index), space.params(index), accuracy_of(problem, index), source,
               layers.size());
  }
}

} // namespace

Action add_archs_command(CLI::App &app) {
  auto *command = app.add_subcommand(
      "archs", "List architectures of a study's space: index, string, MACs, params, accuracy");
  auto source = std::make_shared<StudySource>();
  auto options = std::make_shared<ArchsOptions>();
  source->add_options(*command);
  auto *sample =
      command
          ->add_option("--sample", options->sample,
                       "N architectures drawn uniformly with replacement (counter-based, by seed)")
          ->check(CLI::Range(std::uint64_t{1}, kMaxFullListing));
  auto *seed = command->add_option("--seed", options->seed, "Seed of --sample (default 0)");
  seed->needs(sample);
  auto *from = command->add_option(
      "--from", options->from,
      "A CSV of architectures (columns arch_str; normal_cell, normal_concat, reduce_cell, "
      "reduce_concat; resolution, depth_*, kernel_*, expand_*; or op_0..op_21), listed in its "
      "row order");
  from->excludes(sample);
  command->add_option("--out", options->out, "Write the CSV here (default: standard output)");

  return [source, options] {
    const study::Study study = source->load(study::StudyUse::list_archs);
    if (!options->out.empty()) {
      tables::check_writable(options->out, "--out");
      std::vector<tables::NamedFile> inputs = study::study_inputs(study);
      if (!options->from.empty())
        inputs.push_back({"--from", options->from});
      tables::check_distinct_files({{"--out", options->out}}, inputs);
    }
    engine::Problem problem = study::build_problem(study, /*allow_unlisted_archs=*/true);
    search::ArchSpace &space = *problem.archs;
    auto *wide = dynamic_cast<search::WideArchSpace *>(&space);

    std::vector<std::uint64_t> indices;
    if (!options->from.empty()) {
      indices = read_architectures(options->from, space);
    } else if (options->sample && wide) {
      // Draw i of the 128-bit space, in draw order (as the 64-bit spaces' --sample).
      std::vector<search::WideIndex> listed(*options->sample);
      indices.resize(*options->sample);
      for (std::uint64_t i = 0; i < *options->sample; ++i) {
        listed[i] = wide->draw(options->seed, i);
        indices[i] = i;
      }
      wide->set_list(std::move(listed));
    } else if (options->sample) {
      indices.resize(*options->sample);
      for (std::uint64_t i = 0; i < *options->sample; ++i)
        indices[i] = search::draw_with_replacement(space.size(), options->seed, i);
    } else {
      if (wide && space.size() == 0)
        throw InputError(fmt::format(
            "the '{}' space has {} architectures, too many to list: give --sample N [--seed S] "
            "or --from FILE.csv, or sample the study ([enumeration] archs = N)",
            space.kind(), search::to_string(wide->wide_size())));
      if (space.size() > kMaxFullListing)
        throw InputError(
            fmt::format("the '{}' space has {} architectures, too many to list (at most {}): give "
                        "--sample N [--seed S] or --from FILE.csv",
                        space.kind(), with_commas(space.size()), with_commas(kMaxFullListing)));
      indices.resize(space.size());
      for (std::uint64_t i = 0; i < space.size(); ++i)
        indices[i] = i;
    }

    if (options->out.empty()) {
      write_rows(stdout, problem, indices);
      return 0;
    }
    tables::AtomicFile file(options->out);
    file.write_stream([&](std::FILE *out) { write_rows(out, problem, indices); });
    file.commit();
    return 0;
  };
}

} // namespace coscan::app
