from . import views_dashboard, views_summary

urlpatterns = [*views_dashboard.urlpatterns, *views_summary.urlpatterns]
