# NUL characters in request bodies and paths, which would cut names short
# (cJSON ends strings at NUL; %00 decodes to NUL). (Sourced by run.sh.)
cfemu_start "$tmp/nul" || not_ok "nul: cfemu started"
api POST d1/database -d '{"name":"nul-db"}'
api POST d1/database -d '{"name":"nul-db\u0000-evil"}'
check "json: a \\u0000 in a string is 400 code 6007 (not read as the name before it)" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 6007 && is "$(jb .result)" null'
printf '{"name":"raw-nul\000db"}' >"$tmp/nul/raw.json"
api POST d1/database --data-binary "@$tmp/nul/raw.json"
check "json: a raw NUL byte in a body is 400 code 6007" eval 'is $code 400 && is "$(jb .errors[0].code)" 6007'
api POST queues -d '{"queue_name":"q\u0000x"}'
check "json: every endpoint refuses it (queues)" eval 'is $code 400 && is "$(jb .errors[0].code)" 6007'
api POST d1/database -d '{"name":"esc\\u0000db"}'
check "json: an escaped backslash before u0000 is text, not a NUL" eval 'is $code 400 && is "$(jb .errors[0].code)" 7400'
api GET d1/database
check "json: nothing was created from a refused body" eval 'is "$(jb "[.result[].name]|join(\",\")")" nul-db'
api GET "d1/database/nul-db%00-evil"
check "path: %00 does not cut a name short (404, not nul-db)" eval 'is $code 404 && is "$(jb .errors[0].code)" 7404'
api GET "d1/database?name=nul-db%00x"
check "query: %00 does not cut a filter short" eval 'is $code 200 && is "$(jb ".result|length")" 0'
printf 'export default { async fetch() { return new Response("ok") } };\n' >"$tmp/nul/index.js"
api PUT workers/scripts/nul-w -F 'metadata={"main_module":"index.js\u0000.map"}' \
  -F "index.js=@$tmp/nul/index.js;type=application/javascript+module;filename=index.js"
check "multipart: a NUL in the metadata part is refused (400)" eval 'is $code 400 && is "$(jb .success)" false'
cfemu_stop
