#pragma once
// Internal: `[output] compression`: shuffle + deflate compressed metric tables, chunked for
// reading, with the chunks compressed by libdeflate on coscan's threads and written whole
// (H5Dwrite_chunk). A one-process run whose tiles cover whole chunks compresses each tile's chunks
// as the sweep writes it (pack_block); otherwise (several ranks, a shard, a checkpointed run,
// independent pairs) the sweep writes uncompressed tiles and rank 0 copies the finished tables
// into compressed ones (write_packed_table).
#include "h5_writer.hpp"

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace coscan::h5::detail {

/// The deflate level: 1, the fastest; higher levels compress these tables hardly more.
inline constexpr int kDeflateLevel = 1;

/// The chunk shape of compressed tables of `dims` swept in tiles of arch_block x accel_block: at
/// most 128 x 128 values (128 KiB), so that one value, one row and one column each decompress
/// little (on NB201 x 10,080 in the default tiles, 128 x 64: a row reads 158 chunks, a column
/// 123); 16,384 values of a 1-D table. Each side divides the tile's when a divisor of 32 to 128
/// exists; `tile_aligned` then says that every tile covers whole chunks (but at the table's
/// edge), so that the sweep can compress them itself.
struct PackedChunks {
  std::vector<hsize_t> dims;
  bool tile_aligned = false;
};
PackedChunks packed_chunk_dims(const std::vector<hsize_t> &dims, std::uint64_t arch_block,
                               std::uint64_t accel_block);

/// Creates `name` in `group`, of `file_type`, shaped `dims`, chunked `chunk`, shuffle + deflate
/// compressed (unchunked when empty), its chunks to be written whole by write_packed_chunks.
h5::Handle create_packed_table(hid_t group, const std::string &name,
                               const std::vector<hsize_t> &dims, hid_t file_type,
                               const std::vector<hsize_t> &chunk);

/// One compressed chunk and its position in the table.
struct PackedChunk {
  std::vector<hsize_t> offset;
  std::vector<std::byte> bytes;
};

/// The compressed chunks of a block of a 2-D table: `values` row-major rows x cols at (row0,
/// col0), a multiple of the chunk shape `chunk` (std::logic_error otherwise), whole chunks but at
/// the table's edge (padded with zeros, as HDF5 stores edge chunks). Compressed on the calling
/// thread; no HDF5 call, so threads can pack at once.
std::vector<PackedChunk> pack_block(const double *values, hsize_t row0, hsize_t col0, hsize_t rows,
                                    hsize_t cols, const std::vector<hsize_t> &chunk);

/// Writes packed chunks into `table` (H5Dwrite_chunk). Throws std::runtime_error on an HDF5
/// failure.
void write_packed_chunks(hid_t table, const std::vector<PackedChunk> &chunks,
                         const std::string &name);

/// Creates `name` in `group`, of `file_type` (an 8-byte little-endian type), shaped as table
/// `from`, chunked `chunk`, shuffle + deflate compressed, and copies `from` into it (read as
/// `memory_type`) slab by slab. Throws std::runtime_error on an HDF5 failure. Returns it.
h5::Handle write_packed_table(hid_t group, const std::string &name, hid_t from, hid_t file_type,
                              hid_t memory_type, const std::vector<hsize_t> &chunk);

} // namespace coscan::h5::detail
