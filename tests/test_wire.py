"""The data-only wire format and the learner proxy, below the level of whole checks."""
import socket
import textwrap

import numpy as np
import pytest

from grader.sandbox import wire
from grader.sandbox.faults import LearnerFault, NotStarted
from grader.sandbox.process import Limits
from grader.sandbox.proxy import Handle, Learner


def refuse(value):
    raise TypeError(f"not data: {value!r}")


def round_trip(value):
    """Encode, send through a real socket pair, receive and decode."""
    arrays = []
    header = {"value": wire.encode(value, arrays, refuse)}
    left, right = socket.socketpair()
    with left, right:
        wire.send(left, header, arrays)
        got, blobs = wire.recv(right, deadline=None)
    return wire.decode(got["value"], blobs, refuse)


@pytest.mark.parametrize("value", [
    None, True, 0, -7, 2**80, 1.5, float("inf"), "text ✓", [1, [2, 3]], (1, (2.0, "x")), {"a": 1, 2: (3,)},
    {(1, 2): "tuple key"},
])
def test_plain_values_round_trip(value):
    assert round_trip(value) == value
    assert type(round_trip(value)) is type(value)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int64", "uint16", "bool", "complex128", ">f8"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    array = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    got = round_trip(array)
    assert got.dtype == array.dtype and got.shape == array.shape and np.array_equal(got, array)


def test_zero_d_arrays_and_numpy_scalars_stay_distinct():
    assert isinstance(round_trip(np.array(2.5)), np.ndarray)
    scalar = round_trip(np.float32(2.5))
    assert isinstance(scalar, np.float32) and scalar == 2.5
    assert round_trip(float("nan")) != round_trip(float("nan"))  # NaN survives as NaN


def test_non_contiguous_and_subclass_arrays_arrive_as_plain_arrays():
    base = np.arange(20.0).reshape(4, 5)
    got = round_trip(base[:, ::2].T)
    assert np.array_equal(got, base[:, ::2].T)
    assert type(round_trip(np.ma.masked_array([1.0, 2.0]))) is np.ndarray


def test_objects_are_refused_by_the_encoder():
    with pytest.raises(TypeError):
        round_trip(object())
    with pytest.raises(TypeError):
        round_trip(np.array([object()], dtype=object))


def test_malformed_messages_raise_wire_error():
    left, right = socket.socketpair()
    with left, right:
        left.sendall(wire._LEN.pack(5) + b"{oops")
        with pytest.raises(wire.WireError):
            wire.recv(right, deadline=None)
    left, right = socket.socketpair()
    with left, right:
        left.sendall(wire._LEN.pack(2**40))
        with pytest.raises(wire.WireError):
            wire.recv(right, deadline=None, max_bytes=1 << 20)


@pytest.fixture
def learner(tmp_path):
    """A proxy to a small learner module with a short timeout."""
    path = tmp_path / "module.py"
    path.write_text(textwrap.dedent("""
        import numpy as np
        class Cache:
            def __init__(self, x):
                self.x = x
        def forward(x):
            return x * 2, Cache(x)
        def backward(cache):
            return cache.x + 1
        def batches(n):
            for i in range(n):
                yield i, np.arange(i)
        def scale(config, w):
            config["calls"] = config.get("calls", 0) + 1
            return w * 2, config
        def stub():
            raise NotImplementedError
        def warn(z):
            return np.exp(np.asarray(z, dtype=float))
        def slow():
            while True:
                pass
    """))
    proxy = Learner(path, limits=Limits(timeout=1.0), mutable_arguments=("config",))
    yield proxy
    proxy.close()


def test_values_that_cannot_cross_stay_behind_a_handle(learner):
    out, cache = learner.forward(np.array([1.0, 2.0]))
    assert np.array_equal(out, [2.0, 4.0])
    assert isinstance(cache, Handle) and cache.type_name == "Cache"
    assert np.array_equal(learner.backward(cache), [2.0, 3.0])


def test_handles_do_not_survive_a_restart(learner):
    _, cache = learner.forward(np.array([1.0]))
    with pytest.raises(LearnerFault):
        learner.slow()
    with pytest.raises(LearnerFault, match="lost"):
        learner.backward(cache)


def test_generators_are_materialised(learner):
    items = learner.batches(3)
    assert isinstance(items, list) and len(items) == 3
    assert items[2][0] == 2 and np.array_equal(items[2][1], [0, 1])


def test_mutable_containers_may_change_but_are_returned(learner):
    w, config = learner.scale({"lr": 0.1}, np.ones(2))
    assert config == {"lr": 0.1, "calls": 1}


def test_stub_and_warnings_and_timeout_and_restart(learner):
    with pytest.raises(NotStarted):
        learner.stub()
    learner.warn(np.array([1000.0]))
    assert any("overflow" in w for w in learner.last_call.warnings)
    with pytest.raises(LearnerFault, match="took longer than 1 s"):
        learner.slow()
    assert np.array_equal(learner.forward(np.array([1.0]))[0], [2.0])  # a fresh worker answers


def test_private_names_are_not_forwarded(learner):
    assert not hasattr(learner, "_repr_pretty_")
    assert not hasattr(learner, "no_such_function")
    assert repr(learner) == "<learner module.py>"
