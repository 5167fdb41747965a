"""Tests for funcdiff.tree_util: flattening, treedefs, tree_map, broadcast_prefix and errors."""

import copy
import operator
from collections import OrderedDict, defaultdict, namedtuple

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from funcdiff.errors import TreeMismatchError
from funcdiff.tree_util import (
    PyTreeDef,
    broadcast_prefix,
    register_pytree_node,
    register_pytree_node_class,
    tree_all,
    tree_flatten,
    tree_leaves,
    tree_map,
    tree_reduce,
    tree_structure,
    tree_unflatten,
    treedef_is_leaf,
)

Point = namedtuple("Point", ["x", "y"])
Other = namedtuple("Other", ["x", "y"])
NONE_IS_LEAF = lambda x: x is None


@register_pytree_node_class
class Model:
    """A registered class: two children and a hashable name as aux data."""

    def __init__(self, name, w, b):
        self.name, self.w, self.b = name, w, b

    def tree_flatten(self):
        return (self.w, self.b), self.name

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(aux, *children)

    def __eq__(self, other):
        return type(other) is Model and (self.name, self.w, self.b) == (
            other.name,
            other.w,
            other.b,
        )


class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b


register_pytree_node(Pair, lambda p: ([p.a, p.b], None), lambda _, ch: Pair(*ch))


def same(a, b):
    """Structural equality that also checks every container's exact type (and OrderedDict order)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        if isinstance(a, defaultdict) and a.default_factory is not b.default_factory:
            return False
        keys_match = list(a) == list(b) if type(a) is OrderedDict else set(a) == set(b)
        return keys_match and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Model):
        return a.name == b.name and same(a.w, b.w) and same(a.b, b.b)
    if isinstance(a, Pair):
        return same(a.a, b.a) and same(a.b, b.b)
    return a == b


ROUND_TRIP = [
    (1.0, [1.0]),
    ("s", ["s"]),
    (None, []),
    ((), []),
    ([], []),
    ({}, []),
    ((1,), [1]),
    ([1, (2, None), []], [1, 2]),
    ({"b": 1, "a": [2, 3]}, [2, 3, 1]),
    ({"a": {"c": 1, "b": (2,)}, "z": None}, [2, 1]),
    (Point(1, (2, 3)), [1, 2, 3]),
    ([Point(x={"k": 1}, y=None)], [1]),
    (OrderedDict([("z", 1), ("a", 2)]), [1, 2]),
    (defaultdict(list, {"b": 1, "a": 2}), [2, 1]),
    (Model("m", 1.5, (2.5, None)), [1.5, 2.5]),
    ((Model("m", [1], {}), {"p": Pair(2, OrderedDict(q=3))}), [1, 2, 3]),
]


@pytest.mark.parametrize("tree, leaves", ROUND_TRIP, ids=lambda v: repr(v)[:40])
def test_round_trip(tree, leaves):
    got_leaves, td = tree_flatten(tree)
    assert got_leaves == leaves
    assert td.num_leaves == len(leaves)
    rebuilt = tree_unflatten(td, got_leaves)
    assert same(rebuilt, tree)
    assert tree_structure(rebuilt) == td
    assert tree_leaves(tree) == leaves


def test_round_trip_with_new_leaves_and_identity():
    x = np.arange(3.0)
    tree = {"w": x, "b": (1, [x])}
    leaves, td = tree_flatten(tree)
    assert leaves[0] == 1  # sorted keys: "b" first
    assert leaves[1] is x and leaves[2] is x
    assert tree_unflatten(td, ["p", "q", "r"]) == {"b": ("p", ["q"]), "w": "r"}
    assert td.unflatten(iter([7, 8, 9])) == {"b": (7, [8]), "w": 9}


def test_dict_leaves_sorted_but_ordered_dict_keeps_insertion_order():
    assert tree_leaves({"b": 2, "a": 1, "c": 3}) == [1, 2, 3]
    assert tree_leaves({2: "two", 1: "one"}) == ["one", "two"]
    assert tree_leaves(OrderedDict([("b", 2), ("a", 1)])) == [2, 1]
    assert tree_leaves(defaultdict(int, {"b": 2, "a": 1})) == [1, 2]


def test_defaultdict_keeps_factory():
    rebuilt = tree_map(lambda v: v * 2, defaultdict(list, {"a": 1}))
    assert type(rebuilt) is defaultdict and rebuilt.default_factory is list
    assert rebuilt["missing"] == [] and rebuilt["a"] == 2
    assert tree_structure(defaultdict(list, a=1)) != tree_structure(defaultdict(int, a=1))


def test_namedtuple_rebuilt_with_its_class():
    out = tree_map(lambda v: v + 1, Point(1, 2))
    assert type(out) is Point and out == Point(2, 3)
    assert tree_structure(Point(1, 2)) != tree_structure(Other(1, 2))
    assert tree_structure(Point(1, 2)) != tree_structure((1, 2))


def test_none_is_a_node_not_a_leaf():
    leaves, td = tree_flatten(None)
    assert leaves == [] and td.num_leaves == 0 and td.num_nodes == 1
    assert tree_unflatten(td, []) is None
    assert tree_map(lambda v: 1 / 0, [None, (None,)]) == [None, (None,)]


def test_tuple_subclass_without_fields_is_a_leaf():
    class T(tuple):
        pass

    t = T((1, 2))
    assert tree_leaves(t) == [t]
    assert tree_leaves([t])[0] is t


def test_treedef_equality_hash_and_repr():
    a = tree_structure((1.0, {"a": np.ones(2)}))
    b = tree_structure(("x", {"a": "y"}))
    assert a == b and hash(a) == hash(b)
    assert {a: "cached"}[b] == "cached"
    assert a != tree_structure([1.0, {"a": 2}])
    assert a != tree_structure((1.0, {"b": 2}))
    assert a != tree_structure((1.0, {"a": None}))
    assert a != "PyTreeDef((*, {'a': *}))"
    assert repr(a) == "PyTreeDef((*, {'a': *}))"
    assert repr(tree_structure(1.0)) == "PyTreeDef(*)"
    assert repr(tree_structure((1,))) == "PyTreeDef((*,))"
    assert repr(tree_structure([None, ()])) == "PyTreeDef([None, ()])"
    assert repr(tree_structure(Point(1, [2]))) == "PyTreeDef(Point(x=*, y=[*]))"
    assert repr(tree_structure(OrderedDict(b=1))) == "PyTreeDef(OrderedDict({'b': *}))"
    assert repr(tree_structure(defaultdict(list, a=1))) == "PyTreeDef(defaultdict(list, {'a': *}))"
    assert repr(tree_structure(Model("m", 1, 2))) == "PyTreeDef(CustomNode(Model['m'], [*, *]))"
    assert tree_structure(Model("m", 1, 2)) != tree_structure(Model("n", 1, 2))


def test_treedef_is_immutable_and_copies_equal():
    td = tree_structure((1, 2))
    with pytest.raises(AttributeError):
        td.num_leaves = 3
    with pytest.raises(AttributeError):
        td.extra = 1
    assert td.num_leaves == 2
    assert copy.deepcopy(td) == td and copy.copy(td) == td
    assert isinstance(td, PyTreeDef)


def test_treedef_counts_children_and_is_leaf():
    td = tree_structure([1, (2, None), {"a": 3}])
    assert (td.num_leaves, td.num_nodes) == (3, 7)  # list, 1, tuple, 2, None, dict, 3
    assert td.children() == [
        tree_structure(0),
        tree_structure((0, None)),
        tree_structure({"a": 0}),
    ]
    assert tree_structure(5).children() == []
    assert treedef_is_leaf(tree_structure(5)) is True
    assert treedef_is_leaf(tree_structure(None)) is True  # one node, as JAX
    assert treedef_is_leaf(tree_structure([5])) is False


def test_tree_map_single_and_several_trees():
    assert tree_map(lambda v: v * 2, {"a": 1, "b": [2, Point(3, None)]}) == {
        "a": 2,
        "b": [4, Point(6, None)],
    }
    out = tree_map(lambda x, y, z: x + y * z, (1, [2]), (10, [20]), (100, [1000]))
    assert out == (1001, [20002])
    assert tree_map(lambda x, y: x + y, Model("m", 1, 2), Model("m", 3, 4)) == Model("m", 4, 6)


def test_tree_map_tree_is_a_prefix_of_rest():
    # As JAX: where the first tree has a leaf, f receives the whole subtree of the others.
    assert tree_map(lambda x, y: (x, y), (1, 2), ([3, 4], {"a": 5})) == ((1, [3, 4]), (2, {"a": 5}))


def test_is_leaf():
    tree = {"a": (1, 2), "b": [(3, 4)], "c": None}
    assert tree_leaves(tree, is_leaf=lambda x: type(x) is tuple) == [(1, 2), (3, 4)]
    leaves, td = tree_flatten(tree, is_leaf=NONE_IS_LEAF)
    assert leaves == [1, 2, 3, 4, None]
    assert tree_unflatten(td, leaves) == tree
    assert tree_structure(tree, is_leaf=lambda x: True) == tree_structure(0)
    assert tree_map(lambda t: sum(t), tree, is_leaf=lambda x: type(x) is tuple) == {
        "a": 3,
        "b": [7],
        "c": None,
    }
    assert tree_map(lambda v: v is None, [None, 1], is_leaf=NONE_IS_LEAF) == [True, False]


def test_tree_all_and_reduce():
    assert tree_all([True, {"a": 1, "b": (2.0,)}]) is True
    assert tree_all([True, {"a": 0}]) is False
    assert tree_all({}) is True
    assert tree_all([None, None], is_leaf=NONE_IS_LEAF) is False
    assert tree_reduce(operator.add, {"a": 1, "b": [2, 3]}) == 6
    assert tree_reduce(operator.add, {"a": "x", "b": ["y"]}, "<") == "<xy"
    assert tree_reduce(operator.add, (), 5) == 5
    with pytest.raises(TypeError):
        tree_reduce(operator.add, ())


def test_register_twice_raises():
    with pytest.raises(ValueError, match="Pair is already registered"):
        register_pytree_node(Pair, lambda p: ((), None), lambda _, ch: Pair(0, 0))
    with pytest.raises(ValueError, match="tuple is already registered"):
        register_pytree_node(tuple, lambda p: ((), None), lambda _, ch: ())


def test_broadcast_prefix_matching():
    full = (np.zeros(2), {"a": 1.0, "b": 2.0})
    assert broadcast_prefix((0, None), full, is_leaf=NONE_IS_LEAF) == [0, None, None]
    assert broadcast_prefix((0, {"a": 1, "b": None}), full, is_leaf=NONE_IS_LEAF) == [0, 1, None]
    assert broadcast_prefix(0, full) == [0, 0, 0]
    assert broadcast_prefix(None, full, is_leaf=NONE_IS_LEAF) == [None, None, None]
    assert broadcast_prefix((1, 2), (3, 4)) == [1, 2]


def test_broadcast_prefix_nested_dicts_and_empty_subtrees():
    full = ({"x": {"p": 1, "q": [2, 3]}, "y": 4}, {})
    prefix = ({"x": {"p": 0, "q": None}, "y": 1}, {})
    assert broadcast_prefix(prefix, full, is_leaf=NONE_IS_LEAF) == [0, None, None, 1]
    # None in the full tree holds no leaves, so it consumes no prefix entries.
    assert broadcast_prefix((0, 1), ([None, 5], None), is_leaf=NONE_IS_LEAF) == [0]


def test_broadcast_prefix_vmap_style_args_kwargs():
    args, kwargs = (np.ones(3), (2.0, 3.0)), {"k": np.ones(3)}
    prefix = ((0, None), {"k": 0})
    assert broadcast_prefix(prefix, (args, kwargs), is_leaf=NONE_IS_LEAF) == [0, None, None, 0]


def test_unflatten_wrong_leaf_count():
    td = tree_structure((1, {"a": 2}))
    with pytest.raises(TreeMismatchError, match=r"has 2 leaves but unflatten was given 3"):
        tree_unflatten(td, [1, 2, 3])
    with pytest.raises(TreeMismatchError, match=r"PyTreeDef\(\*\) has 1 leaves .* given 0"):
        tree_unflatten(tree_structure(1.0), [])
    with pytest.raises(ValueError, match="given 1"):  # TreeMismatchError is a ValueError
        tree_structure(None).unflatten([1])


def test_tree_map_mismatch_names_both_treedefs():
    pattern = (
        r"rest tree 1 differs from the first tree at \[1\]: expected a dict with keys \['a'\] "
        r"but got a list of length 1\. First tree: PyTreeDef\(\(\*, \{'a': \*\}\)\); "
        r"rest tree 1: PyTreeDef\(\(\*, \[\*\]\)\)"
    )
    with pytest.raises(TreeMismatchError, match=pattern):
        tree_map(lambda x, y: x, (1, {"a": 2}), (1, [2]))
    with pytest.raises(TreeMismatchError, match=r"rest tree 2 .* at \[1\]\['a'\]: expected a list"):
        tree_map(lambda x, y, z: x, (1, {"a": [2]}), (1, {"a": [2]}), (1, {"a": 2}))
    with pytest.raises(TreeMismatchError, match=r"at <root>: expected a tuple of length 2 but got"):
        tree_map(lambda x, y: x, (1, 2), (1, 2, 3))
    with pytest.raises(
        TreeMismatchError, match=r"at \.y: expected None but got a leaf of type int"
    ):
        tree_map(lambda x, y: x, Point(1, None), Point(1, 2))
    with pytest.raises(TreeMismatchError, match=r"expected a Point namedtuple but got a tuple"):
        tree_map(lambda x, y: x, Point(1, 2), (1, 2))
    with pytest.raises(TreeMismatchError, match=r"aux data 'm' but got a Model node .* 'n'"):
        tree_map(lambda x, y: x, Model("m", 1, 2), Model("n", 1, 2))
    with pytest.raises(
        TreeMismatchError,
        match=r"at \[<flat index 1>\]: expected a tuple of length 1 but got a list",
    ):
        tree_map(lambda x, y: x, Model("m", 1, (2,)), Model("m", 1, [2]))


def test_broadcast_prefix_mismatch_says_where_and_how_to_fix():
    full = (np.zeros(2), {"a": [1.0, 2.0], "b": 2.0})
    pattern = (
        r"prefix tree does not match the tree at \[1\]\['a'\]: the prefix has a dict with keys "
        r"\['c'\] there but the tree has a list of length 2\. At each position give either one "
        r"value for the whole subtree or a container of the same type and keys"
    )
    with pytest.raises(TreeMismatchError, match=pattern):
        broadcast_prefix((0, {"a": {"c": 0}, "b": 0}), full, is_leaf=NONE_IS_LEAF)
    with pytest.raises(TreeMismatchError, match=r"at \[1\]: the prefix has a dict with keys "):
        broadcast_prefix((0, {"a": 0}), full, is_leaf=NONE_IS_LEAF)
    with pytest.raises(TreeMismatchError, match=r"at <root>: the prefix has a tuple of length 3"):
        broadcast_prefix((0, 0, 0), full)
    with pytest.raises(TreeMismatchError, match=r"prefix: PyTreeDef\(\[\*\]\); tree: PyTreeDef"):
        broadcast_prefix([0], full)


def test_flatten_up_to():
    td = tree_structure({"a": 0, "b": (0, 0)})
    assert td.flatten_up_to({"a": [1, 2], "b": (None, {"c": 3})}) == [[1, 2], None, {"c": 3}]
    with pytest.raises(TreeMismatchError, match=r"at \['b'\]: expected a tuple of length 2"):
        td.flatten_up_to({"a": 1, "b": [1, 2]})


leaf_values = st.integers() | st.floats(allow_nan=False) | st.none()
trees = st.recursive(
    leaf_values,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=3), children, max_size=4)
    ),
    max_leaves=25,
)


def reference_leaves(tree):
    """Independent flattening: None holds no leaves, dicts go in sorted-key order."""
    if tree is None:
        return []
    if isinstance(tree, (list, tuple)):
        return [leaf for child in tree for leaf in reference_leaves(child)]
    if isinstance(tree, dict):
        return [leaf for k in sorted(tree) for leaf in reference_leaves(tree[k])]
    return [tree]


@given(trees)
def test_property_round_trip(tree):
    leaves, td = tree_flatten(tree)
    reference = reference_leaves(tree)
    assert len(leaves) == len(reference) and all(
        a is b for a, b in zip(leaves, reference, strict=True)
    )
    rebuilt = tree_unflatten(td, leaves)
    assert same(rebuilt, tree)
    assert tree_structure(rebuilt) == td and hash(tree_structure(rebuilt)) == hash(td)
    indices = list(range(td.num_leaves))
    assert tree_leaves(tree_unflatten(td, indices)) == indices
    assert tree_map(lambda v: v, tree) == tree
