// node validate.js FILE: validates a SARIF log against the SARIF 2.1.0
// JSON schema (draft-04) shipped by @microsoft/jest-sarif, with ajv 6 as
// that package does. Prints the errors and exits 1 when invalid.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new Ajv({ allErrors: true, verbose: true, schemaId: 'auto' });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
const log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (validate(log)) {
  console.log('valid SARIF 2.1.0');
} else {
  console.log(ajv.errorsText(validate.errors, { separator: '\n' }));
  process.exit(1);
}
