"""_takes_one_positional (the play's signature check without importing inspect) agrees with
inspect.signature(fn).bind({}) wherever it gives an answer."""
import functools
import inspect
import unittest

from hero_tracing._inputs import _takes_one_positional


def one(inputs): ...
def one_default(inputs=None): ...
def two_one_default(inputs, extra=1): ...
def two(inputs, extra): ...
def none(): ...
def star(*args): ...
def star_kw(**kwargs): ...
def kw_only_required(inputs, *, key): ...
def kw_only_default(inputs, *, key=1): ...
def positional_only(inputs, /): ...
def positional_only_two(inputs, other, /): ...
def star_and_required_kw(*args, key): ...
async def coroutine(inputs): ...
lambda_one = lambda inputs: None  # noqa: E731


@functools.wraps(two)
def wrapped(inputs): ...


class Callable:
    def __call__(self, inputs): ...


def binds(fn):
    try:
        inspect.signature(fn).bind({})
    except TypeError:
        return False
    return True


class TakesOnePositional(unittest.TestCase):
    def test_agrees_with_inspect_on_plain_functions(self):
        cases = [one, one_default, two_one_default, two, none, star, star_kw, kw_only_required, kw_only_default,
                 positional_only, positional_only_two, star_and_required_kw, coroutine, lambda_one]
        for fn in cases:
            with self.subTest(fn=fn.__name__):
                self.assertEqual(_takes_one_positional(fn), binds(fn))

    def test_leaves_what_it_cannot_read_to_inspect(self):
        for fn in (wrapped, Callable(), print, functools.partial(two, extra=1), Callable().__call__):
            with self.subTest(fn=fn):
                self.assertIsNone(_takes_one_positional(fn))


if __name__ == "__main__":
    unittest.main()
