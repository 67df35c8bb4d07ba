#!/usr/bin/env python3
"""Checks learning-curve pictures written by SwiftLearn's Plotting module with Python's own readers.

SVG: parsed with xml.etree.ElementTree (well-formed XML, an <svg> root in the SVG namespace with
width/height in pixels and a matching viewBox, drawing elements inside). PNG: decoded with Pillow
(Image.verify, then a full load), at the asked size, not blank (has pixels of the curves' colours).

Each picture's asked size is in its file name: NAME-<width>x<height>.svg / .png. Usage:

    python Interop/check_plots.py DIR            # every *.svg / *.png in DIR
    python Interop/check_plots.py FILE... [--size 800x500]

Rerun (Pillow 13.0.0 pinned for these checks; numpy not needed):
    python3 -m venv /tmp/venv-plot && /tmp/venv-plot/bin/pip install pillow==13.0.0
    SWIFTLEARN_PLOT_OUT=/tmp/plots swift test --disable-xctest --filter writePicturesForInteropCheck
    /tmp/venv-plot/bin/python Interop/check_plots.py /tmp/plots
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

from PIL import Image

SVG_NS = "{http://www.w3.org/2000/svg}"
# matplotlib "tab10" blue and orange: the first two quantities' curves.
CURVE_COLOURS = [(31, 119, 180), (255, 127, 14)]


def asked_size(path, override):
    if override:
        return override
    m = re.search(r"-(\d+)x(\d+)\.(svg|png)$", os.path.basename(path), re.IGNORECASE)
    if not m:
        raise SystemExit(f"{path}: name must end in -WIDTHxHEIGHT.svg/.png, or pass --size")
    return int(m.group(1)), int(m.group(2))


def check_svg(path, size):
    root = ET.parse(path).getroot()  # raises ParseError on malformed XML
    assert root.tag == SVG_NS + "svg", f"{path}: root is {root.tag}, not svg"
    width, height = (float(root.get(k, "nan").removesuffix("px").removesuffix("pt")) for k in ("width", "height"))
    assert (width, height) == size, f"{path}: {width}x{height}, asked {size[0]}x{size[1]}"
    view = [float(v) for v in root.get("viewBox", "").split()]
    assert view == [0, 0, size[0], size[1]], f"{path}: viewBox {view}"
    paths = sum(1 for e in root.iter() if e.tag in (SVG_NS + "path", SVG_NS + "use"))
    assert paths > 20, f"{path}: only {paths} path/use elements; curves and text are missing"


def check_png(path, size):
    with Image.open(path) as image:
        assert image.format == "PNG", f"{path}: format {image.format}"
        image.verify()  # checks the chunks' CRCs
    with Image.open(path) as image:
        image.load()  # decodes every row
        assert image.size == size, f"{path}: {image.size[0]}x{image.size[1]}, asked {size[0]}x{size[1]}"
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=size[0] * size[1]) or []
        found = {c for _, c in colours}
        for colour in CURVE_COLOURS:
            near = any(sum(abs(a - b) for a, b in zip(colour, c)) < 12 for c in found)
            assert near, f"{path}: no pixel of the curve colour {colour}"


def main(argv):
    override = None
    if "--size" in argv:
        i = argv.index("--size")
        override = tuple(int(v) for v in argv[i + 1].lower().split("x"))
        argv = argv[:i] + argv[i + 2:]
    files = []
    for arg in argv:
        if os.path.isdir(arg):
            files += sorted(os.path.join(arg, f) for f in os.listdir(arg) if f.lower().endswith((".svg", ".png")))
        else:
            files.append(arg)
    if not files:
        raise SystemExit("check_plots: no .svg or .png files given")
    failures = 0
    for path in files:
        try:
            size = asked_size(path, override)
            (check_svg if path.lower().endswith(".svg") else check_png)(path, size)
            print(f"check_plots: OK {path} ({size[0]}x{size[1]})")
        except Exception as error:  # report every file, then fail
            failures += 1
            print(f"check_plots: FAILED {path}: {error}", file=sys.stderr)
    print(f"check_plots: {len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
