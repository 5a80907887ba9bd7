#include "arch_space_builder.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/search/networks.hpp>
#include <coscan/search/sampling.hpp>
#include <coscan/search/wide_space.hpp>
#include <coscan/tables/layer_table.hpp>
#include <coscan/tables/maestro_model.hpp>

#include <fmt/format.h>

#include <map>

namespace coscan::study::detail {

namespace {

/// The networks of `[arch_space] files`, in order of first appearance; a network's layers in
/// file order. A name in two files is an error (names are the architecture strings).
std::unique_ptr<search::ArchSpace> build_networks(const Study &study) {
  std::vector<search::NetworksSpace::Network> networks;
  std::map<std::string, std::pair<std::size_t, std::filesystem::path>> seen; // -> index, file
  for (const std::filesystem::path &file : study.arch_files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error))
      throw InputError(fmt::format("{}: key 'arch_space.files': no such file '{}'",
                                   study.file.string(), file.string()));
    const std::vector<tables::NamedLayer> layers = file.extension() == ".m"
                                                       ? tables::read_maestro_model(file)
                                                       : tables::read_layer_table(file);
    if (layers.empty())
      throw InputError(fmt::format("{}: no layers", file.string()));
    for (const tables::NamedLayer &layer : layers) {
      auto [it, added] = seen.try_emplace(layer.network, networks.size(), file);
      if (added)
        networks.push_back({layer.network, {}});
      else if (it->second.second != file)
        throw InputError(fmt::format("{}:{}: network '{}' is also in {} (network names must be "
                                     "unique: they name the architectures)",
                                     file.string(), layer.line, layer.network,
                                     it->second.second.string()));
      networks[it->second.first].layers.push_back(layer.shape);
    }
  }
  return std::make_unique<search::NetworksSpace>(std::move(networks));
}

} // namespace

std::unique_ptr<search::ArchSpace> build_arch_space(const Study &study) {
  if (study.arch_space == "networks")
    return build_networks(study);
  return search::make_arch_space(study.arch_space);
}

void list_wide_sample(const Study &study, search::ArchSpace &space, bool allow_unlisted) {
  auto *wide = dynamic_cast<search::WideArchSpace *>(&space);
  if (wide == nullptr)
    return;
  const EnumerationSpec &spec = study.enumeration;
  if (spec.mode != EnumerationMode::sample || spec.archs == 0) {
    if (allow_unlisted)
      return;
    throw InputError(fmt::format(
        "{}: key 'enumeration.archs': the '{}' space has {} architectures, more than 2^64: "
        "sample them ([enumeration] mode = \"sample\", archs = N)",
        study.file.string(), space.kind(), search::to_string(wide->wide_size())));
  }
  // The stream of the 64-bit spaces' architecture sample (problem_builder.cpp), so a seed means
  // the same kind of draw everywhere.
  wide->set_list(search::sample_wide(*wide, spec.archs, search::mix64(spec.seed) ^ 0x61726368,
                                     spec.replacement));
}

} // namespace coscan::study::detail
