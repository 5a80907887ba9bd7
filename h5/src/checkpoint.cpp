#include <coscan/costmodel/error.hpp>
#include <coscan/h5/checkpoint.hpp>
#include <coscan/h5/version.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace coscan::h5 {
namespace {

/// A checkpoint file's bytes; a folder, a missing or unreadable file is bad input (exit 2).
std::vector<char> read_file(const std::filesystem::path &file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(fmt::format("{}: {}", file.string(),
                                 std::filesystem::is_directory(file, ec)
                                     ? "is a folder, not a checkpoint file"
                                     : "no such checkpoint file"));
  std::ifstream stream(file, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  if (!stream.eof() && stream.fail())
    throw InputError(fmt::format("{}: cannot read the checkpoint", file.string()));
  return raw;
}

/// The file's bytes as std::byte (an empty file: none; memcpy from its null data() is undefined).
std::vector<std::byte> to_bytes(const std::vector<char> &raw) {
  std::vector<std::byte> bytes(raw.size());
  if (!raw.empty())
    std::memcpy(bytes.data(), raw.data(), raw.size());
  return bytes;
}

constexpr char kMagic[8] = {'C', 'O', 'S', 'C', 'A', 'N', 'C', 'K'};
// 2: the dataset tables' id; 3: pairs computed; 4: a Pareto sweep numbers its tiles over the
// candidate accelerators (ParetoCandidateAccels), so a tile number of 3 means another tile.
constexpr std::uint32_t kFormatVersion = 4;

std::uint64_t fnv1a(const void *data, std::size_t bytes, std::uint64_t hash = 0xcbf29ce484222325) {
  const auto *p = static_cast<const unsigned char *>(data);
  for (std::size_t i = 0; i < bytes; ++i)
    hash = (hash ^ p[i]) * 0x100000001b3ull;
  return hash;
}

class Writer {
public:
  template <class T> void put(const T &value) {
    const auto *p = reinterpret_cast<const std::byte *>(&value);
    bytes.insert(bytes.end(), p, p + sizeof(T));
  }
  void put_bytes(const void *data, std::size_t n) {
    put(static_cast<std::uint64_t>(n));
    const auto *p = static_cast<const std::byte *>(data);
    bytes.insert(bytes.end(), p, p + n);
  }
  std::vector<std::byte> bytes;
};

/// Reads fields in order; running past the end means a truncated (corrupt) file.
class Reader {
public:
  Reader(const std::vector<std::byte> &bytes, std::size_t end) : bytes_(bytes), end_(end) {}
  template <class T> T get() {
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  std::vector<std::byte> get_bytes() {
    const auto n = get<std::uint64_t>();
    const std::byte *p = take(n);
    return {p, p + n};
  }

private:
  const std::byte *take(std::uint64_t n) {
    if (n > end_ - at_)
      throw std::length_error("truncated");
    const std::byte *p = bytes_.data() + at_;
    at_ += n;
    return p;
  }
  const std::vector<std::byte> &bytes_;
  std::size_t end_, at_ = 0;
};

} // namespace

std::uint64_t study_hash(const study::Study &study) {
  return fnv1a(study.text.data(), study.text.size());
}

std::filesystem::path checkpoint_path(const std::filesystem::path &base, int rank, int num_ranks) {
  if (num_ranks == 1)
    return base;
  std::filesystem::path path = base;
  path += fmt::format(".rank{}of{}", rank, num_ranks);
  return path;
}

void write_checkpoint(const std::filesystem::path &file, const CheckpointIdentity &identity,
                      const engine::SweepState &state) {
  Writer w;
  for (char c : kMagic)
    w.put(c);
  w.put(kFormatVersion);
  const std::string version(coscan_version());
  w.put_bytes(version.data(), version.size());
  w.put(identity.study_hash);
  w.put(static_cast<std::int32_t>(identity.rank));
  w.put(static_cast<std::int32_t>(identity.num_ranks));
  w.put(identity.dataset_id);
  w.put(state.next_tile);
  w.put(state.pairs_evaluated);
  w.put(state.wall_s);
  w.put(state.timings);
  w.put(state.pairs_computed);
  w.put_bytes(state.front.data(), state.front.size());
  w.put(fnv1a(w.bytes.data(), w.bytes.size()));

  tables::AtomicFile out(file);
  out.write(w.bytes);
  out.commit();
}

engine::SweepState read_checkpoint(const std::filesystem::path &file,
                                   const CheckpointIdentity &expected) {
  const auto fail = [&](const std::string &why) -> engine::SweepState {
    throw InputError(fmt::format("{}: {}", file.string(), why));
  };
  const std::vector<std::byte> bytes = to_bytes(read_file(file));
  if (bytes.size() < sizeof kMagic + sizeof(std::uint64_t) ||
      std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return fail("not a coscan checkpoint");
  std::uint64_t checksum;
  std::memcpy(&checksum, bytes.data() + bytes.size() - sizeof checksum, sizeof checksum);
  if (checksum != fnv1a(bytes.data(), bytes.size() - sizeof checksum))
    return fail("corrupt checkpoint (checksum mismatch)");
  try {
    Reader r(bytes, bytes.size() - sizeof checksum);
    for (std::size_t i = 0; i < sizeof kMagic; ++i)
      r.get<char>();
    if (r.get<std::uint32_t>() != kFormatVersion)
      return fail("checkpoint format of another coscan version");
    const auto version_bytes = r.get_bytes();
    const std::string version(reinterpret_cast<const char *>(version_bytes.data()),
                              version_bytes.size());
    if (version != coscan_version())
      return fail(fmt::format("written by coscan {}, this is {}", version, coscan_version()));
    if (r.get<std::uint64_t>() != expected.study_hash)
      return fail("checkpoint of another study (the study text differs)");
    const auto rank = r.get<std::int32_t>(), num_ranks = r.get<std::int32_t>();
    if (rank != expected.rank || num_ranks != expected.num_ranks)
      return fail(fmt::format("checkpoint of rank {} of {}, this is rank {} of {} (resume with "
                              "the same number of ranks)",
                              rank, num_ranks, expected.rank, expected.num_ranks));
    if (r.get<std::uint64_t>() != expected.dataset_id)
      return fail("checkpoint of another run's dataset tables ([output] dataset: the tables "
                  "were written again since, or without checkpoints); run again without "
                  "--resume");
    engine::SweepState state;
    state.next_tile = r.get<std::uint64_t>();
    state.pairs_evaluated = r.get<std::uint64_t>();
    state.wall_s = r.get<double>();
    state.timings = r.get<engine::SweepTimings>();
    state.pairs_computed = r.get<std::uint64_t>();
    state.front = r.get_bytes();
    engine::ParetoFront::load(state.front); // validates the front
    return state;
  } catch (const std::exception &e) {
    return fail(std::string("corrupt checkpoint (") + e.what() + ")");
  }
}

CheckpointHeader read_checkpoint_header(const std::filesystem::path &file) {
  // The identity recorded in the file, then the full check against it.
  const std::vector<char> raw = read_file(file);
  CheckpointIdentity identity;
  try {
    const std::vector<std::byte> bytes = to_bytes(raw);
    Reader r(bytes, bytes.size());
    for (std::size_t i = 0; i < sizeof kMagic; ++i)
      r.get<char>();
    r.get<std::uint32_t>();
    r.get_bytes();
    identity.study_hash = r.get<std::uint64_t>();
    identity.rank = r.get<std::int32_t>();
    identity.num_ranks = r.get<std::int32_t>();
    identity.dataset_id = r.get<std::uint64_t>();
  } catch (const std::exception &) {
    throw InputError(fmt::format("{}: not a coscan checkpoint", file.string()));
  }
  const engine::SweepState state = read_checkpoint(file, identity);
  return {identity.study_hash, identity.rank,         identity.num_ranks, identity.dataset_id,
          state.next_tile,     state.pairs_evaluated, state.wall_s};
}

} // namespace coscan::h5
