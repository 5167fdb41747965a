"""Pytrees: nested tuples, lists, dicts, None, namedtuples and registered classes.

Flatten a tree into its leaves plus a hashable :class:`PyTreeDef`, and rebuild it from new leaves.
"""

import functools
from collections import OrderedDict, defaultdict

from funcdiff.errors import TreeMismatchError

_DICTS = (dict, OrderedDict, defaultdict)
_NO_INIT = object()


class _Mismatch(Exception):
    """Internal: a tree does not fit a treedef; ``path`` grows (innermost first) on the way up."""

    def __init__(self, expected, got):
        super().__init__(expected, got)
        self.expected, self.got, self.path = expected, got, []


class PyTreeDef:
    """Immutable, hashable description of a pytree's structure (everything but its leaves).

    Built by :func:`tree_flatten` or :func:`tree_structure`; same-shaped trees give equal ones.

    >>> tree_structure((1.0, {"a": 2}))
    PyTreeDef((*, {'a': *}))
    """

    # Public attributes are read-only properties and __slots__ forbids new ones; the private
    # slots are set once in _make (plain stores: 3x faster than an object.__setattr__ guard).
    __slots__ = ("_type", "_aux", "_children", "_num_leaves", "_build", "_hash")

    @property
    def num_leaves(self):
        """Number of leaves in the described tree.

        >>> tree_structure([1, (2, None)]).num_leaves
        2
        """
        return self._num_leaves

    @property
    def num_nodes(self):
        """Number of nodes, counting leaves, ``None`` and containers (as JAX).

        >>> tree_structure([1, (2, None)]).num_nodes
        5
        """
        return 1 + sum(c.num_nodes for c in self._children)

    def children(self):
        """The treedefs of the root's immediate children.

        >>> tree_structure((1, [2, 3])).children()
        [PyTreeDef(*), PyTreeDef([*, *])]
        """
        return list(self._children)

    def unflatten(self, leaves):
        """Build a tree of this structure from ``leaves`` (an iterable, in flattening order).

        Raises:
            TreeMismatchError: the number of leaves differs from ``num_leaves``.

        >>> tree_structure((0, {"a": 0})).unflatten([1, 2])
        (1, {'a': 2})
        """
        if type(leaves) is not list and type(leaves) is not tuple:
            leaves = list(leaves)
        if len(leaves) != self._num_leaves:
            raise TreeMismatchError(
                f"{self!r} has {self._num_leaves} leaves but unflatten was given {len(leaves)}; "
                "pass exactly one value per leaf."
            )
        return leaves[0] if self._type is None else _unflatten(self, iter(leaves))

    def flatten_up_to(self, tree):
        """Flatten ``tree`` down to this (prefix) structure: one subtree per leaf of ``self``.

        Raises:
            TreeMismatchError: ``tree`` does not have this structure as a prefix.

        >>> tree_structure((0, 0)).flatten_up_to((1, [2, 3]))
        [1, [2, 3]]
        """
        return _fit(self, tree, "tree does not match {td} at {path}: expected {exp} but got {got}.")

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, PyTreeDef):
            return NotImplemented
        return (
            self._type is other._type
            and self._num_leaves == other._num_leaves
            and self._aux == other._aux
            and self._children == other._children
        )

    def __hash__(self):
        try:
            return self._hash
        except AttributeError:
            self._hash = h = hash((self._type, self._aux, self._children))
            return h

    def __repr__(self):
        return f"PyTreeDef({_repr(self)})"


def _make(typ, aux, children, num_leaves, build):
    td = _new(PyTreeDef)
    td._type, td._aux, td._children = typ, aux, children
    td._num_leaves, td._build = num_leaves, build
    return td


_new = object.__new__
_LEAF = _make(None, None, (), 1, None)


def _flatten_dict(x):
    keys = sorted(x)
    return [x[k] for k in keys], tuple(keys)


def _flatten_defaultdict(x):
    children, keys = _flatten_dict(x)
    return children, (x.default_factory, keys)


# Registry: node type -> (flatten(x) -> (children, aux), build(aux, children) -> x).
_registry = {
    tuple: (lambda x: (x, None), lambda _, ch: tuple(ch)),
    list: (lambda x: (x, None), lambda _, ch: list(ch)),
    dict: (_flatten_dict, lambda keys, ch: dict(zip(keys, ch, strict=True))),
    type(None): (lambda x: ((), None), lambda _, ch: None),
    OrderedDict: (
        lambda x: (list(x.values()), tuple(x)),
        lambda a, ch: OrderedDict(zip(a, ch, strict=True)),
    ),
    defaultdict: (
        _flatten_defaultdict,
        lambda a, ch: defaultdict(a[0], zip(a[1], ch, strict=True)),
    ),
}
# Namedtuples are not registered; their treedef aux is the class itself, used to rebuild them.
_NAMEDTUPLE = (lambda x: (x, type(x)), lambda cls, ch: cls(*ch))


def _node(t):
    node = _registry.get(t)
    if node is None and issubclass(t, tuple) and hasattr(t, "_fields"):
        return _NAMEDTUPLE
    return node


def register_pytree_node(nodetype, flatten_func, unflatten_func):
    """Make instances of ``nodetype`` (exactly; not its subclasses) pytree nodes, not leaves.

    Args:
        nodetype: the class to register.
        flatten_func: ``x -> (children, aux_data)``; ``aux_data`` must be hashable and comparable.
        unflatten_func: ``(aux_data, children) -> x``.

    Raises:
        ValueError: ``nodetype`` is already registered.

    >>> class Pair:
    ...     def __init__(self, a, b):
    ...         self.a, self.b = a, b
    >>> register_pytree_node(Pair, lambda p: ((p.a, p.b), None), lambda _, ch: Pair(*ch))
    >>> tree_leaves(Pair(1, (2, 3)))
    [1, 2, 3]
    """
    if nodetype in _registry:
        raise ValueError(f"{nodetype.__qualname__} is already registered as a pytree node.")
    _registry[nodetype] = (flatten_func, unflatten_func)


def register_pytree_node_class(cls):
    """Class decorator: register ``cls`` via its ``tree_flatten`` and ``tree_unflatten`` methods.

    >>> @register_pytree_node_class
    ... class Box:
    ...     def __init__(self, x):
    ...         self.x = x
    ...     def tree_flatten(self):
    ...         return (self.x,), None
    ...     @classmethod
    ...     def tree_unflatten(cls, aux, children):
    ...         return cls(*children)
    >>> tree_map(lambda v: v + 1, Box(1)).x
    2
    """
    register_pytree_node(cls, lambda x: x.tree_flatten(), cls.tree_unflatten)
    return cls


def _flatten(tree, is_leaf, leaves):
    if is_leaf is not None and is_leaf(tree):
        leaves.append(tree)
        return _LEAF
    t = type(tree)
    if t is tuple or t is list:
        children, aux, build = tree, None, _registry[t][1]
    else:
        node = _node(t)
        if node is None:
            leaves.append(tree)
            return _LEAF
        children, aux = node[0](tree)
        build = node[1]
    start = len(leaves)
    defs = []
    for c in children:
        ct = type(c)
        if is_leaf is None and ct not in _registry and not issubclass(ct, tuple):
            leaves.append(c)  # inlined leaf case: saves a recursive call per leaf
            defs.append(_LEAF)
        else:
            defs.append(_flatten(c, is_leaf, leaves))
    return _make(t, aux, tuple(defs), len(leaves) - start, build)


# Timings (timeit, Python 3.11, x an ndarray); a leaf costs one dict lookup + one issubclass:
#   tree_flatten(1.0) 0.12 µs   tree_flatten((x, 2.0)) 0.6 µs   tree_flatten(((x,), {})) 1.8 µs
#   tree_unflatten(leaf) 0.07 µs   tree_unflatten((*, *)) 0.4 µs   tree_unflatten(((*,), {})) 1.2 µs
def tree_flatten(tree, is_leaf=None):
    """Split ``tree`` into its leaves (dict entries in sorted-key order) and its treedef.

    Subtrees for which the optional ``is_leaf`` predicate returns true are kept whole as leaves.

    >>> tree_flatten({"b": 1, "a": (2, None)})
    ([2, 1], PyTreeDef({'a': (*, None), 'b': *}))
    """
    t = type(tree)
    if is_leaf is None and t not in _registry and not issubclass(t, tuple):
        return [tree], _LEAF
    leaves = []
    return leaves, _flatten(tree, is_leaf, leaves)


def _unflatten(td, it):
    ch = [next(it) if c is _LEAF else _unflatten(c, it) for c in td._children]
    return tuple(ch) if td._type is tuple else td._build(td._aux, ch)


def tree_unflatten(treedef, leaves):
    """Rebuild a tree of structure ``treedef`` from ``leaves``.

    Raises:
        TreeMismatchError: the number of leaves differs from ``treedef.num_leaves``.

    >>> leaves, td = tree_flatten([1, (2, 3)])
    >>> tree_unflatten(td, [x * 10 for x in leaves])
    [10, (20, 30)]
    """
    if treedef is _LEAF and type(leaves) is list and len(leaves) == 1:
        return leaves[0]
    return treedef.unflatten(leaves)


def tree_leaves(tree, is_leaf=None):
    """The leaves of ``tree`` in flattening order.

    >>> tree_leaves({"b": [3, 4], "a": None, "c": 5})
    [3, 4, 5]
    """
    return tree_flatten(tree, is_leaf)[0]


def tree_structure(tree, is_leaf=None):
    """The :class:`PyTreeDef` of ``tree``.

    >>> tree_structure([1.0, None])
    PyTreeDef([*, None])
    """
    return tree_flatten(tree, is_leaf)[1]


def treedef_is_leaf(treedef):
    """Whether ``treedef`` has a single node (as JAX: a leaf, ``None`` or an empty container).

    >>> treedef_is_leaf(tree_structure(1.0)), treedef_is_leaf(tree_structure((1.0,)))
    (True, False)
    """
    return not treedef._children


def _up_to(td, tree, out):
    """Append the subtrees of ``tree`` at the leaves of ``td`` to ``out``, or raise _Mismatch."""
    if td._type is None:
        out.append(tree)
        return
    t = type(tree)
    node = _node(t)
    expected = _describe(td._type, td._aux, len(td._children))
    if node is None:
        raise _Mismatch(expected, f"a leaf of type {t.__name__}")
    children, aux = node[0](tree)
    children = tuple(children)
    if t is not td._type or len(children) != len(td._children) or aux != td._aux:
        raise _Mismatch(expected, _describe(t, aux, len(children)))
    for i, (c, sub) in enumerate(zip(td._children, children, strict=True)):
        try:
            _up_to(c, sub, out)
        except _Mismatch as e:
            e.path.append(_key_str(td, i))
            raise


def _fit(td, tree, template, **fields):
    """``_up_to`` into a new list, or raise TreeMismatchError from ``template`` (str.format)."""
    out = []
    try:
        _up_to(td, tree, out)
    except _Mismatch as e:
        path = _path_str(reversed(e.path))
        msg = template.format(
            path=path, exp=e.expected, got=e.got, td=td, tree_td=tree_structure(tree), **fields
        )
        raise TreeMismatchError(msg) from None
    return out


def _path_str(keys):
    """Join key strings such as ``[1]`` and ``['a']`` into a path; the empty path is ``<root>``."""
    return "".join(keys) or "<root>"


def _keys(t, aux):
    return aux[1] if t is defaultdict else aux


def _describe(t, aux, n):
    if t is type(None):
        return "None"
    if t in _DICTS:
        return f"a {t.__name__} with keys {list(_keys(t, aux))}"
    if t is tuple or t is list:
        return f"a {t.__name__} of length {n}"
    if _node(t) is _NAMEDTUPLE:
        return f"a {t.__name__} namedtuple"
    return f"a {t.__name__} node with {n} children and aux data {aux!r}"


def _key_str(td, i):
    t = td._type
    if t is tuple or t is list:
        return f"[{i}]"
    if t in _DICTS:
        return f"[{_keys(t, td._aux)[i]!r}]"
    return f".{t._fields[i]}" if td._build is _NAMEDTUPLE[1] else f"[<flat index {i}>]"


def _repr(td):
    t, ch = td._type, [_repr(c) for c in td._children]
    if t is None or t is type(None):
        return "*" if t is None else "None"
    if t is tuple or t is list:
        body = ", ".join(ch) + ("," if t is tuple and len(ch) == 1 else "")
        return f"({body})" if t is tuple else f"[{body}]"
    if t in _DICTS:
        pairs = zip(_keys(t, td._aux), ch, strict=True)
        body = "{" + ", ".join(f"{k!r}: {c}" for k, c in pairs) + "}"
        if t is defaultdict:
            return f"defaultdict({getattr(td._aux[0], '__name__', td._aux[0])}, {body})"
        return body if t is dict else f"OrderedDict({body})"
    if td._build is _NAMEDTUPLE[1]:
        return f"{t.__name__}({', '.join(f'{f}={c}' for f, c in zip(t._fields, ch, strict=True))})"
    return f"CustomNode({t.__name__}[{td._aux!r}], [{', '.join(ch)}])"


def tree_map(f, tree, *rest, is_leaf=None):
    """Apply ``f`` leafwise to ``tree`` and the matching leaves (or subtrees) of ``rest``.

    As in JAX, ``tree`` must be a prefix of every tree in ``rest`` (normally they share a
    structure); where ``tree`` has a leaf, ``f`` gets the whole corresponding subtree of ``rest``.

    Raises:
        TreeMismatchError: a tree in ``rest`` does not have ``tree``'s structure.

    >>> tree_map(lambda x, y: x + y, {"a": 1, "b": (2, 3)}, {"a": 10, "b": (20, 30)})
    {'a': 11, 'b': (22, 33)}
    """
    leaves, td = tree_flatten(tree, is_leaf)
    if not rest:
        return td.unflatten([f(x) for x in leaves])
    all_leaves = [leaves]
    msg = (
        "tree_map: rest tree {i} differs from the first tree at {path}: expected {exp} but got "
        "{got}. First tree: {td}; rest tree {i}: {tree_td}. Pass trees of one structure."
    )
    for i, r in enumerate(rest, 1):
        all_leaves.append(_fit(td, r, msg, i=i))
    return td.unflatten([f(*xs) for xs in zip(*all_leaves, strict=True)])


def tree_all(tree, is_leaf=None):
    """Whether every leaf of ``tree`` is truthy (True for a tree without leaves).

    >>> tree_all([True, {"a": 1}]), tree_all((True, 0))
    (True, False)
    """
    return all(tree_flatten(tree, is_leaf)[0])


def tree_reduce(f, tree, initializer=_NO_INIT, is_leaf=None):
    """Fold the leaves of ``tree`` with ``f(accumulated, leaf)``, like :func:`functools.reduce`.

    >>> tree_reduce(lambda a, b: a + b, {"a": 1, "b": [2, 3]}, 100)
    106
    """
    leaves = tree_flatten(tree, is_leaf)[0]
    if initializer is _NO_INIT:
        return functools.reduce(f, leaves)
    return functools.reduce(f, leaves, initializer)


def broadcast_prefix(prefix_tree, full_tree, is_leaf=None):
    """Repeat each leaf of ``prefix_tree`` over the subtree of ``full_tree`` it covers.

    For specs such as ``vmap``'s ``in_axes``. ``is_leaf`` applies to the prefix only: pass
    ``lambda x: x is None`` so that ``None`` stands for a whole subtree.

    Returns:
        A list with one entry per leaf of ``full_tree`` (flattened without ``is_leaf``).

    Raises:
        TreeMismatchError: ``prefix_tree`` is not a prefix of ``full_tree``.

    >>> broadcast_prefix((0, None), (1, {"a": 2, "b": 3}), is_leaf=lambda x: x is None)
    [0, None, None]
    """
    prefix_leaves, td = tree_flatten(prefix_tree, is_leaf)
    if td is _LEAF:
        return prefix_leaves * len(tree_flatten(full_tree)[0])
    msg = (
        "prefix tree does not match the tree at {path}: the prefix has {exp} there but the "
        "tree has {got}. At each position give either one value for the whole subtree or a "
        "container of the same type and keys (prefix: {td}; tree: {tree_td})."
    )
    result = []
    for x, sub in zip(prefix_leaves, _fit(td, full_tree, msg), strict=True):
        result.extend([x] * len(tree_flatten(sub)[0]))
    return result
