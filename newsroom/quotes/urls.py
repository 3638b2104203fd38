from django.urls import path

from newsroom.quotes import views

app_name = "quotes"

urlpatterns = [
    path("quotes/<int:pk>/", views.quote_detail, name="quote"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
]
