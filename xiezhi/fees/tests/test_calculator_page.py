"""The public fee calculator page (/fees/): renders, computes, updates with htmx, keeps bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/fees/"


def test_the_calculator_is_public_and_linked_from_the_home_page(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert 'id="id_kind"' in html and 'id="id_amount"' in html
    assert "财产案件" in html  # kinds come from fee_kinds()
    assert 'hx-get="/fees/"' in html
    home = client.get("/").content.decode()
    assert home.count(f'href="{reverse("fees:calculator")}"') >= 2  # a service card and the footer


def test_350000_yuan_property_claim_costs_6550_with_the_working(client):
    html = client.get(URL, {"kind": "property", "amount": "350000"}).content.decode()
    assert 'data-testid="fee-amount">6,550.00<' in html
    assert "(350,000 − 200,000) × 1.5%" in html  # the step-by-step working
    assert "超过20万元至50万元的部分，按照1.5%交纳" in html  # described in Chinese
    assert "Art. 13(1)" in html
    assert 'value="350000"' in html  # input kept


@pytest.mark.parametrize(
    ("params", "amount"),
    [
        ({"kind": "property", "amount": "350000", "procedure": "summary"}, "3,275.00"),
        ({"kind": "property", "amount": "35万", "outcome": "mediation"}, "3,275.00"),
        ({"kind": "property", "amount": "３５００００"}, "6,550.00"),
        ({"kind": "property", "amount": "80,000", "stage": "appeal"}, "1,800.00"),
        ({"kind": "payment_order", "amount": "8000"}, "16.67"),
        ({"kind": "preservation", "amount": "1200000"}, "5,000.00"),
        ({"kind": "labour", "amount": "350000"}, "10.00"),  # amount not used: ignored, not refused
    ],
)
def test_options_and_other_kinds(client, params, amount):
    html = client.get(URL, params).content.decode()
    assert f'data-testid="fee-amount">{amount}<' in html


def test_options_a_kind_does_not_read_are_ignored_and_said_so(client):
    html = client.get(URL, {"kind": "labour", "amount": "350000", "stage": "appeal"}).content.decode()
    assert 'data-testid="fee-amount">10.00<' in html
    assert "此类费用不使用以下输入" in html


def test_htmx_typing_updates_only_the_result(client):
    response = client.get(
        URL,
        {"kind": "property", "amount": "50000"},
        headers={"HX-Request": "true", "HX-Target": "fee-result"},
    )
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert 'data-testid="fee-amount">1,050.00<' in html
    assert 'hx-swap-oob="innerHTML:#fee-status"' in html  # the live region hears the new total


def test_htmx_change_redraws_form_and_result_with_field_errors(client):
    response = client.get(
        URL,
        {"kind": "property", "amount": "-5"},
        headers={"HX-Request": "true", "HX-Target": "fee-calculator"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="fee-calculator"' in html and "<form" in html
    assert 'class="field-error"' in html
    assert 'value="-5"' in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "property", "amount": "abc"}, "amount", "请输入以元为单位的金额"),
        ({"kind": "property", "amount": ""}, "amount", "诉讼请求的金额或者价额"),
        ({"kind": "property", "amount": "12.345"}, "amount", "分"),
        (
            {"kind": "property", "amount": "1000", "stage": "appeal", "procedure": "summary"},
            "procedure",
            "一审",
        ),
        ({"kind": "administrative_other", "claim_role": "counterclaim"}, "claim_role", "行政案件"),
        ({"kind": "no_such_kind"}, "kind", ""),
    ],
)
def test_bad_input_is_a_field_error_and_the_input_is_kept(client, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert 'data-testid="fee-amount"' not in html
    assert message in html
    if params.get("amount"):
        assert f'value="{params["amount"]}"' in html


def test_the_page_speaks_english_on_request(client):
    client.cookies["xiezhi_language"] = "en"
    html = client.get(URL, {"kind": "property", "amount": "abc"}).content.decode()
    assert 'lang="en"' in html
    assert "Litigation fee calculator" in html
    assert "Enter an amount in yuan" in html
    html = client.get(URL, {"kind": "property", "amount": "350000"}).content.decode()
    assert "part over 200,000 up to 500,000 at 1.5%" in html
    assert "Property case (财产案件)" in html
