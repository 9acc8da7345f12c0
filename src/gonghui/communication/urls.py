from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/new/", views.notice_new, name="notice-new"),
    path("notices/received/", views.delivery_list, name="delivery-list"),
    path("notices/received/<int:delivery_id>/", views.delivery_detail, name="delivery-detail"),
    path("notices/received/<int:delivery_id>/read/", views.delivery_read, name="delivery-read"),
    path(
        "notices/received/<int:delivery_id>/report/", views.delivery_report, name="delivery-report"
    ),
    path(
        "notices/received/<int:delivery_id>/forward/",
        views.delivery_forward,
        name="delivery-forward",
    ),
    path("notices/received/<int:delivery_id>/file", views.delivery_file, name="delivery-file"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:notice_id>/attachment", views.notice_attachment, name="notice-attachment"),
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/new/", views.survey_new, name="survey-new"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey-detail"),
    path("surveys/<int:survey_id>/results.xlsx", views.survey_export, name="survey-export"),
    path("surveys/<int:survey_id>/open/", views.survey_open, name="survey-open"),
    path("surveys/<int:survey_id>/close/", views.survey_close, name="survey-close"),
    path("me/surveys/", views.my_surveys, name="my-surveys"),
    path("me/surveys/<int:survey_id>/", views.my_survey, name="my-survey"),
    path("news-items/", views.news_list, name="news-list"),
    path("news-items/new/", views.news_new, name="news-new"),
    path("news-items/<int:item_id>/", views.news_detail, name="news-detail"),
    path("news-items/<int:item_id>/adopt/", views.news_adopt, name="news-adopt"),
    path("news-items/<int:item_id>/decline/", views.news_decline, name="news-decline"),
    path("works/", views.works_list, name="works-list"),
    path("works/new/", views.works_new, name="works-new"),
    path("works/<int:campaign_id>/", views.works_detail, name="works-detail"),
    path("works/<int:campaign_id>/entries/", views.works_submit, name="works-submit"),
    path("works/entries/<int:entry_id>/select/", views.entry_select, name="works-select"),
    path("me/works/", views.my_works, name="my-works"),
    path("me/works/entries/<int:entry_id>/like/", views.my_like, name="my-like"),
    path("news/<int:org_id>/", views.public_news, name="public-news"),
    path("news/<int:org_id>/<int:item_id>/", views.public_news_item, name="public-news-item"),
]
