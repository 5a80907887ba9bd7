#pragma once
// Internal: `[output] compression`: the finished metric tables copied into shuffle + deflate
// compressed tables, chunked for reading, with the chunks compressed on the worker threads and
// written whole (H5Dwrite_chunk). The sweep itself writes uncompressed tiles (every rank, its own
// pace, resumable); the compression runs once, when rank 0 completes the file.
#include "h5_writer.hpp"

#include <hdf5.h>

#include <string>
#include <vector>

namespace coscan::io::detail {

/// The deflate level: 1, the fastest; higher levels compress these tables hardly more.
inline constexpr int kDeflateLevel = 1;

/// The chunk shape of compressed tables: at most 128 x 128 values (128 KiB) of a table of
/// architectures x accelerators, 16,384 of a 1-D one, so that one value, one row and one column
/// each decompress little: on NB201 x 10,080, a row reads 79 chunks and a column 123.
std::vector<hsize_t> packed_chunk_dims(const std::vector<hsize_t> &dims);

/// Creates `name` in `group`, of `file_type` (an 8-byte little-endian type), shaped as table
/// `from`, chunked `chunk`, shuffle + deflate compressed, and copies `from` into it (read as
/// `memory_type`) slab by slab. Throws std::runtime_error on an HDF5 failure. Returns it.
h5::Handle write_packed_table(hid_t group, const std::string &name, hid_t from, hid_t file_type,
                              hid_t memory_type, const std::vector<hsize_t> &chunk);

} // namespace coscan::io::detail
