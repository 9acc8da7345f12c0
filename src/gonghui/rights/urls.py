from django.urls import path

from . import views, views_relations

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
    path("rights/centres/", views_relations.centre_list, name="rights-centres"),
    path("rights/centres/new/", views_relations.centre_new, name="rights-centre-new"),
    path("rights/centres/<int:centre_id>/", views_relations.centre_detail, name="rights-centre"),
    path(
        "rights/centres/<int:centre_id>/mediators/",
        views_relations.centre_mediator_add,
        name="rights-centre-mediator",
    ),
    path("rights/mediations/", views_relations.mediation_list, name="rights-mediations"),
    path("rights/mediations/new/", views_relations.mediation_new, name="rights-mediation-new"),
    path(
        "rights/mediations/<int:mediation_id>/",
        views_relations.mediation_detail,
        name="rights-mediation",
    ),
    path(
        "rights/mediations/<int:mediation_id>/session/",
        views_relations.mediation_session,
        name="rights-mediation-session",
    ),
    path(
        "rights/mediations/<int:mediation_id>/close/",
        views_relations.mediation_close,
        name="rights-mediation-close",
    ),
    path("rights/legal/", views_relations.legal_event_list, name="rights-legal-events"),
    path("rights/legal/new/", views_relations.legal_event_new, name="rights-legal-event-new"),
    path("rights/letters/", views_relations.letter_list, name="rights-letters"),
    path("rights/letters/new/", views_relations.letter_new, name="rights-letter-new"),
    path("rights/letters/<int:letter_id>/", views_relations.letter_detail, name="rights-letter"),
    path(
        "rights/letters/<int:letter_id>/reply/",
        views_relations.letter_reply,
        name="rights-letter-reply",
    ),
    path(
        "rights/letters/<int:letter_id>/rectification/",
        views_relations.letter_rectification,
        name="rights-letter-rectification",
    ),
]

# Democratic management (职代会、厂务公开、职工董事监事、示范单位): views_democracy.
from . import views_democracy as vd  # noqa: E402

urlpatterns += [
    path("rights/democracy/", vd.coverage, name="rights-democracy"),
    path("rights/democracy/sessions/", vd.session_list, name="rights-congresses"),
    path("rights/democracy/sessions/new/", vd.session_new, name="rights-congress-new"),
    path("rights/democracy/sessions/<int:session_id>/", vd.session_detail, name="rights-congress"),
    path(
        "rights/democracy/sessions/<int:session_id>/held/",
        vd.session_held,
        name="rights-congress-held",
    ),
    path(
        "rights/democracy/sessions/<int:session_id>/resolutions/",
        vd.session_resolution,
        name="rights-congress-resolution",
    ),
    path(
        "rights/democracy/sessions/<int:session_id>/follow-up/",
        vd.session_follow_up,
        name="rights-congress-follow-up",
    ),
    path("rights/democracy/openness/", vd.openness_list, name="rights-openness"),
    path("rights/democracy/openness/new/", vd.openness_new, name="rights-openness-new"),
    path("rights/democracy/board/", vd.board_list, name="rights-board"),
    path("rights/democracy/board/new/", vd.board_new, name="rights-board-new"),
    path("rights/democracy/board/<int:member_id>/", vd.board_member, name="rights-board-member"),
    path(
        "rights/democracy/board/<int:member_id>/leave/",
        vd.board_leave,
        name="rights-board-leave",
    ),
    path("rights/democracy/units/", vd.unit_list, name="rights-demo-units"),
    path("rights/democracy/units/new/", vd.unit_new, name="rights-demo-unit-new"),
    path("rights/democracy/units/<int:unit_id>/", vd.unit_detail, name="rights-demo-unit"),
    path(
        "rights/democracy/units/<int:unit_id>/assess/",
        vd.unit_assess,
        name="rights-demo-unit-assess",
    ),
    path("rights/democracy/assessments/", vd.assessment_list, name="rights-assessments"),
]

# ---- collective consultation (集体协商、集中要约) ----
from . import views_contracts  # noqa: E402

urlpatterns += [
    path("rights/contracts/", views_contracts.contract_list, name="rights-contracts"),
    path("rights/contracts/new/", views_contracts.contract_new, name="rights-contract-new"),
    path(
        "rights/contracts/<int:contract_id>/",
        views_contracts.contract_detail,
        name="rights-contract",
    ),
    path(
        "rights/contracts/<int:contract_id>/filing/",
        views_contracts.contract_filing,
        name="rights-contract-filing",
    ),
    path("rights/campaigns/", views_contracts.campaign_list, name="rights-campaigns"),
    path("rights/campaigns/new/", views_contracts.campaign_new, name="rights-campaign-new"),
    path("rights/offers/", views_contracts.offer_list, name="rights-offers"),
    path("rights/offers/new/", views_contracts.offer_new, name="rights-offer-new"),
    path("rights/offers/<int:offer_id>/", views_contracts.offer_detail, name="rights-offer"),
    path(
        "rights/offers/<int:offer_id>/answer/",
        views_contracts.offer_answer,
        name="rights-offer-answer",
    ),
]
