"""Record classes without compiling code: `dataclass` here is what amlgen's modules use in place of the
standard library's, for the options they use (frozen, order, eq, field defaults and factories, __post_init__).

`dataclasses.dataclass` writes each class's __init__, __repr__, __eq__, __hash__, __setattr__ and
__delattr__ as source text and compiles them: about a millisecond per class, and a run of amlgen creates some
70 classes, the largest part of its own start-up. This decorator lets the standard library collect the fields
(so `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work as before) but asks it for no methods,
and gives the class shared ones that read the field list instead. Instances behave as the standard
library's do (positional and keyword arguments, defaults, equality and hashing over the compared fields,
ordering, frozen instances, slots: a class declared with slots=True is made again with a slot per field, as
the standard library makes it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_options: object) -> Callable[[Any], Any]:
        return lambda decorated: decorated

T = TypeVar("T", bound=type)
_MISSING = dataclasses.MISSING


class _Spec:
    """What the shared methods read from a record class."""

    __slots__ = ("compared", "defaults", "factories", "names", "post_init", "repr_names", "state")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.names = tuple(f.name for f in fields if f.init)
        self.defaults = {f.name: f.default for f in fields if f.init and f.default is not _MISSING}
        self.factories = {f.name: f.default_factory for f in fields if f.init and f.default_factory is not _MISSING}
        self.post_init: Callable[[Any], None] | None = getattr(cls, "__post_init__", None)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.repr_names = tuple(f.name for f in fields if f.repr)
        self.state = tuple(f.name for f in fields)


# Instances a class makes with the shared __init__ before it gets a compiled one. A run makes a few of most
# classes and tens of thousands of a few (a large intent's HCL attributes, diagram edges): those pay the one
# compile and then construct as fast as the standard library's.
HOT = 256


def _init(spec: _Spec, cls: type, frozen: bool) -> Callable[..., None]:
    """The class's __init__: a closure over its fields (creating a function compiles nothing), which swaps in
    a compiled one once the class has made HOT instances."""
    names, defaults, factories, post_init = spec.names, spec.defaults, spec.factories, spec.post_init
    count, known, qualname = len(names), frozenset(spec.names), cls.__qualname__
    slotted = "__slots__" in cls.__dict__  # its instances have no __dict__
    made = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        made += 1
        if made == HOT:
            setattr(cls, "__init__", _compiled_init(spec, cls, frozen) or __init__)  # noqa: B010 (the class's own)
        # Straight into the instance's namespace: a frozen record refuses __setattr__.
        if not kwargs and len(args) == count:
            if slotted:
                for name, value in zip(names, args):  # noqa: B905 (as many arguments as fields)
                    _set(self, name, value)
            else:
                self.__dict__.update(zip(names, args))  # noqa: B905 (as many arguments as fields)
        else:
            values = defaults.copy()
            if args:
                if len(args) > count:
                    raise TypeError(f"{qualname}() takes {count} arguments, {len(args)} were given")
                values.update(zip(names, args, strict=False))  # the first fields
            if kwargs:
                if not kwargs.keys() <= known:
                    raise TypeError(f"{qualname}() got unexpected arguments "
                                    f"{', '.join(sorted(kwargs.keys() - known))}")
                if args and not kwargs.keys().isdisjoint(names[:len(args)]):
                    raise TypeError(f"{qualname}() got several values for "
                                    f"{', '.join(sorted(kwargs.keys() & set(names[:len(args)])))}")
                values.update(kwargs)
            if factories:
                for name, factory in factories.items():
                    if name not in values:
                        values[name] = factory()
            if len(values) < count:
                raise TypeError(f"{qualname}() is missing {', '.join(n for n in names if n not in values)}")
            if slotted:
                for name, value in values.items():
                    _set(self, name, value)
            else:
                self.__dict__.update(values)
        if post_init is not None:
            post_init(self)

    return __init__


def _compiled_init(spec: _Spec, cls: type, frozen: bool) -> Callable[..., None] | None:
    """An __init__ written out for the class's fields, as dataclasses writes one; None when its fields cannot
    be parameters in their order (a default before a field without one)."""
    scope: dict[str, Any] = {"_rec_missing": _MISSING, "_rec_set": object.__setattr__, "_rec_post": spec.post_init}
    parameters, body = ["self"], []
    for name in spec.names:
        if name in spec.factories:
            scope[f"_rec_factory_{name}"] = spec.factories[name]
            parameters.append(f"{name}=_rec_missing")
            body.append(f"    if {name} is _rec_missing:\n        {name} = _rec_factory_{name}()")
        elif name in spec.defaults:
            scope[f"_rec_default_{name}"] = spec.defaults[name]
            parameters.append(f"{name}=_rec_default_{name}")
        else:
            parameters.append(name)
        body.append(f"    _rec_set(self, {name!r}, {name})" if frozen else f"    self.{name} = {name}")
    if spec.post_init is not None:
        body.append("    _rec_post(self)")
    source = f"def __init__({', '.join(parameters)}):\n" + "\n".join(body or ["    pass"]) + "\n"
    try:
        exec(source, scope)  # our own field names, as dataclasses does
    except SyntaxError:
        return None
    function: Callable[..., None] = scope["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields' values as a tuple, as the standard library compares and hashes them."""
    if len(names) > 1:
        getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
        return getter
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda _record: ()


def _comparisons(key: Callable[[Any], tuple[Any, ...]], order: bool) -> dict[str, Callable[..., Any]]:
    def __eq__(self: Any, other: Any) -> Any:
        return key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    def __lt__(self: Any, other: Any) -> Any:
        return key(self) < key(other) if other.__class__ is self.__class__ else NotImplemented

    def __le__(self: Any, other: Any) -> Any:
        return key(self) <= key(other) if other.__class__ is self.__class__ else NotImplemented

    def __gt__(self: Any, other: Any) -> Any:
        return key(self) > key(other) if other.__class__ is self.__class__ else NotImplemented

    def __ge__(self: Any, other: Any) -> Any:
        return key(self) >= key(other) if other.__class__ is self.__class__ else NotImplemented

    found: dict[str, Callable[..., Any]] = {"__eq__": __eq__, "__hash__": __hash__}
    if order:
        found.update(__lt__=__lt__, __le__=__le__, __gt__=__gt__, __ge__=__ge__)
    return found


def _repr(self: Any) -> str:
    names = type(self).__record__.repr_names
    return f"{type(self).__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"


_set = object.__setattr__


def _slotted(cls: T) -> T:
    """The class again with a slot per field and no instance __dict__, as dataclasses(slots=True) makes it
    (a new class: slots are fixed when a class is created). The fields' defaults stay in their Field records,
    where the shared __init__ reads them; a class attribute of the same name would clash with the slot."""
    inherited = {name for base in cls.__mro__[1:-1] for name in base.__dict__.get("__slots__", ())}
    names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in inherited)
    namespace = {key: value for key, value in cls.__dict__.items()
                 if key not in names and key not in ("__dict__", "__weakref__")}
    namespace["__slots__"] = names
    slotted: T = type(cls)(cls.__name__, cls.__bases__, namespace)
    slotted.__qualname__ = cls.__qualname__
    return slotted


def _getstate(self: Any) -> list[Any]:
    """What copy and pickle keep of a slotted record: its fields' values (a frozen one refuses setattr)."""
    return [getattr(self, name) for name in type(self).__record__.state]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(type(self).__record__.state, state, strict=True):
        _set(self, name, value)


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _build(cls: T, frozen: bool, order: bool, eq: bool, slots: bool) -> T:
    if not cls.__dict__.get("__doc__"):
        cls.__doc__ = cls.__name__  # else the standard library computes one with inspect.signature
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields, no methods; the same class
    if slots:
        cls = _slotted(cls)
    spec = _Spec(cls)
    cls.__record__ = spec  # type: ignore[attr-defined]
    own = cls.__dict__
    methods: dict[str, Any] = {"__init__": _init(spec, cls, frozen), "__repr__": _repr}
    if eq:
        methods.update(_comparisons(_key(spec.compared), order))
        if not frozen:
            methods["__hash__"] = None  # as the standard library: a mutable record is not hashable
    if frozen:
        methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    if slots:
        methods.update(__getstate__=_getstate, __setstate__=_setstate)
    for name, method in methods.items():
        if name not in own:  # what the class defines itself stays, as with the standard library
            setattr(cls, name, method)
    # The options as dataclasses.dataclass would record them, for whatever inspects a dataclass.
    params = own["__dataclass_params__"]
    for option, value in (("init", True), ("repr", True), ("eq", eq), ("order", order), ("frozen", frozen)):
        setattr(params, option, value)
    return cls


@overload
def dataclass(cls: T, /) -> T: ...


@overload
def dataclass(*, frozen: bool = False, order: bool = False, eq: bool = True,
              slots: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: T | None = None, /, *, frozen: bool = False, order: bool = False, eq: bool = True,
              slots: bool = False) -> T | Callable[[T], T]:
    """As dataclasses.dataclass for these options."""
    if cls is not None:
        return _build(cls, frozen, order, eq, slots)
    return lambda decorated: _build(decorated, frozen, order, eq, slots)
