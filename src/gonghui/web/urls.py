from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/", views.org_list, name="org-list"),
    path("orgs/<int:org_id>/", views.org_detail, name="org-detail"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
]
