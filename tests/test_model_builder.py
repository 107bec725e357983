"""The model-table builder (tools/build_model_data.py), run in this process.

tests/test_model_data.py runs the builder as a script; these tests call its functions, so a
change to any of them (and to the pose grid or number formats) shows up here, quickly.
"""

from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Both files, built in this process into an empty folder (opensim, about two seconds)."""
    pytest.importorskip("opensim", reason="the `build` extra (opensim) is not installed")
    out = tmp_path_factory.mktemp("built") / "new"
    cwd = Path.cwd()
    try:
        import os

        os.chdir(out.parent)
        assert builder.main(["--out", str(out)]) == 0
        logs = sorted(p.name for p in out.parent.rglob("*.log"))
    finally:
        os.chdir(cwd)
    return out, logs


def test_the_built_table_is_byte_for_byte_the_committed_one(built: tuple[Path, list[str]]) -> None:
    out, _ = built
    name = "hip_moment_arms.csv"
    assert (out / name).read_bytes() == (DATA / name).read_bytes()


def test_the_built_geometry_is_byte_for_byte_the_committed_one(
    built: tuple[Path, list[str]],
) -> None:
    out, _ = built
    name = "hip_model_geometry.json"
    assert (out / name).read_bytes() == (DATA / name).read_bytes()


def test_building_writes_no_opensim_log(built: tuple[Path, list[str]]) -> None:
    out, logs = built
    assert logs == []
    assert sorted(p.name for p in out.iterdir()) == [
        "hip_model_geometry.json",
        "hip_moment_arms.csv",
    ]
