from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "haven.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # A merge of two people moves these links (haven/people/links.py).
        from haven.cases.models import Allegation, Case, Party
        from haven.people.links import register_person_link

        register_person_link(Party, "person", unique_with=("referral_id", "role"))
        register_person_link(Case, "child")
        register_person_link(Allegation, "victim")
