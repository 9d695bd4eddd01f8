#!/usr/bin/env bash
# Builds the one-folder bundle build/dist/malsori/ with PyInstaller (packaging/malsori.spec),
# then slims it: debug sections stripped (CTranslate2's extension alone carries 65 MB of
# them), links left dangling by the spec's exclusions removed. Fails if any library in the
# bundle needs one that neither the bundle nor the system has.
#
#   packaging/build-bundle.sh            # the CPU variant (default)
#   MALSORI_VARIANT=gpu packaging/build-bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
DIST=build/dist
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[package]"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath build/pyinstaller packaging/malsori.spec

bundle="$DIST/malsori"
find "$bundle" -xtype l -delete
while IFS= read -r -d '' file; do
  if readelf -S "$file" 2>/dev/null | grep '\.debug_info' >/dev/null; then  # no -q: pipefail
    strip --strip-debug "$file"
  fi
done < <(find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)

missing=$(find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' -o -name malsori \) -print0 |
  LD_LIBRARY_PATH="$bundle/_internal" xargs -0 -n 50 ldd 2>/dev/null | grep 'not found' | sort -u || true)
if [ -n "$missing" ]; then
  echo "build-bundle: libraries missing from the bundle:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "build-bundle: $bundle ($(du -sm "$bundle" | cut -f1) MB, ${MALSORI_VARIANT:-cpu} variant)"
