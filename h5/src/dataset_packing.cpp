// Compressed copies of the metric tables; dataset_packing.hpp.
#include "dataset_packing.hpp"

#include <coscan/engine/sweep/parallel.hpp>

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <span>
#include <stdexcept>
#include <utility>

namespace coscan::h5::detail {
namespace {

// Chunks are written as the filters would write them, bypassing HDF5's type conversion: the
// values' memory bytes are the file's little-endian ones.
static_assert(std::endian::native == std::endian::little,
              "dataset compression writes native doubles as little-endian chunks");

constexpr std::size_t kValueBytes = 8;

/// Values per compressed chunk (128 KiB).
constexpr hsize_t kChunkValues = 16384;

/// HDF5's shuffle filter: byte b of value i goes to b * n + i.
void shuffle(const std::byte *in, std::size_t n, std::byte *out) {
  for (std::size_t b = 0; b < kValueBytes; ++b) {
    std::byte *plane = out + b * n;
    for (std::size_t i = 0; i < n; ++i)
      plane[i] = in[i * kValueBytes + b];
  }
}

/// A libdeflate compressor, one per thread (compressor()).
struct Compressor {
  Compressor() : z(libdeflate_alloc_compressor(kDeflateLevel)) {
    if (!z)
      throw std::runtime_error("libdeflate: cannot allocate a compressor");
  }
  ~Compressor() { libdeflate_free_compressor(z); }
  Compressor(const Compressor &) = delete;
  Compressor &operator=(const Compressor &) = delete;
  libdeflate_compressor *z;
};

const Compressor &compressor() {
  thread_local const Compressor mine;
  return mine;
}

/// One chunk's values (padded with zeros to the chunk's size), shuffled and deflated as HDF5's
/// filters would: the deflate filter stores a zlib stream.
std::vector<std::byte> compress_chunk(const std::vector<std::byte> &values,
                                      std::vector<std::byte> &work, const Compressor &compressor) {
  work.resize(values.size());
  shuffle(values.data(), values.size() / kValueBytes, work.data());
  std::vector<std::byte> out(libdeflate_zlib_compress_bound(compressor.z, work.size()));
  const std::size_t size =
      libdeflate_zlib_compress(compressor.z, work.data(), work.size(), out.data(), out.size());
  if (size == 0)
    throw std::runtime_error("libdeflate: cannot compress a chunk of the tables");
  out.resize(size);
  return out;
}

/// The chunk shape of table `table` (its own dimensions when it is not chunked).
std::vector<hsize_t> chunk_shape(hid_t table, int rank) {
  h5::Handle create(H5Dget_create_plist(table), H5Pclose, "get dataset properties");
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank), 1);
  if (H5Pget_layout(create.id()) == H5D_CHUNKED)
    h5::check(H5Pget_chunk(create.id(), rank, shape.data()), "read a table's chunks");
  return shape;
}

/// The number of chunks in a block of rows x cols (a 1-D block: cols = 1).
std::size_t chunks_in_block(hsize_t rows, hsize_t cols, const std::vector<hsize_t> &chunk) {
  const hsize_t chunk_cols = chunk.size() == 2 ? chunk[1] : 1;
  return ((rows + chunk[0] - 1) / chunk[0]) * ((cols + chunk_cols - 1) / chunk_cols);
}

/// Chunk k (chunk row k / across, column k % across) of a block of `values` (row-major, rows x
/// cols, at row0, col0 of the table; a 1-D block has cols = 1), compressed.
PackedChunk pack_chunk(const std::byte *values, hsize_t row0, hsize_t col0, hsize_t rows,
                       hsize_t cols, const std::vector<hsize_t> &chunk, std::size_t k) {
  const bool two_d = chunk.size() == 2;
  const hsize_t chunk_rows = chunk[0], chunk_cols = two_d ? chunk[1] : 1;
  if (row0 % chunk_rows != 0 || col0 % chunk_cols != 0)
    throw std::logic_error("pack_chunk: a block not aligned to the chunks");
  const hsize_t across = (cols + chunk_cols - 1) / chunk_cols;
  const hsize_t r = k / across * chunk_rows, c = k % across * chunk_cols;
  const hsize_t height = std::min(chunk_rows, rows - r), width = std::min(chunk_cols, cols - c);
  // Zeros beyond the table's edge, as HDF5 pads edge chunks.
  std::vector<std::byte> chunk_values(chunk_rows * chunk_cols * kValueBytes, std::byte{0}), work;
  if (width == cols && width == chunk_cols) // whole rows on both sides: one run
    std::memcpy(chunk_values.data(), values + r * cols * kValueBytes, height * width * kValueBytes);
  else
    for (hsize_t i = 0; i < height; ++i)
      std::memcpy(&chunk_values[i * chunk_cols * kValueBytes],
                  values + ((r + i) * cols + c) * kValueBytes, width * kValueBytes);
  std::vector<hsize_t> offset{row0 + r};
  if (two_d)
    offset.push_back(col0 + c);
  return {std::move(offset), compress_chunk(chunk_values, work, compressor())};
}

} // namespace

PackedChunks packed_chunk_dims(const std::vector<hsize_t> &dims, std::uint64_t arch_block,
                               std::uint64_t accel_block) {
  if (dims.size() == 1)
    return {{std::clamp<hsize_t>(dims[0], 1, kChunkValues)}, false};
  // One side: the largest divisor of the tile's side up to `most` when it is at least 32 (whole
  // chunks per tile), otherwise `most` (aligned only when one tile spans the whole dimension).
  const auto side = [](hsize_t dim, std::uint64_t block, hsize_t most) -> std::pair<hsize_t, bool> {
    hsize_t divisor = most;
    while (divisor > 1 && block % divisor != 0)
      --divisor;
    if (divisor >= 32)
      return {std::clamp<hsize_t>(dim, 1, divisor), true};
    return {std::clamp<hsize_t>(dim, 1, most), dim <= block};
  };
  // At most 128 accelerators, and as many architectures as keep a chunk at 16,384 values: the
  // rows of architectures that cost the same repeat within a chunk, which deflate finds.
  const auto [cols, cols_aligned] = side(dims[1], accel_block, 128);
  const auto [rows, rows_aligned] = side(dims[0], arch_block, kChunkValues / cols);
  return {{rows, cols}, rows_aligned && cols_aligned};
}

h5::Handle create_packed_table(hid_t group, const std::string &name,
                               const std::vector<hsize_t> &dims, hid_t file_type,
                               const std::vector<hsize_t> &chunk) {
  h5::Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                   "create a dataspace");
  h5::Handle create(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  if (std::find(dims.begin(), dims.end(), hsize_t{0}) == dims.end()) { // an empty one: unchunked
    h5::check(H5Pset_chunk(create.id(), static_cast<int>(chunk.size()), chunk.data()),
              "chunk " + name);
    h5::check(H5Pset_shuffle(create.id()), "set the shuffle filter of " + name);
    h5::check(H5Pset_deflate(create.id(), kDeflateLevel), "set the deflate filter of " + name);
  }
  return h5::Handle(
      H5Dcreate2(group, name.c_str(), file_type, space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
      H5Dclose, "create dataset " + name);
}

std::vector<PackedChunk> pack_block(const double *values, hsize_t row0, hsize_t col0, hsize_t rows,
                                    hsize_t cols, const std::vector<hsize_t> &chunk) {
  std::vector<PackedChunk> out;
  const auto *bytes = reinterpret_cast<const std::byte *>(values);
  for (std::size_t k = 0, n = chunks_in_block(rows, cols, chunk); k < n; ++k)
    out.push_back(pack_chunk(bytes, row0, col0, rows, cols, chunk, k));
  return out;
}

void write_packed_chunks(hid_t table, const std::vector<PackedChunk> &chunks,
                         const std::string &name) {
  for (const PackedChunk &chunk : chunks)
    h5::check(H5Dwrite_chunk(table, H5P_DEFAULT, 0, chunk.offset.data(), chunk.bytes.size(),
                             chunk.bytes.data()),
              fmt::format("write a compressed chunk of {}", name));
}

h5::Handle write_packed_table(hid_t group, const std::string &name, hid_t from, hid_t file_type,
                              hid_t memory_type, const std::vector<hsize_t> &chunk) {
  const int rank = static_cast<int>(chunk.size());
  h5::Handle space(H5Dget_space(from), H5Sclose, "get a dataspace");
  std::vector<hsize_t> dims(chunk.size());
  h5::check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "read a table's shape");
  h5::Handle table = create_packed_table(group, name, dims, file_type, chunk);
  if (std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end())
    return table;

  // Blocks of whole output chunks, read at once, cut into chunks compressed in parallel, written
  // in order. A block spans the source's chunk rows (the sweep's tiles), rounded up to whole
  // output chunks, so that each source chunk is read about once: reading output-chunk-high
  // slabs would read each source chunk whole for every slab crossing it.
  const hsize_t rows = dims[0], cols = rank == 2 ? dims[1] : 1;
  const hsize_t chunk_rows = chunk[0], chunk_cols = rank == 2 ? chunk[1] : 1;
  const std::vector<hsize_t> source = chunk_shape(from, rank);
  const hsize_t block_rows =
      rank == 2 ? std::min<hsize_t>(8192, (source[0] + chunk_rows - 1) / chunk_rows * chunk_rows)
                : 64 * chunk_rows;
  const hsize_t block_cols = rank == 2 ? 4 * chunk_cols : 1;
  std::vector<std::byte> block;
  std::vector<PackedChunk> packed;
  for (hsize_t r0 = 0; r0 < rows; r0 += block_rows) {
    for (hsize_t c0 = 0; c0 < cols; c0 += block_cols) {
      const hsize_t n_rows = std::min(block_rows, rows - r0),
                    n_cols = std::min(block_cols, cols - c0);
      const hsize_t start[2] = {r0, c0}, count[2] = {n_rows, n_cols};
      block.resize(n_rows * n_cols * kValueBytes);
      if (!h5::read_block(from, std::span(start, chunk.size()), std::span(count, chunk.size()),
                          memory_type, block.data()))
        throw std::runtime_error("HDF5: cannot read a block of the tables: " +
                                 h5::failure_reason());
      packed.assign(chunks_in_block(n_rows, n_cols, chunk), {});
      engine::parallel_for(std::size_t{0}, packed.size(), [&](std::size_t k) {
        packed[k] = pack_chunk(block.data(), r0, c0, n_rows, n_cols, chunk, k);
      });
      write_packed_chunks(table.id(), packed, name);
    }
  }
  return table;
}

} // namespace coscan::h5::detail
