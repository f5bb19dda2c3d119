"""Érudit's own XML (schema *eruditarticle*, namespace ``http://www.erudit.org/xsd/article``).

Read (schema 3.0 element names): ``liminaire/grtitre`` (``titre``, ``sstitre`` and the
parallel ``titreparal[@lang]``), ``liminaire/resume[@lang]`` with its ``alinea``
paragraphs, ``liminaire/grmotcle[@lang]/motcle``, ``grauteur/auteur/nompers``; from
``admin``: the DOI (``idpublic[@scheme='doi']``), journal (``revue/titrerev``), ISSNs,
volume, issue numbers, year and the rights statement. The article's ``lang`` is the
language of its main title. Note calls (``renvoi``) are dropped from titles and abstracts.
Érudit's JATS exports are read by :mod:`aligner.ingest.jats`.
"""

from __future__ import annotations

from lxml import etree

from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import MAIN_KIND, Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import children, descendants, first, lang_of, local_name, xpath_of

NAME = "erudit-xml"
NAMESPACE = "http://www.erudit.org/xsd/article"
MAIN_RESUME_TYPES = frozenset(["", "resume", "abstract"])


def matches(root: etree._Element) -> bool:
    """Schema 3 (namespaced), or an older un-namespaced Érudit article, told by the
    attributes only Érudit's root carries (``idproprio``, ``typeart``): at the root's start
    event its children are not parsed yet."""
    if local_name(root) != "article":
        return False
    return root.tag.startswith("{" + NAMESPACE) or (
        not root.tag.startswith("{") and ("idproprio" in root.attrib or "typeart" in root.attrib))


def read(root: etree._Element, record_path: str) -> Article:
    article = Article(layout=NAME, where=record_path)
    article.language = normalise_language(root.get("lang"))
    article.article_type = root.get("typeart")
    article.record_id = root.get("idproprio")
    _read_admin(first(root, "admin"), article)
    liminaire = first(root, "liminaire")
    if liminaire is None:
        article.notes.append("no liminaire element: no title or abstract to read")
        return article
    _read_titles(first(liminaire, "grtitre"), article, root, record_path)
    article.authors = [_person(auteur) for auteur in descendants(liminaire, "auteur")]
    article.authors = [name for name in article.authors if name]
    for resume in children(liminaire, "resume"):
        kind = (resume.get("typeresume") or "").lower()
        article.abstracts.append(Piece(
            text=block_text(resume),
            lang=normalise_language(lang_of(resume, "lang")),
            where=xpath_of(resume, root, record_path),
            kind=MAIN_KIND if kind in MAIN_RESUME_TYPES else kind,
        ))
    for group in children(liminaire, "grmotcle"):
        terms = [inline_text(term) for term in children(group, "motcle")]
        article.keywords.append((normalise_language(group.get("lang")), [t for t in terms if t]))
    return article


def _read_titles(grtitre: etree._Element | None, article: Article, root: etree._Element,
                 record_path: str) -> None:
    if grtitre is None:
        return
    for title in children(grtitre, "titre", "titreparal"):
        text = inline_text(title)
        if text:
            lang = normalise_language(title.get("lang")) or (
                article.language if local_name(title) == "titre" else "")
            article.titles.append(Piece(text, lang, xpath_of(title, root, record_path)))


def _read_admin(admin: etree._Element | None, article: Article) -> None:
    if admin is None:
        return
    for idpublic in descendants(admin, "idpublic"):
        if (idpublic.get("scheme") or "").lower() == "doi":
            article.doi = inline_text(idpublic)
    revue = first(admin, "revue")
    if revue is not None:
        title = first(revue, "titrerev")
        article.journal = inline_text(title) if title is not None else None
        article.issn = [inline_text(n) for n in children(revue, "idissn", "idissnnum")]
    numero = first(admin, "numero")
    if numero is not None:
        volume = first(numero, "volume")
        article.volume = inline_text(volume) if volume is not None else None
        issues = [inline_text(n) for n in children(numero, "nonumero")]
        article.issue = "-".join(issue for issue in issues if issue) or None
        year = first(numero, "pub", "annee")
        article.year = year_of(inline_text(year)) if year is not None else None
    rights = first(admin, "droitsauteur")
    article.licence = inline_text(rights) if rights is not None else None


def _person(auteur: etree._Element) -> str:
    name = first(auteur, "nompers")
    if name is None:
        organisation = first(auteur, "nomorg")
        return inline_text(organisation) if organisation is not None else ""
    parts = [inline_text(part) for part in children(name, "prenom", "nomfamille")]
    return " ".join(part for part in parts if part)
