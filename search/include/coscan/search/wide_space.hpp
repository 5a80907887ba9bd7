#pragma once
// Architecture spaces larger than 2^64 (FBNet's 9^22 = 9.85e20). Their full codec works on
// 128-bit indices; the engine, whose indices are 64-bit, sees a *list* of their architectures (a
// seeded sample, or the rows of a file) through the ArchSpace interface, whose index is then the
// position in that list. docs/spaces.md, "Spaces larger than 2^64".
#include <coscan/search/arch_space.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace coscan::search {

__extension__ typedef unsigned __int128 WideIndex;

/// Decimal digits of a 128-bit index.
std::string to_string(WideIndex value);

class WideArchSpace : public ArchSpace {
public:
  /// The number of architectures of the whole space (beyond 2^64).
  virtual WideIndex wide_size() const = 0;
  /// Architecture i of the stream `seed`: every choice drawn by the counter-based generator, so
  /// it depends only on (seed, i) and every rank draws the same one. Uniform over the space.
  virtual WideIndex draw(std::uint64_t seed, std::uint64_t i) const = 0;
  /// The string of any architecture of the whole space, and back (nullopt: not one of them).
  virtual std::string wide_arch_str(WideIndex index) const = 0;
  virtual std::optional<WideIndex> parse_wide(std::string_view text) const = 0;

  /// Replaces the listed architectures (every one must be below wide_size()).
  void set_list(std::vector<WideIndex> list);
  const std::vector<WideIndex> &list() const { return list_; }
  /// The architecture at list position `position` (std::out_of_range past the list).
  WideIndex wide_index(std::uint64_t position) const;

  /// The 64-bit interface: positions in the list.
  std::uint64_t size() const final { return list_.size(); }
  std::string arch_str(std::uint64_t position) const final;
  /// The first list position holding the architecture; nullopt when it is not listed.
  std::optional<std::uint64_t> parse(std::string_view text) const final;

private:
  struct Hash {
    std::size_t operator()(WideIndex v) const noexcept;
  };
  std::vector<WideIndex> list_;
  std::unordered_map<WideIndex, std::uint64_t, Hash> position_;
};

/// `count` architectures of `space` drawn from stream `seed`, sorted ascending (sweeps stay in
/// index order). Without replacement repeats are skipped and drawing goes on (with 9.85e20
/// architectures a repeat is all but impossible, but the result stays exact and deterministic).
std::vector<WideIndex> sample_wide(const WideArchSpace &space, std::uint64_t count,
                                   std::uint64_t seed, bool with_replacement);

} // namespace coscan::search
