"""Open a Mahalleh QGIS project headless and report each layer: run by the system Python, which
has PyQGIS (python3-qgis). Usage: python3 qgis_open.py PROJECT USERNAME PASSWORD; prints JSON."""

import json
import os
import re
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsProject


def main(path: str, username: str, password: str) -> None:
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    # The project names no credentials (QGIS asks a person): give each layer the account, as a
    # planner's QGIS authentication settings would, in a copy of the project.
    with open(path, encoding="utf-8") as original:
        text = original.read()
    account = f" username='{username}' password='{password}'"
    signed_in = path.removesuffix(".qgs") + "-signed-in.qgs"
    with open(signed_in, "w", encoding="utf-8") as copy:
        copy.write(re.sub(r"(typename='[a-z]+')", lambda m: m.group(1) + account, text))
    if not project.read(signed_in):
        print(json.dumps({"error": project.error()}), flush=True)
        os._exit(1)
    layers = []
    for layer in project.mapLayers().values():
        layers.append(
            {
                "id": layer.id(),
                "provider": layer.providerType(),
                "valid": layer.isValid(),
                "features": sum(1 for _ in layer.getFeatures()) if layer.isValid() else None,
                "fields": [field.name() for field in layer.fields()],
                "renderer": layer.renderer().type() if layer.renderer() else None,
            }
        )
    print(json.dumps({"title": project.title(), "layers": layers}), flush=True)
    # QGIS 3.22 may crash tearing its providers down; the report is out, so leave at once.
    os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:4])
