"""Small h5py helpers: decoded attributes, groups as DataFrames."""

import h5py
import numpy as np


# Columns that come first in a table, in this order; the rest follow by name.
_LEADING = ("arch_index", "accel_index", "arch_str", "rule", "target")


def decode(value):
    """An HDF5 attribute value as plain Python: str for strings, int/float for scalars."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [decode(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def attributes(obj):
    """Every attribute of a file, group or dataset, decoded."""
    return {name: decode(value) for name, value in obj.attrs.items()}


def read(dataset, selection=()):
    """A dataset's values (or a selection of them); strings decoded to str."""
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return dataset.asstr()[selection]
    return dataset[selection]


def frame(group):
    """The 1-D datasets of a group as a DataFrame, one column each, in the group's order.

    The rows are those of the group's table: datasets of another length (`/verify`'s `hv_ideal`,
    one value per objective) go into `frame.attrs` as lists, beside the group's attributes.
    `frame.attrs["units"]` holds each column's unit.
    """
    import pandas as pd  # here, not at import: `import coscan` stays quick for a query

    vectors = {name: member for name, member in group.items()
               if isinstance(member, h5py.Dataset) and member.ndim == 1}
    lengths = [member.shape[0] for member in vectors.values()]
    rows = max(set(lengths), key=lengths.count) if lengths else 0
    columns, units, others = {}, {}, {}
    for name in sorted(vectors, key=lambda n: (_LEADING.index(n) if n in _LEADING else 99, n)):
        member = vectors[name]
        if member.shape[0] == rows:
            columns[name] = read(member)
            units[name] = decode(member.attrs.get("units", ""))
        else:
            others[name] = decode(read(member))
    result = pd.DataFrame(columns)
    result.attrs.update(attributes(group))
    result.attrs.update(others)
    result.attrs["units"] = units
    return result
