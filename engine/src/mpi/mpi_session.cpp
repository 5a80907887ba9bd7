#include <coscan/engine/mpi/mpi_session.hpp>

#include <mpi.h>

#include <cstdlib>
#include <stdexcept>

#if defined(__SANITIZE_ADDRESS__)
#define COSCAN_LEAK_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COSCAN_LEAK_SANITIZER 1
#endif
#endif

#ifdef COSCAN_LEAK_SANITIZER
// LeakSanitizer's hook, asked at exit. Open MPI keeps memory past MPI_Finalize, allocated by
// components it has unloaded by then (no module, so no suppression can name them): a process
// launched by MPI is not leak-checked. Leaks of coscan's own code show in the single-process
// runs of the same paths, which the suite has for every MPI test.
extern "C" int __lsan_is_turned_off() { return coscan::engine::MpiSession::launched_by_mpi(); }
#endif

namespace coscan::engine {

bool MpiSession::launched_by_mpi() {
  for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr)
      return true;
  return false;
}

MpiSession::MpiSession(int &argc, char **&argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) { // someone else (a test's main) owns MPI: adopt it, never finalise it
    active_ = true;
  } else if (launched_by_mpi()) {
    int provided = 0;
    // Serialised: the main thread calls MPI, and so do oneTBB workers one at a time (parallel
    // HDF5 writes of `[output] dataset` tiles, under a lock).
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
      throw std::runtime_error("MPI_Init_thread failed");
    active_ = owner_ = true;
  } else {
    return;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

std::mutex &MpiSession::call_mutex() {
  static std::mutex mutex;
  return mutex;
}

MpiSession::~MpiSession() {
  if (owner_)
    MPI_Finalize();
}

} // namespace coscan::engine
