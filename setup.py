"""Build hook: a wheel carries the default data inside the package, as textmine/defaults/ (with the Chinese
guides, docs/zh/, that the data files' headers name).

The repository keeps lexicons/, corpora/ and scoring/ at its top level, where researchers edit them
and where an editable install reads them (textmine/resources.py). Building a wheel (`pip install .`,
`pip wheel .`) copies the files textmine reads at run time (textmine/datafiles.py) into the package,
so the installed tool starts without the repository. The metadata is in pyproject.toml.
"""
import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATAFILES = runpy.run_path(str(HERE / "textmine" / "datafiles.py"))


class BuildPyWithDefaults(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return      # an editable install reads the checkout's folders themselves
        files = list(DATAFILES["run_time_files"](HERE)) + list(DATAFILES["guide_files"](HERE))
        if "corpora/cities.csv" not in files:
            raise SystemExit(f"the data folders {', '.join(DATAFILES['DATA_FOLDERS'])} are missing from {HERE}: "
                             "build from a full checkout (or an sdist made by it)")
        target = Path(self.build_lib) / "textmine" / "defaults"
        shutil.rmtree(target, ignore_errors=True)
        for rel in files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / rel, target / rel)


setup(cmdclass={"build_py": BuildPyWithDefaults})
