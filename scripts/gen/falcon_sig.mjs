#!/usr/bin/env node
// Makes a Falcon-512 (RPO) key pair and a signature with the real miden-crypto, through the WASM
// build of the Miden SDK that the oracle uses, and prints them as JSON: the public-key
// commitment PK and the message MSG (word elements, element 0 first) and the signature prepared
// for the advice map (miden-crypto's Signature::to_prepared_signature; the advice stack holds it
// reversed). Used by scripts/gen/falcon_tests.py.
//
// usage: node scripts/gen/falcon_sig.mjs ORACLE_DIR SEED
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [oracleDir, seedArg] = process.argv.slice(2);
const seedNum = BigInt(seedArg ?? 1);
// The glue fetches its .wasm through fetch(): serve file:// URLs from disk.
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (u, ...rest) => {
  const href = u instanceof URL ? u.href : typeof u === 'string' ? u : u?.url;
  if (typeof href === 'string' && href.startsWith('file:'))
    return new Response(fs.readFileSync(fileURLToPath(href)),
                        { headers: { 'Content-Type': 'application/wasm' } });
  return nodeFetch(u, ...rest);
};
const distDir = path.join(oracleDir, 'node_modules/@miden-sdk/miden-sdk/dist');
const glue = fs.readdirSync(distDir).find(f => /^Cargo-[0-9a-f]+\.js$/.test(f));
const M = await import(pathToFileURL(path.join(distDir, glue)).href);

const seed = new Uint8Array(32);
seed.fill(Number(seedNum % 256n));
const sk = M.AuthSecretKey.rpoFalconWithRNG(seed);
// wasm-bindgen moves a Word passed by value: build a fresh one for each call.
const msgWord = () => new M.Word(BigUint64Array.from([1n, 2n, 3n, 4n].map(i => i * 1000003n * seedNum)));
const sig = sk.sign(msgWord());
console.log(JSON.stringify({
  pk: [...sk.getPublicKeyAsWord().toU64s()].map(String),
  msg: [...msgWord().toU64s()].map(String),
  sig: sig.toPreparedSignature(msgWord()).map(f => f.asInt().toString()),
}));
