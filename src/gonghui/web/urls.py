from django.urls import path

from . import member_aid, views

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/", views.org_list, name="org-list"),
    path("orgs/<int:org_id>/", views.org_detail, name="org-detail"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    # Composed above assistance and campaigns (see member_aid).
    path("aid/mine/", member_aid.my_aid, name="aid-mine"),
]
