"""The case page lists the case's hearings and offers scheduling and drafting to those who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.hearings import services

from .conftest import slot, workday_ahead

pytestmark = pytest.mark.django_db


def test_case_page_lists_hearings_and_offers_scheduling_to_the_clerk(client, personas, case, room):
    hearing = services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    client.force_login(personas.clerk)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("hearings:detail", args=[hearing.pk]) in page
    assert room.name in page
    assert reverse("hearings:schedule", args=[case.pk]) in page


def test_case_page_without_hearings_says_so_and_offers_drafting_only_in_trial(client, personas, case):
    client.force_login(personas.judge)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-hearings"' in page
    assert reverse("hearings:schedule", args=[case.pk]) in page
    assert reverse("judgments:draft", args=[case.pk]) not in page  # assigned, not yet in trial
    case.status = "in_trial"
    case.save()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("judgments:draft", args=[case.pk]) in page


def test_workspace_menu_shows_the_publication_queue_to_reviewers_only(client, personas):
    client.force_login(personas.clerk)
    assert reverse("disclosure:queue") in client.get(reverse("cases:workbench")).content.decode()
    client.force_login(personas.judge)
    assert reverse("disclosure:queue") not in client.get(reverse("cases:workbench")).content.decode()
