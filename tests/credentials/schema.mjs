// Validates a credential against 1EdTech's Open Badges 3.0 JSON Schema (draft 2019-09)
// kept in ../reference. Prints the errors and exits 1 when it does not validate.
//
//   node schema.mjs CREDENTIAL.json
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(fs.readFileSync(
  path.join(here, '..', 'reference', 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
const credential = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ajv = new Ajv2019({strict: false, allErrors: true});
addFormats(ajv);
const validate = ajv.compile(schema);
if (validate(credential)) {
  console.log(JSON.stringify({valid: true}));
} else {
  console.log(JSON.stringify({valid: false, errors: validate.errors}));
  process.exit(1);
}
