"""seed_documents on the demo data: documents on demo cases, through the services, once."""

import pytest

from haven.documents.models import Document

pytestmark = pytest.mark.django_db


def test_seed_documents_attaches_files_once(settings, tmp_path):
    from haven.demo.cases import seed_cases
    from haven.demo.seed import seed_demo
    from haven.documents.demo import seed_documents

    seed_demo(seed=2026)
    seed_cases(150, seed=2026)
    made = seed_documents()
    assert made and made["documents"] >= 6
    sections = set(Document.objects.values_list("section", flat=True))
    assert {"law_enforcement", "child_protection", "general"} <= sections
    assert seed_documents() == made
