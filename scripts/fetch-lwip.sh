#!/usr/bin/env bash
# Fetches lwIP 2.1.3 from Debian's source package `lwip` and unpacks it under third_party/lwip.
# Idempotent: does nothing when the tree is already there. Uses a PRIVATE apt sources list and
# state directory (under third_party/.apt), so the system's apt configuration is never touched.
# Needs dpkg-dev (dpkg-source); no root. The tree is git-ignored: it is never committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/third_party/lwip"
want_version="2.1.3"
suite=${LWIP_DEBIAN_SUITE:-bookworm}
mirror=${LWIP_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -f "$dest/src/include/lwip/init.h" ] && grep -q "LWIP_VERSION_MAJOR *2" "$dest/src/include/lwip/init.h" &&
    grep -q "LWIP_VERSION_MINOR *1" "$dest/src/include/lwip/init.h" &&
    grep -q "LWIP_VERSION_REVISION *3" "$dest/src/include/lwip/init.h"; then
    echo "fetch-lwip: lwIP $want_version already in $dest"
    exit 0
fi

command -v dpkg-source >/dev/null || {
    echo "fetch-lwip: dpkg-source missing (apt-get install dpkg-dev)" >&2
    exit 1
}

apt_dir="$root/third_party/.apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
cat >"$apt_dir/src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# The private list file must end in .sources for deb822 parsing: point sourceparts at a dir.
mkdir -p "$apt_dir/sources.d"
cp "$apt_dir/src.sources" "$apt_dir/sources.d/lwip-src.sources"
opts=(-o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$apt_dir/sources.d"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
    -o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")

echo "fetch-lwip: apt-get update with a private deb-src list ($suite, $mirror)"
apt-get "${opts[@]}" -qq update
work=$(mktemp -d "$root/third_party/.lwip-src.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-lwip: apt-get source --download-only lwip into $work"
(cd "$work" && apt-get "${opts[@]}" -qq source --download-only lwip)
dsc=$(ls "$work"/lwip_*.dsc)
case "$dsc" in
*"_$want_version"*) ;;
*) echo "fetch-lwip: warning: got $(basename "$dsc"), expected $want_version" >&2 ;;
esac
echo "fetch-lwip: unpacking $(basename "$dsc") (files verified by apt against the signed Sources index)"
(cd "$work" && dpkg-source --no-check -x "$(basename "$dsc")" unpacked >/dev/null)
rm -rf "$dest"
mv "$work/unpacked" "$dest"
echo "fetch-lwip: lwIP in $dest"
