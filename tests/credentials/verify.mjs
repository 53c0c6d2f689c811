// An independent verifier of the credentials Jury issues (Digital Bazaar's
// implementation of W3C Verifiable Credentials and the eddsa-rdfc-2022 cryptosuite),
// with a static document loader: the JSON-LD contexts of ../shared/reference and the
// issuer's DID document given as a file. Nothing is fetched from the network.
//
//   node verify.mjs CREDENTIAL.json DID.json [STATUS_LIST.json]
//
// Prints one JSON line {"verified": bool, "revoked": bool|null, "error": "..."} and
// exits 0 when the credential verifies (and is not revoked), 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';

const here = path.dirname(fileURLToPath(import.meta.url));
const reference = process.env.JURY_REFERENCE ??
  path.join(here, '..', 'reference', 'jsonld-contexts');
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

const [credentialFile, didFile, statusFile] = process.argv.slice(2);
const credential = read(credentialFile);
const didDocument = read(didFile);

const documents = new Map([
  ['https://www.w3.org/ns/credentials/v2', read(path.join(reference, 'credentials-v2.jsonld'))],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    read(path.join(reference, 'ob-v3p0-context-3.0.3.json'))],
  [multikeyContext.constants.CONTEXT_URL, multikeyContext.contexts.get(multikeyContext.constants.CONTEXT_URL)],
  [didContext.constants.DID_CONTEXT_URL, didContext.contexts.get(didContext.constants.DID_CONTEXT_URL)],
  [didDocument.id, didDocument],
]);
for (const method of didDocument.verificationMethod ?? []) {
  documents.set(method.id, {'@context': multikeyContext.constants.CONTEXT_URL, ...method});
}

const documentLoader = async (url) => {
  if (documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  throw new Error(`document not available offline: ${url}`);
};

let revoked = null;
if (statusFile) {
  const list = read(statusFile);
  const entry = credential.credentialStatus;
  const encoded = list.credentialSubject.encodedList;
  const bits = zlib.gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  revoked = (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
  if (list.id !== entry.statusListCredential) {
    throw new Error(`status list ${list.id} is not ${entry.statusListCredential}`);
  }
  const listResult = await vc.verifyCredential({
    credential: list,
    suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
    documentLoader,
  });
  if (!listResult.verified) {
    console.log(JSON.stringify({verified: false, revoked, error: 'status list: ' + String(listResult.error)}));
    process.exit(1);
  }
}

// The status is read above from the list given (and reported apart): the signature's
// verdict does not depend on it.
const checkStatus = async () => ({verified: true});
const result = await vc.verifyCredential({
  credential,
  suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
  documentLoader,
  checkStatus,
});
const error = result.verified ? null : String(result.error?.errors?.[0] ?? result.error ??
  result.results?.[0]?.error);
console.log(JSON.stringify({verified: result.verified, revoked, error}));
process.exit(result.verified && !revoked ? 0 : 1);
