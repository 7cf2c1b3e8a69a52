
app_name = "packages"
urlpatterns: list = []
