"""``xiezhi fee``: the litigation fee (诉讼费用) of a case or application, with the working.

    xiezhi fee --kind property --amount 350000
    xiezhi fee --kind property --amount 350000 --procedure summary
    xiezhi fee --kind property --amount 80000 --stage appeal --on 2026-01-01
    xiezhi fee --kind labour
    xiezhi fee --list

Prints the fee payable and the step-by-step working of the engine (``xiezhi.fees.rules``), with
the installation's rounding (``XIEZHI_FEE_ROUNDING``). Needs no database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.fees.rules import (
    ClaimRole,
    FeeInputError,
    FeeRequest,
    Outcome,
    Procedure,
    RetrialGround,
    Stage,
    calculate_fee,
    fee_kinds,
)
from xiezhi.fees.services import fee_settings

#: Engine field → command-line option, for error messages.
OPTIONS = {
    "kind": "--kind",
    "amount": "--amount",
    "stage": "--stage",
    "procedure": "--procedure",
    "outcome": "--outcome",
    "claim_role": "--claim-role",
    "retrial_ground": "--retrial-ground",
    "on": "--on",
}


def _values(enum: Any) -> str:
    return ", ".join(member.value for member in enum)


class Command(BaseCommand):
    help = "Compute a litigation fee with its step-by-step working, or list the fee kinds."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="List the fee kinds and the inputs each needs."
        )
        parser.add_argument(
            "--kind", help="Fee kind, e.g. property, divorce, labour, enforcement (see --list)."
        )
        parser.add_argument(
            "--amount", help="Amount in yuan, e.g. 350000 or 12345.67 (claim, property, damages ...)."
        )
        parser.add_argument("--stage", help=f"Stage: {_values(Stage)} (default first_instance).")
        parser.add_argument("--procedure", help=f"Procedure: {_values(Procedure)} (default ordinary).")
        parser.add_argument("--outcome", help=f"How the case ended: {_values(Outcome)} (default judgment).")
        parser.add_argument("--claim-role", help=f"Whose claim: {_values(ClaimRole)} (default claim).")
        parser.add_argument(
            "--retrial-ground", help=f"Art. 9 ground for charging a retrial: {_values(RetrialGround)}."
        )
        parser.add_argument(
            "--on", metavar="YYYY-MM-DD", help="Day whose fee schedule applies (default today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if not options["kind"]:
            raise CommandError("give --kind (see --list for the kinds), or --list")
        on = None
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"].strip())
            except ValueError:
                raise CommandError(f"--on: {options['on']!r} is not a date (use YYYY-MM-DD)") from None
        given = {
            name: options[name]
            for name in ("stage", "procedure", "outcome", "claim_role", "retrial_ground")
            if options[name] is not None
        }
        amount = options["amount"]
        if amount is not None:
            amount = amount.replace(",", "").strip()  # 350,000 as people write it
        request = FeeRequest(kind=options["kind"].strip(), amount=amount, **given)
        try:
            assessment = calculate_fee(request, on=on, settings=fee_settings())
        except FeeInputError as exc:
            raise CommandError(f"{OPTIONS.get(exc.field, exc.field)}: {exc.message}") from None
        self.stdout.write(str(assessment.amount))  # first line: the amount alone, for scripts
        for step in assessment.explain():
            self.stdout.write(step)

    def _list(self) -> None:
        for info in fee_kinds():
            if info.amount == "not_used":
                amount = "per case, no amount"
            else:
                amount = f"--amount {info.amount}: {info.amount_label_en} ({info.amount_label_zh})"
            options = "; stage/procedure/outcome/claim-role/retrial-ground apply" if info.case_options else ""
            self.stdout.write(
                f"{info.kind.value:<30} {info.name_zh} — {info.name_en} [{info.category}, {info.article}]"
            )
            self.stdout.write(f"{'':<30} {amount}{options}")
