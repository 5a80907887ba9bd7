// The study parser: any TOML text is parsed into a Study or refused with an InputError.
#include "fuzz_target.hpp"

#include <coscan/h5/checkpoint.hpp>
#include <coscan/study/study.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  coscan::fuzz::expect_success_or_refusal([&] {
    const coscan::study::Study study =
        coscan::study::parse_study(coscan::fuzz::as_text(data, size), "fuzz.toml");
    (void)coscan::h5::study_hash(study);
    (void)coscan::study::study_inputs(study);
  });
  return 0;
}
