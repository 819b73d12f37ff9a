"""The README tells the truth: its data-model table is the one the code uses."""

from pathlib import Path

from kamkit.core.schema import data_model_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_readme_data_model_is_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    begin = readme.index("<!-- data-model:begin")
    begin = readme.index("\n", begin) + 1
    end = readme.index("<!-- data-model:end -->")
    assert readme[begin:end] == data_model_markdown(), (
        "README's data model is out of date: paste kamkit.core.schema.data_model_markdown() in."
    )
