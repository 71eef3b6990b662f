"""Log in with a username, an e-mail address or a mobile number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class IdentifierBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ):
        if username is None or password is None:
            return None
        user = get_user_model().objects.find_by_identifier(username)
        if user is None:
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any):
        """The session's account, with its staff profile, court and division in the same query.

        Every page reads them (the workspace rules, the page shell), so loading them here saves two
        queries a request.
        """
        model = get_user_model()
        try:
            user = model._default_manager.select_related(
                "staff_profile__court", "staff_profile__division"
            ).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
