"""A service's `search_related` holds the markers of its terms that have terms above or below them (SEND
and each need, All of Medway and each town) instead of every word of those terms: the words go into the
query instead (search._related_markers), so each listing's search document is small. The words of the
related terms stay in the typing-slip word list. Undoing puts the words back."""

from django.db import migrations


def _reindex(apps, related_of):
    Service = apps.get_model("directory", "Service")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    ServiceAttribute = apps.get_model("directory", "ServiceAttribute")
    # In the terms' own order (their taxonomy's name, position, name), as `service.terms.all()` gives them.
    every_term = list(
        TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "position", "name")
    )
    order = {term.id: n for n, term in enumerate(every_term)}
    by_id = {term.id: term for term in every_term}
    terms_of = {}
    for service_id, term_id in ServiceAttribute.objects.values_list("service_id", "term_id"):
        terms_of.setdefault(service_id, []).append(by_id[term_id])
    for terms in terms_of.values():
        terms.sort(key=lambda term: order[term.id])
    changed = []
    for service in Service.objects.only("id", "search_related").iterator(chunk_size=2000):
        value = related_of(terms_of.get(service.id, []), every_term)
        if value != service.search_related:
            service.search_related = value
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_related"], batch_size=500)
    return [term for terms in terms_of.values() for term in terms], every_term


def markers(apps, schema_editor):
    from localoffer.directory.search import _listed_words, _plain, related_words, term_words

    used, every_term = _reindex(apps, lambda terms, every: _plain(term_words(terms, every)[1]))
    IndexedWord = apps.get_model("directory", "IndexedWord")
    words = _listed_words(related_words(list({term.id: term for term in used}.values()), every_term))
    IndexedWord.objects.bulk_create(
        (IndexedWord(word=word) for word in sorted(words)), batch_size=2000, ignore_conflicts=True
    )


def words(apps, schema_editor):
    from localoffer.directory.search import _plain, related_words

    _reindex(apps, lambda terms, every: _plain(related_words(terms, every)))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_remove_word_stem_index"),
    ]

    operations = [migrations.RunPython(markers, words)]
