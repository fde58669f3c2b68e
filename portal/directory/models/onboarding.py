"""Requests merchants make: claiming an imported profile, asking a designer for website help."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimRequest(models.Model):
    """A business asks to manage a profile that was imported without an owner.

    Confirmed either by the link mailed to the address on file (``email``) or
    by an editor (``editor``); only then does the user join the team.
    """

    METHOD_EMAIL = "email"
    METHOD_EDITOR = "editor"
    METHOD_CHOICES = [
        (METHOD_EMAIL, _("link to the email address on file")),
        (METHOD_EDITOR, _("approval by the editors")),
    ]
    STATUS_PENDING = "pending"
    STATUS_CONFIRMED = "confirmed"
    STATUS_REJECTED = "rejected"
    STATUS_CHOICES = [
        (STATUS_PENDING, _("pending")),
        (STATUS_CONFIRMED, _("confirmed")),
        (STATUS_REJECTED, _("rejected")),
    ]

    page = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="merchant_claims",
    )
    method = models.CharField(_("confirmation"), max_length=10, choices=METHOD_CHOICES)
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=STATUS_PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("profile claim")
        verbose_name_plural = _("profile claims")

    def __str__(self):
        return f"{self.page} ← {self.user}"


class WebsiteHelpRequest(models.Model):
    """A merchant asks a local designer (a business in a web-design category) for help."""

    page = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("business"),
        on_delete=models.CASCADE,
        related_name="website_help_requests",
    )
    designer = models.ForeignKey(
        "directory.MerchantPage",
        verbose_name=_("designer"),
        on_delete=models.CASCADE,
        related_name="website_help_offers",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("email"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("what do you need help with?"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("website help request")
        verbose_name_plural = _("website help requests")

    def __str__(self):
        return f"{self.page} → {self.designer}"


class StaffInvitation(models.Model):
    """An owner invites a person by e-mail to work at the business's till.

    The user exists from the invitation on (found by the address, or created
    without a usable password); it joins the team's staff group only when it
    follows the mailed link, sets its password if it has none, and accepts.
    Owners see pending invitations, send them again and withdraw them.
    """

    team = models.ForeignKey(
        "directory.MerchantTeam",
        verbose_name=_("business"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), null=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=models.Q(accepted_at__isnull=True),
                name="directory_one_open_invitation_per_person",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.team}"
