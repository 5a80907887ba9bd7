// The study parser: any TOML text is parsed into a Study or refused with an InputError.
#include "fuzz_target.hpp"

#include <coscan/io/checkpoint.hpp>
#include <coscan/io/study.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  coscan::fuzz::expect_success_or_refusal([&] {
    const coscan::io::Study study =
        coscan::io::parse_study(coscan::fuzz::as_text(data, size), "fuzz.toml");
    (void)coscan::io::study_hash(study);
    (void)coscan::io::study_inputs(study);
  });
  return 0;
}
