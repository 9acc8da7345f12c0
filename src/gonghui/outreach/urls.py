from django.urls import path

from . import views

urlpatterns = [
    path("outreach/", views.hub, name="outreach"),
    path("outreach/groups/", views.group_list, name="outreach-groups"),
    path("outreach/groups/new/", views.group_new, name="outreach-group-new"),
    path("outreach/groups/<int:group_id>/", views.group_detail, name="outreach-group"),
    path(
        "outreach/groups/<int:group_id>/cadres/",
        views.group_cadre_add,
        name="outreach-group-cadre-add",
    ),
    path(
        "outreach/groups/<int:group_id>/cadres/<int:cadre_id>/remove/",
        views.group_cadre_remove,
        name="outreach-group-cadre-remove",
    ),
    path(
        "outreach/groups/<int:group_id>/interviews/",
        views.group_interview_add,
        name="outreach-group-interview-add",
    ),
    path(
        "outreach/groups/<int:group_id>/unions/",
        views.group_union_credit,
        name="outreach-group-union-credit",
    ),
    path(
        "outreach/groups/<int:group_id>/members/",
        views.group_member_credit,
        name="outreach-group-member-credit",
    ),
    path("outreach/visits/", views.visit_list, name="outreach-visits"),
    path("outreach/visits/new/", views.visit_new, name="outreach-visit-new"),
    path("outreach/visits/<int:visit_id>/", views.visit_detail, name="outreach-visit"),
    path("outreach/visits/<int:visit_id>/edit/", views.visit_edit, name="outreach-visit-edit"),
    path("outreach/grants/", views.grant_list, name="outreach-grants"),
    path("outreach/grants/new/", views.grant_new, name="outreach-grant-new"),
    path("outreach/problems/", views.problem_list, name="outreach-problems"),
    path("outreach/problems/<int:problem_id>/", views.problem_detail, name="outreach-problem"),
    path(
        "outreach/problems/<int:problem_id>/solve/",
        views.problem_solve,
        name="outreach-problem-solve",
    ),
    path("outreach/pairings/", views.pairing_list, name="outreach-pairings"),
    path("outreach/pairings/new/", views.pairing_new, name="outreach-pairing-new"),
    path("outreach/pairings/<int:pairing_id>/", views.pairing_detail, name="outreach-pairing"),
    path(
        "outreach/pairings/<int:pairing_id>/contacts/",
        views.pairing_contact_add,
        name="outreach-pairing-contact-add",
    ),
    path("outreach/assessments/", views.assessment_list, name="outreach-assessments"),
    path(
        "outreach/assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="outreach-assessment",
    ),
    path(
        "outreach/assessments/<int:assessment_id>/review/",
        views.assessment_review,
        name="outreach-assessment-review",
    ),
    path("outreach/schemes/new/", views.scheme_new, name="outreach-scheme-new"),
    path(
        "outreach/schemes/<int:scheme_id>/ranking/",
        views.ranking,
        name="outreach-ranking",
    ),
    path(
        "outreach/schemes/<int:scheme_id>/counties/<int:county_id>/",
        views.self_assessment,
        name="outreach-self-assessment",
    ),
    path("outreach/courses/", views.course_list, name="outreach-courses"),
    path("outreach/courses/new/", views.course_new, name="outreach-course-new"),
    path("outreach/courses/<int:course_id>/", views.course_detail, name="outreach-course"),
    path(
        "outreach/courses/<int:course_id>/trainees/",
        views.course_trainee_add,
        name="outreach-course-trainee-add",
    ),
    path("outreach/coverage/", views.coverage, name="outreach-coverage"),
    path("outreach/enterprises-without-union/", views.unorganized, name="outreach-unorganized"),
]
