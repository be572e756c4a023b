"""DynamoDB UpdateExpressions validated without deep-copying their tree, and walked without rebuilding each
walker's dispatch table at every node.

moto 5.2.5 validates every UpdateItem (and every Update of a transaction) by running ten walkers over a copy of
the expression's syntax tree (they replace placeholders and paths by values, so the tree parsed once, see
`dynamodb_parsed_expressions`, is copied first). The copy is `copy.deepcopy` of the whole tree, parents and
children, through its dispatch and memo; and each walker asks for its `_processing_map()` - a new dict of bound
methods - twice at every node it visits. Together about a third of an UpdateItem's CPU on the platform.

Here the tree is copied node by node (each node's attributes, its child nodes copied, the other children -
names, numbers, flags - shared as moto's copy would have them equal; anything that is not a syntax node still
goes through `copy.deepcopy`), and a walk builds its walker's dispatch table once; which entry of a walker's
table a node type takes, and whether a type is a node at all, are remembered (moto asks `isinstance` of its
abstract Node class several times per node: half a million checks per 300 checkouts). A walker none of whose
node types is in the tree is not run: it would visit every node and process none (an ADD has no SET action,
function or value operation: half of the ten walks). The tree's node types are read once before the walks, and
whatever node a walker puts in the tree adds its types. What the walkers do, and the order they do it in, are
moto's.

The first two walkers check the syntax only (at most one clause of each kind, no path set twice): they read the
tree and the attribute names, never the values or the item, and change nothing. Each runs at every UpdateExpression
node of the tree, searching its whole subtree three times (a replica's update of ten SETs: 84 searches per
validation, a fifth of an UpdateItem's CPU). Their verdict is the same for the same parsed tree (one per text,
`dynamodb_parsed_expressions`) and names: once they passed, they are not run again for them.

The path resolver's hook before each child of every node asks `isinstance` of four abstract node classes (an
ABC's check: ~70 per checkout's updates); whether a node type is one of those actions is remembered per type.
"""

from __future__ import annotations

import copy
import threading
import weakref
from typing import Any

from moto.dynamodb.parsing import validators
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

from .replacements import Replacements

_new = object.__new__
_SHARED = (str, int, float, bool, type(None))  # immutable: a copy would be equal and behave the same


def copy_tree(node: Any, memo: Any = None) -> Any:
    """A copy of a syntax tree as `copy.deepcopy` makes it (new nodes, parents pointing into the copy); a node
    that hangs below another (a part of a tree), or what is no node, is left to `copy.deepcopy`."""
    if not isinstance(node, Node) or node.parent is not None:
        return copy.deepcopy(node, memo)
    return _copy_node(node, memo, None)


def _copy_node(node: Any, memo: Any, parent: Node | None) -> Any:
    if not isinstance(node, Node):
        return copy.deepcopy(node, memo)
    result = _new(type(node))
    result.__dict__.update(node.__dict__)
    result.parent = parent
    children = node.children
    if children is not None:
        result.children = [child if isinstance(child, _SHARED) else _copy_node(child, memo, result)
                           for child in children]
    return result


_nodes: dict[type, bool] = {}  # a type -> whether it is a syntax node (Node is an ABC: isinstance is slow)
# a walker's handled types -> (a node type -> the index of the first that handles it, -1 for none)
_handlers: dict[tuple[type, ...], dict[type, int]] = {}


def _node_type(kind: type) -> bool:
    """Whether a type is a syntax node, remembered."""
    known = _nodes[kind] = issubclass(kind, Node)
    return known


def _handler_index(handled: tuple[type, ...], kind: type) -> int:
    """Which of a walker's handled types a node of type `kind` is processed as (moto: the first `isinstance`)."""
    index = _handlers[handled][kind] = next((i for i, each in enumerate(handled) if issubclass(kind, each)), -1)
    return index


def traverse(self: DepthFirstTraverser, node: Any) -> Any:
    """moto's depth-first walk (children first, then the node if the walker processes its type), with the
    walker's dispatch table built once per walk and which entry of it a node type takes remembered."""
    table = tuple(self._processing_map().items())
    handled = tuple(kind for kind, _ in table)
    found = _handlers.get(handled)
    if found is None:
        found = _handlers.setdefault(handled, {})
    default_process = type(self).process is DepthFirstTraverser.process
    present = getattr(_present, "types", None)  # the node types in the tree, while `validate` skips walks
    # the hook before each child: a no-op unless the walker has one (only the path resolver does)
    before_child = (None if type(self).pre_processing_of_child is DepthFirstTraverser.pre_processing_of_child
                    else self.pre_processing_of_child)
    nodes = _nodes

    def walk(current: Any, child_id: int) -> Any:
        kind = type(current)
        is_node = nodes.get(kind)
        if is_node is None:
            is_node = _node_type(kind)
        if is_node:
            parent = current.parent
            if current.children is not None:
                for i, child in enumerate(current.children):
                    if before_child is not None:
                        before_child(current, i)
                    child_is_node = nodes.get(type(child))
                    if child_is_node is None:
                        child_is_node = _node_type(type(child))
                    if child_is_node:
                        walk(child, i)
            index = found.get(kind)
            if index is None:
                index = _handler_index(handled, kind)
            if index >= 0:
                processed = table[index][1](current) if default_process else self.process(current)
                if present is not None and processed is not current:
                    present.update(_types_in(processed))
                current = processed
                current.parent = parent
                if parent:
                    parent.children[child_id] = current
        return current

    return walk(node, -1)


_present = threading.local()  # .types: the node types in the tree `validate` walks (a set), else None
_walker_types: dict[type, tuple[type, ...] | None] = {}  # a walker class -> the node types it processes


def _types_in(node: Any) -> set[type]:
    """The types of the syntax nodes in a tree."""
    found: set[type] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        kind = type(current)
        is_node = _nodes.get(kind)
        if is_node is None:
            is_node = _node_type(kind)
        if is_node:
            found.add(kind)
            if current.children:
                pending.extend(current.children)
    return found


def _handled_by(walker: DepthFirstTraverser) -> tuple[type, ...] | None:
    """The node types a walker processes; None for one that does more than process them (a hook before each
    child, its own `process` or `traverse`): it is always run."""
    kind = type(walker)
    if kind not in _walker_types:
        plain = (kind.pre_processing_of_child is DepthFirstTraverser.pre_processing_of_child
                 and kind.process is DepthFirstTraverser.process and kind.traverse is DepthFirstTraverser.traverse)
        _walker_types[kind] = tuple(walker._processing_map()) if plain else None
    return _walker_types[kind]


def _idle(walker: DepthFirstTraverser, present: set[type]) -> bool:
    """Whether a walk would process no node of a tree with these node types."""
    handled = _handled_by(walker)
    if handled is None:
        return False
    found = _handlers.get(handled)
    if found is None:
        found = _handlers.setdefault(handled, {})
    for kind in present:
        index = found.get(kind)
        if index is None:
            index = _handler_index(handled, kind)
        if index >= 0:
            return False
    return True


# the walkers that check only the syntax and the names; a parsed tree -> the names (repr) they passed with
_SYNTAX_CHECKS = (validators.ActionCountValidator, validators.OverlappingPathsValidator)
_syntax_passed: weakref.WeakKeyDictionary[Node, set[str]] = weakref.WeakKeyDictionary()


def remember_tree(self: validators.Validator, expression: Any, *args: Any, **kwargs: Any) -> None:
    """moto's `Validator.__init__` (it copies the tree), keeping the tree it was given: the parsed one."""
    replaced.originals["UpdateExpressionValidator.__init__"](self, expression, *args, **kwargs)
    self.parsed_tree = expression


def validate(self: validators.Validator) -> Any:
    """moto's `Validator.validate` (each walker over the tree the one before left), less the idle walks and the
    syntax checks already passed by this parsed tree with these names."""
    node = self.node_to_validate
    parsed = getattr(self, "parsed_tree", None)
    names = repr(self.expression_attribute_names)
    passed = _syntax_passed.get(parsed) if isinstance(parsed, Node) else None
    checked = passed is not None and names in passed
    present = _types_in(node)
    _present.types = present
    try:
        syntax_left = len(_SYNTAX_CHECKS)
        for walker in self.processors:
            syntax = isinstance(walker, _SYNTAX_CHECKS)
            if not (syntax and checked) and not _idle(walker, present):
                node = walker.traverse(node)
            if syntax and not checked:
                syntax_left -= 1
                if syntax_left == 0 and isinstance(parsed, Node):
                    _syntax_passed.setdefault(parsed, set()).add(names)
    finally:
        _present.types = None
    return node


_ACTIONS = (validators.UpdateExpressionSetAction, validators.UpdateExpressionRemoveAction,
            validators.UpdateExpressionDeleteAction, validators.UpdateExpressionAddAction)
_actions: dict[type, bool] = {}  # a node type -> whether it is one of _ACTIONS


def resolve_after_first_child(self: validators.ExpressionAttributeResolvingProcessor, parent_node: Any,
                              child_id: int) -> None:
    """moto's hook: within an action, the first child is the path it changes (not resolved), the others are
    operands (resolved); whether the parent is an action is remembered per node type."""
    kind = type(parent_node)
    is_action = _actions.get(kind)
    if is_action is None:
        is_action = _actions[kind] = isinstance(parent_node, _ACTIONS)
    if is_action:
        self.resolving = child_id != 0


replaced = Replacements(
    (validators.ExpressionAttributeResolvingProcessor, "pre_processing_of_child", resolve_after_first_child),
    (validators.UpdateExpressionValidator, "__init__", remember_tree),
    (validators, "deepcopy", copy_tree),  # the validator's copy of the tree (and list_append's of a list value)
    (DepthFirstTraverser, "traverse", traverse),
    (validators.UpdateExpressionValidator, "validate", validate),
)
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget what was learnt (for tests and benchmarks)."""
    replaced.uninstall()
    _walker_types.clear()
    _syntax_passed.clear()
