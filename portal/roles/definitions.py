"""The portal's roles: one Django group each, with exactly these permissions.

``docs/roles.md`` describes what each role may see and do; this module is
what the code enforces. A role gives *kinds* of rights (open the admin,
publish pages, run the voucher programme); *which* business a merchant or
its till staff act for comes from the per-business team groups of the
directory (``MerchantTeam.group`` for owners, ``MerchantTeam.staff_group``
for staff), and which office's concerns a clerk handles from
``Office.staff``.

The groups are created by this app's data migration, which keeps a frozen
copy of these definitions (migrations never import live code);
``tests/roles/test_roles.py`` fails if the two drift apart. ``services``
applies the definitions where a database lost its groups (demo, tests).
"""

from dataclasses import dataclass

EDITORS = "Redaktion"
MERCHANTS = "Händler"
MERCHANT_STAFF = "Kasse / Mitarbeitende"
VOUCHER_OPERATORS = "Gutschein-Betreiber"
OFFICE_STAFF = "Sachbearbeitung"
ADMINISTRATORS = "Administration"

ACCESS_ADMIN = "wagtailadmin.access_admin"
# The permission this app's ``Role`` proxy model carries: Wagtail's reports
# (site history, workflows, ...) list users and page activity of the whole site.
VIEW_REPORTS = "roles.view_reports"

IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image", "delete_image")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document", "delete_document")


@dataclass(frozen=True)
class Role:
    """One group's permissions.

    ``permissions`` are model permissions as ``app_label.codename``;
    ``page_permissions`` are Wagtail page permission codenames granted on
    the root page (so on every site); ``collection_permissions`` are image
    and document permissions (``app_label.codename``) on the root
    collection. ``everything`` gives every model permission there is.
    """

    name: str
    permissions: tuple = ()
    page_permissions: tuple = ()
    collection_permissions: tuple = ()
    everything: bool = False


def _model_permissions(app_label, actions_by_model):
    return tuple(
        f"{app_label}.{action}_{model}"
        for model, actions in actions_by_model.items()
        for action in actions
    )


ROLES = (
    Role(
        EDITORS,
        permissions=(
            ACCESS_ADMIN,
            VIEW_REPORTS,
            *_model_permissions(
                "home",
                {
                    "newscategory": ("add", "change", "delete", "view"),
                    "portalsettings": ("change", "view"),
                    "navigationsettings": ("change", "view"),
                },
            ),
            *_model_permissions(
                "directory",
                {
                    "category": ("add", "change", "delete", "view"),
                    "paymentmethod": ("add", "change", "delete", "view"),
                    "region": ("add", "change", "delete", "view"),
                    "postcodearea": ("add", "change", "delete", "view"),
                    "merchantteam": ("change", "view"),
                    "claimrequest": ("change", "view"),
                    "importrun": ("add", "change", "view"),
                    "websitehelprequest": ("change", "view"),
                },
            ),
            # Approving merchants' coupons before they go public; the town's coupon campaigns.
            *_model_permissions(
                "cityvouchers",
                {
                    "coupon": ("change", "view"),
                    "couponcampaign": ("add", "change", "delete", "view"),
                },
            ),
            # Search: synonyms and promoted results (editors' picks).
            *_model_permissions("sitesearch", {"synonym": ("add", "change", "delete", "view")}),
            *_model_permissions(
                "wagtailsearchpromotions",
                {"searchpromotion": ("add", "change", "delete", "view")},
            ),
        ),
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        collection_permissions=(
            *(f"wagtailimages.{codename}" for codename in IMAGE_PERMISSIONS),
            *(f"wagtaildocs.{codename}" for codename in DOCUMENT_PERMISSIONS),
        ),
    ),
    # Owners and staff open the admin; their page, image, shop and till rights
    # come from the team groups of the businesses they belong to.
    Role(MERCHANTS, permissions=(ACCESS_ADMIN,)),
    Role(MERCHANT_STAFF, permissions=(ACCESS_ADMIN,)),
    Role(
        VOUCHER_OPERATORS,
        permissions=(
            ACCESS_ADMIN,
            *_model_permissions(
                "cityvouchers",
                {
                    "voucherprogramme": ("add", "change", "view"),
                    "acceptingmerchant": ("add", "change", "delete", "view"),
                    "voucher": ("view",),
                    "employer": ("add", "change", "view"),
                    "employerorder": ("view",),
                    "settlementperiod": ("view",),
                    "merchantstatement": ("view",),
                    "coupon": ("change", "view"),
                    "couponbook": ("add", "change", "view"),
                },
            ),
        ),
    ),
    # Which concerns a clerk sees follows from the offices naming them.
    Role(OFFICE_STAFF, permissions=(ACCESS_ADMIN,)),
    Role(
        ADMINISTRATORS,
        everything=True,
        page_permissions=(
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ),
        collection_permissions=(
            *(f"wagtailimages.{codename}" for codename in IMAGE_PERMISSIONS),
            *(f"wagtaildocs.{codename}" for codename in DOCUMENT_PERMISSIONS),
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.delete_collection",
        ),
    ),
)

ROLES_BY_NAME = {role.name: role for role in ROLES}
