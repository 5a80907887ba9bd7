#pragma once
// MPI for a coscan process. MPI is initialised only when a launcher (mpirun, srun) started the
// process: a plain run on a laptop pays nothing (a singleton MPI_Init costs ~0.5 s here).
#include <mutex>

namespace coscan::engine {

class MpiSession {
public:
  MpiSession(int &argc, char **&argv);
  ~MpiSession();
  MpiSession(const MpiSession &) = delete;
  MpiSession &operator=(const MpiSession &) = delete;

  /// Adopts an MPI that is already initialised; otherwise initialises it when launched by MPI.
  /// True when the environment shows an MPI launcher (Open MPI's or PMIx's rank variables).
  static bool launched_by_mpi();

  bool active() const { return active_; }
  /// MPI runs serialised (MPI_THREAD_SERIALIZED): threads other than the main one hold this
  /// lock around their MPI calls (parallel HDF5 writes, progress messages).
  static std::mutex &call_mutex();
  int rank() const { return rank_; }
  int size() const { return size_; }

private:
  bool active_ = false;
  bool owner_ = false; // this session initialised MPI and finalises it
  int rank_ = 0;
  int size_ = 1;
};

} // namespace coscan::engine
