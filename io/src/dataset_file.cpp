// The full metric tables written by every rank in parallel; docs/results-format.md, /dataset.
#include "h5_writer.hpp"
#include "ranking_writer.hpp"
#include "results_content.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/io/atomic_file.hpp>
#include <coscan/io/dataset_file.hpp>

#include <fmt/format.h>
#include <hdf5.h>
#ifdef H5_HAVE_PARALLEL
#include <mpi.h>
#endif

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace coscan::io {

std::uint64_t dataset_table_bytes(const engine::Problem &problem) {
  const std::uint64_t pairs = problem.num_pairs();
  // Latency and energy; independent pairs also record their architecture and accelerator.
  const std::uint64_t kBytesPerPair = (problem.pair_sample.empty() ? 2 : 4) * 8;
  return pairs > std::numeric_limits<std::uint64_t>::max() / kBytesPerPair
             ? std::numeric_limits<std::uint64_t>::max()
             : pairs * kBytesPerPair;
}

void check_dataset_size(const Study &study, const engine::Problem &problem) {
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

using Clock = std::chrono::steady_clock;

/// Chunks of one tile, shrunk (halving the longer side) to at most 2^20 values (8 MiB), well
/// under HDF5's 4 GiB chunk limit; a pure function of the study, so every rank agrees.
std::vector<hsize_t> chunk_dims(const engine::Problem &problem, std::uint64_t archs,
                                std::uint64_t accels) {
  if (!problem.pair_sample.empty()) // 1-D: a tile is archs x accels pairs of the list
    return {std::max<hsize_t>(
        1, std::min<std::uint64_t>({archs * accels, problem.num_pairs(), std::uint64_t{1} << 20}))};
  hsize_t rows = std::max<std::uint64_t>(1, std::min(archs, problem.num_archs()));
  hsize_t cols = std::max<std::uint64_t>(1, std::min(accels, problem.num_accels()));
  while (rows * cols > (hsize_t{1} << 20)) {
    if (rows >= cols)
      rows = (rows + 1) / 2;
    else
      cols = (cols + 1) / 2;
  }
  return {rows, cols};
}

/// The temporary name every rank opens: rank 0's AtomicFile's, broadcast.
std::string shared_temp_name(const std::optional<AtomicFile> &file,
                             [[maybe_unused]] const engine::MpiSession &mpi) {
  std::string name = file ? file->temp_path().string() : std::string();
#ifdef H5_HAVE_PARALLEL
  if (mpi.active() && mpi.size() > 1) {
    unsigned long long length = name.size();
    MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    name.resize(length);
    MPI_Bcast(name.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
  }
#endif
  return name;
}

h5::Handle create_shared_file(const std::string &name, const engine::MpiSession &mpi) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
  h5::Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
#ifdef H5_HAVE_PARALLEL
  if (mpi.active() && H5Pset_fapl_mpio(access.id(), MPI_COMM_WORLD, MPI_INFO_NULL) < 0)
    throw std::runtime_error("HDF5: cannot select MPI-IO");
#else
  if (mpi.active() && mpi.size() > 1)
    throw InputError("[output] dataset = true with several MPI ranks needs a parallel HDF5 "
                     "(this coscan was built with a serial one); run on one rank");
#endif
  return h5::Handle(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()), H5Fclose,
                    "create " + name);
}

/// An uninitialised chunked table (every element is written by exactly one tile).
h5::Handle create_table(hid_t group, const std::string &name, const std::vector<hsize_t> &dims,
                        const std::vector<hsize_t> &chunk, hid_t type = H5T_IEEE_F64LE) {
  h5::Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                   "create a dataspace");
  h5::Handle create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  if (H5Pset_chunk(create.id(), static_cast<int>(chunk.size()), chunk.data()) < 0 ||
      H5Pset_alloc_time(create.id(), H5D_ALLOC_TIME_EARLY) < 0 ||
      H5Pset_fill_time(create.id(), H5D_FILL_TIME_NEVER) < 0)
    throw std::runtime_error("HDF5: cannot set the chunking of " + name);
  return h5::Handle(
      H5Dcreate2(group, name.c_str(), type, space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
      H5Dclose, "create dataset " + name);
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

/// /archs: one row per architecture of the dataset.
void write_arch_table(hid_t file, const engine::Problem &problem) {
  const std::vector<std::uint64_t> index = dataset_rows(problem, true);
  const std::uint64_t n = index.size();
  std::vector<std::uint64_t> macs(n), params(n);
  std::vector<std::string> arch_str(n);
  std::vector<double> accuracy(n);
  for (std::uint64_t p = 0; p < n; ++p) {
    const std::uint64_t a = index[p];
    arch_str[p] = problem.archs->arch_str(a);
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

struct DatasetFile::Impl {
  const engine::Problem &problem;
  const engine::MpiSession &mpi;
  std::optional<AtomicFile> atomic; // rank 0 only
  std::string temp_name;
  std::vector<hsize_t> chunk;
  h5::Handle file, group, latency, energy;
  h5::Handle arch_index, accel_index; // independent pairs only
  double write_s = 0;                 // this rank's seconds in write_tile
  bool open = false;

  /// Writes a block of `rank` dimensions (1 or 2) at `start`.
  void write_block(hid_t set, int rank, const hsize_t *start, const hsize_t *count, hid_t mem_type,
                   const void *values) const {
    h5::Handle memory(H5Screate_simple(rank, count, nullptr), H5Sclose, "create a dataspace");
    h5::Handle target(H5Dget_space(set), H5Sclose, "get a dataspace");
    if (H5Sselect_hyperslab(target.id(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0 ||
        H5Dwrite(set, mem_type, memory.id(), target.id(), H5P_DEFAULT, values) < 0)
      throw std::runtime_error(
          fmt::format("HDF5: cannot write a tile at {} of {}", start[0], temp_name));
  }
};

DatasetFile::DatasetFile(const std::filesystem::path &final_path, const engine::Problem &problem,
                         std::uint64_t chunk_archs, std::uint64_t chunk_accels,
                         const engine::MpiSession &mpi)
    : impl_(new Impl{problem, mpi, {}, {}, {}, {}, {}, {}, {}, {}, {}, 0, false}) {
  if (mpi.rank() == 0)
    impl_->atomic.emplace(final_path);
  impl_->temp_name = shared_temp_name(impl_->atomic, mpi);
  impl_->chunk = chunk_dims(problem, chunk_archs, chunk_accels);
  impl_->file = create_shared_file(impl_->temp_name, mpi);
  impl_->group = h5::create_group(impl_->file.id(), "dataset");
  const std::vector<hsize_t> dims =
      problem.pair_sample.empty() ? std::vector<hsize_t>{problem.num_archs(), problem.num_accels()}
                                  : std::vector<hsize_t>{problem.num_pairs()};
  const hid_t g = impl_->group.id();
  impl_->latency = create_table(g, "latency_s", dims, impl_->chunk);
  impl_->energy = create_table(g, "energy_j", dims, impl_->chunk);
  if (!problem.pair_sample.empty()) {
    impl_->arch_index = create_table(g, "arch_index", dims, impl_->chunk, H5T_STD_U64LE);
    impl_->accel_index = create_table(g, "accel_index", dims, impl_->chunk, H5T_STD_U64LE);
  }
  impl_->open = true;
}

DatasetFile::~DatasetFile() = default;

void DatasetFile::write_tile(std::uint64_t arch_position, std::uint64_t accel_position,
                             const engine::TileMetrics &tile) {
  const hsize_t start[2] = {arch_position, accel_position};
  const hsize_t count[2] = {tile.arch_count, tile.accel_count};
  std::scoped_lock lock(engine::MpiSession::call_mutex()); // HDF5 and MPI calls
  const auto t0 = Clock::now();
  impl_->write_block(impl_->latency.id(), 2, start, count, H5T_NATIVE_DOUBLE,
                     tile.latency_s.data());
  impl_->write_block(impl_->energy.id(), 2, start, count, H5T_NATIVE_DOUBLE, tile.energy_j.data());
  impl_->write_s += std::chrono::duration<double>(Clock::now() - t0).count();
}

void DatasetFile::write_pairs(std::uint64_t first_pair, const engine::PairTile &tile) {
  const hsize_t start[1] = {first_pair};
  const hsize_t count[1] = {tile.num_pairs()};
  std::vector<std::uint64_t> arch(tile.num_pairs()), accel(tile.num_pairs());
  for (std::size_t p = 0; p < tile.num_pairs(); ++p) {
    arch[p] = tile.ids[p].arch;
    accel[p] = tile.ids[p].accel;
  }
  std::scoped_lock lock(engine::MpiSession::call_mutex()); // HDF5 and MPI calls
  const auto t0 = Clock::now();
  impl_->write_block(impl_->latency.id(), 1, start, count, H5T_NATIVE_DOUBLE,
                     tile.latency_s.data());
  impl_->write_block(impl_->energy.id(), 1, start, count, H5T_NATIVE_DOUBLE, tile.energy_j.data());
  impl_->write_block(impl_->arch_index.id(), 1, start, count, H5T_NATIVE_UINT64, arch.data());
  impl_->write_block(impl_->accel_index.id(), 1, start, count, H5T_NATIVE_UINT64, accel.data());
  impl_->write_s += std::chrono::duration<double>(Clock::now() - t0).count();
}

void DatasetFile::close() {
  if (!impl_->open)
    return;
  double total_s = impl_->write_s;
#ifdef H5_HAVE_PARALLEL
  if (impl_->mpi.active() && impl_->mpi.size() > 1)
    MPI_Allreduce(&impl_->write_s, &total_s, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
#endif
  // Collective on the shared file: every rank writes the same attribute values.
  h5::attribute(impl_->latency.id(), "units", "s");
  h5::attribute(impl_->energy.id(), "units", "J");
  for (const h5::Handle *set : {&impl_->arch_index, &impl_->accel_index})
    if (set->id() >= 0)
      h5::attribute(set->id(), "units", "1");
  for (const h5::Handle *set : {&impl_->latency, &impl_->energy})
    if (impl_->chunk.size() == 2) {
      h5::attribute(set->id(), "chunk_archs", static_cast<std::uint64_t>(impl_->chunk[0]));
      h5::attribute(set->id(), "chunk_accels", static_cast<std::uint64_t>(impl_->chunk[1]));
    } else {
      h5::attribute(set->id(), "chunk_pairs", static_cast<std::uint64_t>(impl_->chunk[0]));
    }
  h5::attribute(impl_->group.id(), "time_write_s", total_s);
  impl_->latency = {};
  impl_->energy = {};
  impl_->arch_index = {};
  impl_->accel_index = {};
  impl_->group = {};
  impl_->file = {};
  impl_->open = false;
}

void DatasetFile::finish(const RunReport &report) {
  if (impl_->open || !impl_->atomic)
    throw std::logic_error("DatasetFile::finish: only rank 0, after close()");
  {
    h5::Handle file(H5Fopen(impl_->temp_name.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                    "reopen " + impl_->temp_name);
    const std::vector<std::uint64_t> accels = dataset_rows(impl_->problem, false);
    RunReport in_dataset_order = report;
    in_dataset_order.dataset_accels = &accels;
    detail::write_results_content(file.id(), in_dataset_order);
    if (report.ranking)
      detail::write_ranking(file.id(), *report.ranking);
    write_arch_table(file.id(), impl_->problem);
  } // closed (and flushed) before the rename
  impl_->atomic->commit();
}

} // namespace coscan::io
