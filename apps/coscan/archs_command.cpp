// coscan archs STUDY.toml [--sample N --seed S | --from FILE.csv] [--out FILE.csv]: one CSV row
// per architecture of the study's space (index, string, MACs, params, accuracy, layers).
#include "commands.hpp"
#include "format.hpp"
#include "study_source.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/csv_table.hpp>
#include <coscan/io/problem_builder.hpp>
#include <coscan/search/fbnet.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
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

/// The AlphaNet layout of the shared CSVs: resolution and per searchable stage 1..5 its depth,
/// kernel and expand ratio.
std::vector<std::string> alphanet_columns() {
  std::vector<std::string> columns = {"resolution"};
  for (const char *name : {"depth", "kernel", "expand"})
    for (int s = 1; s <= 5; ++s)
      columns.push_back(fmt::format("{}_{}", name, s));
  return columns;
}

/// The FBNet layout: one block name per searchable layer, op_0 .. op_21.
std::vector<std::string> fbnet_columns() {
  std::vector<std::string> columns;
  for (int l = 0; l < search::FbnetSpace::kNumLayers; ++l)
    columns.push_back(fmt::format("op_{}", l));
  return columns;
}

/// The architectures a CSV lists, in row order. Layouts: `arch_str` (the space's own strings,
/// e.g. NAS-Bench-201), NAS-Bench-301's normal_cell, normal_concat, reduce_cell, reduce_concat,
/// or AlphaNet's resolution, depth_*, kernel_*, expand_* columns.
/// A space beyond 2^64 (FBNet) gets the rows' architectures listed in row order (index = row).
std::vector<std::uint64_t> read_rows(const std::string &file, search::ArchSpace &space,
                                     std::vector<search::WideIndex> &listed) {
  const io::CsvTable table = io::CsvTable::read(file);
  std::vector<std::uint64_t> indices;
  indices.reserve(table.num_rows());
  auto *wide = dynamic_cast<search::WideArchSpace *>(&space);
  const auto parse_row = [&](std::size_t row, const std::string &text) {
    if (wide) {
      const auto index = wide->parse_wide(text);
      if (!index)
        throw InputError(fmt::format("{} line {}: '{}' is not an architecture of the '{}' space",
                                     file, table.line_of(row), text, space.kind()));
      listed.push_back(*index);
      indices.push_back(listed.size() - 1);
      return;
    }
    const auto index = space.parse(text);
    if (!index)
      throw InputError(fmt::format("{} line {}: '{}' is not an architecture of the '{}' space",
                                   file, table.line_of(row), text, space.kind()));
    indices.push_back(*index);
  };
  if (const auto arch_col = table.column("arch_str")) {
    for (std::size_t row = 0; row < table.num_rows(); ++row)
      parse_row(row, std::string(table.at(row, *arch_col)));
    return indices;
  }
  const auto find_columns = [&](const std::vector<std::string> &names,
                                std::vector<std::size_t> &at) {
    std::vector<std::string> missing;
    for (const std::string &name : names) {
      if (const auto c = table.column(name))
        at.push_back(*c);
      else
        missing.push_back(name);
    }
    return missing;
  };
  std::vector<std::size_t> darts;
  const std::vector<std::string> darts_missing =
      find_columns({"normal_cell", "normal_concat", "reduce_cell", "reduce_concat"}, darts);
  if (darts_missing.empty()) {
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      for (std::size_t concat : {darts[1], darts[3]})
        if (table.at(row, concat) != "2|3|4|5")
          throw InputError(fmt::format("{} line {}: concat '{}' is not 2|3|4|5 (DARTS cells "
                                       "concatenate all four nodes)",
                                       file, table.line_of(row), table.at(row, concat)));
      parse_row(row, fmt::format("{}/{}", table.at(row, darts[0]), table.at(row, darts[2])));
    }
    return indices;
  }
  std::vector<std::size_t> ops;
  const std::vector<std::string> fbnet_missing = find_columns(fbnet_columns(), ops);
  if (fbnet_missing.empty()) {
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      std::string text;
      for (std::size_t l = 0; l < ops.size(); ++l) {
        const std::string_view op = table.at(row, ops[l]);
        if (!search::FbnetSpace::block_digit(op))
          throw InputError(fmt::format("{}:{}: column 'op_{}': unknown block '{}' (known: {})",
                                       file, table.line_of(row), l, op,
                                       fmt::join(search::FbnetSpace::kBlockNames, ", ")));
        text += fmt::format("{}{}", l > 0 ? "-" : "", op);
      }
      parse_row(row, text);
    }
    return indices;
  }
  std::vector<std::size_t> at;
  const std::vector<std::string> missing = find_columns(alphanet_columns(), at);
  if (!missing.empty())
    throw InputError(fmt::format(
        "{}: unknown column layout: no 'arch_str' column (NAS-Bench-201 layout); the AlphaNet "
        "layout misses {}; the DARTS layout misses {}; the FBNet layout misses {}",
        file, fmt::join(missing, ", "), fmt::join(darts_missing, ", "),
        fbnet_missing.size() > 3 ? fmt::format("op_0..op_21 ({} of them)", fbnet_missing.size())
                                 : fmt::format("{}", fmt::join(fbnet_missing, ", "))));
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    // The AlphaNet arch string, r<res>_k<k1-..-k5>_e<e1-..>_d<d1-..> (docs/spaces.md).
    const auto list = [&](std::size_t first) {
      std::string out;
      for (std::size_t s = 0; s < 5; ++s)
        out += fmt::format("{}{}", s > 0 ? "-" : "", table.at(row, at[first + s]));
      return out;
    };
    parse_row(row,
              fmt::format("r{}_k{}_e{}_d{}", table.at(row, at[0]), list(6), list(11), list(1)));
  }
  return indices;
}

std::vector<std::uint64_t> read_architectures(const std::string &file, search::ArchSpace &space) {
  std::vector<search::WideIndex> listed;
  std::vector<std::uint64_t> indices = read_rows(file, space, listed);
  if (auto *wide = dynamic_cast<search::WideArchSpace *>(&space))
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
               space.macs(index), space.params(index), problem.accuracy->at(index), source,
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
          ->check(CLI::PositiveNumber);
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
    const io::Study study = source->load();
    if (!options->out.empty())
      io::check_writable(options->out, "--out");
    engine::Problem problem = io::build_problem(study, /*allow_unlisted_archs=*/true);
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
    io::AtomicFile file(options->out);
    {
      std::unique_ptr<std::FILE, int (*)(std::FILE *)> out(
          std::fopen(file.temp_path().c_str(), "w"), &std::fclose);
      if (!out)
        throw InputError(fmt::format("--out {}: cannot write", options->out));
      write_rows(out.get(), problem, indices);
      if (std::fclose(out.release()) != 0)
        throw InputError(fmt::format("--out {}: write failed", options->out));
    }
    file.commit();
    return 0;
  };
}

} // namespace coscan::app
