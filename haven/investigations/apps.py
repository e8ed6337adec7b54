from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "haven.investigations"
    label = "investigations"
    verbose_name = "Investigations and outcomes"

    def ready(self) -> None:
        # Sections of the case page (haven/cases/panels.py); cases never imports this app.
        from haven.access.models import Section
        from haven.cases.hooks import register_event_section, register_open_work
        from haven.investigations.panels import register
        from haven.investigations.rules import open_investigative_work

        register()
        register_open_work(open_investigative_work)
        # Which role-matrix section each record's timeline events belong to.
        for object_type, section in {
            "investigations.lawenforcementinvestigation": Section.LAW_ENFORCEMENT,
            "investigations.childprotectioninvestigation": Section.CHILD_PROTECTION,
            "investigations.courthearing": Section.CHILD_PROTECTION,
            "investigations.reliance": Section.CHILD_PROTECTION,
            "investigations.prosecutionmatter": Section.PROSECUTION,
            "investigations.charge": Section.PROSECUTION,
            "investigations.traffickingdetails": Section.GENERAL,
        }.items():
            register_event_section(object_type, section)
