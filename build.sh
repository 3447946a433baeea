#!/usr/bin/env bash
# Bootstrapper: runs the build in build/ with the SDK from global.json.
# Warm start: when the build's inputs and git HEAD match the stamp, the built assembly runs directly (no MSBuild).
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
BUILD_ASSEMBLY="$SCRIPT_DIR/build/bin/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
STAMP_FILE="$TEMP_DIRECTORY/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUKE_TELEMETRY_OPTOUT=1

# What the compiled build depends on: its sources, the engine's, the shared MSBuild files and the commit
# (the version is compiled in, so a new commit must rebuild even when no source changed).
compute_stamp() {
  (
    cd "$SCRIPT_DIR"
    find build src/BuildEngine src/Delivery -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '.editorconfig' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum global.json Directory.Build.props Directory.Packages.props GitVersion.yml 2>/dev/null || true
    echo "head $(git rev-parse HEAD 2>/dev/null || echo none)"
    echo "shallow $([ -f .git/shallow ] && echo yes || echo no)"
  ) | sha256sum | cut -d' ' -f1
}

find_dotnet() {
  if [ -n "$DOTNET_EXE" ]; then
    return
  fi
  if command -v dotnet >/dev/null 2>&1 && (cd "$SCRIPT_DIR" && dotnet --version >/dev/null 2>&1); then
    DOTNET_EXE=$(command -v dotnet)
    return
  fi
  # No SDK matching global.json: install one into .nuke/temp like NUKE's bootstrapper does.
  local version install_dir="$TEMP_DIRECTORY/dotnet-unix"
  version=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$SCRIPT_DIR/global.json" | head -n1)
  echo "No .NET SDK matching global.json ($version) was found; installing it into $install_dir." >&2
  mkdir -p "$TEMP_DIRECTORY"
  curl -sSfL https://dot.net/v1/dotnet-install.sh -o "$TEMP_DIRECTORY/dotnet-install.sh" || {
    echo "Could not download dotnet-install.sh. Install the .NET SDK $version (see global.json) and run again." >&2
    exit 1
  }
  bash "$TEMP_DIRECTORY/dotnet-install.sh" --install-dir "$install_dir" --channel "${version%.*}" --no-path >&2
  DOTNET_EXE="$install_dir/dotnet"
  export PATH="$install_dir:$PATH"
}

stamp=$(compute_stamp)
if [ -f "$BUILD_ASSEMBLY" ] && [ -f "$STAMP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$stamp" ]; then
  exec "${DOTNET_EXE:-dotnet}" "$BUILD_ASSEMBLY" "$@"
fi

find_dotnet
export DOTNET_EXE
mkdir -p "$TEMP_DIRECTORY"
rm -f "$STAMP_FILE"
started=$(date +%s%N)
build_args=(build "$BUILD_PROJECT_FILE" -nologo -clp:NoSummary -tl:off --verbosity quiet)
# On CI no compiler server or MSBuild node may outlive the build and hold the job's output open.
if [ -n "$CI" ] || [ -n "$GITHUB_ACTIONS" ]; then
  build_args+=(--disable-build-servers)
fi
if ! output=$("$DOTNET_EXE" "${build_args[@]}" 2>&1); then
  echo "$output" >&2
  echo "Compiling the build project failed (see above)." >&2
  exit 1
fi
echo "$stamp" > "$STAMP_FILE"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[[ " ${*,,} " == *" --verbosity quiet "* ]] || printf 'Compiled the build in %d.%d s (its inputs or the commit changed).\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
exec "$DOTNET_EXE" "$BUILD_ASSEMBLY" "$@"
