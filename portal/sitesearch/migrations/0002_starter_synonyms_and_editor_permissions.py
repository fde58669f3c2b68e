"""A starter list of synonyms for common trades, and the editors' rights on search.

Editors maintain synonyms and promoted search results ("editors' picks").
Permissions are created here (not left to post_migrate) so that they can be
given to the group in the same run. The synonyms are plain data: editors
change or delete them in the admin like any they add themselves.
"""

from django.db import migrations

STARTER_SYNONYMS = [
    "Bäcker, Bäckerei, Backwaren, Brötchen",
    "Konditor, Konditorei, Torten, Kuchen",
    "Metzger, Metzgerei, Fleischer, Fleischerei, Schlachter",
    "Friseur, Frisör, Friseursalon, Coiffeur, Haarstudio, Haarschnitt",
    "Kosmetik, Kosmetikstudio, Kosmetikerin, Beauty, Nagelstudio",
    "Tischler, Tischlerei, Schreiner, Schreinerei",
    "Klempner, Installateur, Sanitär, Flaschner, Spengler",
    "Elektriker, Elektroinstallateur, Elektrotechnik, Elektroinstallation",
    "Maler, Malerbetrieb, Anstreicher, Lackierer",
    "Dachdecker, Bedachung, Dach",
    "Autowerkstatt, Kfz-Werkstatt, Autoreparatur, Werkstatt",
    "Schuhmacher, Schuster, Schuhreparatur",
    "Schneider, Schneiderei, Änderungsschneiderei, Änderungen",
    "Goldschmied, Goldschmiede, Juwelier, Schmuck",
    "Fahrrad, Rad, Fahrräder, Zweirad, Velo, Bike",
    "Eis, Eiscafé, Eisdiele, Gelato",
    "Brille, Brillen, Optiker, Optik, Augenoptiker, Kontaktlinsen",
    "Apotheke, Arzneimittel, Medikamente",
    "Drogerie, Drogeriemarkt",
    "Blumen, Blumenladen, Florist, Floristik, Blumenstrauß",
    "Restaurant, Gaststätte, Gasthaus, Wirtshaus, Essen gehen",
    "Kneipe, Bar, Pub, Schänke",
    "Café, Cafe, Kaffeehaus, Kaffee",
    "Hotel, Pension, Gästehaus, Unterkunft, Übernachtung",
    "Buchhandlung, Buchladen, Bücher",
    "Schreibwaren, Papeterie, Bürobedarf",
    "Spielwaren, Spielzeug, Spielzeugladen",
    "Mode, Bekleidung, Kleidung, Boutique",
    "Schuhe, Schuhgeschäft, Schuhhaus",
    "Wein, Weinhandlung, Weinhändler, Vinothek",
    "Getränke, Getränkemarkt",
    "Käse, Käserei, Käsehandel",
    "Fisch, Fischhandel, Fischgeschäft",
    "Hofladen, Bauernladen, Hofverkauf, Direktvermarkter",
    "Imker, Imkerei, Honig",
    "Reinigung, Textilreinigung, Wäscherei",
    "Steuerberater, Steuerberatung, Steuerbüro",
    "Reisebüro, Reisen, Urlaub",
    "Webdesign, Webdesigner, Website, Homepage, Internetseite",
    "Fotograf, Fotografin, Fotostudio, Fotografie",
    "Handy, Smartphone, Mobiltelefon",
    "Computer, PC, Laptop, EDV",
    "Tierarzt, Tierärztin, Tierarztpraxis",
    "Physiotherapie, Krankengymnastik, Physiotherapeut",
    "Gärtner, Gärtnerei, Gartenbau, Landschaftsgärtner",
]
NOTE = "Startliste"

EDITOR_PERMISSIONS = {
    ("sitesearch", "synonym"): ["add_synonym", "change_synonym", "delete_synonym", "view_synonym"],
    ("wagtailsearchpromotions", "searchpromotion"): [
        "add_searchpromotion",
        "change_searchpromotion",
        "delete_searchpromotion",
        "view_searchpromotion",
    ],
}


def add_starter_data(apps, schema_editor):
    Synonym = apps.get_model("sitesearch", "Synonym")
    for terms in STARTER_SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": NOTE})
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for (app_label, model), codenames in EDITOR_PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            permissions.append(permission)
    editors = Group.objects.filter(name="Redaktion").first()
    if editors is not None:
        editors.permissions.add(*permissions)


def remove_starter_data(apps, schema_editor):
    Synonym = apps.get_model("sitesearch", "Synonym")
    Synonym.objects.filter(terms__in=STARTER_SYNONYMS, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0001_initial"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # The role groups exist (and "Editors" is called "Redaktion") from here on.
        ("roles", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(add_starter_data, remove_starter_data)]
