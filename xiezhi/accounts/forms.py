"""Forms: the validation at the web edge; services repeat the rules that guard data."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from xiezhi.courts.models import Court, Division

from . import rules
from .models import StaffRole, UserKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile number, e-mail or user name"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _("The account or password is not correct. Please try again."),
        "inactive": _("This account is disabled."),
    }


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am"),
        choices=[(UserKind.LITIGANT, _("a litigant")), (UserKind.LAWYER, _("a lawyer"))],
        widget=forms.RadioSelect,
        initial=UserKind.LITIGANT,
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    licence_number = forms.CharField(
        label=_("Practice certificate number (lawyers)"), max_length=17, required=False
    )
    law_firm = forms.CharField(label=_("Law firm (lawyers)"), max_length=120, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("At least 10 characters; not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name as on your identity document."))
        return name

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data["mobile"].strip()
        if mobile and rules.mobile_problem(mobile):
            raise forms.ValidationError(_("A mobile number has 11 digits and starts with 13–19."))
        return mobile

    def clean_licence_number(self) -> str:
        value = self.cleaned_data["licence_number"].strip()
        if value and rules.lawyer_licence_problem(value):
            raise forms.ValidationError(_("A practice certificate number has 17 digits."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("mobile") and not data.get("email") and "mobile" not in self.errors:
            self.add_error("mobile", _("Give a mobile number or an e-mail address."))
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        if data.get("kind") == UserKind.LAWYER:
            if not data.get("licence_number") and "licence_number" not in self.errors:
                self.add_error("licence_number", _("Lawyers must give their practice certificate number."))
            if not data.get("law_firm"):
                self.add_error("law_firm", _("Lawyers must name their law firm."))
        return data


class StaffCreateForm(forms.Form):
    username = forms.SlugField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=60)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none(), required=False)
    title = forms.CharField(label=_("Title"), max_length=60, required=False)
    mobile = forms.CharField(label=_("Mobile number"), max_length=11, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )

    def __init__(self, *args, court: Court, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = Division.objects.filter(court=court)

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data["mobile"].strip()
        if mobile and rules.mobile_problem(mobile):
            raise forms.ValidationError(_("A mobile number has 11 digits and starts with 13–19."))
        return mobile
