"""schema.org ``LocalBusiness`` JSON-LD for profiles (read by search engines and maps)."""

from portal.directory import hours


def local_business(page, request=None):
    """The JSON-LD object of one profile, with address, geo and opening hours."""
    category = page.primary_category
    data = {
        "@context": "https://schema.org",
        "@type": (category.schema_type if category else "") or "LocalBusiness",
        "@id": page.get_full_url(request) + "#business",
        "name": page.title,
        "url": page.get_full_url(request),
    }
    if page.short_description:
        data["description"] = page.short_description
    if page.street or page.postcode or page.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": page.street,
            "postalCode": page.postcode,
            "addressLocality": page.city,
            "addressCountry": "DE",
        }
    if page.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": page.latitude,
            "longitude": page.longitude,
        }
    for key, value in (("telephone", page.phone), ("email", page.email)):
        if value:
            data[key] = value
    specification = hours.schema_org_specification(page.opening_hours)
    if specification:
        data["openingHoursSpecification"] = specification
    same_as = [link.url for link in page.social_links.all()]
    if page.website:
        same_as.insert(0, page.website)
    if same_as:
        data["sameAs"] = same_as
    payments = [method.schema_name or method.name for method in page.payment_methods.all()]
    if payments:
        data["paymentAccepted"] = ", ".join(payments)
        data["currenciesAccepted"] = "EUR"
    if page.logo_id and request is not None:
        rendition = page.logo.get_rendition("max-400x400")
        data["logo"] = request.build_absolute_uri(rendition.url)
    if page.legal_name:
        data["legalName"] = page.legal_name
    if page.vat_id:
        data["vatID"] = page.vat_id
    return data
