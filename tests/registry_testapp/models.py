from django.db import models
from django.utils import timezone


class Member(models.Model):
    """Found by email and phone; anonymised on erasure."""

    name = models.CharField(max_length=100)
    # Indexed, as the registry's check asks of every field a person is found by.
    email = models.CharField(max_length=254, blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    company = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    county = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """Found through its member; deleted on erasure."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="visits")
    ip_address = models.CharField(max_length=45)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"visit {self.pk}"


class Ticket(models.Model):
    """Found by email only; deleted on erasure, which cascades to its attachments."""

    email = models.CharField(max_length=254, db_index=True)
    body = models.TextField()

    def __str__(self) -> str:
        return f"ticket {self.pk}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.filename
