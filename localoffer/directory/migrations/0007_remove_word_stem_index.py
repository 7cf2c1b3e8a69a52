"""Step two of two: the old word-stem index (SearchToken, SearchWord) goes, once step one's full-text
search is serving. Reversing makes the tables again, empty."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_full_text_search"),
    ]

    operations = [
        migrations.DeleteModel(name="SearchToken"),
        migrations.DeleteModel(name="SearchWord"),
    ]
