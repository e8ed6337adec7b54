"""Staff accounts. Created by a security officer, never by public sign-up."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from haven.accounts.disciplines import Discipline
from haven.directory.models import Agency, Personnel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        """For tests and management commands; the UI uses services.user_create."""
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    discipline = models.CharField(max_length=32, choices=Discipline.choices, db_index=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    personnel = models.OneToOneField(
        Personnel, on_delete=models.PROTECT, null=True, blank=True, related_name="user"
    )
    is_active = models.BooleanField(default=True)
    # DCF's statewide trafficking liaison reads every team (Gen. Stat. § 17a-106f teams).
    is_statewide_liaison = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "discipline"]

    class Meta:
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    # Haven has no Django admin and no permission strings: access lives in haven.access.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_superuser(self) -> bool:
        return False

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SecondStepLock(models.Model):
    """Wrong codes at the second sign-in step, and the lock they set (one row per account).

    Written only by haven.accounts.services (second_step_failed / second_step_unlock); read
    by haven.accounts.lockout. No code and no address is kept here: those are in the audit
    rows of each failure.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_step_lock")
    failures = models.PositiveSmallIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Second step of {self.user}"
