"""Write docs/press-release-sample.docx (the demo's press release, as of September 2024) and a picture of its
first page, docs/press-release.png.

    .venv/bin/python scripts/press_release_sample.py [--lang zh|en] [--out docs]

The picture: with LibreOffice (soffice) on the PATH the DOCX itself is converted; without it the DOCX is read
back with python-docx and its paragraphs (style, alignment, first-line indent, run size, colour and weight) are
set in HTML by WeasyPrint, the briefing's renderer, then page 1 is rasterised with pdftoppm. The fallback is a
preview, not Word: 楷体 is drawn in the serif CJK font when no Kai font is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LAST_CHANGE = datetime(2024, 10, 5, 8, 12)  # UTC, as the tests use: 2024-10-05 16:12 Beijing time
FONTS = {
    "宋体": "'Noto Serif CJK SC', 'Source Han Serif SC', serif",
    "黑体": "'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
    "楷体": "'AR PL UKai CN', 'KaiTi', 'Noto Serif CJK SC', serif",
}  # single quotes: they go into a style="…" attribute


def demo_context(lang: str):
    """The demo's figures to the end of September, computed as services.status would, without a database."""
    from targets.catalogue import load_bundled
    from targets.demo import demo_figures, demo_trajectories
    from targets.exports import ExportContext
    from targets.figures import province_view
    from targets.status import Settings, compute_status
    from targets.status_view import StatusView

    plan = load_bundled(2024)
    figures = {(f.indicator_code, f.region_code, f.month): f.value for f in demo_figures(plan)}
    trajectories = demo_trajectories(plan)
    prov = province_view(plan, figures)
    status = compute_status(plan, prov.series, 9, trajectories=trajectories)
    view = StatusView(plan, status, 9, None, "province", prov, figures, LAST_CHANGE, Settings(), {}, trajectories)
    return ExportContext.from_view(view, is_demo=True, lang=lang)


def _east_asia(style) -> str:
    from docx.oxml.ns import qn

    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return "宋体"


def _pt(length) -> float:
    return length.pt if length is not None else 0.0


def docx_html(data: bytes) -> str:
    """The DOCX's page set up and paragraphs as one HTML page (A4, the document's margins)."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    margins = " ".join(
        f"{m.cm:.2f}cm" for m in (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    )
    normal = doc.styles["Normal"]
    paras = []
    for p in doc.paragraphs:
        style = p.style
        size = (style.font.size or normal.font.size).pt
        align = p.paragraph_format.alignment or style.paragraph_format.alignment
        indent = p.paragraph_format.first_line_indent
        after = (
            p.paragraph_format.space_after or style.paragraph_format.space_after or normal.paragraph_format.space_after
        )
        border = p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
        css = [
            f"font-family: {FONTS.get(_east_asia(style), FONTS['宋体'])}",
            f"font-size: {size}pt",
            f"font-weight: {700 if style.font.bold else 400}",
            f"text-align: {'center' if align == 1 else 'justify'}",
            f"text-indent: {indent.pt if indent else 0}pt",
            f"line-height: {1.5 if style.name == 'Normal' else 1.3}",
            f"margin: {_pt(p.paragraph_format.space_before)}pt 0 {_pt(after)}pt 0",
        ]
        if border:
            css.append("border-top: 0.5pt solid #999; padding-top: 6pt")
        runs = []
        for run in p.runs:
            rcss = []
            if run.font.size:
                rcss.append(f"font-size: {run.font.size.pt}pt")
            if run.bold:
                rcss.append("font-weight: 700")
            if run.font.color is not None and run.font.color.rgb is not None:
                rcss.append(f"color: #{run.font.color.rgb}")
            runs.append(f'<span style="{"; ".join(rcss)}">{escape(run.text)}</span>')
        paras.append(f'<p style="{"; ".join(css)}">{"".join(runs) or "&nbsp;"}</p>')
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        f"@page {{ size: A4; margin: {margins}; }} html {{ color: #000; }}"
        "</style></head><body>" + "".join(paras) + "</body></html>"
    )


def first_page_png(docx: Path, png: Path) -> str:
    """Page 1 of the DOCX as a PNG; returns how it was drawn."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)], check=True, timeout=300
            )
            pdf_path, how = tmp_path / (docx.stem + ".pdf"), "LibreOffice"
        else:
            import weasyprint

            pdf_path, how = tmp_path / "preview.pdf", "WeasyPrint preview of the DOCX's paragraphs"
            pdf_path.write_bytes(weasyprint.HTML(string=docx_html(docx.read_bytes())).write_pdf())
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(tmp_path / "p")],
            check=True,
        )
        shutil.copyfile(tmp_path / "p.png", png)
    return how


def main() -> int:
    from targets.exports import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--out", default="docs", help="the folder for the two files")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "zh" else "-en"
    docx = out / f"press-release-sample{suffix}.docx"
    docx.write_bytes(build("docx", demo_context(args.lang)))
    png = out / f"press-release{suffix}.png"
    how = first_page_png(docx, png)
    print(f"Wrote {docx} and {png} ({how})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
