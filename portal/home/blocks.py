"""StreamField blocks shared by every app's pages.

One block per concept. Each has an icon, a template in
``templates/home/blocks/`` and a preview value for the block picker.
Merchants edit some of these pages, so there is deliberately no raw HTML block.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# The formatting editors may use in running text. Kept short on purpose:
# headings come from HeadingBlock, layout from the blocks themselves.
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
# Merchants and short fields get even less.
SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (H2)")), ("h3", _("Sub-heading (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading_block.html"
        preview_value = {"text": "Unsere Innenstadt", "level": "h2"}
        description = _("A heading that structures the page.")


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Empty uses the image title."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "home/blocks/figure_block.html"
        preview_value = {"caption": "Der Marktplatz im Frühling"}
        description = _("An image across the text column with an optional caption.")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    page = blocks.PageChooserBlock(label=_("Internal page"), required=False)
    url = blocks.URLBlock(label=_("or external address"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "home/blocks/call_to_action_block.html"
        preview_value = {
            "title": "Jetzt lokal einkaufen",
            "text": "Über 40 Geschäfte der Innenstadt liefern nach Hause.",
            "url": "https://example.org/",
            "button_label": "Zu den Händlern",
        }
        description = _("A highlighted box with a button to a page or address.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose either an internal page or an external address.")
            raise StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote_block.html"
        preview_value = {
            "quote": "Die Innenstadt lebt von den Menschen, die hier einkaufen.",
            "attribution": "Bürgermeisterin",
        }
        description = _("A quotation with its source.")


class MapBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Place name"), max_length=120)
    address = blocks.TextBlock(label=_("Address"), required=False, max_length=300)
    latitude = blocks.FloatBlock(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = blocks.FloatBlock(label=_("Longitude"), min_value=-180, max_value=180)
    zoom = blocks.IntegerBlock(label=_("Zoom"), default=16, min_value=3, max_value=19)

    class Meta:
        icon = "site"
        label = _("Map location")
        template = "home/blocks/map_block.html"
        preview_value = {
            "title": "Rathaus",
            "address": "Marktplatz 1\n12345 Musterstadt",
            "latitude": 50.9375,
            "longitude": 6.9603,
            "zoom": 16,
        }
        description = _("A map with a marker; the map library is served by the portal itself.")


class DownloadsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Downloads")
        template = "home/blocks/downloads_block.html"
        preview_value = {"title": "Formulare zum Herunterladen", "documents": []}
        description = _("A list of documents with file type and size.")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=SIMPLE_RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("FAQ accordion")
        template = "home/blocks/faq_block.html"
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {"question": "Wo kann ich parken?", "answer": "<p>Im Parkhaus am Markt.</p>"},
                {"question": "Wann ist geöffnet?", "answer": "<p>Mo–Sa 9–19 Uhr.</p>"},
            ],
        }
        description = _("Questions that open their answer on click, usable by keyboard.")


class ContentStreamBlock(blocks.StreamBlock):
    """The body of flexible pages, news and events."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="home/blocks/paragraph_block.html",
        preview_value="<p>Willkommen in der Innenstadt von Musterstadt.</p>",
        description=_("Running text with simple formatting and links."),
    )
    image = FigureBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    map = MapBlock()
    downloads = DownloadsBlock()
    faq = FAQBlock()


class HighlightStreamBlock(blocks.StreamBlock):
    """Editor-chosen highlights on the home page, shown as teaser cards."""

    news = blocks.PageChooserBlock(page_type="home.NewsPage", label=_("News item"), icon="doc-full")
    event = blocks.PageChooserBlock(page_type="home.EventPage", label=_("Event"), icon="date")
    page = blocks.PageChooserBlock(
        label=_("Featured business or page"),
        icon="pick",
        help_text=_("A business profile from the directory or any other page."),
    )

    class Meta:
        template = "home/blocks/highlights_block.html"
        max_num = 9
