from django.contrib.auth.backends import ModelBackend

from gonghui.core import crypto
from gonghui.core.validators import MOBILE, normalize_phone

from .models import User


def find_user(identifier: str) -> User | None:
    """The account a user name or a mobile number (in any usual spelling) names."""
    identifier = identifier.strip()
    user = User.objects.filter(username=identifier).first()
    phone = normalize_phone(identifier)
    if user is None and MOBILE.match(phone):
        user = User.objects.filter(phone_index=crypto.blind_index(phone)).first()
    return user


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with the user name or the mobile number (found by its keyed hash)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same time spent whether or not the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
