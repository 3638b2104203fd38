from django.urls import path

from newsroom.front import views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    # Articles
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/original.txt", views.article_original, name="article-original"),
    # Operations
    path("healthz", views.healthz, name="healthz"),
]
