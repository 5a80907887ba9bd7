#pragma once
// The study's architecture space, as build_problem() makes it (internal to coscan::study).
#include <coscan/search/arch_space.hpp>
#include <coscan/study/study.hpp>

#include <memory>

namespace coscan::study::detail {

/// A built-in space of `[arch_space] kind`, or for kind = "networks" the networks of its files.
std::unique_ptr<search::ArchSpace> build_arch_space(const Study &study);

/// A space larger than 2^64 (search::WideArchSpace) sweeps a seeded sample: lists the study's
/// `[enumeration] archs` draws in it. Without a sample it stays empty when `allow_unlisted`
/// (the caller lists architectures itself), otherwise that is an InputError. Other spaces are
/// left alone.
void list_wide_sample(const Study &study, search::ArchSpace &space, bool allow_unlisted);

} // namespace coscan::study::detail
