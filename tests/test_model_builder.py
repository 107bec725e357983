"""The model-table builder (tools/build_model_data.py), run in this process.

tests/test_model_data.py runs the builder as a script; these tests call its functions, so a
change to any of them (and to the pose grid or number formats) shows up here, quickly.
"""

from __future__ import annotations

import _pyio
import io
import json
import locale
import math
import os
from pathlib import Path

import pytest

from tools import build_model_data as builder

from .conftest import DATA


def test_the_pose_grid_is_the_documented_sweeps_each_pose_once() -> None:
    grid = builder.poses()
    flexion = [(f, 0, 0) for f in range(-20, 121, 5)]  # -20 to 120 degrees: 29 poses
    assert grid[:29] == flexion
    # at 0 and at 90 degrees flexion: adduction -30..30 and rotation -40..40 (5 degree steps),
    # less the neutral pose the flexion sweep already holds: 12 + 16 new poses each
    for start, bent in ((29, 0), (29 + 28, 90)):
        adduction = [(bent, a, 0) for a in range(-30, 31, 5) if a != 0]
        rotation = [(bent, 0, r) for r in range(-40, 41, 5) if r != 0]
        assert grid[start : start + 28] == adduction + rotation
    assert len(grid) == 29 + 2 * 28 == len(set(grid))


def test_metres_are_written_as_millimetres_to_the_nanometre() -> None:
    assert builder._mm(0.0123456789) == "12.345679"
    assert builder._mm(-0.05) == "-50.000000"
    assert builder._round_mm([0.0123456, -0.0000001, 1.0]) == [12.35, 0.0, 1000.0]
    assert str(builder._round_mm([-0.000001, 0, 0])[0]) == "0.0"  # no "-0.0" in the file


def test_a_mesh_file_is_read_as_points_and_polygons(tmp_path: Path) -> None:
    mesh = tmp_path / "tiny.vtp"
    mesh.write_text(
        """<?xml version="1.0"?>
<VTKFile type="PolyData" version="0.1">
  <PolyData>
    <Piece NumberOfPoints="4" NumberOfPolys="2">
      <Points><DataArray type="Float32" NumberOfComponents="3" format="ascii">
        0 0 0  1 0 0  0 1 0  0 0 1.5
      </DataArray></Points>
      <Polys>
        <DataArray type="Int32" Name="connectivity" format="ascii">0 1 2 0 2 3 1</DataArray>
        <DataArray type="Int32" Name="offsets" format="ascii">3 7</DataArray>
      </Polys>
    </Piece>
  </PolyData>
</VTKFile>
""",
        encoding="utf-8",
    )
    points, polygons = builder.read_mesh(mesh)
    assert points == [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1.5]]
    assert polygons == [[0, 1, 2], [0, 2, 3, 1]]  # a triangle, then a quadrilateral


def test_the_bone_meshes_are_the_committed_ones() -> None:
    committed = json.loads((DATA / "hip_model_geometry.json").read_text(encoding="utf-8"))
    assert builder.bone_geometry() == committed["bones"]


def test_the_written_files_have_unix_line_ends_and_compact_json(tmp_path: Path) -> None:
    row = dict.fromkeys(builder.COLUMNS, "1")
    builder.write_csv([row], tmp_path / "t.csv")
    text = (tmp_path / "t.csv").read_bytes().decode("utf-8")
    assert text == ",".join(builder.COLUMNS) + "\n" + ",".join(["1"] * 11) + "\n"
    builder.write_json({"a": [1, 2], "b": "x"}, tmp_path / "t.json")
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == '{"a":[1,2],"b":"x"}\n'


def test_a_build_writes_the_committed_files_and_nothing_else(tmp_path: Path) -> None:
    """Both files, built in this process into an empty folder (opensim, about two seconds).

    One test checks everything a build writes, so that each builder function it runs is
    checked by it.
    """
    pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    out = tmp_path / "new"
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        assert builder.main(["--out", str(out)]) == 0
    finally:
        os.chdir(cwd)
    names = ["hip_model_geometry.json", "hip_moment_arms.csv"]
    assert sorted(p.name for p in out.iterdir()) == names
    for name in names:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.rglob("*.log")) == []  # no opensim.log anywhere


def test_a_pose_needs_all_three_hip_angles() -> None:
    pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    model, state = builder.load_model()
    with pytest.raises(ValueError, match="zip"):
        builder.set_pose(model, state, (10.0, 0.0))
    with pytest.raises(ValueError, match="zip"):
        builder.set_pose(model, state, (10.0, 0.0, 0.0, 5.0))


@pytest.mark.parametrize(
    ("points", "connectivity", "offsets", "expected"),
    [
        ("", "0 1 2", "3", ([], [[0, 1, 2]])),  # no points text: no points
        ("0 0 0", "", "", ([[0.0, 0.0, 0.0]], [])),  # empty polygon arrays: no polygons
    ],
    ids=["no_points", "points_only"],
)
def test_a_mesh_with_empty_arrays_reads_as_empty_lists(
    tmp_path: Path,
    points: str,
    connectivity: str,
    offsets: str,
    expected: tuple[list[list[float]], list[list[int]]],
) -> None:
    mesh = tmp_path / "small.vtp"
    mesh.write_text(
        f"<VTKFile><PolyData><Piece><Points><DataArray>{points}</DataArray></Points><Polys>"
        f'<DataArray Name="connectivity">{connectivity}</DataArray>'
        f'<DataArray Name="offsets">{offsets}</DataArray>'
        "</Polys></Piece></PolyData></VTKFile>",
        encoding="utf-8",
    )
    assert builder.read_mesh(mesh) == expected


def test_by_default_the_files_go_to_the_data_folder_and_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    monkeypatch.setattr(builder, "ROOT", tmp_path)  # the default folder is ROOT / "data"
    monkeypatch.chdir(tmp_path)
    assert builder.main([]) == 0
    data = tmp_path / "data"
    assert sorted(p.name for p in data.iterdir()) == [
        "hip_model_geometry.json",
        "hip_moment_arms.csv",
    ]
    written = capsys.readouterr().out.splitlines()
    assert written == [
        f"wrote {data / 'hip_moment_arms.csv'}",
        f"wrote {data / 'hip_model_geometry.json'}",
    ]
    # building again into the same (now existing) folder works
    assert builder.main(["--out", str(data)]) == 0


def test_the_command_line_help_says_what_it_builds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        builder.main(["--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Build the hip tables and drawing geometry from the committed OpenSim" in text
    assert "--out OUT folder to write into" in text


@pytest.fixture
def windows_like_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files opened as on Windows: line separator CRLF, locale encoding cp1252, no UTF-8 mode.

    CPython's C ``io`` fixes the line separator when it is compiled, so the files are opened with
    ``_pyio``, the pure-Python ``io`` with the same rules, which reads ``os.linesep`` and the
    locale encoding when a file is opened.
    """
    monkeypatch.setattr(io, "open", _pyio.open)
    monkeypatch.setattr(os, "linesep", "\r\n")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")
    # encoding=None means the locale's encoding (UTF-8 mode off, Windows' default before 3.15)
    monkeypatch.setattr(
        io,
        "text_encoding",
        lambda encoding, stacklevel=2: "locale" if encoding is None else encoding,
    )


@pytest.mark.usefixtures("windows_like_files")
def test_the_csv_has_unix_line_ends_where_the_platform_writes_crlf(tmp_path: Path) -> None:
    rows = [dict.fromkeys(builder.COLUMNS, "1"), dict.fromkeys(builder.COLUMNS, "2")]
    rows[1]["muscle"] = "two\nlines"  # a line end inside a quoted field is kept as it is
    builder.write_csv(rows, tmp_path / "t.csv")
    header = ",".join(builder.COLUMNS).encode("ascii")
    second = b'2,2,"two\nlines",' + b",".join([b"2"] * 8)
    assert (tmp_path / "t.csv").read_bytes() == (
        header + b"\n" + b",".join([b"1"] * 11) + b"\n" + second + b"\n"
    )


@pytest.mark.usefixtures("windows_like_files")
def test_the_csv_is_utf8_whatever_the_locale_encoding(tmp_path: Path) -> None:
    row = dict.fromkeys(builder.COLUMNS, "0")
    row["muscle"] = "fessier_moyen_\u00e9"  # e acute: C3 A9 in UTF-8, E9 in cp1252
    row["region"] = "\u03bc"  # Greek mu: CE BC in UTF-8, not in cp1252 at all
    builder.write_csv([row], tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_bytes().split(b"\n")
    assert lines[1] == b"0,0,fessier_moyen_\xc3\xa9,\xce\xbc," + b",".join([b"0"] * 7)
    assert lines[2:] == [b""]


def test_a_build_makes_the_missing_folders_on_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build`` into a folder whose parent does not exist yet (the model parts stubbed out)."""
    row = dict.fromkeys(builder.COLUMNS, "x")
    monkeypatch.setattr(builder, "load_model", lambda: ("model", "state"))
    monkeypatch.setattr(builder, "moment_arm_rows", lambda model, state: [row])
    monkeypatch.setattr(builder, "geometry", lambda model, state: {"model_id": "m"})
    out = tmp_path / "not" / "there" / "yet"
    table, shapes = builder.build(out)
    assert (table, shapes) == (out / "hip_moment_arms.csv", out / "hip_model_geometry.json")
    assert sorted(p.name for p in out.iterdir()) == [shapes.name, table.name]
    assert table.read_text(encoding="utf-8").splitlines() == [
        ",".join(builder.COLUMNS),
        ",".join("x" * 11),
    ]
    assert shapes.read_text(encoding="utf-8") == '{"model_id":"m"}\n'


def test_the_hip_axes_are_written_without_negative_zeros() -> None:
    """A hip axis given as (-0, 0, 1), the same direction as (0, 0, 1), is written as 0.0."""
    osim = pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    model, _ = builder.load_model()
    hip = osim.CustomJoint.safeDownCast(model.getJointSet().get("hip_r"))
    hip.upd_SpatialTransform().updTransformAxis(0).setAxis(osim.Vec3(-0.0, 0.0, 1.0))
    axes = builder.joint_geometry(model)["axes"]
    assert axes[0] == {"coordinate": "hip_flexion_r", "axis": [0.0, 0.0, 1.0]}
    assert [math.copysign(1.0, v) for v in axes[0]["axis"]] == [1.0, 1.0, 1.0]
    assert json.dumps(axes[0]["axis"]) == "[0.0, 0.0, 1.0]"


def test_the_drawn_paths_are_taken_at_the_neutral_hip_pose() -> None:
    """Three extra points on glut_max1_r's path, each there only within 0.005 rad (0.29 deg)
    of 0 for one hip angle: all three are on the path at the neutral pose, whatever pose the
    state was in before."""
    osim = pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    model, _ = builder.load_model()
    pelvis = model.getBodySet().get("pelvis")
    points = model.getMuscles().get("glut_max1_r").updGeometryPath().updPathPointSet()
    for index, name in enumerate(builder.COORDINATES):
        point = osim.ConditionalPathPoint()
        point.setName(f"at_neutral_{name}")
        point.setParentFrame(pelvis)
        point.set_location(osim.Vec3(0.01 * (index + 1), 0.02, -0.03))  # metres
        point.setCoordinate(model.getCoordinateSet().get(name))
        point.setRangeMin(-0.005)
        point.setRangeMax(0.005)
        points.adoptAndAppend(point)
    model.finalizeConnections()
    state = model.initSystem()
    builder.set_pose(model, state, (30, 10, -20))
    path = builder.path_geometry(model, state)[0]
    committed = json.loads((DATA / "hip_model_geometry.json").read_text(encoding="utf-8"))
    assert path["muscle_id"] == committed["paths"][0]["muscle_id"] == "glut_max1_r"
    assert path["points"] == [
        *committed["paths"][0]["points"],
        {"body": "pelvis", "location_mm": [10.0, 20.0, -30.0]},
        {"body": "pelvis", "location_mm": [20.0, 20.0, -30.0]},
        {"body": "pelvis", "location_mm": [30.0, 20.0, -30.0]},
    ]
