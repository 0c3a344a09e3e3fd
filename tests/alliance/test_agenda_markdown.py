"""Markdown of the agenda: rendered, sanitised, headings moved under the page's sections."""

from django.template import Context, Template

from alliance.markdown import render_markdown


def test_markdown_renders_headings_lists_emphasis_and_links():
    html = render_markdown(
        "# Overskrift\n\nTekst med **fed** og *kursiv*.\n\n- et\n- to\n\n[Kommunen](https://kalundborg.dk)"
    )

    assert "<h3>Overskrift</h3>" in html  # moved below the page's h1 and the section's h2
    assert "<strong>fed</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<ul>\n<li>et</li>" in html
    assert '<a href="https://kalundborg.dk" rel="noopener noreferrer">Kommunen</a>' in html


def test_deep_headings_stop_at_h6():
    assert render_markdown("##### Fem") == "<h6>Fem</h6>"


def test_a_script_is_removed_with_its_content():
    html = render_markdown("Hej <script>alert('x')</script> verden")

    assert "<script" not in html
    assert "alert" not in html
    assert "Hej" in html and "verden" in html


def test_an_onerror_attribute_and_images_are_removed():
    html = render_markdown('<img src="x" onerror="alert(1)">\n\n![billede](https://x.dk/a.png)')

    assert "onerror" not in html
    assert "<img" not in html


def test_a_javascript_link_loses_its_href():
    html = render_markdown('[klik](javascript:alert(1)) og <a href="javascript:alert(2)">her</a>')

    assert "javascript:" not in html
    assert "klik" in html


def test_raw_html_and_event_handlers_are_stripped():
    html = render_markdown('<div onclick="steal()" style="color:red">tekst</div>')

    assert "<div" not in html
    assert "onclick" not in html
    assert "style" not in html
    assert "tekst" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown("   \n ") == ""


def test_the_template_filter_marks_the_sanitised_html_safe():
    template = Template("{% load agenda_markdown %}{{ text|markdown }}")

    html = template.render(Context({"text": "**a** <script>x()</script>"}))

    assert html == "<p><strong>a</strong> </p>"
