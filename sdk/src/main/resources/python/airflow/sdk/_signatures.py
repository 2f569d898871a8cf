"""Parameter facts read from code objects. ``inspect.signature`` costs seconds to import and milliseconds
per call in GraalPy's interpreter; DAG evaluation needs only names, defaults and the ``**kwargs`` flag."""

_VARARGS = 0x04
_VARKEYWORDS = 0x08


def parameters(function):
    """``(positional names, keyword-only names, has *args, has **kwargs, defaults, kwdefaults)`` or None
    when ``function`` has no code object (builtins, callable objects, partials)."""
    function = getattr(function, "__func__", function)
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    n_pos = code.co_argcount
    names = code.co_varnames[:n_pos + code.co_kwonlyargcount]
    return (names[:n_pos], names[n_pos:], bool(code.co_flags & _VARARGS), bool(code.co_flags & _VARKEYWORDS),
            function.__defaults__ or (), function.__kwdefaults__ or {})


def cleandoc(doc):
    """``inspect.cleandoc``: strip the common indentation of a docstring's lines after the first."""
    lines = doc.expandtabs().split("\n")
    margin = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=0)
    cleaned = [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    return "\n".join(cleaned)
