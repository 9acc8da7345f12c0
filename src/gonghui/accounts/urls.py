from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="login-verify"),
    path("login/enroll/", views.enroll_view, name="login-enroll"),
    path("logout/", views.logout_view, name="logout"),
]
