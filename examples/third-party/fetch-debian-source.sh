#!/usr/bin/env bash
# Usage: fetch-debian-source.sh PACKAGE=VERSION DEST
# Downloads a Debian source package and unpacks it (Debian's patches applied) into DEST/PACKAGE-*.
# Uses a private apt state with deb-src entries derived from the system's own deb entries, so the
# system's apt configuration is left as it is. Needs apt-get and dpkg-source (dpkg-dev).
set -euo pipefail
package=$1
dest=$2
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/parts" "$state/lists/partial" "$state/cache/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "$state/parts/$(basename "$f")"
done
if [ -e /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$state/sources.list"
else
    : > "$state/sources.list"
fi
apt=(apt-get -q -o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=$state/parts"
     -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o "APT::Sandbox::User=root")
"${apt[@]}" update > "$state/update.log" || { cat "$state/update.log" >&2; exit 1; }
mkdir -p "$dest"
(cd "$dest" && "${apt[@]}" source "$package")
