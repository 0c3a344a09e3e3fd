"""python manage.py recompute_summaries [--indicator ID]: the same service the tasks call."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from measurement.aggregation import indicator_recompute, summaries_recompute_all
from measurement.models import Indicator


class Command(BaseCommand):
    help = "Recompute the summaries of one indicator, or of every indicator."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--indicator", type=int, help="The id of one indicator.")

    def handle(self, *args, indicator: int | None = None, **options) -> None:
        if indicator is None:
            written = summaries_recompute_all()
        else:
            found = Indicator.objects.filter(pk=indicator).first()
            if found is None:
                raise CommandError(f"No indicator with id {indicator}.")
            written = indicator_recompute(indicator=found)
        self.stdout.write(f"{written} summary rows written.")
