from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "haven.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from haven.core.daily import register_daily
        from haven.core.nav import NavItem, register_nav
        from haven.training.tasks import send_refresher_reminders

        register_nav(NavItem("training", _("Training"), "training:program_list", "/training/", 40))
        # Once per certificate and due date, however often it runs.
        register_daily(
            "training_refresher_reminders",
            "email learners whose refresher falls due within 60 days",
            send_refresher_reminders,
        )
