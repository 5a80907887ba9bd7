// The checkpoint reader. A raw file stops at the magic or the checksum almost always, so the
// input is framed as this coscan version writes it (magic, format, version string ... checksum)
// and the fuzzer mutates what lies behind: the identity, the progress and the Pareto front.
// An input starting with 'R' is used raw instead (the header and checksum checks).
#include "fuzz_target.hpp"

#include <coscan/h5/checkpoint.hpp>
#include <coscan/h5/version.hpp>

#include <string>

namespace {

std::uint64_t fnv1a(std::string_view bytes) { // as h5/src/checkpoint.cpp checksums a file
  std::uint64_t hash = 0xcbf29ce484222325;
  for (const char c : bytes)
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
  return hash;
}

template <class T> void put(std::string &out, T value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view input = coscan::fuzz::as_text(data, size);
  std::string file;
  if (!input.empty() && input.front() == 'R') {
    file = input.substr(1);
  } else {
    file = "COSCANCK";
    put<std::uint32_t>(file, 3); // the format version
    const std::string_view version = coscan::h5::coscan_version();
    put<std::uint64_t>(file, version.size());
    file += version;
    file += input;
    put<std::uint64_t>(file, fnv1a(file));
  }
  const auto path = coscan::fuzz::write_file("checkpoint", file);
  coscan::fuzz::expect_success_or_refusal([&] { (void)coscan::h5::read_checkpoint_header(path); });
  return 0;
}
