// A MAESTRO .m model file.
#include "fuzz_target.hpp"

#include <coscan/tables/maestro_model.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  coscan::fuzz::expect_success_or_refusal([&] {
    (void)coscan::tables::parse_maestro_model(coscan::fuzz::as_text(data, size), "fuzz.m");
  });
  return 0;
}
