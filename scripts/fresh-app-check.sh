#!/usr/bin/env bash
# The plugin as a stranger installs it: packs this repository (npm pack), creates a FRESH
# Strapi 5.54.0 app with create-strapi-app (no playground, no workspace link), installs the
# tarball, applies the README's config (the snippet is read from README.md itself), builds the
# admin, boots it and, through this repository's Twilio emulator and offline model, links a
# member and gets an answer. Each step is the README's "Install the plugin in your Strapi app" /
# "Your own app in ten minutes". Only the npm registry is reached. KEEP_FRESH_APP=1 keeps the app.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> fresh app: %s\n' "$*"; }
started=$(date +%s)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fresh-app-XXXXXX")"
if [ "${KEEP_FRESH_APP:-}" = 1 ]; then echo "Working in $WORK (kept)"; else trap 'rm -rf "$WORK"' EXIT; fi
APP="$WORK/my-community"

# Nothing but the npm registry: Strapi's telemetry off, create-strapi-app's usage events sent to
# a closed local port instead of its analytics host (Strapi's update check asks the registry).
export STRAPI_TELEMETRY_DISABLED=true
export STRAPI_ANALYTICS_URL=http://127.0.0.1:9
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
# better-sqlite3 compiles from source (about a minute) instead of asking github.com for a binary.
export npm_config_build_from_source=true

step "build and pack the plugin (npm run build && npm pack)"
npm run build --silent
TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -n 1)"
ls -l "$TARBALL"

step "a new Strapi 5.54.0 app (npx create-strapi-app@5.54.0)"
(cd "$WORK" && npx --yes create-strapi-app@5.54.0 my-community --non-interactive --skip-cloud --no-run \
  --no-git-init --no-example --typescript --use-npm --dbclient sqlite --dbfile .tmp/data.db --install)

step "@strapi/* pinned to 5.54.0"
node -e '
  const fs = require("fs"); const file = process.argv[1]; const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const name of Object.keys(pkg.dependencies)) if (name.startsWith("@strapi/")) pkg.dependencies[name] = "5.54.0";
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$APP/package.json"

step "install the packed plugin (npm install <tarball>)"
(cd "$APP" && npm install --no-audit --no-fund "$TARBALL")
if ! (cd "$APP" && node -e "require('better-sqlite3')(':memory:')" 2>/dev/null); then
  # An npm that skips unapproved install scripts left the SQLite driver uncompiled (README: Install).
  (cd "$APP" && npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3)
fi

step "the app's own collections (a typical community app: communities, members, events)"
npx tsx scripts/fresh-app/add-collections.ts "$APP"

step "the README's config (config/plugins.ts, the encryption key)"
npx tsx scripts/fresh-app/apply-readme-config.ts README.md "$APP/config/plugins.ts"
echo "WHATSAPP_AGENT_ENCRYPTION_KEY=$(openssl rand -base64 32)" >>"$APP/.env"

step "build the admin (npm run build)"
(cd "$APP" && npm run build)

step "boot (npm run start), link a member, get an answer"
npx tsx scripts/fresh-app/drive.ts "$APP"

echo "Fresh app check passed in $(($(date +%s) - started)) s"
