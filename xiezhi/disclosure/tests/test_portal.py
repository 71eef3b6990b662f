"""Process information and the public portal: the party's case page lists the case's hearings and
the published judgment; another litigant does not see the case at all; one public navigation."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from xiezhi.courts.factories import CourtroomFactory
from xiezhi.disclosure import services
from xiezhi.disclosure.factories import JudgmentDocumentFactory
from xiezhi.hearings.models import Hearing


def _hearing(personas, case, room, start, **extra):
    # Written straight to the table: scheduling refuses the past (this is a read-only display test).
    hearing = Hearing.objects.create(
        case=case,
        courtroom=room,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        clerk=personas.clerk,
        scheduled_by=personas.clerk,
        **extra,
    )
    hearing.panel.set([personas.judge])
    return hearing


def test_parties_and_lawyers_see_their_hearings_and_the_published_judgment(client, personas, assigned_case):
    case = assigned_case
    room = CourtroomFactory(court=personas.court, name="第三法庭")
    upcoming = _hearing(personas, case, room, timezone.now() + timedelta(days=9), mode="hybrid")
    past = _hearing(personas, case, room, timezone.now() - timedelta(days=20))
    url = reverse("cases:portal_detail", args=[case.pk])

    for user in (personas.litigant, personas.lawyer):
        client.force_login(user)
        html = client.get(url).content.decode()
        upcoming_part = html.split('data-testid="upcoming-hearings"')[1].split("</tbody>")[0]
        past_part = html.split('data-testid="past-hearings"')[1].split("</tbody>")[0]
        assert f'data-id="{upcoming.pk}"' in upcoming_part and f'data-id="{past.pk}"' in past_part
        assert "第三法庭" in upcoming_part
        local = timezone.localtime(upcoming.starts_at).strftime("%Y-%m-%d %H:%M")
        assert local in upcoming_part
        assert str(upcoming.get_mode_display()) in upcoming_part
        assert 'data-testid="published-judgments"' not in html

    # Another litigant does not see the case at all (the existing policy: 404, audited).
    client.force_login(personas.stranger)
    assert client.get(url).status_code == 404

    # Once the judgment is published, the parties' page links the public (redacted) version.
    case.status, case.effective_on = "effective", timezone.localdate()
    case.save()
    publication = services.enqueue(JudgmentDocumentFactory(case=case))
    services.publish(personas.clerk, publication)
    client.force_login(personas.litigant)
    html = client.get(url).content.decode()
    assert 'data-testid="published-judgments"' in html
    assert reverse("disclosure:public_detail", args=[publication.pk]) in html


def test_one_public_navigation_on_every_public_page_and_the_home_page_links(client, db):
    links = (
        reverse("disclosure:public_list"),
        reverse("hearings:announcements"),
        reverse("disclosure:public_withheld"),
        reverse("web:courts"),
        reverse("fees:calculator"),
    )
    assert links[1] == "/public/hearings/" and links[3] == "/courts/" and links[4] == "/fees/"
    for page in ("/", *links):
        response = client.get(page)
        assert response.status_code == 200, page
        nav = response.content.decode().split('class="main-nav"')[1].split("</nav>")[0]
        for link in links:
            assert f'href="{link}"' in nav, (page, link)
    home = client.get("/").content.decode().split('id="services-title"')[1]
    for link in links:
        assert f'href="{link}"' in home, link
