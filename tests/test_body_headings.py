"""A section's heading in the body: kept when set in a box of its own, without the controls
that generators and wikis put beside its words (a permalink's sign, an "edit" link)."""

from __future__ import annotations

from archiver.parse import parse

P1 = (
    "<p>The harbour seal is a true seal found along temperate and Arctic coastlines of the "
    "Northern Hemisphere, one of the most widely spread of its kind.</p>"
)
P2 = (
    "<p>Each seal has its own pattern of spots, dark on light or light on dark, and their "
    "colour runs from brownish black to tan or grey.</p>"
)
P3 = (
    "<p>Seals come back to the same resting places. They may spend days at sea, and travel up "
    "to 50 km to their feeding grounds.</p>"
)


def markdown_of(body: str, title: str = "Harbour seal - Wiki") -> str:
    html = f"<html><head><title>{title}</title></head><body><main><h1>Harbour seal</h1>{body}"
    return parse(html + "</main></body></html>").body


def edit_section(n: int) -> str:
    return (
        '<span class="mw-editsection"><span class="mw-editsection-bracket">[</span>'
        f'<a href="/w/index.php?title=Harbour_seal&amp;action=edit&amp;section={n}" '
        'title="Edit section">edit</a><span class="mw-editsection-bracket">]</span></span>'
    )


def test_a_wikis_section_headings_keep_their_words_and_lose_the_edit_links() -> None:
    # The older markup puts the edit link in the <h2>; the newer one boxes the <h2> and sets
    # the link beside it: before, the boxed heading was dropped as a short block.
    markdown = markdown_of(
        f'<div class="content">{P1}<h2><span class="mw-headline" id="Description">'
        f"Description</span>{edit_section(1)}</h2>{P2}"
        f'<div class="mw-heading mw-heading2"><h2 id="Behaviour">Behaviour</h2>{edit_section(2)}'
        f"</div>{P3}</div>"
    )
    assert "## Description\n" in markdown
    assert "## Behaviour\n" in markdown
    assert "edit" not in markdown and "[]" not in markdown and "\\[" not in markdown


def test_a_headings_permalink_sign_is_no_word_of_the_body() -> None:
    markdown = markdown_of(
        f'{P1}<h2 id="b">Behaviour<a class="headerlink" href="#b">¶</a></h2>{P2}'
        f'<h3 id="d">Diet <a href="#d">#</a></h3>{P3}'
    )
    assert "## Behaviour\n" in markdown and "### Diet\n" in markdown
    assert "¶" not in markdown and "#d" not in markdown


def test_an_edit_this_page_link_goes_and_a_link_in_a_sentence_stays() -> None:
    markdown = markdown_of(
        f"{P1}{P2}<p>Read <a href='/opinion/edit/seals'>the editorial</a> on seals, and "
        "the survey behind it, before the vote.</p>"
        "<p>Corrections from readers are welcome, as they have always been. "
        "<a href='https://code.example/wiki/seals/edit/main/seal.md'>Edit this page</a></p>"
    )
    assert "the editorial" in markdown and "Corrections from readers are welcome" in markdown
    assert "Edit this page" not in markdown


def test_a_boxed_heading_over_links_or_closing_the_story_stays_out() -> None:
    markdown = markdown_of(
        f"{P1}{P2}<div><h3>Related Content</h3></div>"
        "<div><a href='/a'>Seals return to the bay</a> <a href='/b'>A pup on the pier</a></div>"
        f"{P3}<div><h3>See also</h3></div>"
    )
    assert "Related Content" not in markdown and "See also" not in markdown


def test_a_permalink_and_a_back_to_top_link_in_one_box_go_together() -> None:
    # An API reference's headings end in a box holding two controls, "¶" and "↑": the box
    # goes with the first, the second with it; before, the second was looked at once gone
    # and the page failed to parse.
    controls = '<span><a href="#{0}">&para;</a> <a href="#top">&uarr;</a></span>'
    markdown = markdown_of(
        f'{P1}<h2 id="usage">Usage{controls.format("usage")}</h2>{P2}'
        f'<h3 id="notes">Notes{controls.format("notes")}</h3>{P3}'
    )
    assert "## Usage\n" in markdown
    assert "### Notes\n" in markdown
    assert "¶" not in markdown and "↑" not in markdown


def test_a_heading_whose_class_reads_as_furniture_stays_over_its_paragraph() -> None:
    # A CSS module's class names where the heading scrolls to ("anchor target under a sticky
    # navbar"); read as words it says "navbar", and the heading was set aside as a menu.
    cls = "anchor anchorTargetStickyNavbar_Vzrq"
    markdown = markdown_of(f'{P1}<h2 class="{cls}" id="spots">Spots</h2>{P2}{P3}')
    assert "## Spots\n" in markdown


def test_a_flagged_heading_over_a_flagged_paragraph_or_a_byline_heading_stays_out() -> None:
    # A comments heading over a reader's comment, the story going on after it.
    markdown = markdown_of(
        f'{P1}{P2}<h3 class="comments-title">2 comments</h3><p class="comment">{P3[3:-4]}</p>{P3}'
    )
    assert "2 comments" not in markdown
    # A byline set as a heading, shown in a hidden preview and again over the story: the
    # copy the byline's element is not stays out all the same.
    byline = '<h3 class="byline">BY ANN LEE</h3>'
    markdown = markdown_of(
        f'<div class="story" hidden>{byline}{P1}</div><div class="story">{byline}{P1}{P2}{P3}</div>'
    )
    assert "ANN LEE" not in markdown
