"""Login, logout, registration, password change and the user's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xiezhi import policy

from . import services
from .forms import LoginForm, RegisterForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _apply_errors(form: RegisterForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, "account.register"):
        return redirect("web:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_external(
                services.ExternalRegistration(
                    kind=data["kind"],
                    full_name=data["full_name"],
                    password=data["password1"],
                    mobile=data["mobile"],
                    email=data["email"],
                    licence_number=data["licence_number"],
                    law_firm=data["law_firm"],
                )
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            login(request, user, backend="xiezhi.accounts.backends.IdentifierBackend")
            messages.success(request, _("Your account has been created. Welcome!"))
            return redirect("web:portal")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"profile_user": request.user})


@login_required
@require_POST
def reveal_identity(request: HttpRequest) -> HttpResponse:
    """htmx: show the full identity number in place of the masked one (audited)."""
    number = services.reveal_identity_number(request.user, request.user)
    return render(request, "accounts/_identity_number.html", {"number": number, "revealed": True})
