"""Gradescope export: one ``results.json`` per submission (the document comes from grader.gradescope.results)."""
import json

from grader.batch.exports import ExportFormat
from grader.gradescope.results import VISIBILITIES, Visibility, results_document

__all__ = ["VISIBILITIES", "gradescope", "to_gradescope"]


def gradescope(record, *, visibility="visible", output_format="md"):
    """A Gradescope ``results.json`` document (as data) for one gradebook record; all its checks at ``visibility``."""
    return results_document([g.result for g in record.graded.values()], visibility=Visibility(visibility),
                            output_format=output_format, execution_time=record.duration, problem=record.problem,
                            extra_data={"submission": record.name, "content_hash": record.content_hash})


def to_gradescope(record, **options):
    """The Gradescope ``results.json`` text for one submission."""
    return json.dumps(gradescope(record, **options), indent=2, ensure_ascii=False) + "\n"


FORMAT = ExportFormat(name="gradescope", help_key="export.gradescope.help", file_name="{stem}/results.json",
                      render=lambda record, options: to_gradescope(record, **options))
