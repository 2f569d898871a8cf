from .formatter import Formatter


__all__ = ["Formatter"]
