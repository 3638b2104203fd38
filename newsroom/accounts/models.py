"""Failed logins, counted per username and address, so guessing a password is slow for everyone."""

from django.db import models


class LoginFailures(models.Model):
    """Recent failed logins for one username from one address; a row in the database so every web process sees it."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(unpack_ipv4=True)
    count = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField(help_text="start of the current counting window")
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "login failures"
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="login_failures_unique_pair")]

    def __str__(self) -> str:
        return f"{self.count} failed logins for {self.username} from {self.address}"
