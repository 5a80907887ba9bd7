#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace coscan::search {

std::string to_string(WideIndex value) {
  if (value == 0)
    return "0";
  std::string digits;
  while (value > 0) {
    digits += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::size_t WideArchSpace::Hash::operator()(WideIndex v) const noexcept {
  return static_cast<std::size_t>(
      mix64(static_cast<std::uint64_t>(v) ^ mix64(static_cast<std::uint64_t>(v >> 64))));
}

void WideArchSpace::set_list(std::vector<WideIndex> list) {
  for (WideIndex index : list)
    if (index >= wide_size())
      throw std::out_of_range(fmt::format("{} index {} is not below {}", kind(), to_string(index),
                                          to_string(wide_size())));
  list_ = std::move(list);
  position_.clear();
  for (std::uint64_t p = 0; p < list_.size(); ++p)
    position_.try_emplace(list_[p], p);
}

WideIndex WideArchSpace::wide_index(std::uint64_t position) const {
  if (position >= list_.size())
    throw std::out_of_range(fmt::format("{} list position {} is past the {} listed architectures",
                                        kind(), position, list_.size()));
  return list_[position];
}

std::string WideArchSpace::arch_str(std::uint64_t position) const {
  return wide_arch_str(wide_index(position));
}

std::optional<std::uint64_t> WideArchSpace::parse(std::string_view text) const {
  const auto index = parse_wide(text);
  if (!index)
    return std::nullopt;
  const auto it = position_.find(*index);
  if (it == position_.end())
    return std::nullopt;
  return it->second;
}

std::vector<WideIndex> sample_wide(const WideArchSpace &space, std::uint64_t count,
                                   std::uint64_t seed, bool with_replacement) {
  std::vector<WideIndex> out;
  out.reserve(count);
  if (with_replacement) {
    for (std::uint64_t i = 0; i < count; ++i)
      out.push_back(space.draw(seed, i));
  } else {
    if (space.wide_size() < count)
      throw std::invalid_argument("sample_wide: more draws than architectures");
    for (std::uint64_t i = 0; out.size() < count; ++i)
      out.push_back(space.draw(seed, i));
    std::sort(out.begin(), out.end());
    // Replace repeats by further draws until `count` distinct remain (deterministic order).
    for (std::uint64_t next = count;;) {
      const auto last = std::unique(out.begin(), out.end());
      if (last == out.end())
        break;
      out.erase(last, out.end());
      while (out.size() < count)
        out.push_back(space.draw(seed, next++));
      std::sort(out.begin(), out.end());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace coscan::search
