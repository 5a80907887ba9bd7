#include <coscan/engine/mpi_session.hpp>

#include <mpi.h>

#include <cstdlib>
#include <stdexcept>

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
