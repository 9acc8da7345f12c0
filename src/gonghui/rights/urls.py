from django.urls import path

from . import views

# One view per action: each form of a page posts to its own address.
urlpatterns = [
    path("rights/", views.case_list, name="rights-cases"),
    path("rights/cases/new/", views.case_new, name="rights-case-new"),
    path("rights/cases/<int:case_id>/", views.case_detail, name="rights-case"),
    path("rights/cases/<int:case_id>/assign/", views.case_assign, name="rights-case-assign"),
    path("rights/cases/<int:case_id>/step/", views.case_step, name="rights-case-step"),
    path("rights/cases/<int:case_id>/close/", views.case_close, name="rights-case-close"),
    path("rights/cases/<int:case_id>/reveal/", views.case_reveal, name="rights-case-reveal"),
    path("rights/cases/<int:case_id>/withdraw/", views.case_withdraw, name="rights-case-withdraw"),
    path("rights/mine/", views.my_cases, name="rights-mine"),
    path("rights/mine/new/", views.case_submit, name="rights-submit"),
]
