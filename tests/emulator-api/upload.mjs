// Builds Workers multipart uploads the way Cloudflare's clients send them:
// a "metadata" JSON part plus one part per module, with content types.

export const SCRIPT = '/accounts/{account_id}/workers/scripts/{script_name}';

// moduleForm(metadata, modules, {metadataAsFile}) -> FormData. modules is
// {fileName: source}. By default metadata is a plain form field without a
// filename or content type (as wrangler sends it); metadataAsFile sends it
// as an application/json file part (as Terraform does).
export function moduleForm(metadata, modules, opts = {}) {
  const fd = new FormData();
  const meta = JSON.stringify(metadata);
  if (opts.metadataAsFile) fd.append('metadata', new Blob([meta], { type: 'application/json' }), 'metadata.json');
  else fd.append('metadata', meta);
  for (const [file, src] of Object.entries(modules)) {
    fd.append(file, new Blob([src], { type: 'application/javascript+module' }), file);
  }
  return fd;
}

// A minimal ES module worker whose text includes TAG, so content read-back
// can be checked.
export function workerSource(tag) {
  return `export default { async fetch() { return new Response(${JSON.stringify(tag)}); } };\n`;
}

// uploadWorker(h, name, {bindings, tag, ...metadata}) -> the response of
// PUT .../workers/scripts/NAME with one module "index.js".
export async function uploadWorker(h, name, opts = {}) {
  const { tag = name, ...meta } = opts;
  const metadata = { main_module: 'index.js', compatibility_date: '2025-01-01', ...meta };
  return h.call('PUT', SCRIPT, { params: { script_name: name }, body: moduleForm(metadata, { 'index.js': workerSource(tag) }) });
}
