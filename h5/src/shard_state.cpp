// Shard results files: write_results' content plus /state (docs/results-format.md), and reading
// /state back for `coscan merge`.
#include "h5_writer.hpp"
#include "results_content.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/h5/reader.hpp>
#include <coscan/h5/shard_state.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <charconv>

namespace coscan::h5 {
namespace {

void write_bytes(hid_t loc, const std::string &name, std::span<const std::byte> data) {
  const hsize_t dims[1] = {data.size()};
  h5::Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create a dataspace");
  h5::Handle set(H5Dcreate2(loc, name.c_str(), H5T_STD_U8LE, space.id(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Dclose, "create dataset " + name);
  if (!data.empty())
    h5::check(H5Dwrite(set.id(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
              "write dataset " + name);
}

} // namespace

ShardId parse_shard(std::string_view text) {
  const auto bad = [&]() -> ShardId {
    throw InputError(
        fmt::format("--shard '{}': expected I/K with 0 <= I < K (e.g. 0/4)", std::string(text)));
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return bad();
  ShardId shard;
  const auto parse = [](std::string_view s, int &value) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
  };
  if (!parse(text.substr(0, slash), shard.index) || !parse(text.substr(slash + 1), shard.count) ||
      shard.index < 0 || shard.count < 1 || shard.index >= shard.count)
    return bad();
  return shard;
}

namespace detail {

void write_shard_state(hid_t file, const RunReport &report, const ShardId &shard,
                       std::span<const std::byte> ranking) {
  h5::Handle group = h5::create_group(file, "state");
  const hid_t g = group.id();
  const engine::SweepResult &sweep = report.sweep;
  write_bytes(g, "front", sweep.pareto.front().save());
  if (!ranking.empty())
    write_bytes(g, "ranking", ranking);
  h5::attribute(g, "shard_index", std::int64_t{shard.index});
  h5::attribute(g, "shard_count", std::int64_t{shard.count});
  h5::attribute(g, "study_hash", study_hash(report.study));
  h5::attribute(g, "pairs_evaluated", sweep.pairs_evaluated);
  h5::attribute(g, "pairs_computed", sweep.pairs_computed);
  h5::attribute(g, "tiles", sweep.tiles);
  h5::attribute(g, "pareto_candidate_archs", sweep.pareto_candidate_archs);
  h5::attribute(g, "pareto_candidate_accels", sweep.pareto_candidate_accels);
  h5::attribute(g, "threads", std::int64_t{sweep.threads});
  h5::attribute(g, "wall_s", sweep.wall_s);
  h5::attribute(g, "time_cost_tables_s", sweep.timings.cost_tables_s);
  h5::attribute(g, "time_evaluation_s", sweep.timings.evaluation_s);
  h5::attribute(g, "time_reduction_s", sweep.timings.reduction_s);
  h5::attribute(g, "time_merge_s", sweep.timings.merge_s);
  h5::attribute(g, "time_candidates_s", sweep.timings.candidates_s);
}

} // namespace detail

void write_shard_results(const RunReport &report, const ShardId &shard,
                         const std::filesystem::path &file, std::span<const std::byte> ranking) {
  tables::AtomicFile out(file);
  try {
    h5::Handle h5file = h5::create_file(out.temp_path());
    detail::write_results_content(h5file.id(), report);
    detail::write_shard_state(h5file.id(), report, shard, ranking);
    h5file.close(); // written whole and closed without error before the rename
  } catch (const std::runtime_error &e) {
    out.fail(e.what());
  }
  out.commit();
}

ShardState read_shard_state(const std::filesystem::path &file) {
  const Reader r(file); // every failure is the file's fault (not a shard, or corrupt)
  if (!r.exists("/state"))
    r.fail("not a coscan shard (no /state group; write shards with `coscan run --shard I/K`)");
  ShardState s;
  s.shard.index = static_cast<int>(r.attribute<std::int64_t>("/state", "shard_index"));
  s.shard.count = static_cast<int>(r.attribute<std::int64_t>("/state", "shard_count"));
  if (s.shard.count < 1 || s.shard.index < 0 || s.shard.index >= s.shard.count)
    r.fail(fmt::format("bad shard {}/{}", s.shard.index, s.shard.count));
  s.study_hash = r.attribute<std::uint64_t>("/state", "study_hash");
  s.study_text = r.attribute<std::string>("/", "study");
  s.study_file = r.attribute<std::string>("/", "study_file");
  s.front = r.read<std::byte>("/state/front");
  if (r.exists("/state/ranking"))
    s.ranking = r.read<std::byte>("/state/ranking");
  s.pairs_evaluated = r.attribute<std::uint64_t>("/state", "pairs_evaluated");
  s.pairs_computed = r.attribute<std::uint64_t>("/state", "pairs_computed");
  s.tiles = r.attribute<std::uint64_t>("/state", "tiles");
  s.pareto_candidate_archs = r.attribute<std::uint64_t>("/state", "pareto_candidate_archs");
  s.pareto_candidate_accels = r.attribute<std::uint64_t>("/state", "pareto_candidate_accels");
  s.threads = r.attribute<std::int64_t>("/state", "threads");
  s.wall_s = r.attribute<double>("/state", "wall_s");
  s.timings.cost_tables_s = r.attribute<double>("/state", "time_cost_tables_s");
  s.timings.evaluation_s = r.attribute<double>("/state", "time_evaluation_s");
  s.timings.reduction_s = r.attribute<double>("/state", "time_reduction_s");
  s.timings.merge_s = r.attribute<double>("/state", "time_merge_s");
  s.timings.candidates_s = r.attribute<double>("/state", "time_candidates_s");
  try {
    engine::ParetoFront::load(s.front);
  } catch (const std::exception &e) {
    r.fail(std::string("corrupt /state/front (") + e.what() + ")");
  }
  return s;
}

} // namespace coscan::h5
