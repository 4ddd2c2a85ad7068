"""GET /ogc/project.qgs: a QGIS project naming every collection, opened by QGIS itself (headless)."""

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import requests

from backend.demo.services import DEMO_USERS

SCRIPT = Path(__file__).with_name("qgis_open.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-qgis (scripts/install-system-deps.sh)


def project(server, role: str) -> bytes:
    answer = requests.get(f"{server.url}/ogc/project.qgs", auth=DEMO_USERS[role], timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/x-qgis-project"
    return answer.content


def test_the_project_is_valid_xml_naming_every_collection_the_user_may_read(demo_server):
    root = ET.fromstring(project(demo_server, "planner"))
    layers = {layer.findtext("id"): layer for layer in root.iter("maplayer")}
    ids = {"neighborhoods", "partners", "visits", "interventions", "assignments"}
    assert set(layers) == {f"mahalleh_{name}" for name in ids}
    for name in ids:
        layer = layers[f"mahalleh_{name}"]
        assert layer.findtext("provider") == "OAPIF"
        assert f"typename='{name}'" in layer.findtext("datasource")
        assert f"{demo_server.url}/ogc" in layer.findtext("datasource")
    assert layers["mahalleh_neighborhoods"].find("renderer-v2").get("attr") == "score"
    assert layers["mahalleh_partners"].find("renderer-v2").get("type") == "categorizedSymbol"
    assert "password" not in project(demo_server, "planner").decode()
    visitor = ET.fromstring(project(demo_server, "visitor"))
    assert {layer.findtext("id") for layer in visitor.iter("maplayer")} == {
        "mahalleh_partners",
        "mahalleh_assignments",
    }


def test_qgis_opens_the_project_and_reads_every_layer(demo_server, tmp_path):
    path = tmp_path / "mahalleh.qgs"
    path.write_bytes(project(demo_server, "planner"))
    username, password = DEMO_USERS["planner"]
    done = subprocess.run(  # noqa: S603
        [SYSTEM_PYTHON, str(SCRIPT), str(path), username, password],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    layers = {layer["id"].removeprefix("mahalleh_"): layer for layer in report["layers"]}
    assert set(layers) == {"neighborhoods", "partners", "visits", "interventions", "assignments"}
    for name, layer in layers.items():
        assert layer["valid"] and layer["provider"] == "OAPIF", layer
        matched = requests.get(
            f"{demo_server.url}/ogc/collections/{name}/items?limit=1", auth=DEMO_USERS["planner"], timeout=30
        ).json()["numberMatched"]
        assert layer["features"] == matched > 0, (name, layer["features"], matched)
    assert layers["neighborhoods"]["renderer"] == "graduatedSymbol"
    assert layers["partners"]["renderer"] == "categorizedSymbol"
    assert "phone" not in layers["partners"]["fields"] and "name" in layers["partners"]["fields"]
