# tests/full: a worker's routes on zones and its Workers custom domains:
# attached on apply, read back by refresh, changed and detached in step
# with the program; a route outside every zone of the account is a clear
# apply error.
P=$tmp/routes
zone() { # zone NAME: POST /zones (not under the account)
  curl -s -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
    -H "Content-Type: application/json" "$(base)/client/v4/zones" \
    --data "{\"name\":\"$1\",\"account\":{\"id\":\"$CLOUDFLARE_ACCOUNT_ID\"}}" >/dev/null
}
traffic() { # traffic ROUTES DOMAINS
  program "$P" "worker tsunami {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  routes  = [$1]
  domains = [$2]
}"
}
routes_of() { py '",".join(sorted(r["pattern"] for r in d))' "$(cf_get /workers/scripts/fl-tsunami-dev/routes)"; }
domains_of() { py '",".join(sorted(x["hostname"] for x in d))' "$(cf_get "/workers/domains?service=fl-tsunami-dev")"; }
zone dome.cloud

traffic '"sync.dome.cloud/*"' '"api.dome.cloud"'
check "routes: apply a worker with a route and a custom domain" "$D" apply "$P" --stack dev --yes
r=$(routes_of)
if [ "$r" = "sync.dome.cloud/*" ]; then ok "routes: cfemu lists the worker's route"
else not_ok "routes: cfemu lists the worker's route" "$r"; fi
d=$(domains_of)
if [ "$d" = "api.dome.cloud" ]; then ok "routes: cfemu lists the custom domain on the worker"
else not_ok "routes: cfemu lists the custom domain on the worker" "$d"; fi
check "routes: preview after apply shows no changes" "$D" preview "$P" --stack dev --expect-no-changes
check "routes: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

traffic '"edge.dome.cloud/v2/*"' '"api.dome.cloud", "www.dome.cloud"'
check "routes: apply a changed route and a second domain" "$D" apply "$P" --stack dev --yes
r=$(routes_of)
if [ "$r" = "edge.dome.cloud/v2/*" ]; then ok "routes: the route is updated, the old one gone"
else not_ok "routes: the route is updated, the old one gone" "$r"; fi
d=$(domains_of)
if [ "$d" = "api.dome.cloud,www.dome.cloud" ]; then ok "routes: the second domain is attached"
else not_ok "routes: the second domain is attached" "$d"; fi

traffic '"edge.dome.cloud/v2/*"' '"www.dome.cloud"'
check "routes: apply without api.dome.cloud" "$D" apply "$P" --stack dev --yes
d=$(domains_of)
if [ "$d" = "www.dome.cloud" ]; then ok "routes: the removed domain is detached"
else not_ok "routes: the removed domain is detached" "$d"; fi
check "routes: preview after the changes shows none" "$D" preview "$P" --stack dev --expect-no-changes

# a route deleted out of band is drift
zid=$(py 'd[0]["zone_id"]' "$(cf_get /workers/scripts/fl-tsunami-dev/routes)")
rid=$(py 'd[0]["id"]' "$(cf_get /workers/scripts/fl-tsunami-dev/routes)")
curl -s -X DELETE -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
  "$(base)/client/v4/zones/$zid/workers/routes/$rid" >/dev/null
"$D" refresh "$P" --stack dev --expect-no-changes >"$tmp/rt.out" 2>&1
rc=$?
if [ $rc -eq 3 ] && grep -q "routes" "$tmp/rt.out"; then ok "routes: refresh sees the route deleted out of band (exit 3)"
else not_ok "routes: refresh sees the route deleted out of band (exit 3)" "rc=$rc $(cat "$tmp/rt.out")"; fi
"$D" refresh "$P" --stack dev --yes >/dev/null 2>&1
check "routes: apply puts the deleted route back" "$D" apply "$P" --stack dev --yes
r=$(routes_of)
if [ "$r" = "edge.dome.cloud/v2/*" ]; then ok "routes: the route is back after apply"
else not_ok "routes: the route is back after apply" "$r"; fi

# a route on a zone the account does not have
traffic '"sync.nowhere.example/*"' '"www.dome.cloud"'
"$D" apply "$P" --stack dev --yes >"$tmp/rt.out" 2>&1
rc=$?
if [ $rc -eq 1 ] || [ $rc -eq 2 ]; then
  if grep -q "route sync.nowhere.example/\*" "$tmp/rt.out" && grep -q "zone must exist in the account" "$tmp/rt.out"; then
    ok "routes: a route without a zone fails apply naming it (exit $rc)"
  else not_ok "routes: a route without a zone fails apply naming it" "$(cat "$tmp/rt.out")"; fi
else not_ok "routes: a route without a zone fails apply (exit 1 or 2)" "rc=$rc $(cat "$tmp/rt.out")"; fi
traffic '"edge.dome.cloud/v2/*"' '"www.dome.cloud", "api.elsewhere.example"'
"$D" apply "$P" --stack dev --yes >"$tmp/rt.out" 2>&1
rc=$?
if { [ $rc -eq 1 ] || [ $rc -eq 2 ]; } && grep -q "custom domain api.elsewhere.example" "$tmp/rt.out" &&
   grep -q "zone must exist in the account" "$tmp/rt.out"; then
  ok "routes: a custom domain without a zone fails apply naming it (exit $rc)"
else not_ok "routes: a custom domain without a zone fails apply naming it" "rc=$rc $(cat "$tmp/rt.out")"; fi
traffic '"edge.dome.cloud/v2/*"' '"www.dome.cloud"'
check "routes: apply recovers once the route is fixed" "$D" apply "$P" --stack dev --yes
check "routes: destroy" "$D" destroy "$P" --stack dev --yes
d=$(domains_of)
if [ -z "$d" ] && [ -z "$(py 'd' "$(cf_get /workers/scripts)" | grep tsunami)" ]; then ok "routes: destroy leaves no worker and no domain"
else not_ok "routes: destroy leaves no worker and no domain" "$d"; fi
