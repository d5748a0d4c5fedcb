"""A byline set apart from the article: a blog theme's post card in the sidebar, holding the
post's writers beside its date, names the writers when nothing in the article does; a
sidebar listing a blog's writers, or a comment's author, names none."""

from __future__ import annotations

import archiver
from tests.stories import numbered_story

_STORY = numbered_story(
    "of the post says what the writer found when the build ran again, and why the fix held"
    " on the machines that had failed before."
)


def _page(sidebar: str, article_extra: str = "", box: str = "sidebar") -> str:
    return (
        "<html><head><title>Notes on a slow build - Field Notes</title></head><body>"
        "<header><a href='/'>Field Notes</a></header>"
        f"<div class='layout'><div class='{box}'>{sidebar}</div>"
        f"<div class='content'><article><h1>Notes on a slow build</h1>{article_extra}"
        f"{_STORY}</article></div></div>"
        "<footer>Made with a static site generator</footer></body></html>"
    )


def test_writers_in_a_sidebar_post_card_beside_the_date() -> None:
    # Each writer's profile: the name in bold, a line break, the job title.
    card = (
        "<aside><a href='/'>Back to index</a>"
        "<div class='post-authors'>"
        "<div class='profile'><img src='/a.png' alt=''><span><strong>Ann Lee</strong>"
        "<br>Staff writer</span></div>"
        "<div class='profile'><img src='/b.png' alt=''><span><strong>Bo Chen</strong>"
        "<br>Staff writer</span></div></div>"
        "<ul class='post-meta'><li><time datetime='2021-03-04'>March 4, 2021</time></li>"
        "<li>in <a href='/category/builds/'>Builds</a></li><li>3 min read</li></ul></aside>"
    )
    # The sidebar is the post's (its class says so), the card an <aside> in it.
    url = "https://notes.example.org/blog/slow-build/"
    article = archiver.parse(_page(card, box="sidebar sidebar--post"), url=url)
    assert [a.name for a in article.authors] == ["Ann Lee", "Bo Chen"]
    assert str(article.published)[:10] == "2021-03-04"
    assert "Staff writer" not in article.body


def test_labelled_writers_in_a_post_card_dated_by_its_heading() -> None:
    card = (
        "<div class='postcard'><h2><span>15 February 2020</span></h2><ul>"
        "<li class='author'><span>Author:</span> <a href='/blog/author/ann-lee.html'>Ann Lee</a>,"
        " <a href='/blog/author/bo-chen.html'>Bo Chen</a></li>"
        "<li class='category'><span>Category:</span> <a href='/blog/category/ops.html'>Ops</a>"
        "</li></ul></div>"
    )
    article = archiver.parse(_page(card), url="https://notes.example.org/posts/slow-build.html")
    assert [a.name for a in article.authors] == ["Ann Lee", "Bo Chen"]
    assert str(article.published)[:10] == "2020-02-15"


def test_a_sidebar_listing_the_blogs_writers_names_no_one() -> None:
    # The date is the article's own; the sidebar's writers are the blog's, not the post's.
    writers = (
        "<div class='widget'><h3>Our writers</h3><div class='authors'>"
        "<a href='/author/ann-lee/'>Ann Lee</a><br><a href='/author/bo-chen/'>Bo Chen</a>"
        "</div></div>" + "<p>" + "Archive links and a search box. " * 20 + "</p>"
    )
    article = archiver.parse(
        _page(writers, "<p class='meta'><time datetime='2021-03-04'>March 4, 2021</time></p>"),
        url="https://notes.example.org/blog/slow-build/",
    )
    assert str(article.published)[:10] == "2021-03-04"
    assert article.authors == []


def test_a_sidebar_box_of_many_words_is_no_post_card() -> None:
    # The writers and the date share the sidebar, but in a box of a whole widget's text.
    sidebar = (
        "<div class='authors'><a href='/author/ann-lee/'>Ann Lee</a></div>"
        "<p>" + "Links to older posts and the blog's other pages. " * 12 + "</p>"
        "<p>Updated <time datetime='2021-03-04'>March 4, 2021</time></p>"
    )
    article = archiver.parse(_page(sidebar), url="https://notes.example.org/blog/slow-build/")
    assert str(article.published)[:10] == "2021-03-04"
    assert article.authors == []


def test_two_writers_boxed_with_their_titles_under_line_breaks() -> None:
    byline = (
        "<div class='byline'><div><b>Ann Lee</b><br>Climate Correspondent</div>"
        "<div><b>Bo Chen</b><br>Data Editor</div></div>"
    )
    article = archiver.parse(_page("", byline), url="https://notes.example.org/blog/slow-build/")
    assert [a.name for a in article.authors] == ["Ann Lee", "Bo Chen"]


def test_a_comments_author_beside_its_date_names_no_one() -> None:
    # The page's only date is its one reader comment's: the commenter wrote no part of it.
    comments = (
        "<div class='comments'><h3>One comment</h3><div class='comment'>"
        "<span class='author'>Cy Dunn</span> <time datetime='2021-03-05'>March 5, 2021</time>"
        "<p>Thanks, this fixed our build too.</p></div></div>"
    )
    page = _page("").replace("</article>", f"</article>{comments}")
    article = archiver.parse(page, url="https://notes.example.org/blog/slow-build/")
    assert article.authors == []
