// The full metric tables written by every rank in parallel; docs/results-format.md, /dataset.
#include "dataset_dimensions.hpp"
#include "dataset_packing.hpp"
#include "dataset_resume.hpp"
#include "h5_writer.hpp"
#include "ranking_writer.hpp"
#include "results_content.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/sweep/sweep.hpp>
#include <coscan/engine/sweep/tile_plan.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/h5/dataset_file.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>
#include <hdf5.h>
#ifdef H5_HAVE_PARALLEL
#include <mpi.h>
#endif

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace coscan::h5 {

std::uint64_t dataset_table_bytes(const engine::Problem &problem) {
  const std::uint64_t pairs = problem.num_pairs();
  // Latency and energy; independent pairs also record their architecture and accelerator.
  const std::uint64_t kBytesPerPair = (problem.pair_sample.empty() ? 2 : 4) * 8;
  return pairs > std::numeric_limits<std::uint64_t>::max() / kBytesPerPair
             ? std::numeric_limits<std::uint64_t>::max()
             : pairs * kBytesPerPair;
}

void check_dataset_size(const study::Study &study, const engine::Problem &problem) {
  if (!study.dataset.enabled)
    return;
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  const double gib = static_cast<double>(dataset_table_bytes(problem)) / kGiB;
  const std::string what = problem.pair_sample.empty()
                               ? fmt::format("{} architectures x {} accelerators",
                                             problem.num_archs(), problem.num_accels())
                               : fmt::format("{} independent pairs", problem.num_pairs());
  if (gib > study.dataset.max_gib)
    throw InputError(fmt::format("{}: key 'output.dataset': the metric tables of {} would take "
                                 "{:.3g} GiB, more than output.dataset_max_gib = {:g}; raise it "
                                 "or sample the spaces ([enumeration])",
                                 study.file.string(), what, gib, study.dataset.max_gib));
}

namespace {

/// /dataset's layout (docs/results-format.md): 2 added the netCDF-4 dimensions.
constexpr std::uint64_t kDatasetLayoutVersion = 2;

/// The tables, in this order (the last two for independent pairs only).
constexpr const char *kTableNames[] = {"latency_s", "energy_j", "arch_index", "accel_index"};

using Clock = std::chrono::steady_clock;

/// Chunks of one tile, shrunk (halving the longer side) to at most 2^20 values (8 MiB), well
/// under HDF5's 4 GiB chunk limit, and to the tables' shape; a pure function of the study, so
/// every rank agrees.
std::vector<hsize_t> chunk_dims(const std::vector<hsize_t> &dims, std::uint64_t archs,
                                std::uint64_t accels) {
  if (dims.size() == 1) // independent pairs: a tile is archs x accels pairs of the list
    return {std::max<hsize_t>(
        1, std::min<std::uint64_t>({archs * accels, dims[0], std::uint64_t{1} << 20}))};
  hsize_t rows = std::max<std::uint64_t>(1, std::min<std::uint64_t>(archs, dims[0]));
  hsize_t cols = std::max<std::uint64_t>(1, std::min<std::uint64_t>(accels, dims[1]));
  while (rows * cols > (hsize_t{1} << 20)) {
    if (rows >= cols)
      rows = (rows + 1) / 2;
    else
      cols = (cols + 1) / 2;
  }
  return {rows, cols};
}

/// The tiles shard I/K sweeps, as run_sweep numbers them.
engine::TileRange shard_tiles(const engine::Problem &problem, const study::Study &study,
                              const ShardId &shard) {
  engine::SweepOptions options;
  options.arch_block = study.engine.arch_block;
  options.accel_block = study.engine.accel_block;
  options.rank = shard.index;
  options.num_ranks = shard.count;
  return engine::rank_tiles(problem, options);
}

/// Where a shard's tables sit in the whole ones: their shape, and the position of their first
/// accelerator (a cross product: every architecture x the accelerator blocks the shard's tiles
/// touch) or of their first pair (an independent-pair sample: the shard's run of the list).
struct TableRegion {
  std::vector<hsize_t> dims;
  std::uint64_t offset = 0;
};

TableRegion table_region(const engine::Problem &problem, const study::Study &study,
                         const ShardId *shard) {
  const bool pairs = !problem.pair_sample.empty();
  if (!shard)
    return {pairs ? std::vector<hsize_t>{problem.num_pairs()}
                  : std::vector<hsize_t>{problem.num_archs(), problem.num_accels()},
            0};
  const engine::TileRange mine = shard_tiles(problem, study, *shard);
  if (pairs) {
    const std::uint64_t tile = study.engine.arch_block * study.engine.accel_block;
    const std::uint64_t first = std::min(problem.num_pairs(), mine.first * tile);
    const std::uint64_t last = std::min(problem.num_pairs(), mine.last * tile);
    return {{last - first}, first};
  }
  if (mine.first == mine.last)
    return {{problem.num_archs(), 0}, 0};
  const auto span = [&](std::uint64_t tile) {
    return engine::tile_span(problem, study.engine.arch_block, study.engine.accel_block, tile);
  };
  const std::uint64_t first = span(mine.first).accel;
  const engine::TileSpan end = span(mine.last - 1);
  return {{problem.num_archs(), end.accel + end.accels - first}, first};
}

/// Rank 0's value, on every rank.
std::string broadcast(std::string text, [[maybe_unused]] const engine::MpiSession &mpi) {
#ifdef H5_HAVE_PARALLEL
  if (mpi.active() && mpi.size() > 1) {
    unsigned long long length = text.size();
    MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    text.resize(length);
    MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
  }
#endif
  return text;
}

std::uint64_t broadcast(std::uint64_t value, [[maybe_unused]] const engine::MpiSession &mpi) {
#ifdef H5_HAVE_PARALLEL
  if (mpi.active() && mpi.size() > 1)
    MPI_Bcast(&value, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
#endif
  return value;
}

/// File access through MPI-IO when MPI is active (every rank opens the same file).
h5::Handle shared_access(const engine::MpiSession &mpi) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
  h5::Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
#ifdef H5_HAVE_PARALLEL
  if (mpi.active())
    h5::check(H5Pset_fapl_mpio(access.id(), MPI_COMM_WORLD, MPI_INFO_NULL), "select MPI-IO");
#else
  if (mpi.active() && mpi.size() > 1)
    throw InputError("[output] dataset = true with several MPI ranks needs a parallel HDF5 "
                     "(this coscan was built with a serial one); run on one rank");
#endif
  return access;
}

/// No chunk cache: a tile's write goes straight to the file (parallel HDF5 bypasses the cache
/// anyway), so a flush before a checkpoint has only metadata to consider, and there is none.
h5::Handle uncached_access() {
  h5::Handle access(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "create dataset access properties");
  h5::check(H5Pset_chunk_cache(access.id(), 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT),
            "turn off the chunk cache");
  return access;
}

/// An uninitialised chunked table (every element is written by exactly one tile), all of its
/// chunks allocated now, so that writing a tile never changes the file's metadata. (An empty
/// table, of a shard without tiles, cannot be chunked and is not.)
h5::Handle create_table(hid_t group, const std::string &name, const std::vector<hsize_t> &dims,
                        const std::vector<hsize_t> &chunk, hid_t type = H5T_IEEE_F64LE) {
  h5::Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                   "create a dataspace");
  h5::Handle create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  const bool empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  if ((!empty && H5Pset_chunk(create.id(), static_cast<int>(chunk.size()), chunk.data()) < 0) ||
      H5Pset_alloc_time(create.id(), H5D_ALLOC_TIME_EARLY) < 0 ||
      H5Pset_fill_time(create.id(), H5D_FILL_TIME_NEVER) < 0)
    throw std::runtime_error("HDF5: cannot set the chunking of " + name);
  return h5::Handle(H5Dcreate2(group, name.c_str(), type, space.id(), H5P_DEFAULT, create.id(),
                               uncached_access().id()),
                    H5Dclose, "create dataset " + name);
}

/// The attributes of /dataset and its tables (latency, energy, then the pairs' indices).
void describe_tables(hid_t group, const std::vector<hid_t> &tables,
                     const std::vector<hsize_t> &chunk, std::uint64_t study_hash) {
  h5::attribute(tables[0], "units", "s");
  h5::attribute(tables[1], "units", "J");
  for (std::size_t t = 2; t < tables.size(); ++t)
    h5::attribute(tables[t], "units", "1");
  for (std::size_t t = 0; t < 2; ++t)
    if (chunk.size() == 2) {
      h5::attribute(tables[t], "chunk_archs", static_cast<std::uint64_t>(chunk[0]));
      h5::attribute(tables[t], "chunk_accels", static_cast<std::uint64_t>(chunk[1]));
    } else {
      h5::attribute(tables[t], "chunk_pairs", static_cast<std::uint64_t>(chunk[0]));
    }
  h5::attribute(group, "study_hash", study_hash);
}

/// The rows of /archs and /accels: the swept positions in dataset order, or for independent
/// pairs the distinct architectures and accelerators of the sample, by index.
std::vector<std::uint64_t> dataset_rows(const engine::Problem &problem, bool archs) {
  std::vector<std::uint64_t> rows;
  if (problem.pair_sample.empty()) {
    const std::uint64_t n = archs ? problem.num_archs() : problem.num_accels();
    for (std::uint64_t p = 0; p < n; ++p)
      rows.push_back(archs ? problem.arch_at(p) : problem.accel_at(p));
    return rows;
  }
  for (const engine::PairId &pair : problem.pair_sample)
    rows.push_back(archs ? pair.arch : pair.accel);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

/// /archs: one row per architecture of the dataset (`index`, with their strings `arch_str`).
void write_arch_table(hid_t file, const engine::Problem &problem,
                      const std::vector<std::uint64_t> &index,
                      const std::vector<std::string> &arch_str) {
  const std::uint64_t n = index.size();
  std::vector<std::uint64_t> macs(n), params(n);
  std::vector<double> accuracy(n);
  for (std::uint64_t p = 0; p < n; ++p) {
    const std::uint64_t a = index[p];
    accuracy[p] = problem.accuracy->at(a);
    macs[p] = problem.archs->macs(a);
    params[p] = problem.archs->params(a);
  }
  h5::Handle group = h5::create_group(file, "archs");
  const hid_t g = group.id();
  h5::write(g, "arch_index", std::span<const std::uint64_t>(index), "1");
  h5::write(g, "arch_str", std::span<const std::string>(arch_str), "");
  h5::write(g, "accuracy", std::span<const double>(accuracy), "%");
  h5::write(g, "macs", std::span<const std::uint64_t>(macs), "1");
  h5::write(g, "params", std::span<const std::uint64_t>(params), "1");
  if (!problem.table_index.empty()) {
    std::vector<std::int64_t> table_index(n);
    for (std::uint64_t p = 0; p < n; ++p)
      table_index[p] = problem.table_index[index[p]];
    h5::write(g, "table_index", std::span<const std::int64_t>(table_index), "1");
    h5::attribute(g, "table_index_column", problem.table_index_name);
  }
}

} // namespace

std::filesystem::path resumable_dataset_path(const std::filesystem::path &checkpoint) {
  std::filesystem::path path = checkpoint;
  path += ".dataset.h5";
  return path;
}

struct DatasetFile::Impl {
  Impl(const study::Study &s, const engine::Problem &p, const engine::MpiSession &m,
       std::filesystem::path final)
      : study(s), problem(p), mpi(m), final_path(std::move(final)) {}

  const study::Study &study;
  const engine::Problem &problem;
  const engine::MpiSession &mpi;
  std::filesystem::path final_path;
  std::optional<ShardId> shard;
  std::uint64_t offset = 0; // a shard's first accelerator or pair position in the whole tables
  std::optional<tables::AtomicFile> atomic; // rank 0, unless resumable
  bool resumable = false;
  std::string name; // the file every rank writes: rank 0's temporary, or the resumable file
  std::vector<hsize_t> dims, chunk;
  // `[output] compression` on one process, tiles covering whole chunks: each tile's chunks are
  // compressed by the thread that computed it and written whole (dataset_packing.hpp), so the
  // file is complete when the sweep ends. Otherwise rank 0 compresses a copy at the end.
  bool packs_in_sweep = false;
  double compress_s = 0; // this process's thread-seconds compressing tiles
  std::uint64_t resume_id = 0;
  h5::Handle file, group, latency, energy;
  h5::Handle arch_index, accel_index; // independent pairs only
  double write_s = 0;                 // this rank's seconds in write_tile
  double total_write_s = 0;           // all ranks', after close()
  bool open = false;

  std::vector<h5::Handle *> tables() {
    std::vector<h5::Handle *> out{&latency, &energy};
    if (!problem.pair_sample.empty())
      out.insert(out.end(), {&arch_index, &accel_index});
    return out;
  }

  /// Collective: the file with its tables and every attribute they keep, flushed.
  void create(std::uint64_t study_hash) {
    file = h5::Handle(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, shared_access(mpi).id()),
                      H5Fclose, "create " + name);
    group = h5::create_group(file.id(), "dataset");
    const std::vector<h5::Handle *> sets = tables();
    for (std::size_t t = 0; t < sets.size(); ++t)
      *sets[t] = packs_in_sweep ? detail::create_packed_table(group.id(), kTableNames[t], dims,
                                                              H5T_IEEE_F64LE, chunk)
                                : create_table(group.id(), kTableNames[t], dims, chunk,
                                               t < 2 ? H5T_IEEE_F64LE : H5T_STD_U64LE);
    // Collective on a shared file: every rank writes the same attribute values.
    std::vector<hid_t> ids;
    for (h5::Handle *set : sets)
      ids.push_back(set->id());
    describe_tables(group.id(), ids, chunk, study_hash);
    if (shard) { // the part of the whole tables this file holds
      h5::attribute(group.id(), "shard_index", std::int64_t{shard->index});
      h5::attribute(group.id(), "shard_count", std::int64_t{shard->count});
      h5::attribute(group.id(), dims.size() == 1 ? "shard_first_pair" : "shard_first_accel",
                    offset);
    }
    if (resumable) {
      resume_id = broadcast(mpi.rank() == 0 ? detail::new_resume_id() : 0, mpi);
      h5::attribute(group.id(), "resume_id", resume_id);
    }
    if (H5Fflush(file.id(), H5F_SCOPE_GLOBAL) < 0)
      write_failed("HDF5: cannot flush");
  }

  /// A failed write of the tables: coscan::OutputError naming the results file and HDF5's reason.
  [[noreturn]] void write_failed(const std::string &what) const {
    const std::string reason = h5::failure_reason();
    throw OutputError(fmt::format("cannot write {}: {}{}{}", final_path.string(), what,
                                  reason.empty() ? "" : ": ", reason));
  }

  /// Collective: the tables of an interrupted run of the same study, as they were created.
  void reopen(std::uint64_t study_hash) {
    const auto refuse = [&](const std::string &why) {
      throw InputError(fmt::format("{}: {}", name, why));
    };
    if (std::filesystem::exists(detail::finishing_path(name)))
      refuse("the run was killed while rank 0 was completing the results after the sweep, so "
             "the tables' HDF5 metadata may be half-written and they are not resumed; run again "
             "without --resume");
    if (!std::filesystem::is_regular_file(name))
      refuse("the checkpoint's dataset tables are missing; run again without --resume");
    const hid_t opened = H5Fopen(name.c_str(), H5F_ACC_RDWR, shared_access(mpi).id());
    if (opened < 0)
      refuse("cannot open the checkpoint's dataset tables (not HDF5, or damaged); run again "
             "without --resume");
    file = h5::Handle(opened, H5Fclose, "open " + name);
    if (H5Lexists(file.id(), "dataset", H5P_DEFAULT) <= 0)
      refuse("not the dataset tables of a coscan checkpoint (no /dataset)");
    group = h5::Handle(H5Gopen2(file.id(), "dataset", H5P_DEFAULT), H5Gclose, "open /dataset");
    if (detail::read_u64_attribute(group.id(), "study_hash") != study_hash)
      refuse("dataset tables of another study (the study text differs)");
    const std::optional<std::uint64_t> id = detail::read_u64_attribute(group.id(), "resume_id");
    if (!id)
      refuse("dataset tables without a resume_id (not written by a checkpointed run)");
    resume_id = *id;
    const std::vector<h5::Handle *> sets = tables();
    for (std::size_t t = 0; t < sets.size(); ++t) {
      const char *table = kTableNames[t];
      if (H5Lexists(group.id(), table, H5P_DEFAULT) <= 0)
        refuse(fmt::format("no table /dataset/{}", table));
      *sets[t] = h5::Handle(H5Dopen2(group.id(), table, uncached_access().id()), H5Dclose,
                            fmt::format("open /dataset/{}", table));
      h5::Handle space(H5Dget_space(sets[t]->id()), H5Sclose, "get a dataspace");
      std::vector<hsize_t> found(dims.size());
      if (H5Sget_simple_extent_ndims(space.id()) != static_cast<int>(dims.size()) ||
          H5Sget_simple_extent_dims(space.id(), found.data(), nullptr) < 0 || found != dims)
        refuse(fmt::format("/dataset/{} has another shape than this study's tables", table));
    }
  }

  /// Writes the block of `count` values at `start` (1 or 2 dimensions).
  void write_block(hid_t set, std::span<const hsize_t> start, std::span<const hsize_t> count,
                   hid_t mem_type, const void *values) const {
    if (!h5::write_block(set, start, count, mem_type, values))
      write_failed(fmt::format("HDF5: cannot write a tile at row {}", start[0]));
  }

  static std::string packed_name() {
    return fmt::format("shuffle+deflate({})", detail::kDeflateLevel);
  }

  /// /dataset's attributes written when the tables are complete.
  void describe_completion(hid_t dataset_group, std::string_view compression) const {
    h5::attribute(dataset_group, "time_write_s", total_write_s);
    h5::attribute(dataset_group, "layout_version", kDatasetLayoutVersion);
    h5::attribute(dataset_group, "compression", compression);
  }

  /// Rank 0, after close(): reopens the file, lets `content` add to it, and renames it into
  /// place, whole or not at all.
  void complete(const std::function<void(hid_t file)> &content) {
    if (open || mpi.rank() != 0)
      throw std::logic_error("DatasetFile: completed only by rank 0, after close()");
    // The completion changes HDF5 metadata, which a SIGKILL could leave half-written: a
    // resumable file is first renamed, so that a resume after such a kill refuses it instead of
    // trusting it.
    const std::string path = resumable ? detail::finishing_path(name).string() : name;
    if (resumable)
      std::filesystem::rename(name, path);
    if (study.dataset.compression && !shard && !packs_in_sweep)
      return complete_packed(path, content);
    try {
      h5::Handle completed(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                           "reopen " + path);
      {
        h5::Handle g(H5Gopen2(completed.id(), "dataset", H5P_DEFAULT), H5Gclose, "open /dataset");
        if (packs_in_sweep)
          h5::attribute(g.id(), "time_compress_s", compress_s);
        describe_completion(g.id(), packs_in_sweep ? packed_name() : std::string("none"));
      }
      content(completed.id());
      if (resumable)
        h5::check(H5Adelete_by_name(completed.id(), "dataset", "resume_id", H5P_DEFAULT),
                  "delete /dataset resume_id in " + path);
      completed.close(); // written whole and closed without error before the rename
    } catch (const std::runtime_error &e) {
      throw OutputError(fmt::format("cannot write {}: {}", final_path.string(), e.what()));
    }
    if (resumable)
      detail::move_into_place(path, final_path);
    else
      atomic->commit();
  }

  /// complete() with `[output] compression`: a new file beside the final one gets the tables of
  /// the sweep's file `path` compressed, then `content`; the sweep's file is removed once it is
  /// in place.
  void complete_packed(const std::string &path, const std::function<void(hid_t file)> &content) {
    tables::AtomicFile packed(final_path);
    try {
      h5::Handle in(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "reopen " + path);
      h5::Handle out = h5::create_file(packed.temp_path());
      {
        h5::Handle g = h5::create_group(out.id(), "dataset");
        const auto t0 = Clock::now();
        const std::vector<hsize_t> packed_chunk =
            detail::packed_chunk_dims(dims, study.engine.arch_block, study.engine.accel_block).dims;
        std::vector<h5::Handle> tables;
        std::vector<hid_t> ids;
        for (std::size_t t = 0; t < this->tables().size(); ++t) {
          const std::string table = fmt::format("/dataset/{}", kTableNames[t]);
          h5::Handle from(H5Dopen2(in.id(), table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
          tables.push_back(detail::write_packed_table(
              g.id(), kTableNames[t], from.id(), t < 2 ? H5T_IEEE_F64LE : H5T_STD_U64LE,
              t < 2 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT64, packed_chunk));
          ids.push_back(tables.back().id());
        }
        describe_tables(g.id(), ids, packed_chunk, study_hash(study));
        h5::attribute(g.id(), "time_compress_s",
                      std::chrono::duration<double>(Clock::now() - t0).count());
        describe_completion(g.id(), packed_name());
      }
      content(out.id());
      in.close();
      out.close(); // written whole and closed without error before the rename
    } catch (const std::runtime_error &e) {
      throw OutputError(fmt::format("cannot write {}: {}", final_path.string(), e.what()));
    }
    packed.commit();
    if (resumable)
      std::filesystem::remove(path);
    else
      atomic.reset(); // removes the sweep's temporary file
  }
};

namespace {

/// A shard file's tables, opened for `coscan merge` after checking that they are shard `shard`
/// of this study with the expected shape; coscan::InputError naming the file otherwise.
struct ShardTables {
  ShardTables(const std::filesystem::path &path, const std::vector<hsize_t> &dims,
              std::uint64_t study_hash, const ShardId &shard, std::size_t num_tables)
      : file_name(path.string()) {
    const hid_t opened = H5Fopen(file_name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (opened < 0)
      refuse("cannot open (not HDF5, or damaged)");
    file = h5::Handle(opened, H5Fclose, "open " + file_name);
    if (H5Lexists(file.id(), "dataset", H5P_DEFAULT) <= 0)
      refuse("no dataset tables (/dataset), though the study has [output] dataset = true");
    h5::Handle group(H5Gopen2(file.id(), "dataset", H5P_DEFAULT), H5Gclose, "open /dataset");
    if (detail::read_u64_attribute(group.id(), "study_hash") != study_hash)
      refuse("dataset tables of another study (the study text differs)");
    const auto index = detail::read_u64_attribute(group.id(), "shard_index");
    const auto count = detail::read_u64_attribute(group.id(), "shard_count");
    if (index != static_cast<std::uint64_t>(shard.index) ||
        count != static_cast<std::uint64_t>(shard.count))
      refuse(
          fmt::format("the dataset tables are not those of shard {}/{}", shard.index, shard.count));
    for (std::size_t t = 0; t < num_tables; ++t) {
      const std::string table = fmt::format("/dataset/{}", kTableNames[t]);
      if (H5Lexists(group.id(), kTableNames[t], H5P_DEFAULT) <= 0)
        refuse("no table " + table);
      tables.emplace_back(H5Dopen2(file.id(), table.c_str(), H5P_DEFAULT), H5Dclose,
                          "open " + table);
      h5::Handle space(H5Dget_space(tables.back().id()), H5Sclose, "get a dataspace");
      std::vector<hsize_t> found(dims.size());
      if (H5Sget_simple_extent_ndims(space.id()) != static_cast<int>(dims.size()) ||
          H5Sget_simple_extent_dims(space.id(), found.data(), nullptr) < 0 || found != dims)
        refuse(fmt::format("{} has another shape than shard {}/{}'s part of the tables", table,
                           shard.index, shard.count));
    }
  }

  /// Reads the block of `count` values at `start` of table `t`.
  void read(std::size_t t, const std::vector<hsize_t> &start, const std::vector<hsize_t> &count,
            hid_t mem_type, void *values) const {
    if (!h5::read_block(tables[t].id(), start, count, mem_type, values)) {
      const std::string reason = h5::failure_reason();
      refuse(fmt::format("cannot read /dataset/{}{}{}", kTableNames[t], reason.empty() ? "" : ": ",
                         reason));
    }
  }

  [[noreturn]] void refuse(const std::string &why) const {
    throw InputError(fmt::format("{}: {}", file_name, why));
  }

  std::string file_name;
  h5::Handle file;
  std::vector<h5::Handle> tables;
};

} // namespace

DatasetFile::DatasetFile(const std::filesystem::path &final_path, const study::Study &study,
                         const engine::Problem &problem, const engine::MpiSession &mpi,
                         const ResumableDataset *resumable, const ShardId *shard)
    : impl_(std::make_unique<Impl>(study, problem, mpi, final_path)) {
  Impl &m = *impl_;
  m.resumable = resumable != nullptr;
  if (shard)
    m.shard = *shard;
  if (mpi.rank() == 0 && !m.resumable)
    m.atomic.emplace(final_path);
  // Rank 0 names the file: its temporary's name is its own (process id), and relative paths
  // are read from its working directory.
  m.name = broadcast(m.resumable ? resumable->file.string()
                     : m.atomic  ? m.atomic->temp_path().string()
                                 : std::string(),
                     mpi);
  const TableRegion region = table_region(problem, study, shard);
  m.dims = region.dims;
  m.offset = region.offset;
  const detail::PackedChunks packed =
      detail::packed_chunk_dims(m.dims, study.engine.arch_block, study.engine.accel_block);
  m.packs_in_sweep = study.dataset.compression && !shard && !m.resumable && !mpi.active() &&
                     m.dims.size() == 2 && packed.tile_aligned;
  m.chunk = m.packs_in_sweep
                ? packed.dims
                : chunk_dims(m.dims, study.engine.arch_block, study.engine.accel_block);
  const std::uint64_t hash = study_hash(study);
  if (resumable && resumable->reopen) {
    m.reopen(hash);
  } else {
    if (resumable && mpi.rank() == 0) // an earlier run's, killed while completing its results
      std::filesystem::remove(detail::finishing_path(m.name));
    try {
      m.create(hash);
    } catch (const InputError &) {
      throw;
    } catch (const OutputError &) {
      throw;
    } catch (const std::runtime_error &e) { // creating a dataset or an attribute
      throw OutputError(fmt::format("cannot write {}: {}", m.final_path.string(), e.what()));
    }
  }
  m.open = true;
}

DatasetFile::~DatasetFile() = default;

std::uint64_t DatasetFile::resume_id() const { return impl_->resume_id; }

void DatasetFile::flush() {
  const engine::MpiSession &mpi = impl_->mpi;
  if (!impl_->open || (mpi.active() && mpi.size() > 1)) // H5Fflush would be collective
    return;
  std::scoped_lock lock(engine::MpiSession::call_mutex());
  if (H5Fflush(impl_->file.id(), H5F_SCOPE_GLOBAL) < 0)
    impl_->write_failed("HDF5: cannot flush");
}

void DatasetFile::write_tile(std::uint64_t arch_position, std::uint64_t accel_position,
                             const engine::TileMetrics &tile) {
  const hsize_t start[2] = {arch_position, accel_position - impl_->offset};
  const hsize_t count[2] = {tile.arch_count, tile.accel_count};
  if (impl_->packs_in_sweep) { // compressed here, in parallel; written under the lock
    const auto t0 = Clock::now();
    const auto latency = detail::pack_block(tile.latency_s.data(), start[0], start[1], count[0],
                                            count[1], impl_->chunk);
    const auto energy = detail::pack_block(tile.energy_j.data(), start[0], start[1], count[0],
                                           count[1], impl_->chunk);
    const auto t1 = Clock::now();
    std::scoped_lock lock(engine::MpiSession::call_mutex());
    try {
      detail::write_packed_chunks(impl_->latency.id(), latency, kTableNames[0]);
      detail::write_packed_chunks(impl_->energy.id(), energy, kTableNames[1]);
    } catch (const std::runtime_error &e) { // HDF5's reason included
      throw OutputError(fmt::format("cannot write {}: {}", impl_->final_path.string(), e.what()));
    }
    impl_->compress_s += std::chrono::duration<double>(t1 - t0).count();
    impl_->write_s += std::chrono::duration<double>(Clock::now() - t1).count();
    return;
  }
  std::scoped_lock lock(engine::MpiSession::call_mutex()); // HDF5 and MPI calls
  const auto t0 = Clock::now();
  impl_->write_block(impl_->latency.id(), start, count, H5T_NATIVE_DOUBLE, tile.latency_s.data());
  impl_->write_block(impl_->energy.id(), start, count, H5T_NATIVE_DOUBLE, tile.energy_j.data());
  impl_->write_s += std::chrono::duration<double>(Clock::now() - t0).count();
}

void DatasetFile::write_pairs(std::uint64_t first_pair, const engine::PairTile &tile) {
  const hsize_t start[1] = {first_pair - impl_->offset};
  const hsize_t count[1] = {tile.num_pairs()};
  std::vector<std::uint64_t> arch(tile.num_pairs()), accel(tile.num_pairs());
  for (std::size_t p = 0; p < tile.num_pairs(); ++p) {
    arch[p] = tile.ids[p].arch;
    accel[p] = tile.ids[p].accel;
  }
  std::scoped_lock lock(engine::MpiSession::call_mutex()); // HDF5 and MPI calls
  const auto t0 = Clock::now();
  impl_->write_block(impl_->latency.id(), start, count, H5T_NATIVE_DOUBLE, tile.latency_s.data());
  impl_->write_block(impl_->energy.id(), start, count, H5T_NATIVE_DOUBLE, tile.energy_j.data());
  impl_->write_block(impl_->arch_index.id(), start, count, H5T_NATIVE_UINT64, arch.data());
  impl_->write_block(impl_->accel_index.id(), start, count, H5T_NATIVE_UINT64, accel.data());
  impl_->write_s += std::chrono::duration<double>(Clock::now() - t0).count();
}

void DatasetFile::close() {
  Impl &m = *impl_;
  if (!m.open)
    return;
  m.total_write_s = m.write_s;
#ifdef H5_HAVE_PARALLEL
  if (m.mpi.active() && m.mpi.size() > 1)
    MPI_Allreduce(&m.write_s, &m.total_write_s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
#endif
  m.open = false;
  for (h5::Handle *set : m.tables())
    *set = {};
  m.group = {};
  try {
    m.file.close(); // collective; no metadata changed since the creation
  } catch (const std::runtime_error &e) {
    throw OutputError(fmt::format("cannot write {}: {}", m.final_path.string(), e.what()));
  }
}

void DatasetFile::finish(const RunReport &report) {
  Impl &m = *impl_;
  if (m.shard)
    throw std::logic_error("DatasetFile::finish: a shard's tables are finished by finish_shard");
  m.complete([&](hid_t file) {
    const std::vector<std::uint64_t> accels = dataset_rows(m.problem, false);
    RunReport in_dataset_order = report;
    in_dataset_order.dataset_accels = &accels;
    detail::write_results_content(file, in_dataset_order);
    if (report.ranking)
      detail::write_ranking(file, *report.ranking);
    const std::vector<std::uint64_t> archs = dataset_rows(m.problem, true);
    std::vector<std::string> arch_str(archs.size());
    for (std::size_t p = 0; p < archs.size(); ++p)
      arch_str[p] = m.problem.archs->arch_str(archs[p]);
    write_arch_table(file, m.problem, archs, arch_str);
    detail::write_dataset_dimensions(file, m.problem, archs, accels, arch_str);
  });
}

void DatasetFile::finish_shard(const RunReport &report, const ShardId &shard,
                               std::span<const std::byte> ranking) {
  Impl &m = *impl_;
  if (!m.shard || m.shard->index != shard.index || m.shard->count != shard.count)
    throw std::logic_error("DatasetFile::finish_shard: not the tables of this shard");
  m.complete([&](hid_t file) {
    detail::write_results_content(file, report);
    detail::write_shard_state(file, report, shard, ranking);
  });
}

void DatasetFile::copy_shard(const std::filesystem::path &file, const ShardId &shard) {
  Impl &m = *impl_;
  if (!m.open || m.shard || (m.mpi.active() && m.mpi.size() > 1))
    throw std::logic_error("DatasetFile::copy_shard: only into whole tables, on one process");
  const TableRegion region = table_region(m.problem, m.study, &shard);
  const std::vector<h5::Handle *> sets = m.tables();
  const ShardTables in(file, region.dims, study_hash(m.study), shard, sets.size());
  const bool pairs = region.dims.size() == 1;
  const std::uint64_t arch_block = m.study.engine.arch_block;
  const std::uint64_t accel_block = m.study.engine.accel_block;
  std::vector<double> values;
  std::vector<std::uint64_t> indices;
  const auto t0 = Clock::now();
  // Tile by tile: each one block of the shard's tables, read and written where it belongs.
  const engine::TileRange mine = shard_tiles(m.problem, m.study, shard);
  for (std::uint64_t t = mine.first; t < mine.last; ++t) {
    std::vector<hsize_t> start, count;
    if (pairs) {
      const std::uint64_t tile = arch_block * accel_block;
      const std::uint64_t first = t * tile;
      start = {first};
      count = {std::min(m.problem.num_pairs(), first + tile) - first};
    } else {
      const engine::TileSpan span = engine::tile_span(m.problem, arch_block, accel_block, t);
      start = {span.arch, span.accel};
      count = {span.archs, span.accels};
    }
    std::vector<hsize_t> from = start;
    from.back() -= region.offset;
    hsize_t size = 1;
    for (hsize_t c : count)
      size *= c;
    for (std::size_t s = 0; s < sets.size(); ++s) {
      const bool metric = s < 2; // latency and energy; then the pairs' indices
      values.resize(size);
      indices.resize(size);
      void *buffer = metric ? static_cast<void *>(values.data()) : indices.data();
      const hid_t type = metric ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT64;
      in.read(s, from, count, type, buffer);
      m.write_block(sets[s]->id(), start, count, type, buffer);
    }
  }
  m.write_s += std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace coscan::h5
