"""HDF5 datasets as lazily indexed xarray variables (xarray's backend-array protocol)."""

import xarray as xr
from xarray.core import indexing

from . import _h5


class _H5Array(xr.backends.BackendArray):
    """Reads only the selected part of an h5py dataset, when xarray asks for values."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.shape = dataset.shape
        self.dtype = dataset.dtype

    def __getitem__(self, key):
        return indexing.explicit_indexing_adapter(key, self.shape, indexing.IndexingSupport.BASIC,
                                                  self._read)

    def _read(self, key):
        return self.dataset[key]


def lazy_variable(dataset, dims):
    """An xarray.Variable over `dataset` with its attributes; nothing is read yet."""
    return xr.Variable(dims, indexing.LazilyIndexedArray(_H5Array(dataset)),
                       attrs=_h5.attributes(dataset))
