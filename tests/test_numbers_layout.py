"""The number package keeps its public names and its one-way layout (issue 29 split)."""

from __future__ import annotations

import ast
from pathlib import Path

import aligner.numbers

PACKAGE = Path(aligner.numbers.__file__).parent

# What callers import today (flags, features, lexicon, tests, the flags/evidence work).
PUBLIC = ("HARD_WORDS", "IGNORED_VALUES", "MAX_WEAK_VALUE", "NUMBER_WORDS", "SCALES",
          "SOFT_WORDS", "Mention", "NumberDifference", "comparable", "compare_numbers",
          "extract_mentions", "extract_numbers", "has_number_cues", "number_words_as_digits")


def _sibling_imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module \
                and node.module.startswith("aligner.numbers."):
            found.add(node.module.rsplit(".", 1)[1])
    return found


def test_public_names_are_importable_from_the_package() -> None:
    for name in PUBLIC:
        assert hasattr(aligner.numbers, name), name
        assert name in aligner.numbers.__all__


def test_modules_import_each_other_one_way_only() -> None:
    graph = {path.stem: _sibling_imports(path) for path in PACKAGE.glob("*.py")
             if path.stem != "__init__"}
    assert set().union(*graph.values()) <= set(graph), "import of a module that is not there"
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import cycle: {' -> '.join((*path, module))}"
        if module in done:
            return
        for imported in graph[module]:
            visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())
